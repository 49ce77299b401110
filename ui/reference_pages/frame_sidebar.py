"""Reference: the app's shared sidebar drawn by the frame, before st.navigation runs the
page (Streamlit's pattern for widgets common to every page: their identity does not depend on
the page, so a page switch keeps them), beside two empty pages and the Sources page.
This is what app.py does since issue 18."""

import runpy
from pathlib import Path

import streamlit as st

from ui import language, state

ROOT = Path(state.__file__).resolve().parent.parent
SOURCES = str(ROOT / "views" / "sources.py")


def empty() -> None:
    st.title("Empty")


def empty_second() -> None:
    st.title("Empty too")


def sources() -> None:
    runpy.run_path(SOURCES, run_name="__main__")


language.apply()
st.set_page_config(page_title="Floor", layout="wide")
navigation = st.navigation(
    [
        st.Page(empty, title="Empty", url_path="empty", default=True),
        st.Page(empty_second, title="Empty too", url_path="empty-too"),
        st.Page(sources, title="Sources", url_path="sources"),
    ]
)
state.sidebar()
navigation.run()
