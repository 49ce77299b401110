"""City homicide series: one named public series per country, numerator and denominator alike.

Each context of a covered country gets the figure of its reference year, else of the year before,
else of the year after (REFERENCE_WINDOW). The city is found in each series through the hand-edited
map data/source_units.csv (police agency, DIVIPOLA, INEGI or IBGE code), never by name matching:

- United States: FBI Uniform Crime Reports for 68 large agencies (The Marshall Project's table):
  homicides / agency population; years with fewer than 12 months reported are skipped.
- Colombia: Policía Nacional homicides and the DANE population of the municipality.
- Mexico: INEGI deaths by homicide by municipality of occurrence, year registered. The population
  is an INEGI census or count figure for the same municipalities (data/census_populations.csv),
  interpolated linearly between two of them when the year falls between (said in the rationale);
  without one, only the count is given.
- Brazil: the Atlas da Violência rate of the municipality (no count or population in the file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from typology.build.units import as_rows, check_contexts, load_source_units, thousands

UCR_FILE = "city/us_ucr_crime_68cities_1975_2015_marshallproject.csv"
COLOMBIA_FILE = "city/colombia_policia_homicides_municipality_year_2003_2024.csv"
MEXICO_FILE = "city/mexico_inegi_homicides_by_municipality_1990_2015.csv"
BRAZIL_FILE = "city/brazil_atlas_violencia_homicide_rate_municipality_2000_2019.csv"
CENSUS_FILE = Path(__file__).resolve().parents[2] / "data" / "census_populations.csv"
REFERENCE_WINDOW = (0, -1, 1)  # the reference year, else the year before, else the year after
PER = 100_000

SOURCES: list[dict] = [
    {
        "source_id": "us-ucr-marshall",
        "citation": "The Marshall Project (2016). Crime in Context: FBI Uniform Crime Reporting "
        "data for 68 police agencies, 1975-2015 (homicides, population, rates).",
        "url": "https://www.themarshallproject.org/2016/08/18/crime-in-context",
        "licence": "FBI UCR data, US public domain",
    },
    {
        "source_id": "col-policia-homicides",
        "citation": "Policía Nacional de Colombia (SIEDCO), homicides by municipality and year, "
        "2003-2024, with DANE population (public repository copy homicidios_Colombia_2003_2024). "
        "Medicina Legal (Forensis) counts differ; this is the police series.",
        "url": "",
        "licence": "Policía Nacional open data; repository copy without licence",
    },
    {
        "source_id": "mex-inegi-homicides",
        "citation": "INEGI, Estadísticas de defunciones registradas: deaths by homicide by "
        "municipality of occurrence and year registered, 1990-2015 (annual totals, public "
        "repository copy INEGIMurderData).",
        "url": "",
        "licence": "INEGI open terms; repository copy without licence",
    },
    {
        "source_id": "inegi-census",
        "citation": "INEGI, Censos de Población y Vivienda 1990-2020, Conteos 1995 and 2005, "
        "Encuesta Intercensal 2015: municipal populations as listed, each with the page it was "
        "read from, in data/census_populations.csv.",
        "url": "",
        "licence": "INEGI open terms",
    },
    {
        "source_id": "bra-atlas-violencia",
        "citation": "IPEA and FBSP, Atlas da Violência: homicide rate per 100,000 by "
        "municipality, 2000-2019 (from the Ministry of Health's mortality system, SIM).",
        "url": "https://www.ipea.gov.br/atlasviolencia/pg/26/perguntas-frequentes",
        "licence": "IPEA terms not stated: cite IPEA",
    },
]


def pick_year(available, year: int) -> int | None:
    """The reference year if the series has it, else the year before, else the year after."""
    have = {int(y) for y in available}
    for step in REFERENCE_WINDOW:
        if year + step in have:
            return year + step
    return None


def _figure(
    ctx, source_id: str, year: int, level: str, why: str, *, count=None, population=None, rate=None
) -> list[dict]:
    """Rows for one city-year figure; a rate is computed from count and population when absent."""
    if rate is None and count is not None and population:
        rate = round(count / population * PER, 2)
    base = {
        "context_id": ctx.context_id,
        "source_id": source_id,
        "year": year,
        "level": level,
        "basis": "city_figure",
        "rationale": why,
    }
    fields = [("homicide_count", count), ("homicide_population", population)]
    if rate is not None:
        fields += [
            ("homicide_rate", round(float(rate), 2)),
            ("homicide_rate_year", year),
            ("homicide_rate_level", level),
        ]
    return [{**base, "field": f, "value": v} for f, v in fields if v is not None]


def _rate_text(count: int, population: float) -> str:
    return f"{thousands(count)} / {thousands(population)} people = {count / population * PER:.2f}"


# --- one function per series: (contexts with their unit rows, source_dir) -> records ------------
def _ucr(pairs, source_dir: Path) -> list[dict]:
    ucr = pd.read_csv(source_dir / UCR_FILE)
    full = ucr["months_reported"].isna() | (ucr["months_reported"] == 12)
    ucr = ucr[full & ucr["homs_sum"].notna() & (ucr["total_pop"] > 0)]
    out = []
    for ctx, unit in pairs:
        series = ucr[ucr["ORI"] == unit.iloc[0]["unit_code"]].set_index("year")
        year = pick_year(series.index, int(ctx.year))
        if year is None:
            continue
        row = series.loc[year]
        count, pop = int(row["homs_sum"]), int(row["total_pop"])
        origin = "" if pd.isna(row["source"]) else f"; {row['source']}"
        why = (
            f"UCR: {_rate_text(count, pop)} per 100,000 ({unit.iloc[0]['unit_name']}, "
            f"{year}{origin})"
        )
        out += _figure(
            ctx, "us-ucr-marshall", year, unit.iloc[0]["level"], why, count=count, population=pop
        )
    return out


def _colombia(pairs, source_dir: Path) -> list[dict]:
    col = pd.read_csv(source_dir / COLOMBIA_FILE)
    out = []
    for ctx, unit in pairs:
        code = int(unit.iloc[0]["unit_code"])
        series = (
            col[col["municipio_code"] == code]
            .groupby("year")[["total_homicides", "population"]]
            .sum()
        )
        year = pick_year(series.index, int(ctx.year))
        if year is None:
            continue
        count, pop = int(series.loc[year, "total_homicides"]), int(series.loc[year, "population"])
        why = (
            f"Policía Nacional: {_rate_text(count, pop)} per 100,000 (DANE population; "
            f"{unit.iloc[0]['unit_name']}, DIVIPOLA {unit.iloc[0]['unit_code']}, {year})"
        )
        out += _figure(
            ctx,
            "col-policia-homicides",
            year,
            unit.iloc[0]["level"],
            why,
            count=count,
            population=pop,
        )
    return out


def census_population(census: pd.DataFrame, city: str, iso3: str, year: int):
    """(population, how) for the year: a census figure, or linear between the two around it."""
    rows_ = census[(census["context_city"] == city) & (census["iso3"] == iso3)]
    known = rows_.set_index(rows_["year"].astype(int))["population"].astype(int).sort_index()
    if year in known.index:
        cite = rows_.loc[rows_["year"].astype(int) == year, "citation"].iloc[0]
        return int(known[year]), cite
    before, after = known[known.index < year], known[known.index > year]
    if before.empty or after.empty:
        return None, ""
    (y0, p0), (y1, p1) = (before.index[-1], before.iloc[-1]), (after.index[0], after.iloc[0])
    pop = round(p0 + (p1 - p0) * (year - y0) / (y1 - y0))
    how = (
        f"INEGI population interpolated linearly between {y0} ({thousands(p0)}) and {y1} "
        f"({thousands(p1)})"
    )
    return pop, how


def _mexico(pairs, source_dir: Path, census: pd.DataFrame) -> list[dict]:
    mex = pd.read_csv(source_dir / MEXICO_FILE, dtype={"cve_mun": str})
    covered = set(mex["year_registered"].astype(int))
    out = []
    for ctx, unit in pairs:
        codes = list(unit["unit_code"])
        year = pick_year(covered, int(ctx.year))
        if year is None:
            continue
        hit = mex[mex["cve_mun"].isin(codes) & (mex["year_registered"] == year)]
        count = int(hit["homicides_registered"].sum())
        where = (
            unit.iloc[0]["unit_name"] + f", INEGI {codes[0]}"
            if len(codes) == 1
            else f"{len(hit)} of the {len(codes)} INEGI units {codes[0]}-{codes[-1]}"
        )
        pop, how = census_population(census, ctx.city, ctx.iso3, year)
        level = unit.iloc[0]["level"]
        if pop is None:
            why = (
                f"INEGI: {thousands(count)} homicides registered in {year} ({where}); no "
                f"census population of that year cited here, so no rate"
            )
            out += _figure(ctx, "mex-inegi-homicides", year, level, why, count=count)
        else:
            why = (
                f"INEGI: {_rate_text(count, pop)} per 100,000 (homicides registered in {year}, "
                f"{where}; population: {how})"
            )
            out += _figure(
                ctx, "mex-inegi-homicides", year, level, why, count=count, population=pop
            )
    return out


def _brazil(pairs, source_dir: Path) -> list[dict]:
    bra = pd.read_csv(source_dir / BRAZIL_FILE)
    out = []
    for ctx, unit in pairs:
        series = bra[bra["ibge_mun_code"] == int(unit.iloc[0]["unit_code"])].set_index("year")
        year = pick_year(series.index, int(ctx.year))
        if year is None:
            continue
        rate = float(series.loc[year, "homicide_rate_per_100k"])
        why = (
            f"Atlas da Violência: {rate:.2f} homicides per 100,000 ({unit.iloc[0]['unit_name']}, "
            f"IBGE {unit.iloc[0]['unit_code']}, {year})"
        )
        out += _figure(ctx, "bra-atlas-violencia", year, unit.iloc[0]["level"], why, rate=rate)
    return out


SERIES: dict[str, Callable] = {
    "us-ucr-marshall": _ucr,
    "col-policia-homicides": _colombia,
    "mex-inegi-homicides": _mexico,
    "bra-atlas-violencia": _brazil,
}


def rows(
    contexts: pd.DataFrame,
    source_dir: Path,
    units: pd.DataFrame | None = None,
    census: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """homicide_rate/_count/_population/_rate_year/_rate_level for each city a series covers."""
    check_contexts(contexts)
    source_dir = Path(source_dir)
    units = load_source_units() if units is None else units
    census = (
        pd.read_csv(CENSUS_FILE, dtype=str, keep_default_na=False) if census is None else census
    )
    records = []
    for source_id, series in SERIES.items():
        mine = units[units["source"] == source_id]
        pairs = []
        for ctx in contexts.itertuples(index=False):
            unit = mine[(mine["context_city"] == ctx.city) & (mine["iso3"] == ctx.iso3)]
            if not unit.empty:
                pairs.append((ctx, unit))
        if not pairs:
            continue
        if source_id == "mex-inegi-homicides":
            records += series(pairs, source_dir, census)
        else:
            records += series(pairs, source_dir)
    return as_rows(records)
