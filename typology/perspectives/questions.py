"""The guiding questions: one per violence type and one for the setting, each with anchored
levels and a real example, read from data/guiding_questions.csv so the TWG can revise the
wording without touching code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typology.schema import SETTINGS, VIOLENCE_TYPES

FILE = "guiding_questions.csv"
COLUMNS: tuple[str, ...] = ("item", "question", "level", "label", "anchor", "example")


@dataclass(frozen=True)
class Level:
    value: int | str  # 0-3 for a violence type, a setting name for the setting
    label: str
    anchor: str
    example: str


@dataclass(frozen=True)
class Question:
    item: str
    text: str
    levels: tuple[Level, ...]


def load_questions(path: Path | str | None = None) -> dict[str, Question]:
    """item -> Question, in the order violence types then setting. A file that lacks an item or
    a level, or has an unknown one, raises ValueError naming what is wrong."""
    import pandas as pd

    from typology.io import data_dir

    path = Path(path) if path else data_dir() / FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
    problems = []
    expected = {v: [str(i) for i in range(4)] for v in VIOLENCE_TYPES} | {"setting": list(SETTINGS)}
    for item in sorted(set(frame["item"]) - set(expected)):
        problems.append(f"unknown item {item!r}")
    questions = {}
    for item, levels in expected.items():
        rows = frame[frame["item"] == item]
        if sorted(rows["level"]) != sorted(levels):
            problems.append(
                f"{item}: levels must be {', '.join(levels)}, found {list(rows['level'])}"
            )
            continue
        if rows["question"].nunique() != 1 or not rows["question"].iloc[0].strip():
            problems.append(f"{item}: needs exactly one question text")
            continue
        order = {level: i for i, level in enumerate(levels)}
        rows = rows.sort_values("level", key=lambda s: s.map(order))
        questions[item] = Question(
            item,
            rows["question"].iloc[0],
            tuple(
                Level(int(r.level) if item != "setting" else r.level, r.label, r.anchor, r.example)
                for r in rows.itertuples()
            ),
        )
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return questions
