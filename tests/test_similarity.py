import numpy as np
import pytest

from typology.analysis import analyse
from typology.similarity import nearest_contexts


@pytest.fixture
def analysis(synthetic_contexts):
    return analyse(synthetic_contexts, k=4)


def test_nearest_contexts_are_sorted_and_exclude_the_context_itself(analysis):
    target = "testville-0"
    out = nearest_contexts(analysis, target, n=5, same_city=True)
    assert len(out) == 5
    assert target not in out["context_id"].tolist()
    assert out["distance"].is_monotonic_increasing
    # The distance is the Euclidean distance in the analysis's own feature space.
    features = analysis.features.to_numpy()
    ids = analysis.contexts["context_id"].tolist()
    first = ids.index(out["context_id"].iloc[0])
    expected = np.linalg.norm(features[ids.index(target)] - features[first])
    assert out["distance"].iloc[0] == pytest.approx(expected, abs=1e-3)


def test_no_context_is_nearer_than_the_reported_neighbours(analysis):
    out = nearest_contexts(analysis, "testville-7", n=3, same_city=True)
    features = analysis.features.to_numpy()
    ids = analysis.contexts["context_id"].tolist()
    d = np.linalg.norm(features - features[ids.index("testville-7")], axis=1)
    others = sorted(d[i] for i, c in enumerate(ids) if c != "testville-7")
    assert out["distance"].tolist() == pytest.approx(others[:3], abs=1e-3)


def test_the_same_city_in_other_years_is_left_out_by_default(synthetic_contexts):
    contexts = synthetic_contexts.copy()
    contexts.loc[1, "city"] = contexts.loc[0, "city"]  # same city, another year
    result = analyse(contexts, k=4)
    out = nearest_contexts(result, "testville-0", n=30)
    assert "testville-1" not in out["context_id"].tolist()
    assert len(out) == len(contexts) - 2


def test_unknown_context_raises_key_error(analysis):
    with pytest.raises(KeyError):
        nearest_contexts(analysis, "nowhere-xxx-2000")


def test_an_unknown_code_leaves_its_coordinate_out_instead_of_blanking_every_distance():
    import numpy as np

    from typology.similarity import partial_distance

    rows = np.array([[0.0, 1.0, 1.0], [0.0, np.nan, 1.0], [1.0, 1.0, 0.0], [np.nan] * 3])
    gap = partial_distance(rows, np.array([0.0, np.nan, 1.0]))
    # Rows 0 and 1 match on every coordinate known in both: distance 0, not NaN.
    assert gap[0] == 0 and gap[1] == 0
    # Row 2 differs by 1 on both known coordinates: sqrt((1 + 1) * 3 / 2).
    assert gap[2] == np.sqrt(3.0)
    assert np.isnan(gap[3])  # nothing known in common: no distance, listed last


def test_cities_like_one_with_an_unknown_code_have_distances():
    import pandas as pd

    from tests.conftest import make_contexts
    from typology.analysis import analyse
    from typology.schema import VIOLENCE_TYPES

    contexts = make_contexts()
    contexts[list(VIOLENCE_TYPES)] = contexts[list(VIOLENCE_TYPES)].astype("Int64")
    contexts.loc[0, "small_scale"] = pd.NA
    analysis = analyse(contexts, method="kmedoids", k=2)
    first = contexts["context_id"].iloc[0]
    assert analysis.features.isna().any().any()  # the unknown code stays unknown in the space
    near = nearest_contexts(analysis, first, n=3)
    assert near["distance"].notna().all()
    assert list(near["distance"]) == sorted(near["distance"])
