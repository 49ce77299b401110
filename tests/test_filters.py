import pandas as pd
import pytest

from typology.filters import (
    POPULATION_BANDS,
    FilterSpec,
    describe_filters,
    filter_contexts,
    unusable_filters,
)


def test_default_spec_keeps_everything_and_does_not_mutate(synthetic_contexts):
    before = synthetic_contexts.copy()
    out = filter_contexts(synthetic_contexts, FilterSpec())
    assert len(out) == len(synthetic_contexts)
    pd.testing.assert_frame_equal(synthetic_contexts, before)
    assert FilterSpec().is_empty


def test_filters_combine_with_and(synthetic_contexts):
    spec = FilterSpec(regions=("Africa", "Americas"), settings=("armed_conflict",))
    out = filter_contexts(synthetic_contexts, spec)
    assert len(out) > 0
    assert set(out["region"]) == {"Africa"}  # Africa rows are the armed-conflict ones
    assert set(out["setting"]) == {"armed_conflict"}
    assert list(out.index) == list(range(len(out)))


def test_year_range_is_inclusive(synthetic_contexts):
    out = filter_contexts(synthetic_contexts, FilterSpec(years=(2016, 2016)))
    assert set(out["year"]) == {2016}
    assert len(out) == (synthetic_contexts["year"] == 2016).sum()


def test_population_bands_use_half_open_bounds():
    df = pd.DataFrame({"population": [499_999, 500_000, 1_000_000, 12e6, None]})
    out = filter_contexts(df, FilterSpec(population_bands=("500k_1m",)))
    assert out["population"].tolist() == [500_000]
    both = filter_contexts(df, FilterSpec(population_bands=("under_500k", "over_10m")))
    assert both["population"].tolist() == [499_999, 12e6]
    # Every positive population falls in exactly one band.
    for value in (1, 499_999.5, 5e6, 1e9):
        hits = [b for b, (lo, hi) in POPULATION_BANDS.items() if lo <= value < hi]
        assert len(hits) == 1


def test_typology_and_confidence_filters():
    df = pd.DataFrame({"typology": [1, 2, 3, 2], "confidence": ["high", "low", "low", "medium"]})
    out = filter_contexts(df, FilterSpec(typologies=(2,), confidence=("low",)))
    assert out.to_dict("records") == [{"typology": 2, "confidence": "low"}]


def test_a_filter_on_a_missing_column_is_skipped_and_named(synthetic_contexts):
    table = synthetic_contexts.drop(columns=["region"])
    spec = FilterSpec(regions=("Asia",), settings=("stable",))
    assert unusable_filters(table, spec) == ["regions"]
    out = filter_contexts(table, spec)
    assert len(out) == (table["setting"] == "stable").sum()


def test_an_impossible_selection_is_empty_not_an_error(synthetic_contexts):
    out = filter_contexts(synthetic_contexts, FilterSpec(regions=("Oceania",)))
    assert out.empty
    assert list(out.columns) == list(synthetic_contexts.columns)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (FilterSpec(), []),
        (FilterSpec(settings=("armed_conflict",)), ["setting: armed conflict"]),
        (FilterSpec(years=(2010, 2015)), ["years: 2010-2015"]),
        (FilterSpec(population_bands=("over_10m",)), ["population: 10 million and more"]),
    ],
)
def test_describe_filters(spec, expected):
    assert describe_filters(spec) == expected


def test_describe_filters_names_typologies():
    spec = FilterSpec(typologies=(2,))
    assert describe_filters(spec, {2: "High organized violence"}) == [
        "typology: High organized violence"
    ]
