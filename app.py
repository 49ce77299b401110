"""The frame: page config, navigation over the page registry and the shared sidebar.

The sidebar (ui.state.sidebar) is drawn here, once, before the page runs: Streamlit gives a
widget drawn by a page an identity that includes the page, so a sidebar drawn by each page was a
new set of widgets on every page switch (the browser tore it down and built it again, a fixed
cost of every page, issue 18); drawn by the frame, the widgets stay the same across pages."""

import streamlit as st

from typology.i18n import _
from ui import language, state, text
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
state.sidebar()  # after st.navigation (its page is known), before the page
navigation.run()
