"""The contexts themselves: which city, which year, where (data/context_selection.csv pinned to
a GeoNames row, or hand-entered with a source), its country's region and income group, and the
hand-entered city figures of the selection (population, homicide rate), each with its source."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from typology.build.catalog import GEONAMES_FILE, TAXONOMY_FILE
from typology.build.proxies import ISO3_TO_GW
from typology.build.rows import Rows

BASE_COLUMNS: tuple[str, ...] = (
    "context_id",
    "city",
    "country",
    "iso3",
    "year",
    "latitude",
    "longitude",
    "region",
    "subregion",
    "income_group",
    "gwcode",
)


def _load_geonames(source_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(source_dir / GEONAMES_FILE, keep_default_na=False)
    return frame.set_index("geonameid")


def _load_taxonomy(source_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(source_dir / TAXONOMY_FILE, keep_default_na=False, dtype=str)
    frame = frame.rename(
        columns={
            "ISO 3166-1 Alpha 3-Codes": "iso3",
            "English Short": "country",
            "Region Name": "region",
            "Sub-region Name": "subregion",
            "World Bank Income Level": "income_group",
        }
    )
    return frame.set_index("iso3")[["country", "region", "subregion", "income_group"]]


def read_selection(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def base(selection: pd.DataFrame, source_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per context with BASE_COLUMNS, provenance rows of those columns and of the
    GeoNames or hand-entered population)."""
    geonames = _load_geonames(Path(source_dir))
    taxonomy = _load_taxonomy(Path(source_dir))
    out = Rows()
    contexts = []
    for sel in selection.to_dict("records"):
        cid, iso3, year = sel["context_id"], sel["iso3"], int(sel["year"])
        if iso3 not in taxonomy.index or iso3 not in ISO3_TO_GW:
            raise ValueError(f"context_selection: {cid}: unknown iso3 {iso3!r}")
        country = taxonomy.loc[iso3]
        why = sel["note"] or "selected to widen coverage of settings and regions"
        source = sel["selection_source"] or sel["population_source"] or "geonames"
        out.add(cid, "city", sel["city"], source, "", "city", "city_figure", why)
        if sel["geonameid"]:
            place = geonames.loc[int(sel["geonameid"])]
            lat, lon = round(float(place["latitude"]), 5), round(float(place["longitude"]), 5)
            where = f"GeoNames {sel['geonameid']} ({place['name']})"
            out.add(cid, "latitude", lat, "geonames", "", "city", "city_figure", where)
            out.add(cid, "longitude", lon, "geonames", "", "city", "city_figure", where)
            out.add(
                cid,
                "population",
                float(place["population"]),
                "geonames",
                "",
                "city",
                "city_figure",
                f"{where}; GeoNames records no reference year for its population figure",
            )
        else:
            lat, lon = round(float(sel["latitude"]), 5), round(float(sel["longitude"]), 5)
            source = sel["population_source"]
            out.add(cid, "latitude", lat, source, "", "city", "city_figure", sel["note"])
            out.add(cid, "longitude", lon, source, "", "city", "city_figure", sel["note"])
            population = float(sel["population"]) if sel["population"] else None
            out.add(
                cid,
                "population",
                population,
                source,
                sel["population_year"],
                sel["population_level"] or "city",
                "city_figure" if population else "none",
                sel["note"],
            )
        for field in ("region", "subregion", "income_group"):
            out.add(
                cid,
                field,
                country[field] or None,
                "ocha-taxonomy",
                "",
                "country",
                "country_proxy",
                "World Bank income level" if field == "income_group" else "M49 classification",
            )
        contexts.append(
            {
                "context_id": cid,
                "city": sel["city"],
                "country": country["country"],
                "iso3": iso3,
                "year": year,
                "latitude": lat,
                "longitude": lon,
                "region": country["region"],
                "subregion": country["subregion"],
                "income_group": country["income_group"] or None,
                "gwcode": ISO3_TO_GW[iso3],
            }
        )
    return pd.DataFrame(contexts, columns=list(BASE_COLUMNS)), out.frame()


def hand_figures(selection: pd.DataFrame) -> pd.DataFrame:
    """City homicide rates entered by hand in the selection, checked against the cited page."""
    out = Rows()
    for sel in selection.to_dict("records"):
        if sel["homicide_rate"]:
            out.add(
                sel["context_id"],
                "homicide_rate",
                float(sel["homicide_rate"]),
                sel["homicide_rate_source"],
                sel["homicide_rate_year"],
                sel["homicide_rate_level"] or "city",
                "city_figure",
                "hand-entered city figure checked against the cited source",
            )
    return out.frame()
