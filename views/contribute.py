"""Contribute: a TWG member answers the guiding questions for one city-year."""

import pandas as pd
import streamlit as st

from typology.perspectives import store
from typology.perspectives.questions import load_questions
from ui import loaders, state
from ui import perspectives as ui

state.sidebar()
st.title("Contribute your perspective")
st.markdown(
    "Answer one question per violence type and one for the setting, for a city in a year you "
    "know. Choose **don't know** when you do not know: it is stored as missing, never as 0. "
    "You see other members' answers only after saving your own."
)
engine = ui.engine_or_none()
if engine is None:
    st.info(ui.SETUP)
    st.stop()
user = ui.login(engine, ("contributor", "reviewer", "admin"), "contribute a coding")
if user is None:
    st.stop()

contexts = loaders.bundled_contexts()
context_id = st.selectbox(
    "City and year",
    list(contexts["context_id"]),
    format_func=state.context_label(contexts),
    key="contribute_context",
)
mine = store.codings_frame(engine, context_id)
mine = mine[mine["coder"] == user["name"]]
previous = mine.iloc[0] if len(mine) else None
if previous is not None:
    st.caption("You have coded this city-year: your answers are filled in; saving replaces them.")

DONT_KNOW = None


def previous_index(previous, item: str, options: list) -> int:
    """The member's earlier answer as a radio index (0, don't know, when missing)."""
    if previous is None or pd.isna(previous[item]):
        return 0
    value = previous[item] if item == "setting" else int(previous[item])
    return options.index(value) if value in options else 0


questions = load_questions()
with st.form(f"contribute_form_{context_id}"):
    answers = {}
    for item, question in questions.items():
        options = [DONT_KNOW, *(level.value for level in question.levels)]
        labels = {DONT_KNOW: "don't know"} | {
            level.value: f"{level.label if item == 'setting' else level.value}: {level.anchor}"
            for level in question.levels
        }
        index = previous_index(previous, item, options)
        answers[item] = st.radio(
            question.text,
            options,
            index=index,
            format_func=labels.get,
            captions=[
                "",
                *(f"e.g. {level.example}" if level.example else "" for level in question.levels),
            ],
            key=f"q_{item}_{context_id}",
        )
    rationale = st.text_area(
        "Why? (what you know of the city that year; plain text)",
        value="" if previous is None else previous["rationale"],
        key=f"contribute_rationale_{context_id}",
    )
    sources = st.text_input(
        "Sources (reports, figures, names of documents)",
        value="" if previous is None else previous["sources"],
        key=f"contribute_sources_{context_id}",
    )
    confidence = st.selectbox(
        "How confident are you?",
        ["", "high", "medium", "low"],
        index=["", "high", "medium", "low"].index(
            previous["confidence"] if previous is not None and previous["confidence"] else ""
        ),
        format_func=lambda c: c or "not stated",
        key=f"contribute_confidence_{context_id}",
    )
    saved = st.form_submit_button("Save my coding", key="contribute_save")

if saved:
    values = {
        "context_id": context_id,
        **answers,
        "rationale": rationale,
        "sources": sources,
        "confidence": confidence,
    }
    try:
        action = store.save_coding(engine, user["name"], values, set(contexts["context_id"]))
    except store.PerspectivesError as err:
        ui.show_problems(err)
    else:
        st.success(f"Your coding is {action}.")

others = store.visible_codings(engine, user, context_id)
if len(others):
    st.subheader("All members' codings of this city-year")
    st.dataframe(others.drop(columns=["context_id"]), hide_index=True, key="contribute_others")
