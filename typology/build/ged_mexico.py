"""Organised-violence deaths near Mexican cities from the UCDP GED Mexico extract: the fallback
used until the general step ``conflict_near_city`` (all GED extracts) is present. Same fields:
ged_deaths_state (state-based and one-sided), ged_deaths_nonstate, ged_events (city_events)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from typology.build.catalog import GED_MEXICO_FILE
from typology.build.rows import Rows

# 25 km covers the built-up area of most cities in the selection without reaching the next one.
GED_RADIUS_KM = 25.0
GED_MAX_WHERE_PREC = 3  # 1 exact, 2 within 25 km, 3 second-order admin unit; coarser is dropped


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    lat1, lon1, lat2, lon2 = map(np.radians, (lat, lon, lats, lons))
    half_dlat, half_dlon = (lat2 - lat1) / 2, (lon2 - lon1) / 2
    a = np.sin(half_dlat) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(half_dlon) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def rows(contexts: pd.DataFrame, source_dir: Path) -> pd.DataFrame:
    columns = ["year", "type_of_violence", "where_prec", "latitude", "longitude", "best"]
    ged = pd.read_csv(Path(source_dir) / GED_MEXICO_FILE, usecols=columns)
    ged = ged[ged["where_prec"] <= GED_MAX_WHERE_PREC]
    first, last = int(ged["year"].min()), int(ged["year"].max())
    out = Rows()
    for ctx in contexts.to_dict("records"):
        year = int(ctx["year"])
        if ctx["iso3"] != "MEX" or not first <= year <= last:
            continue  # not covered: no row (unknown)
        events = ged[ged["year"] == year]
        distance = haversine_km(
            ctx["latitude"],
            ctx["longitude"],
            events["latitude"].to_numpy(),
            events["longitude"].to_numpy(),
        )
        near = events[distance <= GED_RADIUS_KM]
        nonstate = near["type_of_violence"] == 2
        where = (
            f"UCDP GED Mexico extract {first}-{last}: events within {GED_RADIUS_KM:g} km, "
            f"where_prec <= {GED_MAX_WHERE_PREC}, {year}"
        )
        cid = ctx["context_id"]
        out.add(
            cid,
            "ged_deaths_state",
            int(near.loc[~nonstate, "best"].sum()),
            "ucdp-ged",
            year,
            "radius 25 km",
            "city_events",
            f"{where}; state-based and one-sided 'best' deaths",
        )
        out.add(
            cid,
            "ged_deaths_nonstate",
            int(near.loc[nonstate, "best"].sum()),
            "ucdp-ged",
            year,
            "radius 25 km",
            "city_events",
            f"{where}; non-state (cartel) 'best' deaths",
        )
        out.add(
            cid,
            "ged_events",
            len(near),
            "ucdp-ged",
            year,
            "radius 25 km",
            "city_events",
            f"{where}; number of events",
        )
    return out.frame()
