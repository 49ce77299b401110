"""k against chance, city bootstrap and label alignment (typology.structure)."""

import numpy as np
import pytest

from typology.structure import (
    align,
    choose_k,
    city_bootstrap,
    null_table,
    reading,
    shuffle_each_column,
    vote_share,
)


def test_align_undoes_a_relabelling():
    reference = np.array([0, 0, 1, 1, 2, 2, 2])
    relabelled = np.array([2, 2, 0, 0, 1, 1, 1])
    assert align(reference, relabelled, 3).tolist() == reference.tolist()


def test_align_marks_an_extra_typology_as_unmatched():
    reference = np.array([0, 0, 1, 1])
    split = np.array([0, 2, 1, 1])  # one more typology than the reference has
    assert align(reference, split, 2).tolist() == [0, -1, 1, 1]


@pytest.mark.parametrize(
    ("jaccard", "word"),
    [(0.59, "dissolved"), (0.6, "weak pattern"), (0.74, "weak pattern"), (0.75, "stable")],
)
def test_hennig_reading(jaccard, word):
    assert reading(jaccard) == word


def test_shuffling_keeps_each_column_margin():
    X = np.arange(20, dtype=float).reshape(10, 2)
    shuffled = shuffle_each_column(X, np.random.default_rng(0))
    assert sorted(shuffled[:, 0]) == sorted(X[:, 0]) and sorted(shuffled[:, 1]) == sorted(X[:, 1])
    assert not np.array_equal(shuffled, X)


def _blobs(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0, 0, 3], [3, 3, 0, 0], [0, 3, 3, 1]], dtype=float)
    rows = np.repeat(centres, 20, axis=0)
    noise = rng.choice([-1, 0, 1], size=rows.shape, p=[0.1, 0.8, 0.1])
    return np.clip(rows + noise, 0, 3) / 3, np.repeat([0, 1, 2], 20)


def test_null_table_accepts_the_true_k_and_rejects_noise():
    X, _ = _blobs()
    table = null_table(X, "kmedoids", ks=range(1, 6), n_null=20, seed=0)
    assert list(table["k"]) == [2, 3, 4, 5]  # k = 1 has no statistic
    assert choose_k(table) == 3
    noise = shuffle_each_column(X, np.random.default_rng(1))
    assert choose_k(null_table(noise, "kmedoids", ks=range(1, 6), n_null=20, seed=0)) == 1


def test_city_bootstrap_stable_blobs_and_vote_share():
    X, truth = _blobs()
    cities = [f"city-{i // 2}" for i in range(len(X))]  # two years per city
    jaccard, share, aris, voters = city_bootstrap(X, cities, truth, "kmedoids", 3, n_boot=10)
    assert (jaccard >= 0.75).all()  # clearly separated groups are stable
    assert len(aris) == len(voters) == 10
    assert np.allclose(
        share[np.arange(len(X)), truth], vote_share(voters, X, 3)[np.arange(len(X)), truth]
    )
    assert (share.sum(axis=1) <= 1 + 1e-9).all()
