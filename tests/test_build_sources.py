"""The evidence steps from the new public sources (typology/build: units, population, ...).

Rules are tested on small in-memory tables; the real files in ../shared/data are read when present
(skipped otherwise), and spot checks there recompute a figure from the file itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from typology.build import city_homicide, conflict_near_city, population, protests, units

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


def source_dir() -> Path | None:
    """The public originals: $TYPOLOGY_SOURCE_DIR, else ../shared/data beside the repo."""
    candidate = Path(
        os.environ.get(
            "TYPOLOGY_SOURCE_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"
        )
    )
    return candidate if (candidate / population.WUP_FILE).exists() else None


needs_sources = pytest.mark.skipif(source_dir() is None, reason="public source files not found")


@pytest.fixture(scope="module")
def contexts() -> pd.DataFrame:
    return pd.read_csv(DATA / "cities.csv", keep_default_na=False, na_values=[""])


def _check_rows(frame: pd.DataFrame, fields: set[str]) -> None:
    """The contract every step keeps: fixed columns, one row per context and field, known words."""
    assert tuple(frame.columns) == units.ROW_COLUMNS
    assert not frame.duplicated(["context_id", "field"]).any()
    assert set(frame["field"]) <= fields
    assert set(frame["basis"]) <= {"city_figure", "city_events"}
    assert frame["rationale"].str.len().gt(20).all()


# --- units -------------------------------------------------------------------------------------
def test_haversine_gives_known_distances():
    # One degree of latitude is about 111.2 km; Bogotá to Medellín is about 240 km.
    assert units.haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)
    assert units.haversine_km(4.6097, -74.0817, 6.2518, -75.5636) == pytest.approx(245, abs=10)


@pytest.mark.parametrize(
    ("city", "other", "same"),
    [
        ("Bogotá", "Bogotá", True),
        ("Kyiv", "Kyiv (Kiev)", True),
        ("Raqqa", "Al-Raqqa", True),
        ("Hanoi", "Hà Noi", True),
        ("Diyarbakır", "Diyarbakir", True),
        ("Quezon City", "Manila", False),
        ("Corregidora", "Querétaro", False),
        ("San Fernando", "San Francisco", False),
    ],
)
def test_names_match_spellings_but_not_neighbours(city, other, same):
    assert units.names_match(city, other) is same


def test_source_units_table_is_complete_and_unique():
    table = units.load_source_units()
    assert set(units.SOURCE_UNITS_COLUMNS) <= set(table.columns)
    assert (table[list(units.SOURCE_UNITS_COLUMNS)] != "").all().all(), "a cell is empty"
    assert not table.duplicated(["context_city", "iso3", "source", "unit_code"]).any()


def test_missing_context_columns_give_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="latitude"):
        population.rows(pd.DataFrame({"context_id": ["x"], "city": ["X"]}), tmp_path)


# --- population --------------------------------------------------------------------------------
def _wup(**years: float) -> pd.DataFrame:
    row = {
        "City Code": 1,
        "Urban Agglomeration": "Bayrut (Beirut)",
        "Latitude": 33.89,
        "Longitude": 35.5,
        "iso3": "LBN",
        **{str(k[1:]): v for k, v in years.items()},
    }
    return pd.DataFrame([row])


def _ctx(city="Beirut", iso3="LBN", year=2006, lat=33.9, lon=35.5, cid="c1") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "context_id": cid,
                "city": city,
                "iso3": iso3,
                "year": year,
                "latitude": lat,
                "longitude": lon,
            }
        ]
    )


def test_population_match_needs_both_name_and_distance():
    wup, none = _wup(y2006=1900.5), pd.DataFrame(columns=list(units.SOURCE_UNITS_COLUMNS))
    assert len(population.match(_ctx(), wup, none)) == 1
    assert population.match(_ctx(city="Tripoli"), wup, none).empty  # near, other name
    assert population.match(_ctx(lat=34.4), wup, none).empty  # same name, 56 km away
    assert population.match(_ctx(iso3="SYR"), wup, none).empty  # other country


@needs_sources
def test_population_is_of_the_reference_year_with_its_level(contexts):
    frame = population.rows(contexts, source_dir())
    _check_rows(frame, {"population", "population_year", "population_level"})
    wide = frame.pivot(index="context_id", columns="field", values="value")
    # Kabul grew between 1996 and 2018: each context carries its own year's figure.
    assert wide.loc["kabul-afg-1996", "population"] < wide.loc["kabul-afg-2018", "population"]
    assert (
        wide["population_year"].astype(int)
        == contexts.set_index("context_id").loc[wide.index, "year"]
    ).all()
    assert set(wide["population_level"]) == {"agglomeration"}
    # Under 300,000 or only a part of an agglomeration: no WUP row, so unknown.
    for missing in (
        "dili-tls-2015",
        "timbuktu-mli-2012",
        "quezon-city-phl-2015",
        "corregidora-mex-2015",
        "san-fernando-tto-2015",
    ):
        assert missing not in wide.index
    assert len(wide) / len(contexts) >= 0.9


@needs_sources
def test_population_recomputes_from_the_wup_file(contexts):
    wup = pd.read_csv(source_dir() / population.WUP_FILE)
    beirut = wup.loc[wup["Urban Agglomeration"] == "Bayrut (Beirut)", "2006"].item()
    frame = population.rows(contexts[contexts["context_id"] == "beirut-lbn-2006"], source_dir())
    value = frame.loc[frame["field"] == "population", "value"].item()
    assert value == round(beirut * 1000)


@needs_sources
def test_population_hand_mapping_covers_a_spelling_the_name_check_misses(contexts):
    frame = population.rows(contexts[contexts["city"] == "Geneva"], source_dir())
    assert "Genève" in frame["rationale"].iloc[0]


# --- city homicide series ----------------------------------------------------------------------
def test_pick_year_prefers_the_reference_year_then_the_year_before_then_after():
    assert city_homicide.pick_year({2014, 2015, 2016}, 2015) == 2015
    assert city_homicide.pick_year({2014, 2016}, 2015) == 2014
    assert city_homicide.pick_year({2016, 2017}, 2015) == 2016
    assert city_homicide.pick_year({2003, 2004}, 1995) is None  # outside +-1: unknown


def test_a_rate_is_per_100k_with_two_decimals_and_carries_its_year_and_level():
    ctx = _ctx().iloc[0]
    out = pd.DataFrame(
        city_homicide._figure(ctx, "s", 1992, "city", "why", count=1094, population=3615355)
    ).set_index("field")["value"]
    assert out["homicide_rate"] == pytest.approx(30.26)  # 1,094 / 3,615,355 x 100,000 = 30.259
    assert out["homicide_rate_year"] == 1992 and out["homicide_rate_level"] == "city"
    count_only = city_homicide._figure(ctx, "s", 1992, "city", "why", count=12)
    assert {r["field"] for r in count_only} == {"homicide_count"}  # no population: no rate


def test_census_population_is_exact_or_interpolated_between_two_censuses_only():
    census = pd.DataFrame(
        {
            "context_city": ["X", "X"],
            "iso3": ["MEX", "MEX"],
            "year": ["2010", "2020"],
            "population": ["1000", "2000"],
            "citation": ["c2010", "c2020"],
        }
    )
    assert city_homicide.census_population(census, "X", "MEX", 2010) == (1000, "c2010")
    pop, how = city_homicide.census_population(census, "X", "MEX", 2013)
    assert pop == 1300 and "interpolated" in how
    assert city_homicide.census_population(census, "X", "MEX", 2007)[0] is None
    assert city_homicide.census_population(census, "Y", "MEX", 2013)[0] is None


def test_census_table_is_well_formed_and_for_mapped_cities():
    census = pd.read_csv(city_homicide.CENSUS_FILE, dtype=str, keep_default_na=False)
    assert census["year"].str.fullmatch(r"(19|20)\d\d").all()
    assert census["population"].str.fullmatch(r"[1-9]\d+").all()
    assert census["url"].str.match(r"https?://").all()
    mapped = units.load_source_units(source="mex-inegi-homicides")
    assert set(zip(census["context_city"], census["iso3"], strict=True)) <= set(
        zip(mapped["context_city"], mapped["iso3"], strict=True)
    )


@needs_sources
def test_every_mapped_unit_exists_in_its_source_file():
    src = source_dir()
    known = {
        "us-ucr-marshall": set(pd.read_csv(src / city_homicide.UCR_FILE)["ORI"]),
        "col-policia-homicides": {
            f"{c:05d}" for c in pd.read_csv(src / city_homicide.COLOMBIA_FILE)["municipio_code"]
        },
        "mex-inegi-homicides": set(
            pd.read_csv(src / city_homicide.MEXICO_FILE, dtype={"cve_mun": str})["cve_mun"]
        ),
        "bra-atlas-violencia": set(
            pd.read_csv(src / city_homicide.BRAZIL_FILE)["ibge_mun_code"].astype(str)
        ),
        population.SOURCE_ID: set(pd.read_csv(src / population.WUP_FILE)["City Code"].astype(str)),
    }
    table = units.load_source_units()
    assert set(table["source"]) <= set(known) | {protests.SOURCE_ID}
    places = " | ".join(protests.load_protests(src)["place"])
    for row in table.itertuples(index=False):
        if row.source == protests.SOURCE_ID:  # a spelling: some location must use it
            assert f" {units.normalise_name(row.unit_code)} " in f" {places} ", row.unit_code
        else:
            assert row.unit_code in known[row.source], (row.source, row.unit_code)


@needs_sources
def test_city_homicide_recomputes_los_angeles_1992_from_the_ucr_file(contexts):
    frame = city_homicide.rows(contexts, source_dir())
    _check_rows(
        frame,
        {
            "homicide_rate",
            "homicide_count",
            "homicide_population",
            "homicide_rate_year",
            "homicide_rate_level",
        },
    )
    wide = frame.pivot(index="context_id", columns="field", values="value")
    ucr = pd.read_csv(source_dir() / city_homicide.UCR_FILE)
    la = ucr[(ucr["ORI"] == "CA01942") & (ucr["year"] == 1992)].iloc[0]
    assert wide.loc["los-angeles-usa-1992", "homicide_count"] == la["homs_sum"]
    assert wide.loc["los-angeles-usa-1992", "homicide_rate"] == round(
        la["homs_sum"] / la["total_pop"] * 1e5, 2
    )
    # The city figure, not the national one (about 9 in 1992).
    assert wide.loc["los-angeles-usa-1992", "homicide_rate"] > 25


@needs_sources
def test_city_homicide_uses_the_nearest_year_and_leaves_the_rest_unknown(contexts):
    frame = city_homicide.rows(contexts, source_dir())
    wide = frame.pivot(index="context_id", columns="field", values="value")
    # The police series starts in 2003: Medellín 2002 takes 2003, Bogotá 1993 gets nothing.
    assert wide.loc["medellin-col-2002", "homicide_rate_year"] == 2003
    assert "bogota-col-1993" not in wide.index
    # UCR ends in 2015: Chicago 2016 takes 2015.
    assert wide.loc["chicago-usa-2016", "homicide_rate_year"] == 2015
    # Countries without a series here get no row (unknown), never 0.
    assert not frame["context_id"].str.endswith(("-fra-2015", "-ken-2008")).any()


@needs_sources
def test_mexico_city_sums_its_16_alcaldias_and_brazil_copies_the_atlas_rate(contexts):
    frame = city_homicide.rows(contexts, source_dir())
    wide = frame.pivot(index="context_id", columns="field", values="value")
    mex = pd.read_csv(source_dir() / city_homicide.MEXICO_FILE, dtype={"cve_mun": str})
    codes = [f"09{i:03d}" for i in range(2, 18)]
    total = mex[mex["cve_mun"].isin(codes) & (mex["year_registered"] == 2010)]
    assert wide.loc["mexico-city-mex-2010", "homicide_count"] == total["homicides_registered"].sum()
    assert wide.loc["mexico-city-mex-2010", "homicide_population"] == 8851080  # census 2010
    # No cited population for Acapulco 2015: the count, and no rate.
    assert pd.isna(wide.loc["acapulco-mex-2015", "homicide_rate"])
    bra = pd.read_csv(source_dir() / city_homicide.BRAZIL_FILE)
    sp = bra[(bra["ibge_mun_code"] == 3550308) & (bra["year"] == 2015)]["homicide_rate_per_100k"]
    assert wide.loc["sao-paulo-bra-2015", "homicide_rate"] == sp.item()


@needs_sources
def test_mexican_rates_interpolate_between_cited_censuses_around_the_year(contexts):
    """Issue 14's leftovers: Ciudad Juárez 2007 and Corregidora 2015 fell back to the national
    rate because no census population bracketed the year; with the 2005 count and the 2010 and
    2020 censuses cited they get INEGI's count over an interpolated municipal population."""
    frame = city_homicide.rows(contexts, source_dir())
    wide = frame.pivot(index="context_id", columns="field", values="value")
    census = pd.read_csv(city_homicide.CENSUS_FILE, dtype=str, keep_default_na=False)
    mex = pd.read_csv(source_dir() / city_homicide.MEXICO_FILE, dtype={"cve_mun": str})
    for cid, city, code, year in (
        ("ciudad-juarez-mex-2007", "Ciudad Juárez", "08037", 2007),
        ("corregidora-mex-2015", "Corregidora", "22006", 2015),
    ):
        pop, how = city_homicide.census_population(census, city, "MEX", year)
        assert "interpolated" in how
        count = mex[(mex["cve_mun"] == code) & (mex["year_registered"] == year)]
        assert wide.loc[cid, "homicide_count"] == count["homicides_registered"].sum()
        assert wide.loc[cid, "homicide_population"] == pop
        assert wide.loc[cid, "homicide_rate"] == round(
            count["homicides_registered"].sum() / pop * 1e5, 2
        )
    # Monterrey 2012: no cited census of the municipality before 2012 here, so the count only.
    assert pd.isna(wide.loc["monterrey-mex-2012", "homicide_rate"])
    assert wide.loc["monterrey-mex-2012", "homicide_count"] > 0


@needs_sources
def test_colombian_contexts_follow_the_stated_rule():
    """The 15 most populous departmental capitals of the police file (DANE 2010) at 2004, 2008,
    2012 and 2016 are all selected, each mapped to its DIVIPOLA code; no other context claims
    that rule."""
    col = pd.read_csv(source_dir() / city_homicide.COLOMBIA_FILE)
    caps = col[(col["year"] == 2010) & col["municipio"].str.endswith("(CT)")]
    top = caps.nlargest(15, "population")["municipio_code"].map(lambda c: f"{c:05d}")
    mapped = units.load_source_units(source="col-policia-homicides")
    city_of = dict(zip(mapped["unit_code"], mapped["context_city"], strict=True))
    assert set(top) <= set(city_of)
    selection = pd.read_csv(DATA / "context_selection.csv", dtype=str, keep_default_na=False)
    have = set(zip(selection["city"], selection["year"].astype(int), strict=True))
    wanted = {(city_of[code], year) for code in top for year in (2004, 2008, 2012, 2016)}
    assert wanted <= have
    ruled = selection[selection["note"].str.contains("15 most populous departmental capitals")]
    assert set(zip(ruled["city"], ruled["year"].astype(int), strict=True)) <= wanted


# --- conflict near the city --------------------------------------------------------------------
def _ged(tmp_path: Path, events: list[tuple]) -> Path:
    """A tiny Colombian GED extract: (year, type, where_prec, lat, lon, best) per event."""
    cols = ["year", "type_of_violence", "where_prec", "latitude", "longitude", "best"]
    frame = pd.DataFrame(events, columns=cols)
    frame.insert(0, "id", range(len(frame)))
    frame["country_id"] = 100
    path = tmp_path / "events" / "ucdp_ged191_colombia_hdx.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return tmp_path


def test_ged_counts_events_in_the_radius_year_and_precision_by_type(tmp_path):
    # Bogotá at (4.6, -74.08); 0.09 degrees of latitude is about 10 km, 0.27 about 30 km.
    src = _ged(
        tmp_path,
        [
            (2005, 1, 1, 4.69, -74.08, 10),  # state-based, 10 km: counted
            (2005, 3, 2, 4.60, -74.08, 5),  # one-sided, in town: counted with state-based
            (2005, 2, 3, 4.51, -74.08, 7),  # non-state, 10 km, admin-2 precision: counted
            (2005, 1, 4, 4.60, -74.08, 100),  # only placed in a province: left out
            (2005, 1, 1, 4.87, -74.08, 100),  # 30 km away: left out
            (2004, 1, 1, 4.60, -74.08, 100),  # another year: left out
            (2010, 1, 1, 7.00, -75.00, 1),  # far away, sets the extract's coverage to 2004-2010
        ],
    )
    ctx = _ctx(city="Bogotá", iso3="COL", year=2005, lat=4.60, lon=-74.08)
    out = conflict_near_city.rows(ctx, src).set_index("field")["value"]
    assert out.to_dict() == {"ged_deaths_state": 15, "ged_deaths_nonstate": 7, "ged_events": 3}


def test_ged_gives_zero_inside_coverage_and_nothing_outside(tmp_path):
    src = _ged(tmp_path, [(2004, 1, 1, 7.0, -75.0, 1), (2010, 1, 1, 7.0, -75.0, 1)])
    quiet = _ctx(city="Bogotá", iso3="COL", year=2007, lat=4.6, lon=-74.08)
    frame = conflict_near_city.rows(quiet, src)
    assert set(frame["value"]) == {0} and len(frame) == 3
    assert "covers COL 2004-2010" in frame["rationale"].iloc[0]
    before = _ctx(city="Bogotá", iso3="COL", year=2003, lat=4.6, lon=-74.08)
    assert conflict_near_city.rows(before, src).empty  # the extract does not reach 2003
    elsewhere = _ctx(city="Lima", iso3="PER", year=2007, lat=-12.05, lon=-77.04)
    assert conflict_near_city.rows(elsewhere, src).empty  # no extract for Peru


@needs_sources
def test_ged_rows_for_the_covered_contexts_recompute_from_the_file(contexts):
    frame = conflict_near_city.rows(contexts, source_dir())
    _check_rows(frame, set(conflict_near_city.FIELDS))
    assert set(frame["level"]) == {"radius 25 km"}
    wide = frame.pivot(index="context_id", columns="field", values="value")
    # Syria's extract covers 2016-2019 only: Raqqa 2017 in, Raqqa 2014 out (unknown).
    assert "raqqa-syr-2017" in wide.index and "raqqa-syr-2014" not in wide.index
    # Recompute Mosul 2017 with a plain distance loop over the Iraq file.
    irq = pd.read_csv(source_dir() / "events/ucdp_ged191_iraq_hdx.csv", low_memory=False)
    mosul = contexts.set_index("context_id").loc["mosul-irq-2017"]
    sel = irq[(irq["year"] == 2017) & (irq["where_prec"] <= 3)]
    km = [
        float(units.haversine_km(mosul.latitude, mosul.longitude, a, b))
        for a, b in zip(sel["latitude"], sel["longitude"], strict=True)
    ]
    near = sel[[d <= 25 for d in km]]
    assert wide.loc["mosul-irq-2017", "ged_events"] == len(near)
    assert wide.loc["mosul-irq-2017", "ged_deaths_state"] == int(
        near.loc[near["type_of_violence"].isin([1, 3]), "best"].sum()
    )
    assert wide.loc["mosul-irq-2017", "ged_deaths_state"] > 1000  # the battle for the city


# --- protests ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("place", "found"),
    [
        ("kiev and lviv", True),
        ("presidential palace in kabul", True),
        ("150 kilometres 90 miles northwest of nairobi", False),  # placed away from the city
        ("murru prison near tallinn", False),
        ("california", False),  # "cali" only as a whole word
    ],
)
def test_a_protest_location_must_name_the_city_itself(place, found):
    spellings = ["kiev", "kabul", "nairobi", "tallinn", "cali"]
    assert protests.names_the_city(place, spellings) is found


def _mm(tmp_path: Path, events: list[tuple]) -> Path:
    """A tiny Mass Mobilization file for Kenya: (year, location, violent, killings, shootings)."""
    frame = pd.DataFrame(
        events, columns=["year", "location", "protesterviolence", "killings", "shootings"]
    )
    frame["country"], frame["protest"] = "Kenya", 1
    (tmp_path / "events").mkdir(exist_ok=True)
    frame.to_csv(tmp_path / protests.MM_FILE, index=False)
    names = {column: ["Kenya"] for column in protests._NAME_COLUMNS}
    pd.DataFrame({**names, "ISO 3166-1 Alpha 3-Codes": ["KEN"]}).to_csv(
        tmp_path / protests.TAXONOMY_FILE, index=False
    )
    return tmp_path


def test_protests_count_the_city_over_three_years_by_kind(tmp_path):
    src = _mm(
        tmp_path,
        [
            (2007, "Nairobi", 1, 0, 0),
            (2008, "Nairobi, Kisumu", 1, 1, 0),
            (2009, "Nairobi", 0, 0, 1),
            (2010, "Nairobi", 1, 1, 1),  # outside the window
            (2008, "Mombasa", 1, 1, 1),  # another city
            (1995, "Kisumu", 0, 0, 0),  # sets the file's coverage of Kenya to 1995-2010
        ],
    )
    none = pd.DataFrame(columns=list(units.SOURCE_UNITS_COLUMNS))
    out = protests.rows(_ctx(city="Nairobi", iso3="KEN", year=2008), src, none)
    assert out.set_index("field")["value"].to_dict() == {
        "protests_total": 3,
        "protests_violent": 2,
        "protests_state_lethal": 2,
    }
    quiet = protests.rows(_ctx(city="Eldoret", iso3="KEN", year=2000), src, none)
    assert set(quiet["value"]) == {0}  # covered, nothing there: zero
    assert protests.rows(_ctx(city="Nairobi", iso3="KEN", year=2015), src, none).empty
    assert protests.rows(_ctx(city="Lima", iso3="PER", year=2008), src, none).empty


@needs_sources
def test_protests_recompute_nairobi_2008_and_skip_countries_mm_leaves_out(contexts):
    frame = protests.rows(contexts, source_dir())
    _check_rows(frame, set(protests.FIELDS))
    wide = frame.pivot(index="context_id", columns="field", values="value")
    mm = pd.read_csv(source_dir() / protests.MM_FILE)
    kenya = mm[(mm["country"] == "Kenya") & mm["year"].between(2007, 2009)]
    nairobi = kenya[kenya["location"].fillna("").str.contains("Nairobi")]
    nairobi = nairobi[~nairobi["location"].str.contains("kilomet|miles|outside|near")]
    assert wide.loc["nairobi-ken-2008", "protests_total"] == len(nairobi)
    assert wide.loc["nairobi-ken-2008", "protests_violent"] == nairobi["protesterviolence"].sum()
    # Mass Mobilization does not code the United States: unknown, not zero.
    assert not frame["context_id"].str.contains("-usa-").any()
    # A spelling from source_units.csv: Mass Mobilization writes Kiev.
    assert wide.loc["kyiv-ukr-2015", "protests_total"] > 0
