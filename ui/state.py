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
    state = st.session_state
    return Params(
        method=state.get("method", DEFAULTS["method"]),
        k=state.get("k", DEFAULTS["k"]),
        seed=int(state.get("seed", DEFAULTS["seed"])),
    )


def active_contexts() -> pd.DataFrame:
    """The contexts this session works on: the bundled table, or an upload (alone or added to
    the bundled contexts). Raises DataValidationError when an added upload clashes."""
    upload = st.session_state.get(UPLOAD)
    if not upload:
        return loaders.bundled_contexts()
    uploaded = st.session_state[UPLOAD_FRAME]
    if upload_mode() == "alone":
        return uploaded
    return loaders.bundled_plus_upload(upload["digest"], uploaded)


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


# --- Uploaded contexts (the Data page) -------------------------------------------------------
# Session state only: the digest and name under UPLOAD, the validated frame under UPLOAD_FRAME.
# Nothing is written to disk; the parse is cached by digest (ui.loaders.parsed_upload).
UPLOAD = "_upload"
UPLOAD_FRAME = "_upload_frame"
UPLOAD_MODES = ("add", "alone")


def upload_mode() -> str:
    """'add' (to the bundled contexts) or 'alone'; kept under '_upload_mode' so that it survives
    pages without the radio (see _restore)."""
    return st.session_state.get("_upload_mode", "add")


def restore_upload_mode() -> None:
    """Call before drawing the `upload_mode` radio."""
    if st.session_state.get("upload_mode") not in UPLOAD_MODES:
        st.session_state["upload_mode"] = upload_mode()


def remember_upload_mode() -> None:
    """on_change of the `upload_mode` radio."""
    st.session_state["_upload_mode"] = st.session_state.get("upload_mode", "add")


def receive_upload(data: bytes, filename: str) -> list:
    """Validate uploaded bytes; when valid they become this session's contexts. Returns the
    problems (empty when the upload is in use); an invalid file leaves the contexts unchanged."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    current = st.session_state.get(UPLOAD)
    if current and current["digest"] == digest:
        return []
    frame, problems = loaders.parsed_upload(digest, filename, data)
    if problems:
        return problems
    st.session_state[UPLOAD] = {"digest": digest, "name": filename, "rows": len(frame)}
    st.session_state[UPLOAD_FRAME] = frame
    return []


def upload_status() -> dict | None:
    """{'digest', 'name', 'rows'} of the upload in use, or None for the bundled data."""
    return st.session_state.get(UPLOAD)


def upload_widget_key() -> str:
    """The file uploader's key; it changes when the upload is cleared, which empties the widget
    (a file uploader's value cannot be set from code)."""
    return f"upload_file_{st.session_state.get('_upload_widget', 0)}"


def clear_upload() -> None:
    """Back to the bundled data (on_click of `upload_clear`)."""
    st.session_state.pop(UPLOAD, None)
    st.session_state.pop(UPLOAD_FRAME, None)
    st.session_state["_upload_widget"] = st.session_state.get("_upload_widget", 0) + 1


def active_data_version() -> tuple[str, str]:
    """(label, short sha256) of the data behind the current typologies, for exports."""
    bundled = loaders.bundled_data_version()
    upload = st.session_state.get(UPLOAD)
    if not upload:
        return "data/cities.csv", bundled
    if upload_mode() == "alone":
        return f"upload {upload['name']}", upload["digest"][:12]
    from typology.export import data_version

    combined = data_version(bundled.encode(), upload["digest"].encode())
    return f"data/cities.csv + upload {upload['name']}", combined
