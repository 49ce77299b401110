"""Review: agreement between members (Krippendorff's alpha) and the reviewers' consensus."""

import pandas as pd
import streamlit as st

from typology.i18n import _
from typology.labels import column_label, words
from typology.perspectives import store
from typology.perspectives.agreement import agreement_table, reading, side_by_side
from typology.perspectives.models import ITEMS
from typology.schema import SETTINGS
from ui import loaders, state
from ui import perspectives as ui

st.title(_("Review members' codings"))
engine = ui.engine_or_none()
if engine is None:
    st.info(_(ui.SETUP))
    st.stop()

codings = store.codings_frame(engine)
st.subheader(_("Agreement between members"))
st.markdown(
    _(
        "Krippendorff's alpha over every city-year coded by two or more members: ordinal for each "
        "violence type, nominal for the setting, and `all` pooling the seven types. The usual "
        "reading: **alpha ≥ 0.8 reliable**, **0.667 to 0.8 tentative**, below that unreliable. "
        "*Units* are the city-years (for `all`, city-year and type) with two or more answers; "
        'a "don\'t know" is not an answer.'
    )
)
table = agreement_table(codings)
table["reading"] = table["alpha"].map(reading)
st.dataframe(table, hide_index=True, key="review_alpha")
st.download_button(
    _("Download the agreement table (CSV)"),
    table.to_csv(index=False).encode("utf-8"),
    file_name="agreement.csv",
    mime="text/csv",
    key="review_alpha_csv",
)

reviewer = ui.login(engine, ("reviewer", "admin"), _("see and reconcile the codings"))
if reviewer is None:
    st.stop()

counts = codings.groupby("context_id")["coder"].nunique()
if counts.empty:
    st.info(_("Nobody has coded a city-year yet."))
    st.stop()
contexts = loaders.bundled_contexts()
# City-years members added are labelled from their own rows (they have no desk research).
labelled = pd.concat([contexts, store.added_contexts_frame(engine)])
context_id = st.selectbox(
    _("City and year (number of coders)"),
    list(counts.sort_values(ascending=False).index),
    format_func=lambda c: f"{state.context_label(labelled)(c)} ({counts[c]})",
    key="review_context",
)
st.subheader(_("The codings side by side"))
sides = side_by_side(codings, context_id)
desk = contexts.set_index("context_id")
if context_id in desk.index:
    sides.insert(0, _("desk research"), [desk.loc[context_id, item] for item in sides.index])
consensus = store.consensus_frame(engine)
agreed = consensus[consensus["context_id"] == context_id].set_index("variable")
sides[_("consensus")] = [agreed["value"].get(item) for item in sides.index]
shown = sides.astype(str).replace({"None": "", "<NA>": ""})
shown = shown.map(lambda v: _(words(v)) if v else "")  # codes read as words; empty stays empty
shown.index = [_(column_label(item)) for item in shown.index]
st.dataframe(shown, key="review_sides")
one = codings[codings["context_id"] == context_id]
st.dataframe(
    one[["coder", "confidence", "rationale", "sources"]], hide_index=True, key="review_rationales"
)

st.subheader(_("Set the consensus"))
with st.form("review_form"):
    item = st.selectbox(
        _("Item"), list(ITEMS), format_func=lambda i: _(column_label(i)), key="review_item"
    )
    value = st.selectbox(
        _("Consensus value"),
        ["", "0", "1", "2", "3", *SETTINGS],
        format_func=lambda v: _(words(v)) if v else _("unknown (missing)"),
        help=_("0-3 for a violence type, a setting for the setting"),
        key="review_value",
    )
    rationale = st.text_area(_("Rationale (required)"), key="review_rationale")
    saved = st.form_submit_button(_("Save the consensus"), key="review_save")
if saved:
    try:
        store.set_consensus(engine, reviewer, context_id, item, value or None, rationale)
    except store.PerspectivesError as err:
        ui.show_problems(err)
    else:
        # Redraw the tables above with the new consensus; the message survives the rerun.
        st.session_state["_review_saved"] = item
        st.rerun()
if (done := st.session_state.pop("_review_saved", None)) is not None:
    st.success(
        _("Consensus for {item} saved; codings of this city-year are now closed.").format(
            item=_(column_label(done))
        )
    )

with st.expander(_("Audit log")):
    audit = store.audit_frame(engine)
    st.dataframe(audit[audit["context_id"] == context_id], hide_index=True, key="review_audit")
    st.caption(_("{n} entries in all; entries are never changed or deleted.").format(n=len(audit)))
