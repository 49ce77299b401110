"""Start the app with a warm server: `streamlit run serve.py` (what `make run` does).

Streamlit discovers the `app` below (st.App, Streamlit >= 1.57) and serves app.py with it. Its
lifespan hook runs when the server starts, before any browser connects: the warm-up imports the
heavy libraries and fits the default typologies in the background, while the browser is still
loading Streamlit's frontend. `streamlit run app.py` serves the same app without the warm-up."""

from contextlib import asynccontextmanager

import streamlit as st

from ui import warmup


@asynccontextmanager
async def lifespan(_app):
    warmup.start_in_background()
    yield


app = st.App("app.py", lifespan=lifespan)
