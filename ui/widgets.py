"""Small shared widgets used by several pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from typology.depository import match_table
from typology.i18n import _
from typology.labels import column_label, for_display
from ui import text


def table(
    frame: pd.DataFrame,
    key: str,
    column_config: dict | None = None,
    keep: tuple[str, ...] = (),
    codes: bool = False,
    **kwargs,
) -> None:
    """st.dataframe for people: headings and coded values in words, a missing text 'unknown'
    (typology.labels). The frame's own column names stay underneath (tests find a column by its
    code); `column_config` entries given by the page win; columns in `keep` keep their values.
    `codes=True` marks a table of codes on purpose (the codebook): its cells are left as they
    are, inside a container keyed 'codes_<key>' that the browser check for codes skips."""
    config: dict = {
        c: column_label(str(c)) for c in frame.columns if column_label(str(c)) != str(c)
    }
    config.update(column_config or {})
    if codes:
        with st.container(key=f"{CODES_PREFIX}{key}"):
            st.dataframe(frame, key=key, column_config=config, **kwargs)
        return
    st.dataframe(for_display(frame, keep=keep), key=key, column_config=config, **kwargs)


CODES_PREFIX = "codes_"


def matched_practices(matches: pd.DataFrame, key: str) -> None:
    """The practices matched to a context or profile, reason first, with a pointer to the
    Practices page for the full records; an empty match explains itself."""
    st.subheader(text.MATCHED_PRACTICES_TITLE)
    if matches.empty:
        st.info(text.NO_MATCHED_PRACTICES)
        return
    table(
        match_table(matches).drop(columns=["relevance"]),
        hide_index=True,
        key=key,
        column_config={"reason": st.column_config.TextColumn(_("why it matches"), width="large")},
    )
    st.caption(text.MATCHED_PRACTICES_CAPTION)
