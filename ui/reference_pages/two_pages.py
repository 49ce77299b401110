"""Reference for the in-tab page switch: two empty pages under st.navigation, as app.py builds
its pages (what switching costs Streamlit itself, with nothing to compute or draw)."""

import streamlit as st


def first() -> None:
    st.title("First")
    st.write("empty page")


def second() -> None:
    st.title("Second")
    st.write("empty page")


st.navigation(
    [
        st.Page(first, title="First", url_path="first", default=True),
        st.Page(second, title="Second", url_path="second"),
    ]
).run()
