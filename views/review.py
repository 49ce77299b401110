"""Review: agreement between members (Krippendorff's alpha) and the reviewers' consensus."""

import pandas as pd
import streamlit as st

from typology.labels import column_label, words
from typology.perspectives import store
from typology.perspectives.agreement import agreement_table, reading, side_by_side
from typology.perspectives.models import ITEMS
from typology.schema import SETTINGS
from ui import loaders, state
from ui import perspectives as ui

state.sidebar()
st.title("Review members' codings")
engine = ui.engine_or_none()
if engine is None:
    st.info(ui.SETUP)
    st.stop()

codings = store.codings_frame(engine)
st.subheader("Agreement between members")
st.markdown(
    "Krippendorff's alpha over every city-year coded by two or more members: ordinal for each "
    "violence type, nominal for the setting, and `all` pooling the seven types. The usual "
    "reading: **alpha ≥ 0.8 reliable**, **0.667 to 0.8 tentative**, below that unreliable. "
    "*Units* are the city-years (for `all`, city-year and type) with two or more answers; "
    'a "don\'t know" is not an answer.'
)
table = agreement_table(codings)
table["reading"] = table["alpha"].map(reading)
st.dataframe(table, hide_index=True, key="review_alpha")
st.download_button(
    "Download the agreement table (CSV)",
    table.to_csv(index=False).encode("utf-8"),
    file_name="agreement.csv",
    mime="text/csv",
    key="review_alpha_csv",
)

reviewer = ui.login(engine, ("reviewer", "admin"), "see and reconcile the codings")
if reviewer is None:
    st.stop()

counts = codings.groupby("context_id")["coder"].nunique()
if counts.empty:
    st.info("Nobody has coded a city-year yet.")
    st.stop()
contexts = loaders.bundled_contexts()
# City-years members added are labelled from their own rows (they have no desk research).
labelled = pd.concat([contexts, store.added_contexts_frame(engine)])
context_id = st.selectbox(
    "City and year (number of coders)",
    list(counts.sort_values(ascending=False).index),
    format_func=lambda c: f"{state.context_label(labelled)(c)} ({counts[c]})",
    key="review_context",
)
st.subheader("The codings side by side")
sides = side_by_side(codings, context_id)
desk = contexts.set_index("context_id")
if context_id in desk.index:
    sides.insert(0, "desk research", [desk.loc[context_id, item] for item in sides.index])
consensus = store.consensus_frame(engine)
agreed = consensus[consensus["context_id"] == context_id].set_index("variable")
sides["consensus"] = [agreed["value"].get(item) for item in sides.index]
shown = sides.astype(str).replace({"None": "", "<NA>": ""})
shown = shown.map(lambda v: words(v) if v else "")  # codes read as words; empty stays empty
shown.index = [column_label(item) for item in shown.index]
st.dataframe(shown, key="review_sides")
one = codings[codings["context_id"] == context_id]
st.dataframe(
    one[["coder", "confidence", "rationale", "sources"]], hide_index=True, key="review_rationales"
)

st.subheader("Set the consensus")
with st.form("review_form"):
    item = st.selectbox("Item", list(ITEMS), format_func=column_label, key="review_item")
    value = st.selectbox(
        "Consensus value",
        ["", "0", "1", "2", "3", *SETTINGS],
        format_func=lambda v: words(v) if v else "unknown (missing)",
        help="0-3 for a violence type, a setting for the setting",
        key="review_value",
    )
    rationale = st.text_area("Rationale (required)", key="review_rationale")
    saved = st.form_submit_button("Save the consensus", key="review_save")
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
    st.success(f"Consensus for {done} saved; codings of this city-year are now closed.")

with st.expander("Audit log"):
    audit = store.audit_frame(engine)
    st.dataframe(audit[audit["context_id"] == context_id], hide_index=True, key="review_audit")
    st.caption(f"{len(audit)} entries in all; entries are never changed or deleted.")
