"""Explore: the typologies on a world map, their violence profiles and their composition."""

import streamlit as st

from typology.analysis import scenario_matrix
from typology.charts import (
    TOPOJSON_URL,
    composition_bar,
    profile_heatmap,
    typology_colors,
    world_map,
)
from typology.i18n import N_, _
from typology.schema import REGIONS, SETTINGS
from ui import method_text, state, text, widgets

st.title(_("Explore typologies"))
st.markdown(text.EXPLORE_INTRO)

analysis = state.analysis_or_stop()

contexts = state.filtered_or_explain(analysis.contexts, analysis)
names = state.typology_names(analysis)

# Counted with the contexts left unclassified (too few known codes), as the sidebar counts them.
selected = state.apply_filters(state.analysed_contexts(analysis))
left, middle, right = st.columns(3)
left.metric(
    _("Contexts"),
    len(selected),
    help=_("{n} of them not classified (too few known codes)").format(
        n=len(selected) - len(contexts)
    ),
)
middle.metric(_("Countries"), contexts["iso3"].nunique())
right.metric(_("Typologies"), analysis.k)


# The typology table's headings: the codes in English, words in the reader's language.
TABLE_HEADINGS = (
    N_("typology"),
    N_("name"),
    N_("size"),
    N_("representative"),
    N_("distinctive"),
    N_("borderline"),
)


def composition(column, contexts, highlight, colors, by: str, order, title: str) -> None:
    """One composition bar (typologies by setting or by region) in its column."""
    column.plotly_chart(
        composition_bar(
            contexts, by=by, order=order, highlight=highlight, colors=colors, title=title
        ),
        key=f"explore_by_{by}",
    )


# The highlighted typology changes only the views below it: its fragment reruns alone, the
# sidebar and the charts that do not depend on it are kept (issue 18).
@st.fragment
def highlighted_views(analysis, contexts, names: dict[int, str]) -> None:
    state.ensure_choice("typology_focus", [0, *names], 0)
    every = text.ALL_TYPOLOGIES
    st.selectbox(
        _("Highlight a typology"),
        [0, *names],
        format_func=lambda t: every if t == 0 else f"{t}. {names[t]}",
        key="typology_focus",
        **state.keep("typology_focus"),
        help=text.FOCUS_HELP,
    )
    focus = names.get(st.session_state["typology_focus"])
    colors = typology_colors(names.values())

    st.subheader(_("Where the typologies are"))
    st.plotly_chart(
        world_map(
            contexts, color="typology_name", size="population", highlight=focus, colors=colors
        ),
        config={"topojsonURL": TOPOJSON_URL, "displaylogo": False},
        key="explore_map",
    )
    st.caption(text.MAP_CAPTION)

    # Four sections below the map, only the open one drawn (issue 18): three charts and two
    # tables drawn at once kept the page a second behind an empty one. A tab switch reruns
    # this fragment alone.
    state.draw_sections(
        {
            "typologies": (_("Typologies"), typologies_section),
            "composition": (_("Composition"), composition_section),
            "profiles": (_("Typology profiles"), profiles_section),
            "scenarios": (_("Scenarios"), scenarios_section),
        },
        "explore_section",
        analysis,
        contexts,
        names,
        focus,
        colors,
    )
    state.write_url()


def typologies_section(analysis, contexts, names, focus, colors) -> None:
    typologies = analysis.typologies
    if focus:
        typologies = typologies[typologies["name"] == focus]
    # A static table, not st.dataframe: a handful of rows, and the data grid's redraw made the page
    # settle about 0.3 s later after each change of k (A/B with the benchmark's rerun probe).
    st.table(
        typologies[
            ["typology", "name", "size", "representative", "distinctive", "borderline"]
        ].rename(columns=lambda c: _(c)),  # headings marked in TABLE_HEADINGS
        hide_index=True,
    )
    if analysis.unclassified is not None and len(analysis.unclassified):
        st.caption(
            _(
                "{n} context(s) not classified (too few known codes): listed on the Method page."
            ).format(n=len(analysis.unclassified))
        )


def composition_section(analysis, contexts, names, focus, colors) -> None:
    by_setting, by_region = st.columns(2)
    composition(by_setting, contexts, focus, colors, "setting", SETTINGS, _("By setting"))
    if "region" in contexts:
        composition(by_region, contexts, focus, colors, "region", REGIONS, _("By region"))
    st.caption(text.COMPOSITION_CAPTION)


def profiles_section(analysis, contexts, names, focus, colors) -> None:
    st.plotly_chart(
        profile_heatmap(analysis.profile, row_labels=list(names.values())),
        key="explore_profile",
    )
    st.caption(text.PROFILE_CAPTION)


def scenarios_section(analysis, contexts, names, focus, colors) -> None:
    if analysis.ari_setting is not None:
        st.markdown(method_text.ARI_SENTENCE.format(ari=analysis.ari_setting))
    widgets.table(scenario_matrix(analysis, contexts), hide_index=True, key="explore_scenarios")
    st.caption(method_text.SCENARIO_CAPTION)


highlighted_views(analysis, contexts, names)

st.caption(text.SHARE_HINT)
