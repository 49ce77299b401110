"""Contribute: a TWG member answers the guiding questions for one city-year."""

import pandas as pd
import streamlit as st

from typology.i18n import N_, _
from typology.perspectives import gazetteer, store
from typology.perspectives.questions import load_questions
from ui import loaders, state
from ui import perspectives as ui

st.title(_("Contribute your perspective"))
st.markdown(
    _(
        "Answer one question per violence type and one for the setting, for a city in a year you "
        "know. Choose **don't know** when you do not know: it is stored as missing, never as 0. "
        "You see other members' answers only after saving your own."
    )
)
engine = ui.engine_or_none()
if engine is None:
    st.info(_(ui.SETUP))
    st.stop()
user = ui.login(engine, ("contributor", "reviewer", "admin"), _("contribute a coding"))
if user is None:
    st.stop()

bundled = loaders.bundled_contexts()


def cities_latest(contexts: pd.DataFrame) -> pd.Series:
    """One context id per city (its latest year): the id without its year names the city."""
    city = contexts["context_id"].str.replace(r"-\d{4}$", "", regex=True)
    return contexts.assign(_city=city).drop_duplicates("_city", keep="last")["context_id"]


with st.expander(_("Your city-year is not in the list? Add a year for a bundled city")):
    base = st.selectbox(
        _("City (its coordinates are reused)"),
        list(cities_latest(bundled)),
        format_func=lambda c: state.context_label(bundled)(c).rsplit(" (", 1)[0],
        key="contribute_add_city",
    )
    year = st.number_input(
        _("Year"), min_value=1946, max_value=2100, value=2020, step=1, key="contribute_add_year"
    )
    if st.button(_("Add this city-year"), key="contribute_add"):
        try:
            added = store.add_context(engine, user["name"], base, year, bundled)
        except store.PerspectivesError as err:
            ui.show_problems(err)
        else:
            st.session_state["contribute_context"] = added
            st.success(_("Added: it is now chosen below."))
with st.expander(_("Your city is not bundled at all? Add it from the gazetteer (GeoNames)")):
    st.markdown(
        _(
            "The gazetteer lists the cities of 100,000 or more inhabitants in GeoNames "
            "(CC BY 4.0); "
            "the city's name, country, coordinates and GeoNames id are taken from it. "
            "**A city-year added here has no desk-research coding: its codings do not enter the "
            "fitted data until a reviewer has set a consensus for every item** (the seven violence "
            "types and the setting); from then on it is fitted when the sidebar's *Coding used* is "
            "a member-consensus choice."
        )
    )
    start = st.text_input(
        _("Start of the city's name (accents and case do not matter)"), key="contribute_gaz_search"
    )
    places = gazetteer.search(loaders.gazetteer(), start)
    if start.strip() and places.empty:
        st.info(_("No city of the gazetteer starts with these letters: try another spelling."))
    if len(places):
        geonameid = st.selectbox(
            _("City (the 50 largest matches)"),
            list(places.index),
            format_func=lambda g: gazetteer.label(places.loc[g]),
            key="contribute_gaz_city",
        )
        gaz_year = st.number_input(
            _("Year"), min_value=1946, max_value=2100, value=2020, step=1, key="contribute_gaz_year"
        )
        if st.button(_("Add this city-year"), key="contribute_gaz_add"):
            try:
                added = store.add_gazetteer_context(
                    engine, user["name"], geonameid, gaz_year, loaders.gazetteer(), bundled
                )
            except store.PerspectivesError as err:
                ui.show_problems(err)
            else:
                st.session_state["contribute_context"] = added
                st.success(_("Added: it is now chosen below."))
# Bundled city-years, then those members added (coded by members only, no desk research).
added = store.added_contexts_frame(engine)
contexts = pd.concat([bundled, added[list(set(added.columns) & set(bundled.columns))]])
context_id = st.selectbox(
    _("City and year"),
    list(contexts["context_id"]),
    format_func=state.context_label(contexts),
    key="contribute_context",
)
mine = store.codings_frame(engine, context_id)
mine = mine[mine["coder"] == user["name"]]
previous = mine.iloc[0] if len(mine) else None
if previous is not None:
    st.caption(
        _("You have coded this city-year: your answers are filled in; saving replaces them.")
    )

DONT_KNOW = None
CONFIDENCE_WORDS = {
    "": N_("not stated"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}
SAVED = {"added": N_("Your coding is added."), "updated": N_("Your coding is updated.")}


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
        labels = {DONT_KNOW: _("don't know")} | {
            level.value: f"{_(level.label) if item == 'setting' else level.value}: "
            f"{_(level.anchor)}"
            for level in question.levels
        }
        index = previous_index(previous, item, options)
        answers[item] = st.radio(
            _(question.text),
            options,
            index=index,
            format_func=labels.get,
            captions=[
                "",
                *(
                    _("e.g. {example}").format(example=_(level.example)) if level.example else ""
                    for level in question.levels
                ),
            ],
            key=f"q_{item}_{context_id}",
        )
    rationale = st.text_area(
        _("Why? (what you know of the city that year; plain text)"),
        value="" if previous is None else previous["rationale"],
        key=f"contribute_rationale_{context_id}",
    )
    sources = st.text_input(
        _("Sources (reports, figures, names of documents)"),
        value="" if previous is None else previous["sources"],
        key=f"contribute_sources_{context_id}",
    )
    confidence = st.selectbox(
        _("How confident are you?"),
        ["", "high", "medium", "low"],
        index=["", "high", "medium", "low"].index(
            previous["confidence"] if previous is not None and previous["confidence"] else ""
        ),
        format_func=lambda c: _(CONFIDENCE_WORDS[c]),
        key=f"contribute_confidence_{context_id}",
    )
    saved = st.form_submit_button(_("Save my coding"), key="contribute_save")

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
        st.success(_(SAVED[action]) if action in SAVED else action)

others = store.visible_codings(engine, user, context_id)
if len(others):
    st.subheader(_("All members' codings of this city-year"))
    st.dataframe(others.drop(columns=["context_id"]), hide_index=True, key="contribute_others")
