"""The typology model: scikit-learn's contract, determinism, canonical labels, bounds."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from typology.features import feature_matrix
from typology.model import METHODS, TypologyModel, confidence_and_runner_up


# lca is left out: the contract checks feed continuous random data, which lca refuses by design
# (it models categorical codes; test_lca_refuses_continuous_columns).
@parametrize_with_checks([TypologyModel(method=m, n_clusters=3) for m in METHODS if m != "lca"])
def test_sklearn_estimator_contract(estimator, check):
    check(estimator)


@pytest.fixture
def X(synthetic_contexts):
    return feature_matrix(synthetic_contexts).to_numpy()


@pytest.mark.parametrize("method", list(METHODS))
def test_recovers_the_four_planted_profiles(X, synthetic_contexts, method):
    labels = TypologyModel(method=method, n_clusters=4, random_state=0).fit(X).labels_
    # Each planted setting forms exactly one typology.
    for setting, group in synthetic_contexts.groupby("setting"):
        assert len(set(labels[group.index])) == 1, setting
    assert len(set(labels)) == 4


@pytest.mark.parametrize("method", list(METHODS))
def test_row_order_does_not_change_the_typologies(X, method):
    first = TypologyModel(method=method, n_clusters=3, random_state=1).fit(X).labels_
    order = np.random.default_rng(5).permutation(len(X))
    shuffled = TypologyModel(method=method, n_clusters=3, random_state=1).fit(X[order]).labels_
    assert np.array_equal(shuffled, first[order])


def test_labels_are_canonical_highest_mean_first(X):
    model = TypologyModel(n_clusters=4).fit(X)
    means = model.cluster_centers_.mean(axis=1)
    assert list(means) == sorted(means, reverse=True)


@pytest.mark.parametrize("method", list(METHODS))
def test_same_seed_same_labels(X, method):
    a = TypologyModel(method=method, n_clusters=4, random_state=3).fit(X)
    b = TypologyModel(method=method, n_clusters=4, random_state=3).fit(X)
    assert np.array_equal(a.labels_, b.labels_)
    assert np.allclose(a.membership_, b.membership_)


@pytest.mark.parametrize("method", list(METHODS))
def test_same_seed_same_labels_when_sampled(method):
    rng = np.random.default_rng(1)
    # Coded 0-3 values, as lca needs categories.
    X = np.vstack([np.clip(np.round(rng.normal(c, 0.6, size=(150, 3))), 0, 3) for c in (0, 1, 3)])
    fit = [
        TypologyModel(method=method, n_clusters=3, random_state=9, max_quadratic_rows=100).fit(X)
        for _ in range(2)
    ]
    assert np.array_equal(fit[0].labels_, fit[1].labels_)


def test_ward_is_sampled_above_the_cap_and_still_labels_every_row():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(c, 0.1, size=(300, 3)) for c in (0, 3, 6)])
    model = TypologyModel(method="ward", n_clusters=3, max_quadratic_rows=200).fit(X)
    assert model.sampled_
    assert len(model.labels_) == len(X)
    assert sorted(np.bincount(model.labels_)) == [300, 300, 300]


def test_k_above_distinct_rows_is_reduced():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    model = TypologyModel(n_clusters=4).fit(X)
    assert model.n_clusters_ == 2


def test_unknown_method_is_refused(X):
    with pytest.raises(ValueError, match="unknown method"):
        TypologyModel(method="magic").fit(X)


def test_confidence_and_runner_up():
    membership = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    confidence, runner_up = confidence_and_runner_up(membership, np.array([0, 2]))
    assert confidence.tolist() == [0.7, 0.6]
    assert runner_up.tolist() == [1, 1]


def test_gower_is_range_scaled_and_partial_over_known_pairs():
    from typology.model import gower_distances

    A = np.array([[0.0, 0.0, np.nan], [3.0, 1.0, 2.0]])
    ranges = np.array([3.0, 1.0, 2.0])
    D = gower_distances(A, A, ranges)
    assert np.allclose(np.diag(D), 0)
    # Only the two columns known in both count: (3/3 + 1/1) / 2.
    assert np.isclose(D[0, 1], 1.0)
    weighted = gower_distances(A[[0]], np.array([[3.0, 0.0, 0.0]]), ranges, np.array([2, 1, 1]))
    assert np.isclose(weighted[0, 0], 2 * 1.0 / 3)  # weight 2 on the first column, linear


@pytest.mark.parametrize("method", ["lca", "kmedoids", "kmeans"])
def test_missing_codes_are_handled_by_every_method(synthetic_contexts, method):
    frame = synthetic_contexts.copy().astype({"domestic": float, "public": float})
    frame.loc[[0, 7, 13], "domestic"] = np.nan
    frame.loc[[2, 20], "public"] = np.nan
    X = feature_matrix(frame).to_numpy()
    model = TypologyModel(method=method, n_clusters=4, random_state=0).fit(X)
    assert len(model.labels_) == len(X)
    assert np.allclose(model.membership_.sum(axis=1), 1)
    # Planted profiles (one per setting here) are still found despite the gaps.
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(frame["setting"], model.labels_) >= 0.85


def test_lca_refuses_continuous_columns():
    X = np.random.default_rng(0).normal(size=(40, 2))
    with pytest.raises(ValueError, match="categorical codes"):
        TypologyModel(method="lca", n_clusters=2).fit(X)
