"""A tiny, safe filter language for the command line (`--where`), parsed by hand.

    region=Africa,setting=armed_conflict;post_conflict,year>=2010

Clauses are separated by `,` and must all hold. Each clause is `column OP value`, with OP one of
`=`, `!=`, `>=`, `<=`, `>`, `<`. After `=` or `!=`, alternatives are separated by `;`
(`setting=armed_conflict;post_conflict` keeps either setting). Text compares ignoring case and
surrounding spaces; `>`/`<` need a number and a numeric column. A value holding `,` or `;` can be
put in double quotes: `country="Korea, Republic of"`.

User text is never evaluated (no eval, no DataFrame.query): each clause becomes a Condition that
is applied with plain pandas comparisons.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

# Longest first, so that '>=' is not read as '>' followed by '=value'.
OPERATORS: tuple[str, ...] = ("!=", ">=", "<=", "=", ">", "<")
ORDERING: dict[str, Callable[[pd.Series, float], pd.Series]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
GRAMMAR_HINT = "use column=value, column=a;b, column!=value or column>=number, joined by commas"


class WhereError(ValueError):
    """A --where expression that cannot be understood or applied, in plain words."""


@dataclass(frozen=True)
class Condition:
    column: str
    op: str
    values: tuple[str, ...]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
            current.append(char)
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if quoted:
        raise WhereError(f"unclosed double quote in {text!r}")
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    if '"' in value:
        raise WhereError(f"a quote may only surround a whole value: {value!r}")
    return value


def parse_where(expression: str) -> list[Condition]:
    """Parse a --where expression into conditions, or raise WhereError saying what is wrong."""
    conditions = []
    for clause in _split_outside_quotes(expression or "", ","):
        if not clause.strip():
            continue
        # The operator is the first one found outside quotes, scanning left to right.
        position, op = _find_operator(clause)
        if op is None:
            raise WhereError(f"no comparison in {clause.strip()!r}: {GRAMMAR_HINT}")
        column = clause[:position].strip().lower()
        if not column:
            raise WhereError(f"missing column name before {op!r} in {clause.strip()!r}")
        raw = clause[position + len(op) :]
        values = tuple(_unquote(v) for v in _split_outside_quotes(raw, ";"))
        if any(v == "" for v in values):
            raise WhereError(f"missing value after {op!r} in {clause.strip()!r}")
        if op in ORDERING:
            if len(values) != 1:
                raise WhereError(f"{op!r} takes one number, not a list: {clause.strip()!r}")
            _number(values[0], clause)
        conditions.append(Condition(column, op, values))
    if not conditions:
        raise WhereError(f"the filter is empty: {GRAMMAR_HINT}")
    return conditions


def _find_operator(clause: str) -> tuple[int, str | None]:
    quoted = False
    for i, char in enumerate(clause):
        if char == '"':
            quoted = not quoted
            continue
        if quoted:
            continue
        for op in OPERATORS:
            if clause.startswith(op, i):
                return i, op
    return -1, None


def _number(value: str, clause: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise WhereError(f"{value!r} is not a number in {clause.strip()!r}") from None


def condition_mask(frame: pd.DataFrame, condition: Condition) -> pd.Series:
    """The rows of `frame` that satisfy one condition."""
    if condition.column not in frame.columns:
        known = ", ".join(str(c) for c in frame.columns)
        raise WhereError(f"unknown column {condition.column!r}; the columns are: {known}")
    column = frame[condition.column]
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    if condition.op in ORDERING:
        if not numeric:
            raise WhereError(f"column {condition.column!r} holds text: use = or != with it")
        limit = _number(condition.values[0], condition.column)
        return ORDERING[condition.op](column, limit).fillna(False).astype(bool)
    if numeric:
        wanted = [_number(v, f"{condition.column}{condition.op}{v}") for v in condition.values]
        hit = column.isin(wanted)
    else:
        wanted = {v.strip().casefold() for v in condition.values}
        hit = column.astype("string").str.strip().str.casefold().isin(wanted)
    hit = hit.fillna(False).astype(bool)
    return ~hit if condition.op == "!=" else hit


def apply_where(frame: pd.DataFrame, expression: str | None) -> pd.DataFrame:
    """Rows of `frame` matching every clause of `expression` (all rows when it is None)."""
    if expression is None:
        return frame.reset_index(drop=True)
    mask = pd.Series(True, index=frame.index)
    for condition in parse_where(expression):
        mask &= condition_mask(frame, condition)
    return frame[mask].reset_index(drop=True)
