"""Diagnostics by k: the documented rule, stability, and bounds on big inputs."""

import numpy as np
import pandas as pd
import pytest

from typology import diagnostics
from typology.diagnostics import diagnostics_by_k, pick_k, stability
from typology.features import feature_matrix


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    return np.vstack([rng.normal(c, 0.2, size=(40, 2)) for c in ((0, 0), (3, 0), (0, 3))])


def test_well_separated_groups_are_stable_at_the_true_k(blobs):
    assert stability(blobs, 3) > 0.95


def test_stability_is_lower_for_a_k_that_splits_a_group():
    rng = np.random.default_rng(1)
    noise = rng.uniform(0, 1, size=(120, 2))  # no structure: any split is arbitrary
    assert stability(noise, 5) < 0.9


def test_diagnostics_table_and_rule(synthetic_contexts):
    X = feature_matrix(synthetic_contexts).to_numpy()
    table = diagnostics_by_k(X, ks=range(2, 7))
    assert list(table.columns) == [
        "k",
        "silhouette",
        "calinski_harabasz",
        "davies_bouldin",
        "stability",
    ]
    assert table["k"].tolist() == [2, 3, 4, 5, 6]
    assert pick_k(table) == 4


def test_pick_k_prefers_silhouette_among_stable_k():
    table = pd.DataFrame(
        {"k": [2, 3, 4], "silhouette": [0.9, 0.5, 0.7], "stability": [0.5, 0.8, 0.9]}
    )
    assert pick_k(table) == 4  # k=2 has the best silhouette but is not stable


def test_pick_k_falls_back_to_the_most_stable():
    table = pd.DataFrame({"k": [2, 3], "silhouette": [0.9, 0.5], "stability": [0.3, 0.6]})
    assert pick_k(table) == 3


def test_bootstrap_is_bounded_on_big_inputs(monkeypatch, blobs):
    """Above BOOTSTRAP_ROWS the refits see a subsample, never the whole table."""
    from typology import model

    monkeypatch.setattr(diagnostics, "BOOTSTRAP_ROWS", 50)
    seen = []
    original = model.TypologyModel.fit

    def recording_fit(self, X, y=None):
        seen.append(len(X))
        return original(self, X, y)

    monkeypatch.setattr(model.TypologyModel, "fit", recording_fit)
    value = stability(blobs, 3)
    assert seen[0] == len(blobs)  # the reference fit uses every row
    assert max(seen[1:]) == 50
    assert value > 0.9


def test_diagnostics_run_on_a_sample_of_big_inputs(monkeypatch):
    """Above DIAGNOSTIC_ROWS no fit in the comparison of k sees more rows than that."""
    from typology import model

    monkeypatch.setattr(diagnostics, "DIAGNOSTIC_ROWS", 80)
    rng = np.random.default_rng(2)
    X = np.vstack([rng.normal(c, 0.2, size=(100, 2)) for c in ((0, 0), (3, 0), (0, 3))])
    seen = []
    original = model.TypologyModel.fit

    def recording_fit(self, X, y=None):
        seen.append(len(X))
        return original(self, X, y)

    monkeypatch.setattr(model.TypologyModel, "fit", recording_fit)
    table = diagnostics_by_k(X, ks=range(2, 5))
    assert max(seen) == 80
    assert pick_k(table) == 3


def test_k_that_exceeds_the_distinct_profiles_is_not_reported():
    X = np.repeat(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), 10, axis=0)
    table = diagnostics_by_k(X, ks=range(2, 6))
    assert table["k"].tolist() == [2, 3]
