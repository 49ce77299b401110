"""The guiding questions file: every item with its anchored levels; a broken file is named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from typology.io import load_contexts
from typology.perspectives.questions import load_questions
from typology.schema import SETTINGS, VIOLENCE_TYPES


def test_the_shipped_file_has_one_question_per_item_with_every_level():
    questions = load_questions()
    assert list(questions) == [*VIOLENCE_TYPES, "setting"]
    for item in VIOLENCE_TYPES:
        assert [level.value for level in questions[item].levels] == [0, 1, 2, 3]
        assert all(level.anchor for level in questions[item].levels)
    assert [level.value for level in questions["setting"].levels] == list(SETTINGS)


def test_every_example_names_a_bundled_context_coded_at_that_level():
    """An example is real: '<City> <year>: <level> in the bundled desk-research coding'."""
    contexts = load_contexts()
    contexts["label"] = contexts["city"] + " " + contexts["year"].astype(str)
    for item, question in load_questions().items():
        for level in question.levels:
            if not level.example:
                continue
            name, _, rest = level.example.partition(": ")
            matches = contexts[contexts["label"] == name]
            assert len(matches) == 1, level.example
            assert str(matches.iloc[0][item]) == str(level.value) == rest.split(" ")[0]


def test_a_file_missing_a_level_is_refused_by_name(tmp_path):
    frame = pd.read_csv(Path(__file__).parents[1] / "data" / "guiding_questions.csv", dtype=str)
    frame = frame[~((frame["item"] == "domestic") & (frame["level"] == "3"))]
    path = tmp_path / "q.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ValueError, match="domestic: levels must be 0, 1, 2, 3"):
        load_questions(path)
