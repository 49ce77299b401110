"""Cached loaders: one per source. Cached functions take small hashable arguments."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from typology.analysis import Analysis, analyse
from typology.io import data_dir, load_contexts, load_table


def _version(name: str) -> float:
    """The file's modification time: part of the cache key, so an edited table is reloaded."""
    path = data_dir() / name
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False)
def _bundled_contexts(directory: str, version: float) -> pd.DataFrame:
    return load_contexts()


def bundled_contexts() -> pd.DataFrame:
    return _bundled_contexts(str(data_dir()), _version("cities.csv"))


@st.cache_data(show_spinner=False)
def _companion(name: str, directory: str, version: float) -> pd.DataFrame:
    return load_table(name)


def companion_table(name: str) -> pd.DataFrame:
    """sources.csv, codebook.csv, provenance.csv...: empty frame when absent."""
    return _companion(name, str(data_dir()), _version(name))


@st.cache_data(show_spinner="Fitting typologies...", max_entries=32)
def _analysis(
    contexts: pd.DataFrame,
    method: str,
    k: int | str,
    seed: int,
    features: tuple[str, ...],
    weights: tuple[tuple[str, float], ...],
) -> Analysis:
    return analyse(contexts, method, k, seed, features, dict(weights))


def cached_analysis(contexts: pd.DataFrame, params) -> Analysis:
    return _analysis(
        contexts, params.method, params.k, params.seed, params.features, params.weights
    )


@st.cache_data(show_spinner="Comparing numbers of typologies...", max_entries=16)
def _diagnostics(
    contexts: pd.DataFrame,
    method: str,
    seed: int,
    features: tuple[str, ...],
    weights: tuple[tuple[str, float], ...],
) -> pd.DataFrame:
    from typology.diagnostics import diagnostics_by_k
    from typology.features import feature_matrix

    X = feature_matrix(contexts, features, dict(weights)).to_numpy()
    return diagnostics_by_k(X, method=method, random_state=seed)


def cached_diagnostics(contexts: pd.DataFrame, params) -> pd.DataFrame:
    """Quality and stability for each candidate k, with the current method, features, weights.
    With k 'auto' the analysis has computed them already: reuse its table."""
    if params.k == "auto":
        return cached_analysis(contexts, params).diagnostics
    return _diagnostics(contexts, params.method, params.seed, params.features, params.weights)
