"""The shipped evidence tables (practices, literature, glossary) and their loaders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from typology.practices import (
    ENTRY_POINTS,
    EVIDENCE_GRADES,
    FAILURE_GRADES,
    PracticeDataError,
    load_glossary,
    load_literature,
    load_practices,
)
from typology.schema import REGIONS, SETTINGS

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def practices() -> pd.DataFrame:
    return load_practices(DATA / "practices.csv")


@pytest.fixture(scope="module")
def literature() -> pd.DataFrame:
    return load_literature(DATA / "literature.csv")


@pytest.fixture(scope="module")
def glossary() -> pd.DataFrame:
    return load_glossary(DATA / "glossary.csv")


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    sources = pd.read_csv(DATA / "sources_practices.csv", dtype=str, keep_default_na=False)
    assert list(sources.columns) == ["source_id", "citation", "url", "licence", "accessed"]
    assert sources["source_id"].is_unique
    assert (sources["citation"].str.len() > 0).all()
    assert sources["url"].str.match(r"^https?://").all()
    return set(sources["source_id"])


def test_shipped_tables_validate(practices, literature, glossary):
    assert not practices.empty and not literature.empty and not glossary.empty


def test_ids_unique(practices, literature):
    assert practices["practice_id"].is_unique
    assert literature["work_id"].is_unique


def test_list_columns_are_python_lists(practices):
    for column in ("violence_types", "settings", "sources"):
        assert practices[column].map(lambda v: isinstance(v, list)).all()


def test_every_practice_has_a_source(practices):
    assert practices["sources"].map(len).gt(0).all()


def test_every_source_id_exists(practices, literature, glossary, source_ids):
    referenced = set().union(*practices["sources"], *glossary["sources"])
    referenced |= set(literature["source_id"])
    assert referenced - source_ids == set()


def test_vocabularies(practices):
    assert set(practices["entry_point"]) <= set(ENTRY_POINTS)
    assert set(practices["evidence_grade"]) <= set(EVIDENCE_GRADES)


def test_coverage(practices):
    assert len(practices) >= 60
    assert set(REGIONS) <= set(practices["region"])
    assert set(SETTINGS) <= set().union(*practices["settings"])


def test_failure_report_has_entries(practices):
    assert practices["evidence_grade"].isin(FAILURE_GRADES).sum() >= 5


def test_literature_size_and_references(literature, practices):
    assert len(literature) >= 20
    known = set(practices["practice_id"])
    assert set().union(*literature["practices"]) - known == set()


def test_glossary_has_the_seed_terms(glossary):
    seeds = {"confluence", "nexus", "overlap", "integrated approach", "complementarity", "local"}
    assert seeds <= set(glossary["term"])


def test_loader_rejects_malformed_table(tmp_path):
    frame = pd.read_csv(DATA / "practices.csv", dtype=str, keep_default_na=False)
    frame.loc[2, "evidence_grade"] = "works_great"
    frame.loc[4, "settings"] = "stable;war"
    bad = tmp_path / "practices.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(PracticeDataError) as info:
        load_practices(bad)
    message = str(info.value)
    assert "row 4, column 'evidence_grade'" in message
    assert "works_great" in message
    assert "row 6, column 'settings'" in message
    assert len(info.value.problems) == 2


def test_loader_reports_missing_column(tmp_path):
    frame = pd.read_csv(DATA / "practices.csv", dtype=str, keep_default_na=False)
    bad = tmp_path / "practices.csv"
    frame.drop(columns=["lessons"]).to_csv(bad, index=False)
    with pytest.raises(PracticeDataError, match="table: column 'lessons'"):
        load_practices(bad)


def test_loader_reports_missing_file(tmp_path):
    with pytest.raises(PracticeDataError, match="file not found"):
        load_practices(tmp_path / "nope.csv")


# Cities named in the TWG's meeting reports (shared/seeds) that have at least one documented
# practice. Mexico City, San Fernando, Raqqa and Los Angeles are named there too but have no
# verified practice yet: add them here once they do.
TWG_CITIES_WITH_PRACTICES = {
    "Palermo",
    "Bogotá",
    "Guadalajara",
    "Corregidora",
    "Quito",
    "Durban",
    "Johannesburg",
    "Seoul",
    "Abidjan",
    "Ouagadougou",
    "Nairobi",
    "Montréal",
    "Dakar",
    "Quezon City",
    "São Paulo",
    "Beirut",
    "Kabul",
    "Juba",
    "Mogadishu",
    "Timbuktu",
}


def test_twg_cities_keep_their_practices(practices):
    assert TWG_CITIES_WITH_PRACTICES - set(practices["city"]) == set()


def test_practice_ids_are_sequential(practices):
    # New practices are appended with the next id; ids are never renumbered or reused.
    numbers = practices["practice_id"].str[1:].astype(int).tolist()
    assert numbers == list(range(1, len(numbers) + 1))
