"""Organised violence near the city: UCDP GED events within GED_RADIUS_KM in the reference year.

For every GED country extract on disk, a context in that country gets three figures for its
reference year, from events located within GED_RADIUS_KM of the city's coordinates with a
location precision of where_prec <= MAX_WHERE_PREC (1 exact place, 2 within about 25 km,
3 second-order administrative unit): deaths in state-based conflict and one-sided violence
(type_of_violence 1 and 3), deaths in non-state conflict (type 2), both as UCDP's best estimate,
and the number of events. Only country-years the extract covers (its first to last year) get rows;
inside them, no event nearby is a zero: UCDP recorded no organised-violence death there.
GED deaths are organised-violence deaths, never homicides.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from typology.build.units import as_rows, check_contexts, haversine_km

GED_RADIUS_KM = 25.0
MAX_WHERE_PREC = 3
STATE_TYPES = (1, 3)  # state-based conflict and one-sided violence
NONSTATE_TYPES = (2,)
# Gleditsch-Ward state number (country_id) -> ISO3, for the extracts on disk.
GW_ISO3 = {
    70: "MEX",
    100: "COL",
    369: "UKR",
    475: "NGA",
    625: "SDN",
    626: "SSD",
    645: "IRQ",
    652: "SYR",
    770: "PAK",
    840: "PHL",
}
# file -> (source_id, GED version as stated by the source data README)
EXTRACTS = {
    "events/ucdp_ged191_colombia_hdx.csv": ("ucdp-ged-191-colombia", "GED 19.1"),
    "events/ucdp_ged191_iraq_hdx.csv": ("ucdp-ged-191-iraq", "GED 19.1"),
    "events/ucdp_ged201_nigeria_hdx.csv": ("ucdp-ged-201-nigeria", "GED 20.1"),
    "events/ucdp_ged221_pakistan_hdx.csv": ("ucdp-ged-221-pakistan", "GED 22.1"),
    "events/ucdp_ged221_philippines_hdx.csv": ("ucdp-ged-221-philippines", "GED 22.1"),
    "events/ucdp_ged221_south_sudan_hdx.csv": ("ucdp-ged-221-south-sudan", "GED 22.1"),
    "events/ucdp_ged221_ukraine_hdx.csv": ("ucdp-ged-221-ukraine", "GED 22.1"),
    "events/ucdp_ged231plus_sudan_hdx.csv": ("ucdp-ged-231-sudan", "GED 23.1 plus candidate"),
    "events/ucdp_ged_syria_2016_2019_knapply.csv": ("ucdp-ged-syria-2016-2019", "GED Syria"),
    "ucdp_ged_mexico_netify.csv": ("ucdp-ged-mexico", "GED 23.1"),
}
FIELDS = ("ged_deaths_state", "ged_deaths_nonstate", "ged_events")
_COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "where_prec",
    "latitude",
    "longitude",
    "best",
    "country_id",
]

SOURCES: list[dict] = [
    {
        "source_id": source_id,
        "citation": f"UCDP Georeferenced Event Dataset, {version}, country extract ({path}); "
        "Sundberg and Melander (2013), Journal of Peace Research 50(4): 523-532.",
        "url": "https://ucdp.uu.se/downloads/",
        "licence": "CC BY 4.0",
    }
    for path, (source_id, version) in EXTRACTS.items()
]


def load_extract(path: Path) -> pd.DataFrame:
    """The columns the step needs, numeric, with the ISO3 code of each event's country."""
    frame = pd.read_csv(path, usecols=_COLUMNS, low_memory=False)
    frame = frame.apply(pd.to_numeric, errors="coerce").dropna(subset=_COLUMNS)
    frame = frame.astype({"year": int, "type_of_violence": int, "country_id": int})
    frame["iso3"] = frame["country_id"].map(GW_ISO3)
    return frame


def city_events(events: pd.DataFrame, lat: float, lon: float, year: int) -> pd.DataFrame:
    """Events of the year within the radius, precise enough to place them there."""
    same_year = events[(events["year"] == year) & (events["where_prec"] <= MAX_WHERE_PREC)]
    dist = haversine_km(lat, lon, same_year["latitude"], same_year["longitude"])
    return same_year[dist <= GED_RADIUS_KM]


def summarise(near: pd.DataFrame) -> dict[str, int]:
    types = near["type_of_violence"]
    return {
        "ged_deaths_state": int(near.loc[types.isin(STATE_TYPES), "best"].sum()),
        "ged_deaths_nonstate": int(near.loc[types.isin(NONSTATE_TYPES), "best"].sum()),
        "ged_events": len(near),
    }


def rows(contexts: pd.DataFrame, source_dir: Path) -> pd.DataFrame:
    """ged_deaths_state, ged_deaths_nonstate, ged_events per covered context."""
    check_contexts(contexts)
    records = []
    for path, (source_id, version) in EXTRACTS.items():
        file = Path(source_dir) / path
        if not file.exists():
            continue
        events = load_extract(file)
        for iso3, country in events.groupby("iso3"):
            first, last = int(country["year"].min()), int(country["year"].max())
            mine = contexts[(contexts["iso3"] == iso3) & contexts["year"].between(first, last)]
            for ctx in mine.dropna(subset=["latitude", "longitude"]).itertuples(index=False):
                year = int(ctx.year)
                figures = summarise(city_events(country, ctx.latitude, ctx.longitude, year))
                why = (
                    f"UCDP {version}: {figures['ged_events']} events within "
                    f"{GED_RADIUS_KM:.0f} km of {ctx.city} in {year} (where_prec <= "
                    f"{MAX_WHERE_PREC}), {figures['ged_deaths_state']} state-based/one-sided and "
                    f"{figures['ged_deaths_nonstate']} non-state deaths (best estimates); the "
                    f"extract covers {iso3} {first}-{last}"
                )
                for field in FIELDS:
                    records.append(
                        {
                            "context_id": ctx.context_id,
                            "field": field,
                            "value": figures[field],
                            "source_id": source_id,
                            "year": year,
                            "level": "radius 25 km",
                            "basis": "city_events",
                            "rationale": why,
                        }
                    )
    return as_rows(records)
