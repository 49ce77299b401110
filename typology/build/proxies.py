"""Country-level figures used for a city when nothing about the city is known (basis
country_proxy): the WDI national homicide rate, the UCDP/PRIO conflict status of the country-year,
the SDG 5.2.1 and UNSD V.2 prevalences. One step: ``rows(contexts, source_dir)``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from typology.build.catalog import (
    ACD_FILE,
    CONFLICT_STATUS_FILE,
    HOMICIDE_FILE,
    IPV_FILE,
    NPSV_FILE,
)
from typology.build.rows import Rows

POST_WAR_YEARS = 10
TERRITORIAL_STATUSES: tuple[str, ...] = ("war", "minor_conflict", "post_war_le10y", "none")
# Homicide years: the reference year, else the nearest year within this window.
HOMICIDE_YEAR_WINDOW = 3
# A WDI homicide value below this fraction of the country's own median is treated as a data error
# (README: Myanmar 2020 = 0.009) and skipped.
HOMICIDE_OUTLIER_FRACTION = 0.1
# Hand-edited: internal conflicts a government fights mostly abroad (cited), not counted for its
# own cities' territorial status.
CONFLICTS_ABROAD_CSV = Path(__file__).resolve().parents[2] / "data" / "conflicts_abroad.csv"


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


# --- loading the public files --------------------------------------------------------------------
def _load_homicide(source_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(source_dir / HOMICIDE_FILE)
    frame = frame.rename(columns={"Country Code": "iso3", "homicides_per_100k": "rate"})
    median = frame.groupby("iso3")["rate"].transform("median")
    frame["outlier"] = (frame["rate"] < HOMICIDE_OUTLIER_FRACTION * median) & (median > 0)
    return frame[["iso3", "year", "rate", "outlier"]]


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


def _nearest_homicide(homicide: pd.DataFrame, iso3: str, year: int) -> tuple[float, int] | None:
    rows = homicide[(homicide["iso3"] == iso3) & ~homicide["outlier"]]
    rows = rows[(rows["year"] - year).abs() <= HOMICIDE_YEAR_WINDOW]
    if rows.empty:
        return None
    # nearest year; ties go to the earlier year (a figure known at the reference time)
    order = rows.assign(dist=(rows["year"] - year).abs()).sort_values(["dist", "year"])
    best = order.iloc[0]
    return float(best["rate"]), int(best["year"])


def _load_conflicts_abroad(path: Path = CONFLICTS_ABROAD_CSV) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=["conflict_id", "gwcode"])
    return pd.read_csv(path, dtype={"conflict_id": int, "gwcode": int})


def drop_conflicts_abroad(acd: pd.DataFrame, abroad: pd.DataFrame) -> pd.DataFrame:
    """ACD conflict-years without the (conflict, government) pairs fought mostly abroad."""
    pairs = set(zip(abroad["conflict_id"], abroad["gwcode"], strict=True))
    keys = pd.Series(list(zip(acd["conflict_id"], acd["gwcode"], strict=True)), index=acd.index)
    return acd[~keys.isin(pairs)]


def rows(contexts: pd.DataFrame, source_dir: Path) -> pd.DataFrame:
    """Country figures for each context (columns context_id, iso3, year, gwcode)."""
    source_dir = Path(source_dir)
    homicide = _load_homicide(source_dir)
    conflict = _load_conflict_status(source_dir)
    acd = _load_acd_territorial(source_dir)
    abroad = _load_conflicts_abroad()
    acd = drop_conflicts_abroad(acd, abroad)
    abroad_ids = abroad.groupby("gwcode")["conflict_id"].agg(lambda s: ", ".join(map(str, s)))
    ipv_by_iso3 = _load_ipv(source_dir)
    npsv_by_iso3 = _load_npsv(source_dir)
    out = Rows()
    for ctx in contexts.to_dict("records"):
        cid, iso3, year = ctx["context_id"], ctx["iso3"], int(ctx["year"])
        gw = ISO3_TO_GW[iso3]
        found = _nearest_homicide(homicide, iso3, year)
        if found is None:
            out.add(
                cid,
                "homicide_rate",
                None,
                "wdi-homicide",
                "",
                "country-proxy",
                "none",
                f"no WDI homicide figure for {iso3} within {HOMICIDE_YEAR_WINDOW} years of "
                f"{year} (or only flagged outliers): left empty",
            )
        else:
            gap = "" if found[1] == year else f" (nearest year to {year})"
            out.add(
                cid,
                "homicide_rate",
                round(found[0], 2),
                "wdi-homicide",
                found[1],
                "country-proxy",
                "country_proxy",
                f"national rate used for the city{gap}",
            )

        if (gw, year) not in conflict.index:
            out.add(
                cid,
                "conflict_status",
                None,
                "ucdp-acd",
                year,
                "country-proxy",
                "none",
                f"GW state {gw} has no row for {year} in the derived status table",
            )
        else:
            status = conflict.loc[(gw, year)]
            since = status["years_since_active"]
            out.add(
                cid,
                "conflict_status",
                str(status["setting_hint"]),
                "ucdp-acd",
                year,
                "country-proxy",
                "country_proxy",
                f"GW {gw}: {int(status['n_conflicts'])} active state-based conflict(s)"
                f"{'' if pd.isna(since) else f', {int(since)} year(s) since last active'}; "
                "a country status: the fighting may be far from the city",
            )
            out.add(
                cid,
                "conflict_intensity",
                int(status["max_intensity"]),
                "ucdp-acd",
                year,
                "country-proxy",
                "country_proxy",
                "maximum ACD intensity that year (0 none, 1 = 25-999 deaths, 2 = 1,000+)",
            )
        territorial, why = territorial_status(acd[acd["gwcode"] == gw], year)
        if gw in abroad_ids:
            why += (
                f"; conflict(s) {abroad_ids[gw]} not counted: fought mostly abroad "
                "(data/conflicts_abroad.csv)"
            )
        out.add(
            cid,
            "territorial_conflict",
            territorial,
            "ucdp-acd",
            year,
            "country-proxy",
            "country_proxy",
            f"GW {gw} as government side of intrastate/internationalised conflicts: {why}. "
            "Interstate conflicts are not counted",
        )

        ipv = float(ipv_by_iso3[iso3]) if iso3 in ipv_by_iso3.index else None
        out.add(
            cid,
            "ipv_prevalence",
            ipv,
            "sdg521-ipv",
            2018,
            "country-proxy",
            "none" if ipv is None else "country_proxy",
            "national modelled estimate, women 15+, past 12 months"
            if ipv is not None
            else f"no 2018 SDG 5.2.1 estimate for {iso3}",
        )
        if iso3 in npsv_by_iso3.index:
            row = npsv_by_iso3.loc[iso3]
            why = f"national survey, women {row['ages']}; lifetime (since age 15) measure"
            if row["comment"]:
                why += f"; portal comment: {row['comment']}"
            out.add(
                cid,
                "npsv_prevalence",
                float(row["value"]),
                "unsd-v2-npsv",
                int(row["year"]),
                "country-proxy",
                "country_proxy",
                why,
            )
        else:
            out.add(
                cid,
                "npsv_prevalence",
                None,
                "unsd-v2-npsv",
                "",
                "country-proxy",
                "none",
                f"no UNSD V.2 survey value for {iso3}",
            )
    return out.frame()
