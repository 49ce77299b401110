"""Small shared widgets used by several pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from typology.depository import match_table
from typology.i18n import _
from ui import text


def matched_practices(matches: pd.DataFrame, key: str) -> None:
    """The practices matched to a context or profile, reason first, with a pointer to the
    Practices page for the full records; an empty match explains itself."""
    st.subheader(text.MATCHED_PRACTICES_TITLE)
    if matches.empty:
        st.info(text.NO_MATCHED_PRACTICES)
        return
    st.dataframe(
        match_table(matches).drop(columns=["relevance"]),
        hide_index=True,
        key=key,
        column_config={"reason": st.column_config.TextColumn(_("why it matches"), width="large")},
    )
    st.caption(text.MATCHED_PRACTICES_CAPTION)
