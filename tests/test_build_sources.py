"""The evidence steps from the new public sources (typology/build: units, population, ...).

Rules are tested on small in-memory tables; the real files in ../shared/data are read when present
(skipped otherwise), and spot checks there recompute a figure from the file itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from typology.build import population, units

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
