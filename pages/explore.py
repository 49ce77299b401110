"""Explore: the typologies on a world map and their violence profiles."""

import streamlit as st

from typology.charts import TOPOJSON_URL, profile_heatmap, world_map
from typology.io import DataValidationError
from ui import state, text

state.sidebar()
st.title("Explore typologies")
st.markdown(text.EXPLORE_INTRO)

try:
    analysis = state.current_analysis()
except DataValidationError as err:
    st.error(text.DATA_ERROR)
    st.code("\n".join(str(p) for p in err.problems))
    st.stop()
except ValueError as err:  # too few contexts to form typologies
    st.warning(str(err))
    st.stop()
for note in analysis.notes:
    st.caption(note)

contexts = state.apply_filters(analysis.contexts)
if contexts.empty:
    st.info(text.EMPTY_SELECTION)
    st.stop()

left, middle, right = st.columns(3)
left.metric("Contexts", len(contexts))
middle.metric("Countries", contexts["iso3"].nunique())
right.metric("Typologies", analysis.k)

st.subheader("Where the typologies are")
st.plotly_chart(
    world_map(contexts, color="typology_name", size="population"),
    config={"topojsonURL": TOPOJSON_URL, "displaylogo": False},
    key="explore_map",
)
st.caption(text.MAP_CAPTION)

st.subheader("Typology profiles")
st.plotly_chart(
    profile_heatmap(analysis.profile, row_labels=analysis.typologies["name"].tolist()),
    key="explore_profile",
)
st.caption(text.PROFILE_CAPTION)

st.subheader("Typologies")
st.dataframe(
    analysis.typologies[
        ["typology", "name", "size", "representative", "distinctive", "borderline"]
    ],
    hide_index=True,
    key="explore_typologies",
)
