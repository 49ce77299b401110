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


def test_plain_leaves_file_names_and_urls_as_they_are():
    # A sources slide cites the extract a figure came from: the reader must find that file.
    text = plain(
        "GED 19.1 extract (events/ucdp_ged191_iraq_hdx.csv), setting armed_conflict, "
        "see https://example.org/a_b_c"
    )
    assert "events/ucdp_ged191_iraq_hdx.csv" in text
    assert "https://example.org/a_b_c" in text
    assert "armed conflict" in text


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


def test_leaked_codes_finds_codes_and_nan_but_not_urls_or_file_names():
    from typology.labels import leaked_codes

    text = (
        "rule: national status minor_conflict\nconfidence: nan\nvalue: None\n"
        "see https://example.org/some_path and derive_conflict_status.py\n"
        "None of its seven intensities is known"
    )
    assert leaked_codes(text) == {"minor_conflict", "nan", "None"}
    assert leaked_codes("armed conflict, post-conflict, 2.5 per 100k") == set()


def test_a_table_for_display_has_words_and_unknown_and_keeps_numbers():
    from typology.labels import for_display, leaked_codes

    frame = pd.DataFrame(
        {
            "context_id": ["bogota-col-2018", "juba-ssd-2017"],
            "setting": ["criminal_violence", "armed_conflict"],
            "large_scale": [np.nan, 3.0],
            "rule": ["rule: national status minor_conflict", None],
            "url": ["https://example.org/a_b", "https://example.org/c"],
            "homicide_rate": [12.5, np.nan],
            "column": ["large_scale", "gender_based"],
            "basis": ["city_figure", "country_proxy"],
        }
    )
    before = frame.copy()
    shown = for_display(frame, keep=("column",))
    pd.testing.assert_frame_equal(frame, before)  # the input is not touched
    assert list(shown["setting"]) == ["criminal violence", "armed conflict"]
    assert list(shown["large_scale"]) == ["unknown", "high"]
    assert list(shown["rule"]) == ["rule: national status minor conflict", "unknown"]
    assert list(shown["url"]) == list(frame["url"])  # a link is not rewritten
    assert list(shown["homicide_rate"]) == ["12.5", "unknown"]  # a gap reads unknown, not None
    assert list(shown["column"]) == ["large_scale", "gender_based"]  # kept on purpose
    assert list(shown["basis"]) == ["city figure", "country proxy"]
    text = " ".join(str(v) for c in ("setting", "large_scale", "rule") for v in shown[c])
    assert leaked_codes(text) == set()


def test_a_table_index_of_codes_reads_as_words():
    from typology.labels import for_display

    shares = pd.DataFrame({"city_figure": [10.0, 20.0]}, index=["large_scale", "all"])
    assert list(for_display(shares).index) == ["large-scale", "all"]


def test_a_missing_number_in_a_table_reads_unknown_not_none():
    from typology.labels import for_display

    frame = pd.DataFrame({"intensity": [1.0, None, 2.5], "score": [3.0, 2.0, 1.0]})
    shown = for_display(frame)
    assert shown["intensity"].tolist() == ["1", "unknown", "2.5"]
    assert shown["score"].tolist() == [3.0, 2.0, 1.0]  # complete numbers stay sortable numbers
