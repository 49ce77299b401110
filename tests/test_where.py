"""The --where filter language: parsed by hand, never evaluated."""

import pandas as pd
import pytest

from typology.where import Condition, WhereError, apply_where, parse_where


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "city": ["Testville 1", "Testville 2", "Testville 3", "Testville 4"],
            "country": ["Testland", "Korea, Republic of", "Testland", "Testland"],
            "region": ["Africa", "Americas", "Africa", None],
            "setting": ["armed_conflict", "post_conflict", "stable", "criminal_violence"],
            "year": [2005, 2012, 2018, 2010],
            "homicide_rate": [12.5, None, 3.0, 40.0],
            "borderline": [True, False, False, True],
        }
    )


def test_the_documented_example_parses():
    conditions = parse_where("region=Africa,setting=armed_conflict;post_conflict,year>=2010")
    assert conditions == [
        Condition("region", "=", ("Africa",)),
        Condition("setting", "=", ("armed_conflict", "post_conflict")),
        Condition("year", ">=", ("2010",)),
    ]


def test_clauses_must_all_hold(frame):
    kept = apply_where(frame, "region=Africa,year>=2010")
    assert kept["city"].tolist() == ["Testville 3"]


def test_alternatives_after_equals(frame):
    kept = apply_where(frame, "setting=armed_conflict;post_conflict")
    assert kept["city"].tolist() == ["Testville 1", "Testville 2"]


def test_text_ignores_case_and_spaces(frame):
    assert len(apply_where(frame, " REGION = africa ")) == 2


def test_not_equal_keeps_missing_values(frame):
    kept = apply_where(frame, "region!=Africa")
    assert kept["city"].tolist() == ["Testville 2", "Testville 4"]


@pytest.mark.parametrize(
    ("expression", "cities"),
    [
        ("year>2010", ["Testville 2", "Testville 3"]),
        ("year<2010", ["Testville 1"]),
        ("year<=2010", ["Testville 1", "Testville 4"]),
        ("year=2012;2018", ["Testville 2", "Testville 3"]),
        ("homicide_rate>=10", ["Testville 1", "Testville 4"]),  # a missing rate never matches
        ("year>=-5", ["Testville 1", "Testville 2", "Testville 3", "Testville 4"]),
    ],
)
def test_numeric_comparisons(frame, expression, cities):
    assert apply_where(frame, expression)["city"].tolist() == cities


def test_quoted_value_may_hold_a_comma(frame):
    kept = apply_where(frame, 'country="Korea, Republic of",year>=2000')
    assert kept["city"].tolist() == ["Testville 2"]


def test_no_expression_keeps_everything(frame):
    assert len(apply_where(frame, None)) == len(frame)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("region", "no comparison"),
        ("=Africa", "missing column name"),
        ("region=", "missing value"),
        ("setting=armed_conflict;", "missing value"),
        ("year>=abc", "not a number"),
        ("year>=2010;2012", "one number"),
        ('country="Korea', "unclosed double quote"),
        ('country=Ko"re"a', "quote may only surround"),
        ("", "the filter is empty"),
        (" , ", "the filter is empty"),
    ],
)
def test_bad_expressions_are_explained(expression, message):
    with pytest.raises(WhereError, match=message):
        parse_where(expression)


def test_unknown_column_lists_the_known_ones(frame):
    with pytest.raises(WhereError, match="unknown column 'nosuch'.*city, country"):
        apply_where(frame, "nosuch=1")


def test_ordering_on_text_is_refused(frame):
    with pytest.raises(WhereError, match="holds text"):
        apply_where(frame, "city>3")


def test_equality_on_a_number_column_needs_numbers(frame):
    with pytest.raises(WhereError, match="not a number"):
        apply_where(frame, "year=recent")


def test_user_text_is_never_evaluated(frame):
    # Would do harm (or at least raise something else) if anything evaluated it.
    hostile = "city=__import__('os').system('false'),year>=2000"
    assert apply_where(frame, hostile).empty
    with pytest.raises(WhereError):
        apply_where(frame, "@year>2000")
