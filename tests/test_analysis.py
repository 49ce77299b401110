import numpy as np
import pandas as pd
import pytest

from typology.analysis import SETTING_NAMES, analyse, typology_name, unique_names
from typology.io import load_contexts
from typology.model import METHODS
from typology.schema import VIOLENCE_TYPES


def test_each_context_gets_a_named_typology(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4, n_boot=5)
    assert result.contexts["typology"].between(1, 4).all()
    assert result.typologies["name"].is_unique
    assert set(result.contexts["typology_name"]) == set(result.typologies["name"])
    assert len(synthetic_contexts.columns) < len(result.contexts.columns)  # input untouched


def test_names_describe_the_profile_from_the_intensities_only(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4, n_boot=5)
    names = dict(zip(result.typologies["main_setting"], result.typologies["name"], strict=True))
    assert "large-scale" in names["armed_conflict"]
    assert names["stable"].startswith("Low violence")
    for name in names.values():  # the setting is the other axis, not part of the name
        assert not any(setting in name for setting in SETTING_NAMES.values())


def test_representative_is_a_member(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4, n_boot=5)
    for row in result.typologies.itertuples():
        members = result.contexts.loc[result.contexts["typology"] == row.typology, "context_id"]
        assert row.representative_id in set(members)


def test_auto_k_finds_the_planted_four(synthetic_contexts):
    result = analyse(synthetic_contexts, k="auto", n_null=20, n_boot=10)
    assert result.k == 4
    assert result.structure is True
    assert set(result.null["k"]) >= {2, 3, 4, 5}
    assert result.null.loc[result.null["k"] == 4, "beats_null"].item()


def test_single_context_is_refused_with_advice(synthetic_contexts):
    with pytest.raises(ValueError, match="at least 2 contexts"):
        analyse(synthetic_contexts.head(1), n_boot=5)


def test_typology_name_rule():
    overall = pd.Series(1.0, index=list(VIOLENCE_TYPES))
    means = overall.copy()
    means["organized"] = 3.0
    means["public"] = 2.2
    # The pair is named in vocabulary order whatever its strength order (see unique_names).
    assert typology_name(means, overall) == "High public and organized violence"
    assert typology_name(overall * 0.5, overall) == "Low violence"


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
    """The shipped cities, k = 3..8: every name is unique without falling back to numbers."""
    for k in range(3, 9):
        table = analyse(bundled, method=method, k=k, n_boot=2).typologies
        assert table["name"].is_unique, (k, table["name"].tolist())
        assert not table["name"].str.contains(r"\(\d\)$").any(), (k, table["name"].tolist())


def test_shuffled_table_gives_the_same_typology_per_context(synthetic_contexts):
    first = analyse(synthetic_contexts, k=4, n_boot=10).contexts.set_index("context_id")
    shuffled_input = synthetic_contexts.sample(frac=1, random_state=7).reset_index(drop=True)
    second = (
        analyse(shuffled_input, k=4, n_boot=10).contexts.set_index("context_id").loc[first.index]
    )
    for column in ("typology", "typology_name", "runner_up"):
        assert second[column].tolist() == first[column].tolist(), column
    assert np.allclose(second["confidence_typology"], first["confidence_typology"])


def test_shuffled_bundled_data_gives_the_same_typologies(bundled):
    first = analyse(bundled, k=6, n_boot=2).contexts.set_index("context_id")
    shuffled = bundled.sample(frac=1, random_state=3).reset_index(drop=True)
    second = analyse(shuffled, k=6, n_boot=2).contexts.set_index("context_id")
    assert second.loc[first.index, "typology_name"].tolist() == first["typology_name"].tolist()


@pytest.mark.parametrize("method", list(METHODS))
def test_same_seed_same_analysis(synthetic_contexts, method):
    a = analyse(synthetic_contexts, method=method, k=3, seed=11, n_boot=5)
    b = analyse(synthetic_contexts, method=method, k=3, seed=11, n_boot=5)
    pd.testing.assert_frame_equal(a.contexts, b.contexts)
    pd.testing.assert_frame_equal(a.typologies, b.typologies)


def test_indicators_in_the_features_show_in_distinctive(synthetic_contexts):
    result = analyse(
        synthetic_contexts,
        k=4,
        features=["violence", "setting", "indicators"],
        weights={"indicators": 2.0},
        method="kmeans",
        n_boot=2,
    )
    assert result.typologies["distinctive"].str.contains("homicide rate").any()


def test_ward_on_50000_rows_is_sampled_and_says_so():
    """Ward's memory is quadratic (50,000 rows would need ~19 GiB): the model fits a sample,
    labels every row, and the analysis tells the user."""
    from typology.bench_memory import synthetic_contexts
    from typology.model import MAX_QUADRATIC_ROWS

    contexts = synthetic_contexts(50_000)
    result = analyse(contexts, method="ward", k=4, n_boot=1)
    assert len(result.contexts) == 50_000
    assert result.contexts["typology"].between(1, 4).all()
    assert any(f"sample of {MAX_QUADRATIC_ROWS:,}" in note for note in result.notes)


def test_auto_k_on_a_big_table_says_it_compared_k_on_a_sample(monkeypatch):
    from typology import analysis, structure
    from typology.bench_memory import synthetic_contexts

    monkeypatch.setattr(structure, "STRUCTURE_ROWS", 300)
    monkeypatch.setattr(analysis, "STRUCTURE_ROWS", 300)
    result = analyse(synthetic_contexts(600), k="auto", n_null=2, n_boot=2)
    assert any("random sample of 300 of 600" in note for note in result.notes)
    assert len(result.contexts) == 600


# --- Planted profiles spread across the settings at random (typology.synthetic) ---------------


@pytest.mark.parametrize("missing", [0.0, 0.15])
def test_k_auto_finds_planted_violence_profiles_independent_of_setting(missing):
    from sklearn.metrics import adjusted_rand_score

    from typology.synthetic import planted_contexts

    contexts = planted_contexts(n_per_profile=20, missing=missing, seed=2)
    result = analyse(contexts, k="auto", n_null=20, n_boot=10)
    found = result.contexts["typology"]
    assert result.structure is True
    assert adjusted_rand_score(result.contexts["planted"], found) >= 0.85
    assert adjusted_rand_score(result.contexts["setting"], found) < 0.2
    assert result.ari_setting < 0.2  # what the app and the report state


def test_column_shuffled_data_has_no_structure_beyond_chance():
    from typology.structure import NO_STRUCTURE
    from typology.synthetic import planted_contexts, shuffle_columns

    contexts = shuffle_columns(planted_contexts(n_per_profile=20, seed=2), seed=5)
    result = analyse(contexts, k="auto", n_null=20, n_boot=5)
    assert result.structure is False
    assert result.k == 1
    assert any(NO_STRUCTURE in note for note in result.notes)
    assert (result.contexts["typology"] == 1).all()


def test_contexts_with_too_few_codes_are_listed_not_forced_in(synthetic_contexts):
    frame = synthetic_contexts.astype({v: float for v in VIOLENCE_TYPES})
    frame.loc[3, ["large_scale", "small_scale", "public", "domestic"]] = np.nan
    result = analyse(frame, k=4, n_boot=5)
    assert "testville-3" not in set(result.contexts["context_id"])
    assert result.unclassified["context_id"].tolist() == ["testville-3"]
    assert "only 3 of 7" in result.unclassified["not_classified_reason"].iloc[0]
    assert any("not classified" in note for note in result.notes)


def test_membership_is_the_share_of_city_resamples_and_flags_borderline():
    from typology.synthetic import planted_contexts

    # Heavy noise: the profiles overlap, so some contexts must be uncertain.
    contexts = planted_contexts(n_per_profile=20, noise=0.45, seed=3)
    result = analyse(contexts, k=4, n_boot=20)
    membership = result.contexts["membership"]
    assert membership.between(0, 1).all()
    assert membership.min() < 1.0  # never 1.000 for everyone when typologies overlap
    assert (result.contexts["borderline"] == (membership < 0.6)).all()
    assert set(result.stability["reading"]) <= {"stable", "weak pattern", "dissolved"}


def test_scenario_matrix_has_settings_as_rows_and_typologies_as_columns(synthetic_contexts):
    from typology.analysis import scenario_matrix

    result = analyse(synthetic_contexts, k=4, n_boot=2)
    matrix = scenario_matrix(result)
    assert matrix["setting"].tolist() == list(SETTING_NAMES.values())
    assert len(matrix.columns) == 1 + result.k
    # Each non-empty cell: the count, then the city names; counts add up to the contexts.
    counts = [int(c.split(":")[0]) for c in matrix.iloc[:, 1:].to_numpy().ravel() if c]
    assert sum(counts) == len(result.contexts)
    first = result.contexts.iloc[0]
    column = [c for c in matrix.columns if c.startswith(f"{first['typology']}. ")][0]
    row = matrix[matrix["setting"] == SETTING_NAMES[first["setting"]]]
    assert first["city"] in row[column].item()

    # On a slide a long list is cut to its first names and says how many are left out.
    short = scenario_matrix(result, max_cities=2)
    for full, cut in zip(
        matrix.iloc[:, 1:].to_numpy().ravel(), short.iloc[:, 1:].to_numpy().ravel(), strict=True
    ):
        names = full.split(": ", 1)[1].split(", ") if full else []
        if len(names) > 2:
            assert cut == f"{full.split(':')[0]}: {names[0]}, {names[1]}, and {len(names) - 2} more"
        else:
            assert cut == full


def test_setting_as_a_feature_is_measured_against_the_setting(synthetic_contexts):
    from typology.analysis import restates_setting

    result = analyse(
        synthetic_contexts, k=4, features=["violence", "setting"], weights={"setting": 4}, n_boot=2
    )
    assert result.ari_setting >= 0.8
    assert restates_setting(result)


@pytest.mark.parametrize("method", ["kmedoids", "lca", "kmeans"])
def test_bundled_data_with_blanked_codes(bundled, method):
    """Unknown codes on the shipped cities: every method classifies the rest, the contexts
    with too few codes are listed, and no unknown code is read as a value."""
    frame = bundled.astype({v: float for v in VIOLENCE_TYPES})
    rng = np.random.default_rng(0)
    frame[list(VIOLENCE_TYPES)] = frame[list(VIOLENCE_TYPES)].mask(
        rng.random((len(frame), 7)) < 0.1
    )
    frame.loc[frame.index[:2], list(VIOLENCE_TYPES[:5])] = np.nan  # 2 of 7 known
    result = analyse(frame, method=method, k=4, n_boot=3)
    assert set(result.unclassified["context_id"]) >= set(frame["context_id"].iloc[:2])
    assert len(result.contexts) + len(result.unclassified) == len(frame)
    assert result.contexts["typology"].between(1, 4).all()
    assert result.contexts["membership"].between(0, 1).all()
    assert result.features.isna().any().any()  # the gaps stay gaps in the feature matrix
