"""The data version: one short fingerprint of the contexts a result was made from, computed
here only, so that the briefing, the PowerPoint and the exports name the same data alike."""

from __future__ import annotations

import hashlib

import pandas as pd

# Columns analyse() adds to its input: the fingerprint covers the input only, so the same data
# gives the same version before and after a fit.
ANALYSIS_COLUMNS: tuple[str, ...] = (
    "typology",
    "typology_name",
    "confidence_typology",
    "runner_up",
    "runner_up_name",
    "borderline",
)


def data_version(contexts: pd.DataFrame) -> str:
    """The first 12 hex digits of the sha256 of the contexts' input columns written as CSV
    (rows in context order, as loaded)."""
    columns = [c for c in contexts.columns if c not in ANALYSIS_COLUMNS]
    payload = contexts[columns].to_csv(index=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:12]


def digest(*chunks: bytes) -> str:
    """The same 12-digit form for raw bytes (an uploaded file before it is parsed)."""
    hasher = hashlib.sha256()
    for chunk in chunks:
        hasher.update(chunk)
    return hasher.hexdigest()[:12]
