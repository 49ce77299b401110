"""Browsing the practice depository: filters, empty explanations, records, search, escaping."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from typology.depository import (
    coverage_counts,
    coverage_matrix,
    escape_markdown,
    explain_empty,
    filter_practices,
    literature_table,
    markdown_link,
    outcome_table,
    practice_record,
    practice_sources,
    practice_table,
    search_glossary,
    search_literature,
)
from typology.io import load_sources
from typology.practices import load_glossary, load_literature, load_practices

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def practices() -> pd.DataFrame:
    return load_practices(DATA / "practices.csv")


def test_filters_narrow_and_combine(practices):
    gbv = filter_practices(practices, {"entry_points": ["gender_based_violence_services"]})
    assert 0 < len(gbv) < len(practices)
    assert (gbv["entry_point"] == "gender_based_violence_services").all()
    post = filter_practices(practices, {"settings": ["post_conflict"]})
    assert post["settings"].map(lambda s: "post_conflict" in s).all()
    both = filter_practices(
        practices, {"settings": ["post_conflict"], "violence_types": ["organized"]}
    )
    assert len(both) <= len(post)
    assert both["violence_types"].map(lambda v: "organized" in v).all()
    assert len(filter_practices(practices, {"grades": [], "regions": None})) == len(practices)


def test_unknown_filter_is_refused(practices):
    with pytest.raises(ValueError, match="unknown filter"):
        filter_practices(practices, {"colour": ["red"]})


def test_empty_combination_explains_itself(practices):
    filters = {"regions": ["Oceania"], "entry_points": ["negotiation_with_armed_groups"]}
    assert filter_practices(practices, filters).empty
    message = explain_empty(practices, filters)
    n_oceania = int((practices["region"] == "Oceania").sum())
    assert f"region Oceania: {n_oceania} practice(s)" in message
    assert "entry point negotiation with armed groups" in message
    assert "Clear one of the filters" in message


def test_inputs_are_not_mutated(practices):
    before = practices.copy(deep=True)
    filter_practices(practices, {"settings": ["stable"]})
    practice_table(practices)
    pd.testing.assert_frame_equal(practices, before)


def test_record_and_sources(practices):
    sources = load_sources()
    first = practices.iloc[0]
    record = dict(practice_record(first))
    assert record["Where and when"].startswith(f"{first['city']}, {first['country']}")
    assert record["Evidence grade"] in {"effective", "promising", "mixed", "no effect or harmful",
                                        "not evaluated"}  # fmt: skip
    cited = practice_sources(first, sources)
    assert list(cited["source_id"]) == list(first["sources"])
    assert cited["url"].str.startswith("http").all()
    # every practice's sources are in the joined sources table
    known = set(sources["source_id"])
    assert practices["sources"].map(lambda ids: set(ids) <= known).all()
    missing = practice_sources({"sources": ["P-nowhere"]}, sources)
    assert missing.iloc[0]["citation"] == "source not found: P-nowhere"


def test_markdown_escaping():
    assert escape_markdown("[click](http://x) <b>*") == r"\[click\]\(http://x\) &lt;b&gt;\*"
    link = markdown_link("A [title]", "https://example.org/a_(b)")
    assert link == r"[A \[title\]](https://example.org/a_%28b%29)"
    assert markdown_link("x", "javascript:alert(1)") == "x"


def test_literature_and_glossary_search(practices):
    literature = load_literature(DATA / "literature.csv")
    glossary = load_glossary(DATA / "glossary.csv")
    hits = search_literature(literature, "mediation")
    assert 0 < len(hits) < len(literature)
    assert len(search_literature(literature, "  ")) == len(literature)
    assert search_literature(literature, "zzzz-no-such-word").empty
    terms = search_glossary(glossary, "EVIDENCE GRADE")
    assert "evidence grade" in set(terms["term"])
    table = literature_table(literature, practices)
    assert {"citation", "url", "annotation", "themes", "supported"} <= set(table.columns)
    assert table["supported"].str.contains(r"P\d{3} ").any()


def test_codebook_describes_every_practices_column():
    codebook = pd.read_csv(DATA / "codebook_practices.csv", dtype=str, keep_default_na=False)
    columns = ["table", "column", "meaning", "unit", "allowed_values", "rule"]
    assert list(codebook.columns) == columns
    for table in ("practices", "practice_outcomes"):
        header = pd.read_csv(DATA / f"{table}.csv", nrows=0).columns
        assert list(codebook.loc[codebook["table"] == table, "column"]) == list(header)
    assert (codebook["meaning"].str.len() > 0).all()
    rules = codebook.set_index(["table", "column"])["rule"]
    grade_rule = rules["derived", "evidence_grade"]
    assert "glossary.csv" in grade_rule
    assert "not evaluated = no impact evaluation found" in grade_rule
    assert "THE STRENGTH RULE" in rules["practice_outcomes", "evidence_strength"]


def test_single_empty_filter_says_which_value(practices):
    only_africa = practices[practices["region"] == "Africa"]
    message = explain_empty(only_africa, {"regions": ["Oceania"]})
    assert message.startswith("No practice in the depository matches region Oceania")
    assert "clear the filter" in message


def test_data_readme_states_the_current_coverage(practices):
    # The counts in data/README.md are the ones the Practices page computes, not a stale copy.
    counts = coverage_counts(practices)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    line = (
        f"{counts['practices']} practices in {counts['countries']} countries; "
        f"{counts['evaluated']} ({counts['evaluated_share']:.0%}) have an evaluation"
    )
    assert line in " ".join(readme.split())
    assert f"{counts['strong_or_moderate']} show a positive" in " ".join(readme.split())


def test_coverage_counts_and_matrix(practices):
    counts = coverage_counts(practices)
    assert counts["practices"] == len(practices)
    assert 0 < counts["evaluated"] < counts["practices"]
    matrix = coverage_matrix(practices)
    assert matrix.shape == (4, 7)
    strong = coverage_matrix(practices, rigorous_only=True)
    assert (strong <= matrix).all().all()  # strong evidence is a subset of practices at all
    assert int((matrix < 2).sum().sum()) == counts["cells_below_two"]


def test_outcome_table_and_outcome_filters(practices):
    from typology.practices import load_outcomes

    outcomes = load_outcomes(DATA / "practice_outcomes.csv")
    table = outcome_table(outcomes, "P006")
    # violence outcomes first, others marked; an unknown independence is "not stated", never "no"
    assert table.iloc[0]["outcome"].startswith("physical partner violence")
    assert table["outcome"].str.endswith("(not violence itself)").sum() == 2
    assert set(table["strength"]) == {"strong"}
    unknown = outcome_table(outcomes, "P017")
    assert unknown.at[0, "independent"] == "not stated"
    strong_nulls = filter_practices(practices, {"strengths": ["strong"], "effects": ["no_effect"]})
    assert {"P060", "P082"} <= set(strong_nulls["practice_id"])
    assert filter_practices(practices, {"designs": ["randomised_trial"]})["practice_id"].is_unique


def test_record_answers_emmie_questions_where_recorded(practices):
    by_id = practices.set_index("practice_id")
    styl = dict(practice_record(by_id.loc["P079"].to_dict() | {"practice_id": "P079"}))
    assert "highest-risk men" in styl["Where and for whom it worked (moderators)"]
    assert "$200" in styl["Economics"]
    # nothing recorded: the label is left out rather than shown empty
    labels = dict(practice_record(by_id.loc["P019"].to_dict() | {"practice_id": "P019"}))
    assert "Economics" not in labels
