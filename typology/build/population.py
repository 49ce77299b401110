"""Population of the reference year: UN World Urbanization Prospects 2018, urban agglomerations.

A context gets the WUP figure of its reference year when an agglomeration of the same country lies
within MATCH_RADIUS_KM of the city's coordinates AND carries the city's name (either alone is not
enough: Quezon City lies inside Metro Manila, Corregidora beside Querétaro). WUP lists only
agglomerations of 300,000+, so smaller cities (Dili, San Fernando, Timbuktu) get no row: unknown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from typology.build.units import (
    as_rows,
    check_contexts,
    haversine_km,
    load_source_units,
    names_match,
    thousands,
)

WUP_FILE = "city/un_wup2018_F22_cities_over_300k_annual_1950_2035.csv"
TAXONOMY_FILE = "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
MATCH_RADIUS_KM = 25.0
SOURCE_ID = "un-wup-2018"

SOURCES: list[dict] = [
    {
        "source_id": SOURCE_ID,
        "citation": "United Nations, Department of Economic and Social Affairs, Population "
        "Division (2018). World Urbanization Prospects: The 2018 Revision, File 22: Annual "
        "Population of Urban Agglomerations with 300,000 Inhabitants or More in 2018, by "
        "Country, 1950-2035 (thousands).",
        "url": "https://population.un.org/wup/faqs",
        "licence": "CC BY 3.0 IGO",
    }
]


def load_wup(source_dir: Path) -> pd.DataFrame:
    """WUP file 22 with the ISO3 code of its country (from the M49 code)."""
    wup = pd.read_csv(Path(source_dir) / WUP_FILE)
    taxonomy = pd.read_csv(Path(source_dir) / TAXONOMY_FILE, dtype=str, keep_default_na=False)
    m49 = taxonomy.set_index(taxonomy["m49 numerical code"].str.strip())
    iso3 = m49["ISO 3166-1 Alpha 3-Codes"]
    wup["iso3"] = wup["Country Code"].astype(str).map(iso3[~iso3.index.duplicated()])
    return wup


def match(
    contexts: pd.DataFrame, wup: pd.DataFrame, units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per matched context: its agglomeration (City Code, name) and the distance in km.

    A row of data/source_units.csv for this source names the agglomeration outright (a spelling or
    a distance the automatic match misses); otherwise the nearest named agglomeration wins.
    """
    units = load_source_units(source=SOURCE_ID) if units is None else units
    by_hand = {(u.context_city, u.iso3): u.unit_code for u in units.itertuples(index=False)}
    found = []
    for ctx in contexts.itertuples(index=False):
        if pd.isna(ctx.latitude) or pd.isna(ctx.longitude):
            continue
        code = by_hand.get((ctx.city, ctx.iso3))
        if code is not None:
            hit = wup[wup["City Code"].astype(str) == str(code)]
            if hit.empty:
                raise ValueError(f"source_units.csv: WUP City Code {code} ({ctx.city}) not found")
            best = hit.iloc[0]
            km = float(
                haversine_km(ctx.latitude, ctx.longitude, best["Latitude"], best["Longitude"])
            )
            found.append(
                {
                    "context_id": ctx.context_id,
                    "city_code": best["City Code"],
                    "agglomeration": best["Urban Agglomeration"],
                    "km": km,
                }
            )
            continue
        same = wup[wup["iso3"] == ctx.iso3]
        if same.empty:
            continue
        dist = haversine_km(ctx.latitude, ctx.longitude, same["Latitude"], same["Longitude"])
        near = same.assign(km=dist)[dist <= MATCH_RADIUS_KM].sort_values("km")
        mask = [names_match(ctx.city, name) for name in near["Urban Agglomeration"]]
        named = near.loc[pd.Series(mask, index=near.index, dtype=bool)]
        if not named.empty:
            best = named.iloc[0]
            found.append(
                {
                    "context_id": ctx.context_id,
                    "city_code": best["City Code"],
                    "agglomeration": best["Urban Agglomeration"],
                    "km": best["km"],
                }
            )
    return pd.DataFrame(found, columns=["context_id", "city_code", "agglomeration", "km"])


def rows(
    contexts: pd.DataFrame, source_dir: Path, units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """population, population_year, population_level for each context WUP covers."""
    check_contexts(contexts)
    wup = load_wup(source_dir)
    years = {int(c) for c in wup.columns if str(c).isdigit()}
    matched = match(contexts, wup, units).set_index("context_id")
    by_code = wup.set_index("City Code")
    records = []
    for ctx in contexts.itertuples(index=False):
        if ctx.context_id not in matched.index or int(ctx.year) not in years:
            continue
        hit = matched.loc[ctx.context_id]
        year = int(ctx.year)
        thousands_ = float(by_code.loc[hit["city_code"], str(year)])
        people = round(thousands_ * 1000)
        why = (
            f"WUP 2018 F22: {hit['agglomeration']} (code {hit['city_code']}), "
            f"{thousands_:,.3f} thousand = {thousands(people)} people in {year}, urban "
            f"agglomeration {hit['km']:.1f} km from the city's coordinates"
        )
        base = {
            "context_id": ctx.context_id,
            "source_id": SOURCE_ID,
            "year": year,
            "level": "agglomeration",
            "basis": "city_figure",
            "rationale": why,
        }
        for field, value in (
            ("population", people),
            ("population_year", year),
            ("population_level", "agglomeration"),
        ):
            records.append({**base, "field": field, "value": value})
    return as_rows(records)
