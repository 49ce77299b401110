"""Protests in the city from the Mass Mobilization data (Clark and Regan), reference year +-1.

Mass Mobilization codes protests of 50 or more people against a government, 1990-2020, with a
free-text location. A protest counts for a city when its location names the city (or a spelling
listed for it in data/source_units.csv, source "mass-mobilization") as whole words, and does not
place it at a distance from the city ("50 km from", "outside"). For each context, over the
reference year and the years either side, three counts: all protests, protests with protester
violence (protesterviolence = 1) and protests the state met with killings or shootings. A country
is covered from the first to the last year it appears in the file (the public copy holds only
protest rows); inside that span no matching protest is a zero, outside it there is no row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from typology.build.units import as_rows, check_contexts, load_source_units, normalise_name

MM_FILE = "events/mass_mobilization_mm_master_emfib.csv"
TAXONOMY_FILE = "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
SOURCE_ID = "mass-mobilization"
WINDOW = 1  # years either side of the reference year
FIELDS = ("protests_total", "protests_violent", "protests_state_lethal")
# MM country names the OCHA taxonomy does not list; former states are left out on purpose.
MM_ISO3 = {
    "Ivory Coast": "CIV",
    "Congo Brazzaville": "COG",
    "Congo Kinshasa": "COD",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "United Arab Emirate": "ARE",
    "Taiwan": "TWN",
    "North Korea": "PRK",
    "South Korea": "KOR",
    "Laos": "LAO",
    "Vietnam": "VNM",
    "Slovak Republic": "SVK",
    "Macedonia": "MKD",
    "Bosnia": "BIH",
}
_ELSEWHERE = re.compile(r"\b(km|kms|kilomet\w*|miles?|outside|near)\b")
_NAME_COLUMNS = (
    "Preferred Term",
    "ISO Alt Term",
    "DGACM Alt Term",
    "HPC Tools Alt Term",
    "RW Short Name",
    "RW API Alt Term",
    "English Short",
    "M49 English",
)

SOURCES: list[dict] = [
    {
        "source_id": SOURCE_ID,
        "citation": "Clark, David H. and Patrick M. Regan, Mass Mobilization Protest Data "
        "(Binghamton University and University of Notre Dame), protests of 50+ people against "
        "governments, 1990-2020, original on Harvard Dataverse; read from a cleaned public copy. "
        "Derived counts only.",
        "url": "https://www.binghamton.edu/political-science/massmobilization.html",
        "licence": "terms not verified: derived counts with citation only",
    }
]


@lru_cache(maxsize=4)
def country_iso3(source_dir: str) -> dict[str, str]:
    """Normalised country name -> ISO3, from the OCHA taxonomy's names plus MM_ISO3."""
    taxonomy = pd.read_csv(Path(source_dir) / TAXONOMY_FILE, dtype=str, keep_default_na=False)
    lookup: dict[str, str] = {}
    for column in _NAME_COLUMNS:
        for name, iso3 in zip(taxonomy[column], taxonomy["ISO 3166-1 Alpha 3-Codes"], strict=True):
            if name:
                lookup.setdefault(normalise_name(name), iso3)
    lookup.update({normalise_name(name): iso3 for name, iso3 in MM_ISO3.items()})
    return lookup


def load_protests(source_dir: Path) -> pd.DataFrame:
    """Mass Mobilization protest rows with ISO3, year and a normalised location."""
    mm = pd.read_csv(Path(source_dir) / MM_FILE)
    lookup = country_iso3(str(source_dir))
    mm = mm[mm["protest"] == 1].copy()
    mm["iso3"] = mm["country"].map(lambda name: lookup.get(normalise_name(name)))
    mm["place"] = mm["location"].fillna("").map(normalise_name)
    return mm.dropna(subset=["iso3"])


def names_the_city(place: str, spellings: list[str]) -> bool:
    """The normalised location names one spelling as whole words and is not 'N km from' it."""
    if _ELSEWHERE.search(place):
        return False
    return any(re.search(rf"\b{re.escape(s)}\b", place) for s in spellings)


def rows(
    contexts: pd.DataFrame, source_dir: Path, units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """protests_total, protests_violent, protests_state_lethal per covered context."""
    check_contexts(contexts)
    units = load_source_units(source=SOURCE_ID) if units is None else units
    mm = load_protests(source_dir)
    span = mm.groupby("iso3")["year"].agg(["min", "max"])
    records = []
    for ctx in contexts.itertuples(index=False):
        if ctx.iso3 not in span.index:
            continue
        first, last = (int(v) for v in span.loc[ctx.iso3])
        year = int(ctx.year)
        years = [y for y in range(year - WINDOW, year + WINDOW + 1) if first <= y <= last]
        if year not in years:
            continue
        extra = units[(units["context_city"] == ctx.city) & (units["iso3"] == ctx.iso3)]
        spellings = sorted({normalise_name(ctx.city), *map(normalise_name, extra["unit_code"])})
        pool = mm[(mm["iso3"] == ctx.iso3) & mm["year"].isin(years)]
        mask = [names_the_city(place, spellings) for place in pool["place"]]
        hit = pool.loc[pd.Series(mask, index=pool.index, dtype=bool)]
        counts = {
            "protests_total": len(hit),
            "protests_violent": int((hit["protesterviolence"] == 1).sum()),
            "protests_state_lethal": int(((hit["killings"] == 1) | (hit["shootings"] == 1)).sum()),
        }
        why = (
            f"Mass Mobilization: {counts['protests_total']} protests against the government "
            f"located in {ctx.city} in {years[0]}-{years[-1]} (location naming "
            f"{' / '.join(spellings)}), {counts['protests_violent']} with protester violence, "
            f"{counts['protests_state_lethal']} met with killings or shootings; the file covers "
            f"{ctx.iso3} {first}-{last}, protests of 50+ people only"
        )
        for field in FIELDS:
            records.append(
                {
                    "context_id": ctx.context_id,
                    "field": field,
                    "value": counts[field],
                    "source_id": SOURCE_ID,
                    "year": year,
                    "level": "city",
                    "basis": "city_events",
                    "rationale": why,
                }
            )
    return as_rows(records)
