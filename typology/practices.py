"""The evidence half: practices, the annotated literature review and the glossary.

The CSV files in ``data/`` are the human-edited source of truth. The loaders here validate them
once, at the boundary (pandera ``DataFrameModel``, lazy validation), and split the semicolon lists
into python lists. A bad file raises :class:`PracticeDataError` with one readable line per problem
(row, column, value, rule). No Streamlit import, no I/O at import time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors
import pandera.pandas as pa
from pandera.typing import Series

from typology.schema import REGIONS, SETTINGS, VIOLENCE_TYPES

ENTRY_POINTS: tuple[str, ...] = (
    "urban_planning_and_design",
    "community_policing",
    "mediation_and_dialogue",
    "negotiation_with_armed_groups",
    "youth_and_livelihoods",
    "victims_and_reconciliation",
    "violence_observatories_and_data",
    "gender_based_violence_services",
    "reintegration",
    "violence_interruption",
    "alcohol_and_firearms_regulation",
    "local_governance_and_peace_committees",
)
# A practice's grade is derived from its outcomes (data/practice_outcomes.csv) by
# :func:`derive_grade`; no file keeps it by hand.
EVIDENCE_GRADES: tuple[str, ...] = (
    "effective",
    "promising",
    "mixed",
    "inconclusive",
    "no_effect_or_harmful",
    "not_evaluated",
)
# The two axes of one outcome, as in CrimeSolutions and EMMIE: the direction of the effect and
# the strength of the evidence behind it.
EFFECTS: tuple[str, ...] = (
    "positive",
    "no_effect",
    "negative",
    "mixed",
    "inconclusive",
    "not_evaluated",
)
STRENGTHS: tuple[str, ...] = ("strong", "moderate", "limited", "none")
STUDY_DESIGNS: tuple[str, ...] = (
    "randomised_trial",
    "quasi_experimental",
    "time_series",
    "before_after",
    "cross_sectional",
    "qualitative",
    "observers_consensus",
    "programme_report",
    "none",
)
# Designs that count as rigorous quasi-experiments (an interrupted time series is one).
QUASI_EXPERIMENTAL: tuple[str, ...] = ("quasi_experimental", "time_series")
NO_IMPACT_DESIGNS: tuple[str, ...] = ("programme_report", "none")
YES_NO: tuple[str, ...] = ("yes", "no")
# Grades that count as a "failure report" entry (the TWG's inception meeting asked for one).
FAILURE_GRADES: tuple[str, ...] = ("mixed", "no_effect_or_harmful")

LIST_SEPARATOR = ";"
PRACTICE_LIST_COLUMNS: tuple[str, ...] = ("violence_types", "settings", "sources")
OUTCOME_LIST_COLUMNS: tuple[str, ...] = ("source",)
OUTCOMES_FILE = "practice_outcomes.csv"
LITERATURE_LIST_COLUMNS: tuple[str, ...] = ("themes", "practices")
GLOSSARY_LIST_COLUMNS: tuple[str, ...] = ("sources",)

_PRACTICE_ID = r"^P\d{3}$"
_WORK_ID = r"^L\d{2,3}$"
_SOURCE_ID = r"^[PL]-[A-Za-z0-9_.-]+$"


class PracticeDataError(ValueError):
    """A shipped or uploaded evidence table does not follow its schema.

    ``problems`` holds one readable line per failure: row, column, value and the rule broken.
    """

    def __init__(self, table: str, problems: list[str]) -> None:
        self.table = table
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{table}: {len(self.problems)} problem(s)\n{lines}")


def _split(value: object) -> list[str]:
    """Split one semicolon cell into a list of trimmed, non-empty items."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [item.strip() for item in str(value).split(LIST_SEPARATOR) if item.strip()]


def _all_in(allowed: tuple[str, ...]):
    """Element check: every item of a semicolon cell is in ``allowed`` and there is at least one."""

    def check(value: object) -> bool:
        items = _split(value)
        return bool(items) and all(item in allowed for item in items)

    return check


def _all_match(pattern: str, *, required: bool = True):
    """Element check: every item of a semicolon cell matches ``pattern`` (empty allowed if not
    ``required``)."""
    compiled = re.compile(pattern)

    def check(value: object) -> bool:
        items = _split(value)
        if not items:
            return not required
        return all(compiled.match(item) for item in items)

    return check


_IN_VIOLENCE_TYPES = _all_in(VIOLENCE_TYPES)
_IN_SETTINGS = _all_in(SETTINGS)
_SOURCE_IDS = _all_match(_SOURCE_ID)
_OPTIONAL_SOURCE_IDS = _all_match(_SOURCE_ID, required=False)
_THEMES = _all_match(r"^[a-z_]+$")
_PRACTICE_IDS = _all_match(_PRACTICE_ID, required=False)


def _text(min_length: int = 1) -> pa.Field:
    return pa.Field(str_length={"min_value": min_length}, nullable=False)


class PracticeSchema(pa.DataFrameModel):
    """One row per documented practice (a tool or mechanism in a named place and period)."""

    practice_id: Series[str] = pa.Field(unique=True, str_matches=_PRACTICE_ID)
    name: Series[str] = _text(3)
    city: Series[str] = _text()
    country: Series[str] = _text()
    iso3: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$")
    region: Series[str] = pa.Field(isin=list(REGIONS))
    period: Series[str] = pa.Field(str_matches=r"^\d{4}(-(\d{4}|present))?$")
    actors: Series[str] = _text()
    entry_point: Series[str] = pa.Field(isin=list(ENTRY_POINTS))
    mechanism: Series[str] = _text(20)
    # EMMIE's other questions; empty = not recorded yet from the sources.
    moderators: Series[str] = pa.Field(nullable=True)
    implementation: Series[str] = pa.Field(nullable=True)
    economics: Series[str] = pa.Field(nullable=True)
    violence_types: Series[str]
    settings: Series[str]
    evidence_basis: Series[str] = _text()
    outcome: Series[str] = _text(10)
    lessons: Series[str] = _text(10)
    sources: Series[str]
    notes: Series[str] = pa.Field(nullable=True)

    @pa.check("violence_types", element_wise=True, name="semicolon items in VIOLENCE_TYPES")
    def _violence_types(cls, value: str) -> bool:
        return _IN_VIOLENCE_TYPES(value)

    @pa.check("settings", element_wise=True, name="semicolon items in SETTINGS")
    def _settings(cls, value: str) -> bool:
        return _IN_SETTINGS(value)

    @pa.check("sources", element_wise=True, name="semicolon source ids (P-... or L-...)")
    def _sources(cls, value: str) -> bool:
        return _SOURCE_IDS(value)

    class Config:
        coerce = True
        strict = True
        name = "practices"


class OutcomeSchema(pa.DataFrameModel):
    """One row per practice x outcome: the effect and the strength of the evidence for it."""

    practice_id: Series[str] = pa.Field(str_matches=_PRACTICE_ID)
    outcome: Series[str] = _text(3)
    # Whether the outcome is violence itself (not attitudes, services or governance).
    measures_violence: Series[str] = pa.Field(isin=list(YES_NO))
    effect: Series[str] = pa.Field(isin=list(EFFECTS))
    evidence_strength: Series[str] = pa.Field(isin=list(STRENGTHS))
    study_design: Series[str] = pa.Field(isin=list(STUDY_DESIGNS))
    n_evaluations: Series[int] = pa.Field(ge=0)
    # Empty = not known from the sources (never guessed).
    independent_evaluator: Series[str] = pa.Field(isin=list(YES_NO), nullable=True)
    effect_size: Series[str] = pa.Field(nullable=True)
    follow_up: Series[str] = pa.Field(nullable=True)
    cost: Series[str] = pa.Field(nullable=True)
    implementation_failure: Series[str] = pa.Field(isin=list(YES_NO))
    external_rating: Series[str] = pa.Field(nullable=True)
    source: Series[str]
    notes: Series[str] = pa.Field(nullable=True)

    @pa.check("source", element_wise=True, name="semicolon source ids (P-... or L-...)")
    def _source(cls, value: str) -> bool:
        return _SOURCE_IDS(value)

    class Config:
        coerce = True
        strict = True
        name = "practice_outcomes"


def strength_rule(study_design: str, n_evaluations: int) -> str:
    """The evidence strength that a design and a number of evaluations earn (the codebook's rule).

    strong: at least one randomised trial, or two rigorous quasi-experiments (an interrupted time
    series counts as one); moderate: one rigorous quasi-experiment; limited: before-after,
    cross-sectional, qualitative or observers' consensus; none: no impact evaluation.
    """
    if int(n_evaluations) == 0 or study_design in NO_IMPACT_DESIGNS:
        return "none"
    if study_design == "randomised_trial":
        return "strong"
    if study_design in QUASI_EXPERIMENTAL:
        return "strong" if int(n_evaluations) >= 2 else "moderate"
    return "limited"


def _rule_problems(frame: pd.DataFrame) -> list[str]:
    """The strength rule and its corollaries, one readable line per row that breaks them."""
    problems = []
    for i, row in enumerate(frame.to_dict("records")):
        where = f"row {i + 2}"
        try:
            expected = strength_rule(str(row["study_design"]), int(row["n_evaluations"]))
        except (TypeError, ValueError):
            continue  # the schema already reports a bad number
        if row["evidence_strength"] != expected:
            problems.append(
                f"{where}, column 'evidence_strength': value {row['evidence_strength']!r} breaks "
                f"the strength rule ({row['study_design']}, {row['n_evaluations']} evaluation(s) "
                f"gives {expected!r})"
            )
        if (row["effect"] == "not_evaluated") != (expected == "none"):
            problems.append(
                f"{where}, column 'effect': value {row['effect']!r} breaks rule 'not_evaluated "
                f"if and only if no impact evaluation (strength none)'"
            )
        if row["implementation_failure"] == "yes" and row["effect"] != "not_evaluated":
            problems.append(
                f"{where}, column 'implementation_failure': a practice that was not implemented "
                f"has no measured effect (effect must be 'not_evaluated', got {row['effect']!r})"
            )
    return problems


_STRENGTH_ORDER = {s: i for i, s in enumerate(STRENGTHS)}  # strong first


def _outweighed(positive: pd.DataFrame, inconclusive: pd.DataFrame) -> bool:
    """A positive result beside an inconclusive one from stronger evidence (a cohort study's
    fall that the later trial could not confirm) is not a clean positive."""
    if inconclusive.empty:
        return False
    best_positive = min(_STRENGTH_ORDER[s] for s in positive["evidence_strength"])
    return min(_STRENGTH_ORDER[s] for s in inconclusive["evidence_strength"]) < best_positive


def derive_grade(outcomes: pd.DataFrame) -> str:
    """A practice's grade from its outcomes: those that measure violence, or all of them when none
    does (a practice is graded on what it did to violence, not on attitudes or services alone).

    Rigorous outcomes (strong or moderate) decide when there are any: effective = a positive
    effect with strong evidence; promising = positive with moderate evidence; mixed = positive and
    no-effect/negative (or a mixed effect) together; no_effect_or_harmful = only no effect or harm;
    inconclusive = only inconclusive results. With limited evidence only, a reported harm makes
    the practice a lesson (no_effect_or_harmful, out of caution); anything else is inconclusive
    (observers' consensus or a before-after count is not "promising", as in CrimeSolutions).
    Without any evaluation: not_evaluated.
    """
    violence = outcomes[outcomes["measures_violence"] == "yes"]
    rows = violence if not violence.empty else outcomes
    evaluated = rows[rows["effect"] != "not_evaluated"]
    if evaluated.empty:
        return "not_evaluated"
    rigorous = evaluated[evaluated["evidence_strength"].isin(["strong", "moderate"])]
    if rigorous.empty:
        harmed = (evaluated["effect"] == "negative").any()
        return "no_effect_or_harmful" if harmed else "inconclusive"
    effects = set(rigorous["effect"])
    positive = rigorous[rigorous["effect"] == "positive"]
    if "mixed" in effects or (not positive.empty and effects & {"no_effect", "negative"}):
        return "mixed"
    if not positive.empty and _outweighed(positive, rigorous[rigorous["effect"] == "inconclusive"]):
        return "mixed"
    if not positive.empty:
        return "effective" if (positive["evidence_strength"] == "strong").any() else "promising"
    if effects & {"no_effect", "negative"}:
        return "no_effect_or_harmful"
    return "inconclusive"


def headline(outcomes: pd.DataFrame) -> dict[str, object]:
    """Practice-level summary of its outcomes: derived grade, strongest evidence, designs."""
    evaluated = outcomes[outcomes["effect"] != "not_evaluated"]
    strengths = sorted(set(outcomes["evidence_strength"]), key=_STRENGTH_ORDER.get)
    return {
        "evidence_grade": derive_grade(outcomes),
        "evidence_strength": strengths[0] if strengths else "none",
        "effects": sorted(set(outcomes["effect"]), key=EFFECTS.index),
        "strengths": sorted(set(outcomes["evidence_strength"]), key=_STRENGTH_ORDER.get),
        "study_designs": sorted(set(evaluated["study_design"]), key=STUDY_DESIGNS.index),
        "implementation_failure": bool((outcomes["implementation_failure"] == "yes").any()),
        "n_outcomes": len(outcomes),
    }


class LiteratureSchema(pa.DataFrameModel):
    """One row per work of the annotated literature review."""

    work_id: Series[str] = pa.Field(unique=True, str_matches=_WORK_ID)
    citation: Series[str] = _text(20)
    url: Series[str] = pa.Field(str_matches=r"^https?://\S+$")
    year: Series[int] = pa.Field(ge=1950, le=2100)
    annotation: Series[str] = _text(40)
    themes: Series[str]
    practices: Series[str] = pa.Field(nullable=True)
    source_id: Series[str] = pa.Field(unique=True, str_matches=r"^L-[A-Za-z0-9_.-]+$")

    @pa.check("themes", element_wise=True, name="semicolon snake_case themes")
    def _themes(cls, value: str) -> bool:
        return _THEMES(value)

    @pa.check("practices", element_wise=True, name="semicolon practice ids P###")
    def _practices(cls, value: str) -> bool:
        return _PRACTICE_IDS(value)

    class Config:
        coerce = True
        strict = True
        name = "literature"


class GlossarySchema(pa.DataFrameModel):
    """One row per contested or working term (the seeds asked for these to be made consistent)."""

    term: Series[str] = pa.Field(unique=True, str_length={"min_value": 2})
    definition: Series[str] = _text(20)
    usage_note: Series[str] = _text(20)
    sources: Series[str] = pa.Field(nullable=True)

    @pa.check("sources", element_wise=True, name="semicolon source ids (P-... or L-...)")
    def _sources(cls, value: str) -> bool:
        return _OPTIONAL_SOURCE_IDS(value)

    class Config:
        coerce = True
        strict = True
        name = "glossary"


def _describe(exc: pa_errors.SchemaErrors) -> list[str]:
    """One readable line per failure: row (1-based data row, as in a spreadsheet), column, value."""
    problems: list[str] = []
    cases = exc.failure_cases
    for case in cases.itertuples(index=False):
        column = getattr(case, "column", None)
        index = getattr(case, "index", None)
        value = getattr(case, "failure_case", None)
        check = getattr(case, "check", None)
        if index is None or (isinstance(index, float) and pd.isna(index)):
            # Table-level failure (missing or unexpected column): the value names the column.
            problems.append(f"table: column {value!r} breaks rule {check}")
            continue
        where = f"row {int(index) + 2}"  # +1 for the header line, +1 to count from one
        problems.append(f"{where}, column {column!r}: value {value!r} breaks rule {check}")
    return problems


def _read(path: Path, table: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError as exc:
        raise PracticeDataError(table, [f"file not found: {path}"]) from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise PracticeDataError(table, [f"cannot parse {path}: {exc}"]) from exc


def _validate(
    frame: pd.DataFrame, schema: type[pa.DataFrameModel], table: str, lists: tuple[str, ...]
) -> pd.DataFrame:
    try:
        valid = schema.validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        raise PracticeDataError(table, _describe(exc)) from exc
    out = valid.copy()
    for column in lists:
        out[column] = out[column].map(_split)
    return out.reset_index(drop=True)


def validate_outcomes(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a practice-outcomes frame: schema, then the strength rule on every row."""
    problems: list[str] = []
    valid = None
    try:
        valid = OutcomeSchema.validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        problems = _describe(exc)
    needed = {"study_design", "n_evaluations", "evidence_strength", "effect"}
    needed |= {"implementation_failure"}
    if needed <= set(frame.columns):
        problems += _rule_problems(frame.reset_index(drop=True))
    if problems:
        raise PracticeDataError("practice_outcomes", problems)
    out = valid.copy()
    for column in OUTCOME_LIST_COLUMNS:
        out[column] = out[column].map(_split)
    return out.reset_index(drop=True)


def load_outcomes(path: Path) -> pd.DataFrame:
    """Read and validate ``data/practice_outcomes.csv`` (one row per practice x outcome)."""
    return validate_outcomes(_read(Path(path), "practice_outcomes"))


def validate_practices(frame: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Validate a practices frame (semicolon strings) against its validated outcomes and return it
    with list columns split and the derived columns of :func:`headline` added."""
    practices = _validate(frame, PracticeSchema, "practices", PRACTICE_LIST_COLUMNS)
    known = set(practices["practice_id"])
    with_outcomes = set(outcomes["practice_id"])
    problems = [
        f"practice {pid}: no row in {OUTCOMES_FILE} (every practice needs at least one outcome)"
        for pid in sorted(known - with_outcomes)
    ]
    problems += [
        f"{OUTCOMES_FILE}: practice {pid} is not in practices.csv"
        for pid in sorted(with_outcomes - known)
    ]
    if problems:
        raise PracticeDataError("practices", problems)
    groups = outcomes.groupby("practice_id")
    summary = pd.DataFrame([{"practice_id": pid, **headline(group)} for pid, group in groups])
    return practices.merge(summary, on="practice_id", how="left", validate="one_to_one")


def load_practices(path: Path, outcomes_path: Path | None = None) -> pd.DataFrame:
    """Read and validate ``data/practices.csv`` with its outcomes (by default the
    ``practice_outcomes.csv`` beside it): the grade and the other headline columns are derived."""
    path = Path(path)
    outcomes = load_outcomes(Path(outcomes_path) if outcomes_path else path.parent / OUTCOMES_FILE)
    return validate_practices(_read(path, "practices"), outcomes)


def load_literature(path: Path) -> pd.DataFrame:
    """Read, validate and split ``data/literature.csv``."""
    frame = _read(Path(path), "literature")
    return _validate(frame, LiteratureSchema, "literature", LITERATURE_LIST_COLUMNS)


def load_glossary(path: Path) -> pd.DataFrame:
    """Read, validate and split ``data/glossary.csv``."""
    frame = _read(Path(path), "glossary")
    return _validate(frame, GlossarySchema, "glossary", GLOSSARY_LIST_COLUMNS)


# --- python -m typology validate data/practices.csv (the hook is in typology.io.run_validate) ----

EVIDENCE_FILES: tuple[str, ...] = ("practices.csv", OUTCOMES_FILE)


def check_evidence_file(path: Path) -> tuple[str, int]:
    """Validate ``practices.csv`` (with the outcomes beside it) or ``practice_outcomes.csv``:
    the report in plain words and the exit code (0 valid, 1 not)."""
    path = Path(path)
    try:
        if path.name == OUTCOMES_FILE:
            frame = load_outcomes(path)
            return (
                f"valid: {len(frame):,} outcomes of {frame['practice_id'].nunique():,} practices",
                0,
            )
        frame = load_practices(path)
    except PracticeDataError as err:
        lines = [f"invalid: {len(err.problems)} problem(s) to fix in {err.table}"]
        return "\n".join(lines + [f"- {p}" for p in err.problems]), 1
    counts = frame["evidence_grade"].value_counts()
    grades = ", ".join(f"{g} {int(counts.get(g, 0))}" for g in EVIDENCE_GRADES)
    return f"valid: {len(frame):,} practices (grades derived from outcomes: {grades})", 0
