"""Krippendorff's alpha per item: the package's values on the same data, units and coders
counted, missing ("don't know") left out, never counted as a value."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest

from typology.perspectives.agreement import agreement_table, reading, side_by_side
from typology.schema import SETTINGS, VIOLENCE_TYPES


def codings_from_matrix(matrix: list[list], variable: str) -> pd.DataFrame:
    """coders x units -> one coding row per coder and unit that has a value."""
    rows = []
    for c, values in enumerate(matrix):
        for u, value in enumerate(values):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            row = {"coder": f"coder{c}", "context_id": f"ctx-{u:02d}", "setting": None}
            row.update(dict.fromkeys(VIOLENCE_TYPES, pd.NA))
            row[variable] = value
            rows.append(row)
    frame = pd.DataFrame(rows)
    for v in VIOLENCE_TYPES:
        frame[v] = frame[v].astype("Int64")
    return frame


def test_setting_alpha_is_krippendorffs_published_nominal_example():
    """Krippendorff's 'Computing Krippendorff's alpha-reliability' example (3 observers,
    15 units, values 1-4: alpha 0.691 nominal; the package's doctest gives 0.691358), with
    the four values mapped onto the four settings."""
    nan = None
    data = [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
    mapped = [[None if v is None else SETTINGS[v - 1] for v in row] for row in data]
    table = agreement_table(codings_from_matrix(mapped, "setting")).set_index("variable")
    assert table.loc["setting", "alpha"] == pytest.approx(0.691358, abs=1e-6)
    # Units 2 and 14 have fewer than two values: they carry no information on agreement.
    assert table.loc["setting", "units"] == 12
    assert table.loc["setting", "coders"] == 3


def test_ordinal_alpha_equals_the_package_on_the_same_matrix():
    rng = np.random.default_rng(7)
    matrix = rng.integers(0, 4, size=(4, 20)).astype(float)
    matrix[rng.random(matrix.shape) < 0.25] = np.nan
    matrix[:, 0] = [2, 2, 3, np.nan]  # a unit everyone pairs on, so alpha is defined
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")
    as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in matrix]
    table = agreement_table(codings_from_matrix(as_lists, "domestic")).set_index("variable")
    assert table.loc["domestic", "alpha"] == pytest.approx(expected, rel=1e-12)
    assert table.loc["domestic", "units"] == int((np.sum(~np.isnan(matrix), axis=0) >= 2).sum())


def test_all_pools_every_violence_type_as_ordinal_units():
    rng = np.random.default_rng(3)
    rows = []
    for c in range(3):
        for u in range(6):
            values = dict(zip(VIOLENCE_TYPES, rng.integers(0, 4, size=7).tolist(), strict=True))
            rows.append({"coder": f"c{c}", "context_id": f"ctx-{u}", "setting": None, **values})
    codings = pd.DataFrame(rows)
    pooled = codings.melt(id_vars=["coder", "context_id"], value_vars=list(VIOLENCE_TYPES))
    pooled["unit"] = pooled["context_id"] + pooled["variable"]
    columns = pooled.pivot(index="coder", columns="unit", values="value").astype(float)
    expected = krippendorff.alpha(
        reliability_data=columns.to_numpy(), level_of_measurement="ordinal"
    )
    table = agreement_table(codings).set_index("variable")
    assert table.loc["all", "alpha"] == pytest.approx(expected, rel=1e-12)
    assert (table.loc["all", "units"], table.loc["all", "coders"]) == (42, 3)
    assert list(table.index) == [*VIOLENCE_TYPES, "setting", "all"]


def test_perfect_agreement_is_one_and_no_pairs_is_missing():
    codings = codings_from_matrix([[0, 1, 2, 3], [0, 1, 2, 3]], "organized")
    table = agreement_table(codings).set_index("variable")
    assert table.loc["organized", "alpha"] == pytest.approx(1.0)
    assert np.isnan(table.loc["public", "alpha"]) and table.loc["public", "units"] == 0
    assert reading(table.loc["public", "alpha"]).startswith("undefined")


def test_dont_know_is_not_counted_as_a_value():
    # Coder 1 does not know unit 1: only unit 0 pairs, so units == 1, not 2.
    codings = codings_from_matrix([[1, 3], [2, None]], "public")
    assert agreement_table(codings).set_index("variable").loc["public", "units"] == 1


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        (0.95, "reliable"),
        (0.8, "reliable"),
        (0.7, "tentative"),
        (0.667, "tentative"),
        (0.5, "unreliable"),
    ],
)
def test_reading_follows_the_usual_thresholds(alpha, expected):
    assert reading(alpha) == expected


def test_side_by_side_marks_agreement_per_item():
    codings = codings_from_matrix([[1], [2]], "public")
    codings.loc[:, "domestic"] = pd.array([2, 2], dtype="Int64")
    table = side_by_side(codings, "ctx-00")
    assert list(table.columns) == ["coder0", "coder1", "agree"]
    assert not table.loc["public", "agree"]  # bool(pd.NA) would raise: this is a real False
    assert table.loc["domestic", "agree"]
    assert pd.isna(table.loc["large_scale", "agree"])


def test_bad_codings_get_a_clear_error():
    with pytest.raises(ValueError, match="lack the columns"):
        agreement_table(pd.DataFrame({"coder": ["a"]}))
    twice = codings_from_matrix([[1], [2]], "public")
    twice["coder"] = "a"
    with pytest.raises(ValueError, match="twice"):
        agreement_table(twice)
