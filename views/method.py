"""Method: features and weights, the choice of k, and how the typologies are separated."""

import streamlit as st

from typology.analysis import project_2d
from typology.charts import dendrogram_chart, diagnostics_chart, profile_heatmap, projection_chart
from typology.diagnostics import (
    BOOTSTRAP_ROWS,
    DIAGNOSTIC_ROWS,
    N_BOOTSTRAP,
    SILHOUETTE_SAMPLE,
    STABLE_ARI,
)
from typology.features import available_indicators
from typology.model import METHOD_LABELS
from typology.schema import VIOLENCE_TYPES
from ui import feature_controls, loaders, state, text

state.sidebar()
st.title(text.METHOD_TITLE)
st.markdown(text.METHOD_INTRO)

st.subheader(text.FEATURES_SUBHEADER)
feature_controls.draw(available_indicators(state.active_contexts()))

params = state.current_params()
analysis = state.analysis_or_stop(show_notes=False)  # notes shown with the diagnostics

st.markdown(
    text.METHOD_SETTINGS.format(
        method=METHOD_LABELS[params.method],
        k=f"{params.k} (chosen: {analysis.k})" if params.k == "auto" else analysis.k,
        seed=params.seed,
        features=", ".join(f.replace("_", " ") for f in params.features),
        weights=", ".join(f"{group} {weight:g}" for group, weight in params.weights),
    )
)
for note in analysis.notes:
    st.caption(note)

st.subheader(text.DIAGNOSTICS_SUBHEADER)
st.metric(text.CHOSEN_K_LABEL, analysis.k)
# Comparing every k takes a few seconds: keep its place here, fill it after the rest is drawn.
diagnostics_box = st.container()

st.subheader(text.PROJECTION_SUBHEADER)
st.plotly_chart(projection_chart(project_2d(analysis), jitter=0.02), key="method_projection")
st.caption(text.PROJECTION_CAPTION)

st.subheader(text.RELATIVE_PROFILE_SUBHEADER)
st.plotly_chart(
    profile_heatmap(
        analysis.profile,
        row_labels=analysis.typologies["name"].tolist(),
        relative_to=analysis.contexts[list(VIOLENCE_TYPES)].mean(),
    ),
    key="method_relative_profile",
)
st.caption(text.RELATIVE_PROFILE_CAPTION)

if params.method == "ward":
    st.subheader(text.DENDROGRAM_SUBHEADER)
    st.plotly_chart(
        dendrogram_chart(
            analysis.features,
            analysis.contexts["typology_name"],
            hover_names=analysis.contexts["city"],
            random_state=params.seed,
        ),
        key="method_dendrogram",
    )
    st.caption(text.DENDROGRAM_CAPTION)

st.subheader(text.TYPOLOGY_TABLE_SUBHEADER)
st.dataframe(
    analysis.typologies[
        ["typology", "name", "size", "representative", "distinctive", "borderline"]
    ],
    hide_index=True,
    key="method_typologies",
)
st.caption(text.TYPOLOGY_TABLE_CAPTION)

st.subheader(text.CONFIDENCE_SUBHEADER)
confidence = analysis.contexts.sort_values(["confidence_typology", "context_id"])
st.dataframe(
    confidence[
        ["city", "country", "year", "typology_name", "confidence_typology", "runner_up_name"]
    ],
    hide_index=True,
    column_config={
        "confidence_typology": st.column_config.ProgressColumn(
            "confidence", min_value=0.0, max_value=1.0, format="%.2f"
        ),
        "typology_name": "typology",
        "runner_up_name": "runner-up",
    },
    key="method_confidence",
)
st.caption(text.CONFIDENCE_CAPTION)

with diagnostics_box:
    diagnostics = loaders.cached_diagnostics(state.active_contexts(), params)
    st.plotly_chart(diagnostics_chart(diagnostics, chosen_k=analysis.k), key="method_diagnostics")
    st.caption(text.DIAGNOSTICS_CAPTION)
    st.markdown(
        text.K_AUTO_RULE.format(
            n_bootstrap=N_BOOTSTRAP,
            threshold=STABLE_ARI,
            silhouette_sample=SILHOUETTE_SAMPLE,
            bootstrap_rows=BOOTSTRAP_ROWS,
            diagnostic_rows=DIAGNOSTIC_ROWS,
        )
    )
