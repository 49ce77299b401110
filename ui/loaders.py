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


# --- The practice depository (issue 5) ------------------------------------------------------------


@st.cache_data(show_spinner="Loading the practice depository...")
def _practices(directory: str, version: float) -> pd.DataFrame:
    from typology.practices import load_practices

    return load_practices(data_dir() / "practices.csv")


def practices() -> pd.DataFrame:
    """data/practices.csv, validated, list columns split (raises PracticeDataError)."""
    return _practices(str(data_dir()), _version("practices.csv"))


@st.cache_data(show_spinner=False)
def _literature(directory: str, version: float) -> pd.DataFrame:
    from typology.practices import load_literature

    return load_literature(data_dir() / "literature.csv")


def literature() -> pd.DataFrame:
    """data/literature.csv, validated (raises PracticeDataError)."""
    return _literature(str(data_dir()), _version("literature.csv"))


@st.cache_data(show_spinner=False)
def _glossary(directory: str, version: float) -> pd.DataFrame:
    from typology.practices import load_glossary

    return load_glossary(data_dir() / "glossary.csv")


def glossary() -> pd.DataFrame:
    """data/glossary.csv, validated (raises PracticeDataError)."""
    return _glossary(str(data_dir()), _version("glossary.csv"))


@st.cache_data(show_spinner=False)
def _all_sources(directory: str, versions: tuple[float, ...]) -> pd.DataFrame:
    from typology.io import load_sources

    return load_sources()


def all_sources() -> pd.DataFrame:
    """data/sources.csv and data/sources_practices.csv as one table (unique source ids)."""
    versions = (_version("sources.csv"), _version("sources_practices.csv"))
    return _all_sources(str(data_dir()), versions)
