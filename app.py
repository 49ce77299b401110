"""The frame: page config and navigation over the page registry.

Each page draws the shared sidebar itself (ui.state.sidebar): drawn here, before the page,
Streamlit's AppTest loses the sidebar widgets after the first rerun."""

import streamlit as st

from typology.i18n import _
from ui import language, text
from ui.registry import PAGES, ROOT

# First: the page title, the navigation and every page are drawn in the session's language.
language.apply()
st.set_page_config(
    page_title=text.APP_TITLE, page_icon=str(ROOT / "static" / "favicon.png"), layout="wide"
)
navigation = st.navigation(
    [
        st.Page(p.path, title=_(p.title), icon=p.icon, url_path=p.url_path, default=p.default)
        for p in PAGES
    ]
    # Members' perspectives (issue 15): read-only notes until an admin creates accounts.
    + [
        st.Page(
            ROOT / "views" / "contribute.py",
            title=_("Contribute"),
            icon=":material/edit_note:",
            url_path="contribute",
        ),
        st.Page(
            ROOT / "views" / "review.py",
            title=_("Review"),
            icon=":material/fact_check:",
            url_path="review",
        ),
    ]
)
navigation.run()
