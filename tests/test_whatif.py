"""assign_profile: a made-up profile placed by the fitted model, without refitting."""

import numpy as np
import pytest

from typology.analysis import analyse, assign_profile, profile_features
from typology.schema import VIOLENCE_TYPES

PROFILE_COLUMNS = ["setting", *VIOLENCE_TYPES]


@pytest.mark.parametrize(
    "features", [("violence", "setting"), ("violence", "setting", "indicators")]
)
def test_profile_features_reproduce_the_fitted_features(synthetic_contexts, features):
    result = analyse(synthetic_contexts, k=4, features=features)
    assert np.allclose(profile_features(result, result.contexts), result.features.to_numpy())


@pytest.mark.parametrize("method", ["kmeans", "gmm"])
def test_each_context_profile_lands_in_its_own_typology(synthetic_contexts, method):
    result = analyse(synthetic_contexts, method=method, k=4)
    for _, row in result.contexts.iterrows():
        assigned = assign_profile(result, row[PROFILE_COLUMNS].to_dict())
        assert assigned.typology == row["typology"]
        assert assigned.confidence == pytest.approx(row["confidence_typology"], abs=1e-3)


def test_an_indicator_free_profile_works_when_indicators_were_clustered(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4, features=("violence", "setting", "indicators"))
    profile = {"setting": "armed_conflict", **dict.fromkeys(VIOLENCE_TYPES, 3)}
    assigned = assign_profile(result, profile)
    assert 1 <= assigned.typology <= result.k
    assert 0 < assigned.confidence <= 1
    assert assigned.runner_up != assigned.typology and assigned.runner_up_name


def test_assign_profile_does_not_touch_the_analysis(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    before = result.contexts.copy(), result.model.cluster_centers_.copy()
    assign_profile(result, {"setting": "stable", **dict.fromkeys(VIOLENCE_TYPES, 0)})
    assert result.contexts.equals(before[0])
    assert np.array_equal(result.model.cluster_centers_, before[1])


def test_a_conflict_profile_joins_the_conflict_typology(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    # The synthetic armed-conflict profile (see conftest.PROFILES).
    profile = dict(zip(VIOLENCE_TYPES, (3, 2, 2, 1, 2, 3, 1), strict=True))
    assigned = assign_profile(result, {"setting": "armed_conflict", **profile})
    members = result.contexts[result.contexts["typology"] == assigned.typology]
    assert (members["setting"] == "armed_conflict").mean() > 0.5


def test_a_profile_with_too_few_known_intensities_is_not_classified(synthetic_contexts):
    from typology.analysis import profile_not_classified
    from typology.features import MIN_KNOWN_INTENSITIES

    result = analyse(synthetic_contexts, k=4)
    known = dict.fromkeys(VIOLENCE_TYPES[:MIN_KNOWN_INTENSITIES], 2)
    enough = {"setting": "stable", **dict.fromkeys(VIOLENCE_TYPES), **known}
    assert profile_not_classified(result, enough) == ""
    fewer = {**enough, VIOLENCE_TYPES[0]: float("nan")}  # NaN and None are both unknown
    reason = profile_not_classified(result, fewer)
    assert f"only {MIN_KNOWN_INTENSITIES - 1} of 7" in reason
    zero = {**fewer, VIOLENCE_TYPES[0]: 0}  # 0 is a value (none), not unknown
    assert profile_not_classified(result, zero) == ""
