"""City profile: one context's indicators with their provenance, its coded violence types, its
typology, its path across years and the cities most like it."""

import streamlit as st

from typology.analysis import SETTING_NAMES
from typology.charts import typology_colors, typology_path_chart
from typology.i18n import _
from typology.labels import value_label
from typology.matching import matched_practices_for_context
from typology.provenance import city_history, indicator_table, sources_used, violence_table
from typology.similarity import nearest_contexts
from typology.why import explain
from ui import loaders, state, text, widgets

st.title(_("City profile"))
st.markdown(text.CITY_INTRO)

analysis = state.analysis_or_stop()
contexts = state.filtered_or_explain(analysis.contexts, analysis)
options = contexts.sort_values(["city", "year"])["context_id"].tolist()


# Choosing a city changes only this profile: its fragment reruns alone, the sidebar is kept
# (issue 18). The sidebar's settings and filters still rerun the whole page.
@st.fragment
def profile(analysis, contexts, options: list[str]) -> None:
    state.ensure_choice("city", options, options[0])
    missing = state.link_missing("city")
    if missing:
        st.warning(
            _(
                "The link asks for the context “{context}”, which is not in the data in use. An "
                "uploaded context lives only in the session that uploaded it: upload the same file "
                "on the Data page to see it, or choose a context below."
            ).format(context=state.md_escape(missing[0]))
        )
    context_id = st.selectbox(
        _("Context (city and year)"),
        options,
        format_func=state.context_label(contexts),
        key="city",
        placeholder=_("Choose a context"),
        **state.CITY_SEARCH,
        **state.keep("city"),
    )
    if context_id is None:
        state.write_url()
        return
    row = analysis.contexts.set_index("context_id").loc[context_id]
    st.header(state.md_escape(state.context_label(analysis.contexts)(context_id)))
    st.markdown(
        text.TYPOLOGY_LINE.format(
            typology=f"{int(row['typology'])}. {state.md_escape(row['typology_name'])}",
            runner_up=state.md_escape(row["runner_up_name"] or _("no other typology")),
        )
    )
    confidence, data = st.columns(2)
    confidence.metric(
        _("Membership share"),
        f"{row['confidence_typology']:.0%}",
        help=text.MEMBERSHIP_HELP,
    )
    # An upload may leave confidence empty: "unknown", never "nan".
    data.metric(_("Data confidence"), _(value_label("confidence", row.get("confidence"))))
    st.caption(
        text.CITY_SETTING.format(setting=_(SETTING_NAMES.get(row["setting"], str(row["setting"]))))
        + (" " + text.BORDERLINE if row["borderline"] else "")
    )

    # Four sections, only the open one drawn (issue 18); a tab switch reruns this fragment.
    state.draw_sections(
        {
            "why": (_("Why this typology"), why_section),
            "evidence": (_("Indicators and sources"), evidence_section),
            "over_time": (_("Over time and similar cities"), over_time_section),
            "practices": (_("Practices"), practices_section),
        },
        "city_section",
        analysis,
        contexts,
        context_id,
        row,
    )
    state.write_url()


def why_section(analysis, contexts, context_id: str, row) -> None:
    st.subheader(_("Why this typology"))
    why = explain(analysis, context_id, loaders.companion_table("provenance.csv"))
    st.markdown("\n\n".join(state.md_escape(s) for s in why.sentences))
    widgets.table(why.table, hide_index=True, key="city_why")
    st.caption(
        _(
            "Basis: city evidence (a figure, events or a report about the city), country-level "
            "(a national figure used for the city), unknown (no value; not counted as none) or not "
            "stated (an uploaded context, which has no provenance rows)."
        )
    )


def evidence_section(analysis, contexts, context_id: str, row) -> None:
    provenance = loaders.companion_table("provenance.csv")
    st.subheader(_("Indicators"))
    indicators = indicator_table(provenance, analysis.contexts, context_id)
    widgets.table(indicators, hide_index=True, key="city_indicators")
    st.caption(text.INDICATORS_CAPTION)

    st.subheader(_("Coded violence types"))
    violence = violence_table(provenance, analysis.contexts, context_id)
    widgets.table(violence, hide_index=True, key="city_violence")
    with st.expander(_("Sources cited above")):
        sources = loaders.companion_table("sources.csv")
        widgets.table(
            sources_used([indicators, violence], sources), hide_index=True, key="city_sources"
        )


def over_time_section(analysis, contexts, context_id: str, row) -> None:
    st.subheader(_("Change over time"))
    history = city_history(analysis.contexts, context_id)
    if len(history) > 1:
        names = state.typology_names(analysis)
        st.plotly_chart(
            typology_path_chart(
                history, categories=list(names.values()), colors=typology_colors(names.values())
            ),
            key="city_path",
        )
        st.caption(text.PATH_CAPTION)
    else:
        st.caption(text.PATH_SINGLE.format(city=row["city"]))

    st.subheader(_("Cities like this one"))
    neighbours = nearest_contexts(analysis, context_id, n=len(analysis.contexts))
    neighbours = neighbours[neighbours["context_id"].isin(contexts["context_id"])].head(5)
    if neighbours.empty:
        st.caption(text.NO_NEIGHBOURS)
    else:
        widgets.table(neighbours, hide_index=True, key="city_neighbours")
        st.caption(text.NEIGHBOURS_CAPTION)


def practices_section(analysis, contexts, context_id: str, row) -> None:
    widgets.matched_practices(
        matched_practices_for_context(loaders.practices(), analysis, context_id, n=5),
        key="city_practices",
    )


profile(analysis, contexts, options)
