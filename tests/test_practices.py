"""The shipped evidence tables (practices, literature, glossary) and their loaders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from typology.practices import (
    EFFECTS,
    ENTRY_POINTS,
    EVIDENCE_GRADES,
    FAILURE_GRADES,
    STRENGTHS,
    PracticeDataError,
    derive_grade,
    load_glossary,
    load_literature,
    load_outcomes,
    load_practices,
    strength_rule,
)
from typology.schema import REGIONS, SETTINGS

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def practices() -> pd.DataFrame:
    return load_practices(DATA / "practices.csv")


@pytest.fixture(scope="module")
def outcomes() -> pd.DataFrame:
    return load_outcomes(DATA / "practice_outcomes.csv")


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
    frame.loc[2, "entry_point"] = "works_great"
    frame.loc[4, "settings"] = "stable;war"
    bad = tmp_path / "practices.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(PracticeDataError) as info:
        load_practices(bad, DATA / "practice_outcomes.csv")
    message = str(info.value)
    assert "row 4, column 'entry_point'" in message
    assert "works_great" in message
    assert "row 6, column 'settings'" in message
    assert len(info.value.problems) == 2


def test_loader_reports_missing_column(tmp_path):
    frame = pd.read_csv(DATA / "practices.csv", dtype=str, keep_default_na=False)
    bad = tmp_path / "practices.csv"
    frame.drop(columns=["lessons"]).to_csv(bad, index=False)
    with pytest.raises(PracticeDataError, match="table: column 'lessons'"):
        load_practices(bad, DATA / "practice_outcomes.csv")


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
    # New practices are appended with a higher id; ids are never renumbered or reused. Compilers
    # working in parallel take reserved blocks (e.g. P100-P159, P160-P219), so a block may leave a
    # gap, but the file stays in id order and no id appears twice.
    numbers = practices["practice_id"].str[1:].astype(int).tolist()
    assert numbers == sorted(set(numbers))
    assert numbers[0] == 1


# --- Outcomes: two axes per outcome, the strength rule, the derived grade ------------------------


def test_outcomes_use_the_two_vocabularies(outcomes):
    assert set(outcomes["effect"]) <= set(EFFECTS)
    assert set(outcomes["evidence_strength"]) <= set(STRENGTHS)


def test_every_outcome_strength_follows_the_rule(outcomes):
    # The loader enforces it; this states it for the shipped file in the rule's own terms.
    for row in outcomes.itertuples():
        assert row.evidence_strength == strength_rule(row.study_design, row.n_evaluations), row


@pytest.mark.parametrize(
    ("design", "n", "strength"),
    [
        ("randomised_trial", 1, "strong"),
        ("quasi_experimental", 2, "strong"),
        ("time_series", 1, "moderate"),
        ("quasi_experimental", 1, "moderate"),
        ("before_after", 3, "limited"),
        ("observers_consensus", 1, "limited"),
        ("qualitative", 0, "none"),
        ("programme_report", 2, "none"),
    ],
)
def test_strength_rule(design, n, strength):
    assert strength_rule(design, n) == strength


def _outcomes_with(tmp_path, **changes):
    frame = pd.read_csv(DATA / "practice_outcomes.csv", dtype=str, keep_default_na=False)
    for column, value in changes.items():
        frame.loc[0, column] = value
    path = tmp_path / "practice_outcomes.csv"
    frame.to_csv(path, index=False)
    return path


def test_strong_grade_on_one_before_after_study_is_rejected(tmp_path):
    path = _outcomes_with(
        tmp_path, study_design="before_after", n_evaluations="1", evidence_strength="strong"
    )
    with pytest.raises(PracticeDataError) as info:
        load_outcomes(path)
    assert "row 2, column 'evidence_strength'" in str(info.value)
    assert "gives 'limited'" in str(info.value)


def test_an_effect_without_evaluation_is_rejected(tmp_path):
    path = _outcomes_with(
        tmp_path, study_design="none", n_evaluations="0", evidence_strength="none"
    )  # row 0 (P001) keeps effect 'positive'
    with pytest.raises(PracticeDataError, match="not_evaluated if and only if"):
        load_outcomes(path)


def test_implementation_failure_is_not_an_effect(tmp_path):
    path = _outcomes_with(tmp_path, implementation_failure="yes")  # P001: positive effect
    with pytest.raises(PracticeDataError, match="was not implemented"):
        load_outcomes(path)


def test_practice_without_outcome_is_rejected(tmp_path, outcomes):
    frame = pd.read_csv(DATA / "practice_outcomes.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "practice_outcomes.csv"
    frame[frame["practice_id"] != "P002"].to_csv(path, index=False)
    with pytest.raises(PracticeDataError, match="practice P002: no row"):
        load_practices(DATA / "practices.csv", path)


def _rows(*specs):
    return pd.DataFrame(
        [
            {
                "measures_violence": p,
                "effect": e,
                "evidence_strength": s,
                "implementation_failure": "no",
            }
            for p, e, s in specs
        ]
    )


@pytest.mark.parametrize(
    ("specs", "grade"),
    [
        ([("yes", "positive", "strong")], "effective"),
        ([("yes", "positive", "moderate")], "promising"),
        # Observers' consensus of success is not "promising" (CrimeSolutions reserves it).
        ([("yes", "positive", "limited")], "inconclusive"),
        # A strong trial whose violence estimate spans no effect, with better attitudes: SASA!.
        ([("yes", "inconclusive", "strong"), ("no", "positive", "strong")], "inconclusive"),
        ([("yes", "positive", "moderate"), ("yes", "no_effect", "moderate")], "mixed"),
        ([("yes", "no_effect", "strong")], "no_effect_or_harmful"),
        ([("yes", "negative", "limited")], "no_effect_or_harmful"),
        ([("yes", "no_effect", "limited")], "inconclusive"),
        ([("yes", "not_evaluated", "none"), ("no", "positive", "limited")], "not_evaluated"),
        ([("no", "positive", "strong")], "effective"),  # no violence outcome: all rows count
    ],
)
def test_derive_grade(specs, grade):
    assert derive_grade(_rows(*specs)) == grade


def test_the_issue_corrections_hold(practices, outcomes):
    grade = practices.set_index("practice_id")["evidence_grade"]
    # SASA!: the partner-violence result was not significant; it worked on attitudes.
    assert grade["P006"] == "inconclusive"
    sasa = outcomes[outcomes["practice_id"] == "P006"].set_index("outcome")
    assert "0.16-1.39" in sasa.loc["physical partner violence (women, past year)", "effect_size"]
    # One interrupted time series: promising, not effective.
    assert grade["P031"] == "promising"
    # Unevaluated or inconclusive, not failures; Guadalajara is an implementation failure.
    assert grade["P015"] == "inconclusive"
    assert grade["P053"] == "not_evaluated"
    assert grade["P067"] == "not_evaluated"
    assert practices.set_index("practice_id").at["P067", "implementation_failure"]
    # Observers' consensus (Wajir) is not promising.
    assert grade["P017"] == "inconclusive"


def test_grade_is_not_kept_by_hand():
    header = pd.read_csv(DATA / "practices.csv", nrows=0).columns
    assert "evidence_grade" not in header


def test_the_issue_citation_corrections_hold(practices, literature, glossary):
    sources = pd.read_csv(DATA / "sources_practices.csv", dtype=str, keep_default_na=False)
    cite = sources.set_index("source_id")["citation"]
    assert cite["P-moyer2019"].startswith("Moyer R, MacDonald JM, Ridgeway G, Branas CC")
    assert "109(1):140-144" in cite["P-moyer2019"]
    l07 = literature.set_index("work_id").at["L07", "citation"]
    assert "Gangs and Violence Reduction in Central America" in l07
    terms = glossary.set_index("term")
    # The fragility wording is the OECD's (2016), not the World Development Report 2011's.
    assert terms.at["fragility", "sources"][0] == "L-oecd-fragility2016"
    tiers = next(t for t in terms.index if t.startswith("violence prevention"))
    assert terms.at[tiers, "sources"] == ["L-who-wrvh2002"]
    by_id = practices.set_index("practice_id")
    assert "CEDOVIP" in by_id.at["P006", "actors"]
    # Mano Dura leads with the peer-reviewed analysis, not the encyclopaedia.
    assert by_id.at["P048", "sources"][0] == "L-jutersonke2009"


def test_validate_command_checks_the_evidence_tables(tmp_path, capsys):
    from typology.cli import main

    assert main(["validate", str(DATA / "practices.csv")]) == 0
    assert "valid: " in capsys.readouterr().out
    frame = pd.read_csv(DATA / "practice_outcomes.csv", dtype=str, keep_default_na=False)
    frame.loc[0, ["study_design", "n_evaluations", "evidence_strength"]] = [
        "before_after",
        "1",
        "strong",
    ]
    bad = tmp_path / "practice_outcomes.csv"
    frame.to_csv(bad, index=False)
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("invalid: 1 problem(s)") and "gives 'limited'" in out
