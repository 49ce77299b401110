"""Shareable views: the app's state to URL query parameters and back, as pure functions.

A copied link must reopen the same view, and a hand-edited or stale link must never crash the
app: `decode_state` keeps only values it can check against the allowed choices and drops the
rest, so the caller falls back to its defaults for them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["one", "many", "int", "range"]
SEPARATOR = ","  # between the items of a list; no allowed value contains it


@dataclass(frozen=True)
class UrlField:
    """One piece of state in the URL.

    key: the session-state key; param: the query-parameter name; kind: 'one' (one of `allowed`),
    'many' (a subset of `allowed`), 'int' (an integer within `bounds`), 'range' (two integers
    within `bounds`, first <= last). `allowed` values may be strings or integers: they are
    written with str() and read back by matching that text, so 3 and "3" cannot be confused.
    """

    key: str
    param: str
    kind: Kind
    allowed: tuple[Hashable, ...] = ()
    bounds: tuple[int, int] = (0, 0)


def _text(value: Any) -> str:
    return str(value)


def encode_state(
    values: Mapping[str, Any], url_fields: Iterable[UrlField], defaults: Mapping[str, Any]
) -> dict[str, str]:
    """Query parameters for `values`; a value equal to its default is left out (short links)."""
    params: dict[str, str] = {}
    for field in url_fields:
        if field.key not in values:
            continue
        value = values[field.key]
        if _same(value, defaults.get(field.key)) or value is None:
            continue
        if field.kind == "many":
            if not value:
                continue
            params[field.param] = SEPARATOR.join(_text(v) for v in value)
        elif field.kind == "range":
            params[field.param] = f"{int(value[0])}-{int(value[1])}"
        else:
            params[field.param] = _text(value)
    return params


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return list(a) == list(b)
    return a == b


def decode_state(
    params: Mapping[str, str | list[str]], url_fields: Iterable[UrlField]
) -> dict[str, Any]:
    """Session-state values from query parameters. Unknown parameters are ignored; a value that
    is not allowed is dropped (a list keeps its allowed items), so a bad link never crashes."""
    state: dict[str, Any] = {}
    for field in url_fields:
        raw = params.get(field.param)
        if raw is None:
            continue
        if isinstance(raw, list):  # a repeated parameter: the last one wins, as in st.query_params
            raw = raw[-1] if raw else ""
        value = _decode_one(str(raw).strip(), field)
        if value is not _INVALID:
            state[field.key] = value
    return state


_INVALID = object()


def _decode_one(raw: str, field: UrlField) -> Any:
    lookup = {_text(v): v for v in field.allowed}
    if field.kind == "one":
        return lookup.get(raw, _INVALID)
    if field.kind == "many":
        items = [lookup[item] for item in raw.split(SEPARATOR) if item in lookup]
        return list(dict.fromkeys(items))  # no duplicates, first order kept
    low, high = field.bounds
    if field.kind == "int":
        number = _int(raw)
        return number if number is not None and low <= number <= high else _INVALID
    if field.kind == "range":
        first, sep, last = raw.partition("-")
        a, b = _int(first), _int(last)
        if not sep or a is None or b is None or not low <= a <= b <= high:
            return _INVALID
        return (a, b)
    return _INVALID


def _int(text: str) -> int | None:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)
