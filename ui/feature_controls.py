"""The feature and weight widgets of the Method page, and how the shared params read them.

The widgets live on one page, but every page fits with the same choice: like the sidebar, the
values are copied under '_key' so they survive pages where the widgets are not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from typology.features import FEATURE_GROUPS, INDICATORS, normalise_features
from typology.i18n import N_, _
from typology.schema import VIOLENCE_TYPES
from ui import text

# The seven intensities: the setting is the other axis of the scenario matrix, not a feature.
DEFAULT_FEATURES: list[str] = [*VIOLENCE_TYPES]
WEIGHT_KEYS: dict[str, str] = {group: f"w_{group}" for group in FEATURE_GROUPS}
DEFAULTS: dict[str, object] = {
    "features": DEFAULT_FEATURES,
    **dict.fromkeys(WEIGHT_KEYS.values(), 1.0),
}


def _value(key: str):
    state = st.session_state
    return state.get(key, state.get(f"_{key}", DEFAULTS[key]))


def chosen_features() -> tuple[str, ...]:
    """The feature choice in canonical form; an empty choice falls back to the default."""
    return normalise_features(list(_value("features")) or DEFAULT_FEATURES)


def default_features() -> tuple[str, ...]:
    return normalise_features(DEFAULT_FEATURES)


def default_weights() -> tuple[tuple[str, float], ...]:
    return tuple(sorted((group, float(DEFAULTS[key])) for group, key in WEIGHT_KEYS.items()))


def chosen_weights() -> tuple[tuple[str, float], ...]:
    return tuple(sorted((group, float(_value(key))) for group, key in WEIGHT_KEYS.items()))


GROUP_WORDS: dict[str, str] = {
    "violence": N_("violence types"),
    "setting": N_("setting"),
    "indicators": N_("indicators"),
}


def group_word(group: str) -> str:
    return _(GROUP_WORDS.get(group, group))


def _label(feature: str) -> str:
    return _(feature.replace("_", " "))


def draw(indicators: Sequence[str] = tuple(INDICATORS)) -> None:
    """Features (violence types, setting, indicators present in the data) and group weights."""
    state = st.session_state
    for key, value in DEFAULTS.items():
        if key not in state:
            state[key] = state.get(f"_{key}", value)
    options = [*VIOLENCE_TYPES, "setting", *indicators]
    state["features"] = [f for f in state["features"] if f in options]
    st.multiselect(
        text.FEATURES_LABEL, options, format_func=_label, key="features", help=text.FEATURES_HELP
    )
    columns = st.columns(len(WEIGHT_KEYS))
    for column, (group, key) in zip(columns, WEIGHT_KEYS.items(), strict=True):
        column.slider(
            text.WEIGHT_LABELS[group], 0.0, 3.0, step=0.25, key=key, help=text.WEIGHTS_HELP
        )
    if not state["features"]:
        st.warning(text.NO_FEATURES)
    for key in DEFAULTS:
        state[f"_{key}"] = state[key]
