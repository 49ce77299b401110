"""Start the app with a warm server: `streamlit run serve.py` (what `make run` does).

Streamlit discovers the `app` below (st.App, Streamlit >= 1.57) and serves app.py with it. Its
lifespan hook runs when the server starts, before any browser connects: the warm-up imports the
heavy libraries and fits the default typologies in the background, while the browser is still
loading Streamlit's frontend; ui.memory then shuts down expired sessions and gives freed memory
back to the system every 10 s. `streamlit run app.py` serves the same app without either."""

from contextlib import asynccontextmanager

import streamlit as st

from ui import memory, warmup


@asynccontextmanager
async def lifespan(_app):
    warmup.start_in_background()
    releaser = memory.start_in_background()  # sessions that have ended give memory back
    yield
    if releaser is not None:
        releaser.stop.set()


app = st.App("app.py", lifespan=lifespan)
