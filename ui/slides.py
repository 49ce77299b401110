"""Drawing briefing slides (typology.briefing.Slide) in Streamlit, in large type."""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import streamlit as st

from typology.briefing import Slide
from typology.charts import TOPOJSON_URL
from ui import text, widgets

# Large type for a meeting room; in presentation mode the sidebar and header are hidden.
LARGE_TYPE_CSS = """
<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
[data-testid="stMain"] h1 { font-size: 2.8rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: 2.6rem; }
</style>
"""
FULLSCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
</style>
"""
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def md(value: object) -> str:
    """Text from data made safe for st.markdown: HTML escaped, markdown syntax neutralised."""
    # quote=False: an entity such as &#x27; would have its '#' escaped and show literally.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def style(fullscreen: bool) -> None:
    st.markdown(LARGE_TYPE_CSS + (FULLSCREEN_CSS if fullscreen else ""), unsafe_allow_html=True)


def render(slide: Slide, key: str) -> None:
    """One slide: title, facts, chart, members, table; every element keyed by `key`."""
    st.title(slide.title)
    if slide.subtitle:
        st.subheader(slide.subtitle)
    if slide.kind == "title":
        for column, (label, value) in zip(st.columns(len(slide.facts)), slide.facts, strict=True):
            column.metric(label, value)
        _bullets(slide.bullets)
        return
    if slide.figure is not None and slide.facts:
        left, right = st.columns([2, 3])
    else:
        left = right = st.container()
    with left:
        _facts(slide.facts)
        _bullets(slide.bullets)
    with right:
        if slide.figure is not None:
            st.plotly_chart(
                go.Figure(slide.figure).update_layout(font={"size": 15}),  # a copy, larger type
                config={"topojsonURL": TOPOJSON_URL, "displaylogo": False},
                key=f"{key}_chart",
            )
            if slide.caption:
                st.caption(slide.caption)
    if slide.members:
        st.markdown(f"**{text.PRESENT_MEMBERS.format(n=len(slide.members))}**")
        st.markdown(" · ".join(md(m) for m in slide.members))
    if slide.table is not None and not slide.table.empty:
        widgets.table(slide.table, hide_index=True, key=f"{key}_table")
    if slide.caption and slide.figure is None:
        st.caption(slide.caption)


def _facts(facts) -> None:
    if facts:
        st.markdown("\n".join(f"- **{md(label)}:** {md(value)}" for label, value in facts))


def _bullets(bullets) -> None:
    if bullets:
        st.markdown("\n".join(f"- {md(b)}" for b in bullets))
