"""Cached loaders: one per source. Cached functions take small hashable arguments.

A cached function whose result holds words (typology names, notes, codebook labels) takes the
language as an argument: the cache must not hand a French session the English text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from typology.analysis import Analysis, analyse
from typology.i18n import N_, _, get_language
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
def _gazetteer(directory: str, version: float) -> pd.DataFrame:
    from typology.perspectives.gazetteer import load_gazetteer

    return load_gazetteer()


def gazetteer() -> pd.DataFrame:
    """The bundled GeoNames gazetteer (data/gazetteer.csv), for adding a city on Contribute."""
    return _gazetteer(str(data_dir()), _version("gazetteer.csv"))


@st.cache_data(show_spinner=False)
def _companion(name: str, directory: str, version: float, lang: str) -> pd.DataFrame:
    return load_table(name)


@st.cache_data(show_spinner=False, max_entries=4)
def _city_evidence_only(contexts: pd.DataFrame, directory: str, version: float) -> pd.DataFrame:
    from typology.provenance import city_evidence_only as only_city

    return only_city(contexts, load_table("provenance.csv"))


def city_evidence_only(contexts: pd.DataFrame) -> pd.DataFrame:
    """`contexts` with every intensity that rests on a country proxy made unknown."""
    return _city_evidence_only(contexts, str(data_dir()), _version("provenance.csv"))


def companion_table(name: str) -> pd.DataFrame:
    """sources.csv, codebook.csv, provenance.csv...: empty frame when absent."""
    return _companion(name, str(data_dir()), _version(name), get_language())


@st.cache_data(show_spinner=False, max_entries=32)
def _analysis(
    contexts: pd.DataFrame,
    method: str,
    k: int | str,
    seed: int,
    features: tuple[str, ...],
    weights: tuple[tuple[str, float], ...],
    lang: str,
) -> Analysis:
    # A progress bar while the null draws and city resamples run; made inside the cached
    # function, as Streamlit requires of elements a cached function draws.
    bar = st.progress(0.0)

    def progress(fraction: float, text: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    try:
        return analyse(contexts, method, k, seed, features, dict(weights), progress=progress)
    finally:
        bar.empty()


def _spinner(message: str):
    """A spinner in the session's language (shown after half a second, as Streamlit's cache
    spinner is); nothing outside a script run (the server's warm-up thread)."""
    from contextlib import nullcontext

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return st.spinner(_(message)) if get_script_run_ctx() is not None else nullcontext()


def cached_analysis(contexts: pd.DataFrame, params) -> Analysis:
    with _spinner(N_("Fitting typologies...")):
        return _cached_analysis(contexts, params)


def _cached_analysis(contexts: pd.DataFrame, params) -> Analysis:
    return _analysis(
        contexts,
        params.method,
        params.k,
        params.seed,
        params.features,
        params.weights,
        get_language(),
    )


# --- The practice depository (issue 5) ------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _practices(directory: str, version: float) -> pd.DataFrame:
    from typology.practices import load_practices

    return load_practices(data_dir() / "practices.csv")


def practices() -> pd.DataFrame:
    """data/practices.csv, validated, list columns split, grade derived from its outcomes
    (raises PracticeDataError)."""
    # Either file changing invalidates the cache: the grade comes from the outcomes.
    version = _version("practices.csv") + _version("practice_outcomes.csv")
    with _spinner(N_("Loading the practice depository...")):
        return _practices(str(data_dir()), version)


@st.cache_data(show_spinner=False)
def _practice_outcomes(directory: str, version: float) -> pd.DataFrame:
    from typology.practices import load_outcomes

    return load_outcomes(data_dir() / "practice_outcomes.csv")


def practice_outcomes() -> pd.DataFrame:
    """data/practice_outcomes.csv, validated (raises PracticeDataError)."""
    return _practice_outcomes(str(data_dir()), _version("practice_outcomes.csv"))


@st.cache_data(show_spinner=False)
def _literature(directory: str, version: float) -> pd.DataFrame:
    from typology.practices import load_literature

    return load_literature(data_dir() / "literature.csv")


def literature() -> pd.DataFrame:
    """data/literature.csv, validated (raises PracticeDataError)."""
    return _literature(str(data_dir()), _version("literature.csv"))


@st.cache_data(show_spinner=False)
def _glossary(directory: str, version: float, lang: str) -> pd.DataFrame:
    from typology.practices import load_glossary

    return load_glossary(data_dir() / "glossary.csv")


def glossary() -> pd.DataFrame:
    """data/glossary.csv, validated (raises PracticeDataError)."""
    return _glossary(str(data_dir()), _version("glossary.csv"), get_language())


@st.cache_data(show_spinner=False)
def _all_sources(directory: str, versions: tuple[float, ...]) -> pd.DataFrame:
    from typology.io import load_sources

    return load_sources()


def all_sources() -> pd.DataFrame:
    """data/sources.csv and data/sources_practices.csv as one table (unique source ids)."""
    versions = (_version("sources.csv"), _version("sources_practices.csv"))
    return _all_sources(str(data_dir()), versions)


@st.cache_data(show_spinner=False)
def _bundled_digest(directory: str, version: float) -> str:
    from typology.fingerprint import data_version

    path = data_dir() / "cities.csv"
    # The contexts table's fingerprint, as the briefing computes it (one data version).
    return data_version(bundled_contexts()) if path.exists() else "none"


def bundled_data_version() -> str:
    """The data version of data/cities.csv written into exports (typology.fingerprint)."""
    return _bundled_digest(str(data_dir()), _version("cities.csv"))


# Keyed by the upload's sha256 (the bytes themselves are not hashed again: leading underscore);
# bounded, as DESIGN.md asks of caches keyed by user data. Memory only, never disk. An upload's
# entries also expire an hour after they were made (UPLOAD_TTL_S), so a meeting's uploads do
# not stay in the server's memory after their sessions have ended (issue 18); a session that
# still uses its upload keeps it in its own session state and recomputes what expired.
UPLOAD_TTL_S = 3600


@st.cache_data(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL_S)
def _parsed_upload(digest: str, filename: str, _data: bytes, lang: str):
    from typology.io import check_table

    return check_table(_data, filename)


@st.cache_data(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL_S)
def combined_contexts(
    digest: str, bundled_version: float, _bundled: pd.DataFrame, _uploaded: pd.DataFrame
) -> pd.DataFrame:
    from typology.io import combine_contexts

    return combine_contexts(_bundled, _uploaded)


def parsed_upload(digest: str, filename: str, data: bytes):
    """(frame, problems) of an uploaded file, parsed once per digest."""
    with _spinner(N_("Reading the uploaded file...")):
        return _parsed_upload(digest, filename, data, get_language())  # problems in words


def bundled_plus_upload(digest: str, uploaded: pd.DataFrame) -> pd.DataFrame:
    """The bundled contexts plus an upload (raises DataValidationError on a context_id clash)."""
    return combined_contexts(digest, _version("cities.csv"), bundled_contexts(), uploaded)


@st.cache_data(show_spinner=False, max_entries=16)
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
    with _spinner(N_("Comparing numbers of typologies...")):
        return _diagnostics(contexts, params.method, params.seed, params.features, params.weights)


# --- The briefing's slides (Present) -------------------------------------------------------------
# Building every slide (a map, a figure per typology and city, the practice matches) took most of
# the Present page's run; they only change with the data, the analysis, the filters, the chosen
# cities and the language. cache_resource: the slides (plotly figures) are handed out as they
# are, not copied, so callers must not change them (the page copies the list it extends).
SLIDES_TTL_S = 3600


@st.cache_resource(show_spinner=False, max_entries=16, ttl=SLIDES_TTL_S)
def _briefing_slides(
    _analysis: Analysis,
    analysed: pd.DataFrame,
    contexts: pd.DataFrame,
    params,
    cities: tuple[str, ...],
    agreement: pd.DataFrame | None,
    versions: tuple[float, ...],
    lang: str,
    _practices: pd.DataFrame,
    _sources: pd.DataFrame,
    _provenance: pd.DataFrame,
) -> tuple[tuple, str]:
    from typology.briefing import build_slides, city_slides
    from typology.matching import gap_summary, practices_by_typology

    shown = build_slides(
        _analysis,
        contexts=contexts,
        sources=_sources,
        practices_by_typology=practices_by_typology(_practices, _analysis),
        evidence_gaps=gap_summary(_practices, _analysis),
        agreement=agreement,
    )
    problem = ""
    try:
        shown[-1:-1] = city_slides(_analysis, list(cities), _practices, _sources, _provenance)
    except ValueError as err:  # a chosen context is not classified: say why, keep the rest
        problem = str(err)
    return tuple(shown), problem


def briefing_slides(
    analysis: Analysis,
    contexts: pd.DataFrame,
    cities: list[str],
    agreement: pd.DataFrame | None = None,
) -> tuple[list, str]:
    """(slides, problem) of the briefing: title, map, typologies and their practices, gaps, the
    chosen cities, method and sources; `problem` says why the city slides are missing, or ''.
    Keyed on the analysed contexts (the data and every context's typology), the filtered rows,
    the analysis settings, the cities, the agreement, the practice and source files and the
    language; a new list each call."""
    names = ("practices.csv", "practice_outcomes.csv", "sources.csv", "sources_practices.csv")
    versions = tuple(_version(n) for n in (*names, "provenance.csv"))
    shown, problem = _briefing_slides(
        analysis,
        analysis.contexts,
        contexts,
        analysis.params,
        tuple(cities),
        agreement,
        versions,
        get_language(),
        practices(),
        all_sources(),
        companion_table("provenance.csv"),
    )
    return list(shown), problem


@st.cache_data(show_spinner=False, max_entries=16)
def _city_picker(contexts: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    from typology.cityslide import city_choices, default_cities

    labels = city_choices(contexts)
    return labels, [c for c in default_cities(contexts) if c in labels]


def city_picker(contexts: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """(context id -> 'City (ISO3, year)', the TWG cities' latest contexts) for Present's picker."""
    return _city_picker(contexts)
