"""The label table: codes in words for people, from the codebooks; missing reads 'unknown'."""

from __future__ import annotations

import numpy as np
import pandas as pd

from typology.labels import (
    SNAKE,
    column_label,
    plain,
    readable,
    value_label,
    value_labels,
    words,
)
from typology.schema import VIOLENCE_TYPES


def test_every_coded_value_of_the_codebooks_has_words_without_underscores():
    table = value_labels()
    # The codebooks' coded columns are all there, practices' ones included.
    assert {"setting", "territorial_conflict", "entry_point", "evidence_grade"} <= set(table)
    for column, labels in table.items():
        for code, label in labels.items():
            assert "_" not in label, (column, code, label)
    assert table["entry_point"]["local_governance_and_peace_committees"] == (
        "local governance and peace committees"
    )
    assert table["setting"]["post_conflict"] == "post-conflict"  # the app's own spelling


def test_intensities_read_as_words_and_missing_as_unknown():
    assert [value_label("organized", v) for v in (0, 1, 2, 3)] == ["none", "low", "medium", "high"]
    assert value_label("organized", np.nan) == "unknown"
    assert value_label("organized", 1.5) == "1.5"  # a mean stays a number
    assert value_label("setting", None) == "unknown"
    assert value_label("violence_types", "small_scale;gender_based") == "small-scale, gender-based"


def test_other_columns_keep_their_values():
    assert value_label("city", "Bogotá") == "Bogotá"
    assert value_label("homicide_rate", 12.7) == "12.7"


def test_headings_are_words():
    assert column_label("confidence_typology") == "typology fit"
    assert column_label("runner_up_name") == "nearest other typology"
    assert column_label("homicide_rate_year") == "homicide rate year"


def test_plain_turns_codes_in_free_text_into_words():
    text = plain("rule: territorial conflict minor_conflict; setting armed_conflict")
    assert text == "rule: territorial conflict minor conflict; setting armed conflict"
    assert not SNAKE.search(text)


def test_words_never_show_nan():
    assert words(float("nan")) == "unknown"
    assert words("nan") == "unknown"
    assert words("") == "unknown"


def test_readable_leaves_the_input_unchanged_and_has_no_code_left():
    frame = pd.DataFrame(
        {
            "context_id": ["x-1"],
            "setting": ["armed_conflict"],
            **{v: [2] for v in VIOLENCE_TYPES},
            "typology": [1],
            "typology_name": ["High violence, armed conflict"],
            "homicide_rate": [np.nan],
        }
    )
    frame.loc[0, "spontaneous"] = np.nan
    before = frame.copy()
    out = readable(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert out.loc[0, "setting"] == "armed conflict"
    assert out.loc[0, "spontaneous"] == "unknown"
    assert out.loc[0, "large-scale"] == "medium"
    assert pd.isna(out.loc[0, "homicide rate per 100k"])  # a measurement stays empty
    assert len(set(out.columns)) == len(out.columns)
    assert not any(SNAKE.search(str(c)) for c in out.columns)
