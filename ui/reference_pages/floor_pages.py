"""Reference for the fixed cost of a page switch in the app (issue 18): pages on ONE server,
framed as app.py frames its pages (language, page config, st.navigation), so that the switch
from the empty first page to each of them is timed in the same run:

- Empty, Empty too: nothing but a title (the baseline: two_pages.py in the app's frame);
- Sidebar only: the app's real shared sidebar (ui.state.sidebar) drawn BY THE PAGE, as every
  page drew it before issue 18, and a title;
- Sources: the app's Sources page (views/sources.py) after the sidebar drawn by the page;
- Sources without sidebar: the same page alone.

Served from the project folder (the benchmark starts Streamlit with cwd=ROOT)."""

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


def sidebar_only() -> None:
    state.sidebar()
    st.title("Sidebar only")


def sources() -> None:
    state.sidebar()
    runpy.run_path(SOURCES, run_name="__main__")


def sources_without_sidebar() -> None:
    runpy.run_path(SOURCES, run_name="__main__")


language.apply()
st.set_page_config(page_title="Floor", layout="wide")
st.navigation(
    [
        st.Page(empty, title="Empty", url_path="empty", default=True),
        st.Page(empty_second, title="Empty too", url_path="empty-too"),
        st.Page(sidebar_only, title="Sidebar only", url_path="sidebar-only"),
        st.Page(sources, title="Sources", url_path="sources"),
        st.Page(sources_without_sidebar, title="Sources without sidebar", url_path="bare"),
    ]
).run()
