import numpy as np
import pandas as pd
import pytest

from typology.analysis import SETTING_NAMES, analyse, typology_name, unique_names
from typology.io import load_contexts
from typology.model import METHODS
from typology.schema import VIOLENCE_TYPES


def test_each_context_gets_a_named_typology(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    assert result.contexts["typology"].between(1, 4).all()
    assert result.typologies["name"].is_unique
    assert set(result.contexts["typology_name"]) == set(result.typologies["name"])
    assert len(synthetic_contexts.columns) < len(result.contexts.columns)  # input untouched


def test_names_describe_the_profile(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    names = dict(zip(result.typologies["main_setting"], result.typologies["name"], strict=True))
    assert names["armed_conflict"].endswith("armed conflict")
    assert "large-scale" in names["armed_conflict"]
    assert names["stable"].startswith("Low violence")


def test_representative_is_a_member(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    for row in result.typologies.itertuples():
        members = result.contexts.loc[result.contexts["typology"] == row.typology, "context_id"]
        assert row.representative_id in set(members)


def test_auto_k_finds_the_planted_four(synthetic_contexts):
    result = analyse(synthetic_contexts, k="auto")
    assert result.k == 4
    assert set(result.diagnostics["k"]) >= {2, 3, 4, 5}


def test_single_context_is_refused_with_advice(synthetic_contexts):
    with pytest.raises(ValueError, match="at least 2 contexts"):
        analyse(synthetic_contexts.head(1))


def test_typology_name_rule():
    overall = pd.Series(1.0, index=list(VIOLENCE_TYPES))
    means = overall.copy()
    means["organized"] = 3.0
    means["public"] = 2.2
    name = typology_name(means, overall, pd.Series({"criminal_violence": 0.8, "stable": 0.2}))
    # The pair is named in vocabulary order whatever its strength order (see unique_names).
    assert name == "High public and organized violence, criminal violence"
    mixed = typology_name(overall * 0.5, overall, pd.Series({"stable": 0.4, "post_conflict": 0.3}))
    assert mixed == "Low violence, mixed settings"


def test_setting_is_qualified_by_its_share():
    overall = pd.Series(1.0, index=list(VIOLENCE_TYPES))
    share = pd.Series({"criminal_violence": 0.6, "stable": 0.4})
    assert typology_name(overall, overall, share) == "Low violence, mostly criminal violence"


def test_equal_names_say_how_they_differ():
    base = pd.Series(2.0, index=list(VIOLENCE_TYPES))
    more = base.copy()
    more[["domestic", "gender_based"]] = 3.0
    names = unique_names(
        ["A, armed conflict", "A, armed conflict", "B, stable"], [more, base, base]
    )
    assert names == [
        "A, armed conflict (more domestic and gender-based violence)",
        "A, armed conflict (less domestic and gender-based violence)",
        "B, stable",
    ]


def test_names_that_cannot_be_told_apart_are_numbered():
    same = pd.Series(1.0, index=list(VIOLENCE_TYPES))
    assert unique_names(["A", "A"], [same, same]) == ["A (1)", "A (2)"]


@pytest.fixture(scope="module")
def bundled():
    return load_contexts()


@pytest.mark.parametrize("method", list(METHODS))
def test_names_on_the_bundled_data_are_unique_and_true(bundled, method):
    """The shipped cities, k = 3..8: every name is unique without falling back to numbers, and
    a named setting is the main setting of the typology."""
    for k in range(3, 9):
        table = analyse(bundled, method=method, k=k).typologies
        assert table["name"].is_unique, (k, table["name"].tolist())
        assert not table["name"].str.contains(r"\(\d\)$").any(), (k, table["name"].tolist())
        for row in table.itertuples():
            if "mixed settings" not in row.name:
                assert SETTING_NAMES[row.main_setting] in row.name, (row.name, row.main_setting)


def test_shuffled_table_gives_the_same_typology_per_context(synthetic_contexts):
    first = analyse(synthetic_contexts, k=4).contexts.set_index("context_id")
    shuffled_input = synthetic_contexts.sample(frac=1, random_state=7).reset_index(drop=True)
    second = analyse(shuffled_input, k=4).contexts.set_index("context_id").loc[first.index]
    for column in ("typology", "typology_name", "runner_up"):
        assert second[column].tolist() == first[column].tolist(), column
    assert np.allclose(second["confidence_typology"], first["confidence_typology"])


def test_shuffled_bundled_data_gives_the_same_typologies(bundled):
    first = analyse(bundled, method="ward", k=6).contexts.set_index("context_id")
    shuffled = bundled.sample(frac=1, random_state=3).reset_index(drop=True)
    second = analyse(shuffled, method="ward", k=6).contexts.set_index("context_id")
    assert second.loc[first.index, "typology_name"].tolist() == first["typology_name"].tolist()


@pytest.mark.parametrize("method", list(METHODS))
def test_same_seed_same_analysis(synthetic_contexts, method):
    a = analyse(synthetic_contexts, method=method, k=3, seed=11)
    b = analyse(synthetic_contexts, method=method, k=3, seed=11)
    pd.testing.assert_frame_equal(a.contexts, b.contexts)
    pd.testing.assert_frame_equal(a.typologies, b.typologies)


def test_indicators_in_the_features_show_in_distinctive(synthetic_contexts):
    result = analyse(
        synthetic_contexts,
        k=4,
        features=["violence", "setting", "indicators"],
        weights={"indicators": 2.0},
    )
    assert result.typologies["distinctive"].str.contains("homicide rate").any()


def test_ward_on_50000_rows_is_sampled_and_says_so():
    """Ward's memory is quadratic (50,000 rows would need ~19 GiB): the model fits a sample,
    labels every row, and the analysis tells the user."""
    from typology.bench_memory import synthetic_contexts
    from typology.model import MAX_QUADRATIC_ROWS

    contexts = synthetic_contexts(50_000)
    result = analyse(contexts, method="ward", k=4)
    assert len(result.contexts) == 50_000
    assert result.contexts["typology"].between(1, 4).all()
    assert any(f"sample of {MAX_QUADRATIC_ROWS:,}" in note for note in result.notes)


def test_auto_k_on_a_big_table_says_it_compared_k_on_a_sample(monkeypatch):
    from typology import diagnostics
    from typology.bench_memory import synthetic_contexts

    monkeypatch.setattr(diagnostics, "DIAGNOSTIC_ROWS", 300)
    result = analyse(synthetic_contexts(600), k="auto")
    assert any("random sample of 300 of 600" in note for note in result.notes)
    assert len(result.contexts) == 600
