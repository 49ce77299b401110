"""The shared vocabulary and the validation schema of the contexts table (data/cities.csv).

Validation happens once, at the boundary (typology.io); everything downstream trusts the frame.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from typology.i18n import N_

SETTINGS: tuple[str, ...] = ("armed_conflict", "post_conflict", "criminal_violence", "stable")
VIOLENCE_TYPES: tuple[str, ...] = (
    "large_scale",
    "small_scale",
    "public",
    "domestic",
    "gender_based",
    "organized",
    "spontaneous",
)
INTENSITY_LABELS: dict[int, str] = {0: N_("none"), 1: N_("low"), 2: N_("medium"), 3: N_("high")}
UNKNOWN_LABEL = N_("unknown")  # how an empty (missing) intensity is shown, never as 0
BASES: tuple[str, ...] = (
    "city_figure",
    "city_events",
    "city_report",
    "member_consensus",
    "country_proxy",
    "none",
)
CITY_BASES: tuple[str, ...] = BASES[:3]
LEVELS: tuple[str, ...] = (
    "city",
    "metro",
    "country-proxy",
    "municipality",
    "agglomeration",
    "city proper",
    "radius 25 km",
)
CONFIDENCE: tuple[str, ...] = ("high", "medium", "low")
REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Oceania")

# The columns an upload must have; everything else in data/cities.csv is optional context.
CORE_COLUMNS: tuple[str, ...] = (
    "context_id",
    "city",
    "country",
    "iso3",
    "year",
    "latitude",
    "longitude",
    "population",
    "setting",
    *VIOLENCE_TYPES,
)


def _intensity() -> pa.Field:
    # Unknown is missing (empty), never 0 or 1: codes are nullable whole numbers 0-3.
    return pa.Field(ge=0, le=3, nullable=True)


class ContextSchema(pa.DataFrameModel):
    """One row per context (a city at a reference year)."""

    context_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    city: Series[str] = pa.Field(str_length={"min_value": 1})
    country: Series[str] = pa.Field(str_length={"min_value": 1})
    iso3: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$")
    year: Series[int] = pa.Field(ge=1946, le=2100)
    latitude: Series[float] = pa.Field(ge=-90, le=90)
    longitude: Series[float] = pa.Field(ge=-180, le=180)
    population: Series[float] = pa.Field(gt=0, nullable=True)
    setting: Series[str] = pa.Field(isin=list(SETTINGS))
    large_scale: Series[pd.Int64Dtype] = _intensity()
    small_scale: Series[pd.Int64Dtype] = _intensity()
    public: Series[pd.Int64Dtype] = _intensity()
    domestic: Series[pd.Int64Dtype] = _intensity()
    gender_based: Series[pd.Int64Dtype] = _intensity()
    organized: Series[pd.Int64Dtype] = _intensity()
    spontaneous: Series[pd.Int64Dtype] = _intensity()

    # Optional indicators and context (issue 3). Absent columns are fine; present ones are checked.
    region: Series[str] | None = pa.Field(isin=list(REGIONS), nullable=True)
    confidence: Series[str] | None = pa.Field(isin=list(CONFIDENCE), nullable=True)
    homicide_rate: Series[float] | None = pa.Field(ge=0, le=500, nullable=True)
    homicide_rate_level: Series[str] | None = pa.Field(isin=list(LEVELS), nullable=True)

    class Config:
        coerce = True
        strict = False
