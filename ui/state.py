"""Shared sidebar state: the typology settings and the filters every page honours."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from typology.analysis import Params
from typology.model import METHOD_LABELS, METHODS
from typology.schema import SETTINGS
from ui import loaders, text

K_CHOICES = ["auto", *range(2, 9)]
DEFAULTS = {"method": "kmeans", "k": 4, "seed": 0, "f_region": [], "f_setting": []}


def _restore() -> None:
    """Streamlit forgets a widget's value when a page without it runs; keep a copy under
    '_key' and put it back before the widgets are drawn (the documented multipage pattern)."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = st.session_state.get(f"_{key}", value)


def _remember() -> None:
    for key in DEFAULTS:
        st.session_state[f"_{key}"] = st.session_state[key]


def sidebar() -> None:
    """Draw the shared sidebar: every page calls this first."""
    _restore()
    with st.sidebar:
        st.subheader(text.SIDEBAR_ANALYSIS)
        st.selectbox("Method", list(METHODS), format_func=METHOD_LABELS.get, key="method")
        st.selectbox("Number of typologies (k)", K_CHOICES, key="k")
        st.number_input("Random seed", min_value=0, max_value=10_000, step=1, key="seed")
        st.subheader(text.SIDEBAR_FILTERS)
        st.multiselect(
            "Region", ["Africa", "Americas", "Asia", "Europe", "Oceania"], key="f_region"
        )
        st.multiselect(
            "Setting", list(SETTINGS), format_func=lambda s: s.replace("_", " "), key="f_setting"
        )
    _remember()


def current_params() -> Params:
    from ui import feature_controls  # features and weights are chosen on the Method page

    state = st.session_state
    return Params(
        method=state.get("method", DEFAULTS["method"]),
        k=state.get("k", DEFAULTS["k"]),
        seed=int(state.get("seed", DEFAULTS["seed"])),
        features=feature_controls.chosen_features(),
        weights=feature_controls.chosen_weights(),
    )


def active_contexts() -> pd.DataFrame:
    """The contexts this session works on (the bundled table for now)."""
    return loaders.bundled_contexts()


def current_analysis():
    """The typologies of all active contexts, with the current settings (cached)."""
    return loaders.cached_analysis(active_contexts(), current_params())


def apply_filters(contexts: pd.DataFrame) -> pd.DataFrame:
    state = st.session_state
    mask = pd.Series(True, index=contexts.index)
    if state.get("f_region") and "region" in contexts:
        mask &= contexts["region"].isin(state["f_region"])
    if state.get("f_setting"):
        mask &= contexts["setting"].isin(state["f_setting"])
    return contexts[mask].reset_index(drop=True)
