"""Method: features and weights, k against chance, stability, membership, sensitivity and the
methods appendix."""

import streamlit as st

from typology.analysis import (
    BORDERLINE_SHARE,
    RESTATES_SETTING_ARI,
    project_2d,
    restates_setting,
    scenario_matrix,
)
from typology.briefing import data_version
from typology.charts import dendrogram_chart, profile_heatmap, projection_chart
from typology.features import MIN_KNOWN_INTENSITIES, available_indicators
from typology.i18n import _, get_language
from typology.model import METHOD_LABELS
from typology.schema import VIOLENCE_TYPES
from typology.sensitivity import SENSITIVITY_METHODS, SENSITIVITY_SEEDS
from typology.structure import N_BOOT, N_NULL, STRUCTURE_ROWS, statistic_name
from ui import feature_controls, language, method_text, state, text, widgets


@st.cache_data(show_spinner=False, max_entries=16)
def _null(_analysis, key: tuple):
    """The permutation null for a fixed k (the automatic rule computed it already)."""
    from typology.features import column_weights
    from typology.structure import null_table

    params = _analysis.params
    bar = st.progress(0.0)
    table = null_table(
        _analysis.features.to_numpy(),
        params.method,
        seed=params.seed,
        column_weights=column_weights(params.features, dict(params.weights)),
        progress=lambda f, t: bar.progress(min(f, 1.0), text=t),
    )
    bar.empty()
    return table


@st.cache_data(show_spinner=False, max_entries=8)
def _sensitivity(_analysis, key: tuple):
    from typology.sensitivity import run_sensitivity

    bar = st.progress(0.0)
    result = run_sensitivity(_analysis, progress=lambda f, t: bar.progress(min(f, 1.0), text=t))
    bar.empty()
    return result


st.title(text.METHOD_TITLE)
st.markdown(text.METHOD_INTRO)

st.subheader(text.FEATURES_SUBHEADER)
feature_controls.draw(available_indicators(state.active_contexts()))

params = state.current_params()
analysis = state.analysis_or_stop(show_notes=False)  # notes shown with the settings
# The cache key of this fit: the data version and the parameters.
fit_key = (data_version(analysis.contexts), repr(params))

st.markdown(
    text.METHOD_SETTINGS.format(
        method=_(METHOD_LABELS[params.method]),
        k=_("{k} (chosen: {chosen})").format(k=_(params.k), chosen=analysis.k)
        if params.k == "auto"
        else analysis.k,
        seed=params.seed,
        features=", ".join(_(f.replace("_", " ")) for f in params.features),
        weights=", ".join(
            f"{feature_controls.group_word(group)} {weight:g}" for group, weight in params.weights
        ),
    )
)
for note in analysis.notes:
    st.caption(note)
st.markdown(
    method_text.PLAIN_WORDS.format(n_null=N_NULL, n_boot=N_BOOT, min_known=MIN_KNOWN_INTENSITIES)
)
st.markdown(method_text.METHOD_EXPLAINED.get(params.method, ""))


def scenarios_section() -> None:
    st.subheader(method_text.SCENARIO_SUBHEADER)
    if analysis.ari_setting is not None:
        uses_setting = any(f in params.features for f in ("setting", "indicators")) or any(
            f in params.features for f in ("homicide_rate", "ov_deaths_per100k", "ipv_prevalence")
        )
        if uses_setting and restates_setting(analysis):
            st.warning(
                method_text.RESTATES.format(
                    ari=analysis.ari_setting, threshold=RESTATES_SETTING_ARI
                )
            )
        st.markdown(method_text.ARI_SENTENCE.format(ari=analysis.ari_setting))
    widgets.table(scenario_matrix(analysis), hide_index=True, key="method_scenarios")
    st.caption(method_text.SCENARIO_CAPTION)

    st.subheader(text.TYPOLOGY_TABLE_SUBHEADER)
    widgets.table(
        analysis.typologies[
            ["typology", "name", "size", "representative", "distinctive", "borderline"]
        ],
        hide_index=True,
        key="method_typologies",
    )
    st.caption(text.TYPOLOGY_TABLE_CAPTION)

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


def chance_section() -> None:
    st.subheader(method_text.NULL_SUBHEADER)
    st.metric(text.CHOSEN_K_LABEL, analysis.k)
    null = analysis.null
    if null is None:
        st.caption(method_text.NULL_FIXED_K.format(k=analysis.k))
        null = _null(analysis, fit_key)
    if analysis.structure is False:
        st.markdown(method_text.NO_STRUCTURE)
    widgets.table(
        null.drop(columns=["relative_entropy"] if null["relative_entropy"].isna().all() else []),
        hide_index=True,
        key="method_null",
    )
    st.caption(
        method_text.NULL_CAPTION.format(
            stat=statistic_name(params.method), n_null=N_NULL, rows=STRUCTURE_ROWS, n_boot=N_BOOT
        )
    )


def stability_section() -> None:
    if analysis.stability is not None:
        st.subheader(method_text.STABILITY_SUBHEADER)
        widgets.table(
            analysis.typologies[["typology", "name", "size", "jaccard", "reading"]],
            hide_index=True,
            key="method_stability",
        )
        st.caption(method_text.STABILITY_CAPTION.format(n_boot=N_BOOT))

    st.subheader(text.PROJECTION_SUBHEADER)
    st.plotly_chart(projection_chart(project_2d(analysis), jitter=0.02), key="method_projection")
    st.caption(text.PROJECTION_CAPTION)

    if params.method == "ward":
        st.subheader(text.DENDROGRAM_SUBHEADER)
        st.plotly_chart(
            dendrogram_chart(
                analysis.features.fillna(analysis.features.median()),
                analysis.contexts["typology_name"],
                hover_names=analysis.contexts["city"],
                random_state=params.seed,
            ),
            key="method_dendrogram",
        )
        st.caption(text.DENDROGRAM_CAPTION)

    st.subheader(method_text.MEMBERSHIP_SUBHEADER)
    membership = analysis.contexts.sort_values(["membership", "context_id"])
    widgets.table(
        membership[
            [
                "city",
                "country",
                "year",
                "typology_name",
                "membership",
                "borderline",
                "runner_up_name",
            ]
        ],
        hide_index=True,
        column_config={
            "membership": st.column_config.ProgressColumn(
                _("membership"), min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "typology_name": _("typology"),
            "runner_up_name": _("runner-up"),
        },
        key="method_confidence",
    )
    st.caption(method_text.MEMBERSHIP_CAPTION.format(n_boot=N_BOOT, b=BORDERLINE_SHARE))

    if analysis.unclassified is not None and len(analysis.unclassified):
        st.subheader(method_text.UNCLASSIFIED_SUBHEADER)
        columns = [
            c
            for c in ("city", "country", "year", "not_classified_reason")
            if c in analysis.unclassified
        ]
        widgets.table(analysis.unclassified[columns], hide_index=True, key="method_unclassified")


# The fit whose sensitivity grid this session has run: the appendix then includes its runs.
SENSITIVITY_RUN = "_method_sensitivity_run"
sensitivity_key = (*fit_key, get_language())


def sensitivity_section() -> None:
    st.subheader(method_text.SENSITIVITY_SUBHEADER)
    if not st.toggle(
        method_text.SENSITIVITY_TOGGLE,
        key="method_sensitivity",
        help=method_text.SENSITIVITY_HELP.format(
            methods=", ".join(SENSITIVITY_METHODS), seeds=", ".join(map(str, SENSITIVITY_SEEDS))
        ),
    ):
        return
    from typology.sensitivity import summary

    sensitivity = _sensitivity(analysis, sensitivity_key)
    st.session_state[SENSITIVITY_RUN] = sensitivity_key
    widgets.table(summary(sensitivity.runs), hide_index=True, key="method_sensitivity_summary")
    switchers = sensitivity.contexts[sensitivity.contexts["switcher"]]
    widgets.table(switchers.drop(columns=["switcher"]), hide_index=True, key="method_switchers")
    st.caption(method_text.SENSITIVITY_CAPTION)


def appendix_section() -> None:
    # The grid is in the appendix when it has been run for this fit (a cache hit, not a rerun).
    ran = st.session_state.get(SENSITIVITY_RUN) == sensitivity_key
    runs = _sensitivity(analysis, sensitivity_key).runs if ran else None

    def appendix() -> str:
        from typology.appendix import methods_markdown

        inputs = state.active_contexts()
        return methods_markdown(analysis, inputs, _("the data in use on this page"), runs)

    st.markdown(method_text.APPENDIX_HELP)
    st.download_button(
        method_text.APPENDIX_DOWNLOAD,
        data=language.bound(appendix),  # built only when clicked
        file_name="typology-methods-appendix.md",
        mime="text/markdown",
        key="dl_methods",
        on_click="ignore",
        icon=":material/download:",
    )


# Five sections, only the open one drawn and computed (issue 18): the null and the sensitivity
# grid run only when their section is open.
state.draw_sections(
    {
        "scenarios": (_("Scenarios and typologies"), scenarios_section),
        "chance": (_("k against chance"), chance_section),
        "stability": (_("Stability and membership"), stability_section),
        "sensitivity": (_("Sensitivity"), sensitivity_section),
        "appendix": (_("Methods appendix"), appendix_section),
    },
    "method_section",
)
