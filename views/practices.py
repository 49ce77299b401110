"""Practices: the depository filtered, matched to a typology or a city, its evidence gaps, and
the literature and glossary behind it."""

import streamlit as st

from typology.analysis import SETTING_NAMES, VIOLENCE_NAMES
from typology.charts import evidence_gap_heatmap
from typology.depository import (
    DESIGN_NAMES,
    EFFECT_NAMES,
    STRENGTH_NAMES,
    context_labels,
    coverage_counts,
    coverage_matrix,
    escape_markdown,
    explain_empty,
    filter_practices,
    literature_table,
    markdown_link,
    match_table,
    outcome_table,
    practice_record,
    practice_sources,
    practice_table,
    search_glossary,
    search_literature,
)
from typology.i18n import N_, _
from typology.i18n_data import language_note, practice_text
from typology.io import DataValidationError
from typology.matching import (
    ENTRY_POINT_NAMES,
    GRADE_NAMES,
    assign_typologies,
    empty_cells,
    evidence_gaps,
    lessons,
    match_context,
    match_typology,
    tried_elsewhere,
    tried_here,
)
from typology.practices import (
    EFFECTS,
    ENTRY_POINTS,
    EVIDENCE_GRADES,
    STRENGTHS,
    STUDY_DESIGNS,
    PracticeDataError,
)
from typology.schema import REGIONS, SETTINGS, VIOLENCE_TYPES
from ui import loaders, state, text, widgets

# Load and fit before drawing: the page then appears whole instead of stalling after its title.
problems: list[str] = []
try:
    practices = loaders.practices()
    outcomes = loaders.practice_outcomes()
    literature = loaders.literature()
    glossary = loaders.glossary()
    sources = loaders.all_sources()
except PracticeDataError as err:
    problems = err.problems
except DataValidationError as err:
    problems = [str(p) for p in err.problems]
analysis, why = None, ""
try:
    analysis = state.current_analysis()
except (DataValidationError, ValueError) as err:
    why = str(err)

st.title(_("Practices"))
st.markdown(text.PRACTICES_INTRO)
if problems:
    st.error(text.PRACTICES_DATA_ERROR)
    st.code("\n".join(problems))
    st.stop()


def words(table: dict[str, str]):
    """A format_func showing a code in the reader's language."""
    return lambda code: _(table.get(code, code))


MATCH_VIEW = {
    "rank": st.column_config.NumberColumn(_("Rank"), width="small"),
    "practice": st.column_config.TextColumn(_("Practice"), width="medium"),
    "reason": st.column_config.TextColumn(_("Why it matches"), width="large"),
    "score": st.column_config.ProgressColumn(_("Score"), min_value=0, max_value=100, format="%.0f"),
    "transfer": st.column_config.TextColumn(_("Transferability")),
}


# The filters, row by row: (column widths, ((filter, widget key, label, codes, code -> words))).
FILTER_ROWS = (
    (
        [3, 2, 2, 2, 2],
        (
            ("entry_points", "p_entry", N_("Entry point"), ENTRY_POINTS, ENTRY_POINT_NAMES),
            ("violence_types", "p_violence", N_("Violence type"), VIOLENCE_TYPES, VIOLENCE_NAMES),
            ("settings", "p_setting", N_("Setting"), SETTINGS, SETTING_NAMES),
            ("grades", "p_grade", N_("Evidence grade"), EVIDENCE_GRADES, GRADE_NAMES),
            ("regions", "p_region", N_("Region"), REGIONS, None),
        ),
    ),
    (
        [1, 1, 1],
        (
            ("effects", "p_effect", N_("Effect on an outcome"), EFFECTS, EFFECT_NAMES),
            ("strengths", "p_strength", N_("Strength of evidence"), STRENGTHS, STRENGTH_NAMES),
            ("designs", "p_design", N_("Study design"), STUDY_DESIGNS, DESIGN_NAMES),
        ),
    ),
)


def show_matches(matches, key: str) -> None:
    """Setting first: the practices tried here, apart those tried elsewhere, and apart again the
    lessons (never recommended)."""
    here = tried_here(matches, n=10)
    st.markdown(text.MATCH_TRIED_HERE.format(n=len(tried_here(matches))))
    if here.empty:
        st.info(text.MATCH_TRIED_HERE_NONE)
    else:
        view = match_table(here).drop(columns=["relevance", "transfer"])
        widgets.table(view, hide_index=True, column_config=MATCH_VIEW, key=f"{key}_table")
    elsewhere = tried_elsewhere(matches)
    if not elsewhere.empty:
        with st.expander(text.MATCH_TRIED_ELSEWHERE.format(n=len(elsewhere))):
            st.caption(text.MATCH_ELSEWHERE_CAPTION)
            view = match_table(elsewhere.head(10)).drop(columns="relevance")
            widgets.table(view, hide_index=True, column_config=MATCH_VIEW, key=f"{key}_elsewhere")
            st.caption(text.MATCH_TRANSFER)
    failed = lessons(matches)
    if failed.empty:
        st.caption(text.MATCH_NO_LESSONS)
        return
    with st.expander(text.MATCH_LESSONS.format(n=len(failed))):
        view = match_table(failed)[["practice", "city", "relevance", "reason"]]
        widgets.table(view, hide_index=True, key=f"{key}_lessons")


# The filters and tabs below change nothing in the sidebar's analysis: they rerun only this
# fragment, the sidebar is kept (issue 18). The sidebar's settings still rerun the whole page.
@st.fragment
def depository(practices, outcomes, literature, glossary, sources, analysis, why: str) -> None:
    # --- Filters and the list ---
    st.subheader(text.PRACTICES_FILTERS)
    filters = {}
    for widths, row in FILTER_ROWS:
        for column, (name, key, label, options, names) in zip(st.columns(widths), row, strict=True):
            filters[name] = column.multiselect(
                _(label),
                options,
                placeholder=_("Choose options"),
                format_func=words(names) if names else str,
                key=key,
                **state.keep(key),
            )
    shown = filter_practices(practices, filters)
    if shown.empty:
        st.info(explain_empty(practices, filters))
    else:
        st.caption(text.PRACTICES_COUNT.format(n=len(shown), total=len(practices)))
        widgets.table(practice_table(shown), hide_index=True, key="p_table")

    # Lazy tabs: only the open tab's content runs (a tab click reruns this fragment).
    tabs = state.section_tabs(
        {code: _(label) for code, label in state.PRACTICE_TABS.items()}, key="p_tab"
    )
    tab_match, tab_detail, tab_gaps, tab_reading = (tabs[code] for code in state.PRACTICE_TABS)

    if tab_match.open:
        with tab_match:
            st.caption(text.MATCH_CAPTION)
            if shown.empty:
                st.info(text.MATCH_NONE.format(why=explain_empty(practices, filters)))
            elif analysis is None:
                st.warning(text.MATCH_NO_TYPOLOGIES.format(why=why))
            else:
                names = {int(row.typology): row.name for row in analysis.typologies.itertuples()}
                st.markdown(f"**{text.MATCH_TYPOLOGY}**")
                state.ensure_choice("p_match_typology", list(names), next(iter(names)))
                typology = st.selectbox(
                    _("Typology"),
                    list(names),
                    format_func=names.get,
                    key="p_match_typology",
                    **state.keep("p_match_typology"),
                )
                show_matches(match_typology(shown, analysis, int(typology)), "p_match_typology")

                st.markdown(f"**{text.MATCH_CITY}**")
                labels = context_labels(state.apply_filters(analysis.contexts))
                if not labels:
                    st.info(text.MATCH_NO_CONTEXTS)
                else:
                    state.ensure_choice("p_match_city", list(labels), next(iter(labels)))
                    context_id = st.selectbox(
                        _("City"),
                        list(labels),
                        format_func=labels.get,
                        key="p_match_city",
                        **state.keep("p_match_city"),
                    )
                    show_matches(
                        match_context(shown, analysis.contexts, context_id), "p_match_city"
                    )

    if tab_detail.open:
        with tab_detail:
            if shown.empty:
                st.info(explain_empty(practices, filters))
            else:
                options = list(shown["practice_id"])
                titles = dict(
                    zip(shown["practice_id"], shown["name"] + " — " + shown["city"], strict=True)
                )
                state.ensure_choice("p_detail", options, options[0])
                chosen = st.selectbox(
                    _("Practice"),
                    options,
                    format_func=lambda p: f"{p} {titles[p]}",
                    key="p_detail",
                    **state.keep("p_detail"),
                )
                record = shown.set_index("practice_id").loc[chosen].copy()
                record["practice_id"] = chosen
                name, name_language = practice_text(record, "name")
                st.markdown(f"#### {escape_markdown(name)}")
                if language_note(name_language):  # the page says which language a text is in
                    st.caption(
                        text.PRACTICE_SOURCE_LANGUAGE.format(note=language_note(name_language))
                    )
                for label, value in practice_record(record):
                    st.markdown(f"**{label}:** {escape_markdown(value)}")
                st.markdown(f"**{text.OUTCOMES_HEADER}**")
                widgets.table(outcome_table(outcomes, chosen), hide_index=True, key="p_outcomes")
                st.caption(text.OUTCOMES_CAPTION)
                st.markdown(f"**{text.DETAIL_SOURCES}**")
                cited = practice_sources(record, sources)
                st.markdown(
                    "\n".join(f"- {markdown_link(c.citation, c.url)}" for c in cited.itertuples())
                )

    if tab_gaps.open:
        with tab_gaps:
            rows_by = st.radio(
                _("Rows"),
                ["settings", "typologies"],
                format_func={"settings": _("by setting"), "typologies": _("by typology")}.get,
                horizontal=True,
                key="p_gap_rows",
                **state.keep("p_gap_rows"),
            )
            if shown.empty:
                st.info(explain_empty(practices, filters))
            elif rows_by == "typologies" and analysis is None:
                st.warning(text.MATCH_NO_TYPOLOGIES.format(why=why))
            else:
                if rows_by == "typologies":
                    grouped = assign_typologies(shown, analysis)
                    gaps = evidence_gaps(
                        grouped, row="typologies", rows=analysis.typologies["name"]
                    )
                    row_labels = {}
                else:
                    gaps = evidence_gaps(shown, row="settings")
                    row_labels = SETTING_NAMES
                st.plotly_chart(
                    evidence_gap_heatmap(
                        gaps,
                        row_labels=row_labels,
                        entry_labels=ENTRY_POINT_NAMES,
                        grades=EVIDENCE_GRADES,
                    ),
                    key="p_gap_chart",
                )
                st.caption(text.GAPS_CAPTION)
                missing = empty_cells(gaps, row=rows_by)
                if missing:
                    with st.expander(text.GAPS_EMPTY_LIST.format(n=len(missing))):
                        st.markdown("\n".join(f"- {escape_markdown(s)}" for s in missing))
                else:
                    st.caption(text.GAPS_NONE_EMPTY)
            if not shown.empty:
                st.markdown(f"**{text.COVERAGE_HEADER}**")
                counts = coverage_counts(shown)
                st.markdown(
                    text.COVERAGE_COUNTS.format(
                        practices=counts["practices"],
                        countries=counts["countries"],
                        evaluated=counts["evaluated"],
                        share=counts["evaluated_share"],
                        rigorous=counts["strong_or_moderate"],
                        rigorous_conflict=counts["strong_or_moderate_in_conflict"],
                        peacebuilding=counts["peacebuilding"],
                        thin=counts["cells_below_two"],
                        cells=counts["cells"],
                    )
                )
                cols = st.columns(2)
                with cols[0]:
                    st.caption(text.COVERAGE_ALL)
                    widgets.table(coverage_matrix(shown), key="p_coverage_all")
                with cols[1]:
                    st.caption(text.COVERAGE_RIGOROUS)
                    widgets.table(
                        coverage_matrix(shown, rigorous_only=True), key="p_coverage_strong"
                    )

    if tab_reading.open:
        with tab_reading:
            query = st.text_input(_("Search the literature and the glossary"), key="p_search")
            works = search_literature(literature, query)
            st.markdown(f"**{_('Literature')}**")
            if works.empty:
                st.info(text.SEARCH_EMPTY.format(what=_("literature"), query=query))
            else:
                st.caption(text.LITERATURE_COUNT.format(n=len(works), total=len(literature)))
            for work in literature_table(works, practices).itertuples():
                with st.expander(escape_markdown(work.citation)):
                    st.markdown(escape_markdown(work.annotation))
                    st.markdown(markdown_link(work.url, work.url))
                    st.caption(_("Themes: {themes}").format(themes=escape_markdown(work.themes)))
                    if work.supported:
                        st.caption(
                            _("Supported practices: {practices}").format(
                                practices=escape_markdown(work.supported)
                            )
                        )
            terms = search_glossary(glossary, query)
            st.markdown(f"**{_('Glossary')}**")
            if terms.empty:
                st.info(text.SEARCH_EMPTY.format(what=_("glossary"), query=query))
            for term in terms.itertuples():
                with st.expander(escape_markdown(term.term)):
                    st.markdown(escape_markdown(term.definition))
                    st.caption(escape_markdown(term.usage_note))
                    cited = practice_sources({"sources": term.sources}, sources)
                    st.markdown(
                        "\n".join(
                            f"- {markdown_link(c.citation, c.url)}" for c in cited.itertuples()
                        )
                    )
    state.write_url()


depository(practices, outcomes, literature, glossary, sources, analysis, why)
