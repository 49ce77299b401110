"""The one shape every build step returns: provenance rows, one per (context, field)."""

from __future__ import annotations

import math

import pandas as pd

from typology.build.catalog import PROVENANCE_COLUMNS


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return (isinstance(value, float) and math.isnan(value)) or value == ""


def fmt(value: object) -> str:
    """A value as written to provenance.csv: whole floats without '.0', missing as ''."""
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def basis_of_level(level: str, value: object) -> str:
    """Basis of a measured figure from its level: empty -> none, a country figure -> proxy."""
    if is_missing(value):
        return "none"
    return "country_proxy" if level in ("country", "country-proxy") else "city_figure"


class Rows:
    """Collects provenance rows; ``frame()`` returns them in PROVENANCE_COLUMNS order. Values
    keep their type here (the pipeline writes them as text)."""

    def __init__(self) -> None:
        self._rows: list[dict[str, object]] = []

    def add(
        self,
        context_id: str,
        field: str,
        value: object,
        source_id: str,
        year: object,
        level: str,
        basis: str,
        rationale: str,
    ) -> None:
        self._rows.append(
            {
                "context_id": context_id,
                "field": field,
                "value": None if is_missing(value) else value,
                "source_id": source_id,
                "year": fmt(year),
                "level": level,
                "basis": basis,
                "rationale": rationale,
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self._rows, columns=list(PROVENANCE_COLUMNS))
