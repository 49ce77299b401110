"""Saved views ("the deck"): the analysis settings, filters and typology a presenter wants to
show, kept in the session and saved to / loaded from a small JSON file.

Decoding is strict and never evaluates anything: a bad or hand-edited file gives a list of
plain problems (DeckError), never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from typology.i18n import _

DECK_FORMAT = "typology-deck"
DECK_VERSION = 1
MAX_DECK_BYTES = 1_000_000
MAX_VIEWS = 100
MAX_K = 50
MAX_SEED = 10_000
MAX_TEXT = 300
MAX_FILTER_VALUES = 200
FILTER_KEY = re.compile(r"^f_[a-z][a-z0-9_]{0,40}$")
VIEW_KEYS = frozenset({"title", "method", "k", "seed", "filters", "typology"})


class DeckError(ValueError):
    """A deck file that cannot be used; `problems` says what is wrong, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def make_view(
    *,
    method: str,
    k: int | str,
    seed: int,
    filters: Mapping[str, Sequence[str]] | None = None,
    typology: int | None = None,
    title: str = "",
) -> dict:
    """One saved view, as plain JSON-ready data. Empty filters are dropped."""
    kept = {
        key: [str(v) for v in values]
        for key, values in (filters or {}).items()
        if FILTER_KEY.match(key) and values
    }
    view = {
        "title": title,
        "method": method,
        "k": k if k == "auto" else int(k),
        "seed": int(seed),
        "filters": kept,
        "typology": None if typology is None else int(typology),
    }
    problems = view_problems(view, 1)
    if problems:
        raise DeckError(problems)
    return view


def view_title(view: Mapping, typology_name: str | None = None) -> str:
    """A readable one-line label: what the presenter will see in the deck list."""
    from typology.labels import column_label, value_label
    from typology.model import METHOD_LABELS

    if view.get("title"):
        return str(view["title"])
    parts = [f"{_(METHOD_LABELS.get(view['method'], view['method']))}, k={view['k']}"]
    for key, values in view.get("filters", {}).items():
        column = key[2:]
        shown = ", ".join(value_label(column, v) for v in values)
        parts.append(f"{column_label(column)}: {shown}")
    if view.get("typology") is not None:
        parts.append(typology_name or _("typology {n}").format(n=view["typology"]))
    else:
        parts.append(_("map of all typologies"))
    return " | ".join(parts)


def encode_deck(views: Sequence[Mapping]) -> bytes:
    """The deck as a JSON file (UTF-8, indented so it can be read and diffed)."""
    problems = [p for i, v in enumerate(views, start=1) for p in view_problems(v, i)]
    if problems:
        raise DeckError(problems)
    payload = {"format": DECK_FORMAT, "version": DECK_VERSION, "views": [dict(v) for v in views]}
    return json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8")


def decode_deck(data: bytes) -> list[dict]:
    """Parse and validate a deck file; raises DeckError with plain problems."""
    if len(data) > MAX_DECK_BYTES:
        raise DeckError([f"the file is larger than {MAX_DECK_BYTES // 1000} kB: not a deck"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeckError(["the file is not UTF-8 text: choose the .json deck saved here"]) from None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        raise DeckError(
            [f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"]
        ) from None
    if not isinstance(payload, dict):
        raise DeckError(["the file holds no deck: expected a JSON object with 'views'"])
    problems = []
    if payload.get("format") != DECK_FORMAT:
        problems.append(f"'format' must be {DECK_FORMAT!r} (this is not a saved deck)")
    if payload.get("version") != DECK_VERSION:
        problems.append(f"'version' must be {DECK_VERSION}")
    views = payload.get("views")
    if not isinstance(views, list):
        problems.append("'views' must be a list of saved views")
        raise DeckError(problems)
    if len(views) > MAX_VIEWS:
        problems.append(f"at most {MAX_VIEWS} views in a deck (this one has {len(views)})")
    for i, view in enumerate(views[:MAX_VIEWS], start=1):
        problems.extend(view_problems(view, i))
    if problems:
        raise DeckError(problems)
    return [
        {
            "title": view.get("title", ""),
            "method": view["method"],
            "k": view["k"],
            "seed": view["seed"],
            "filters": {key: list(values) for key, values in view.get("filters", {}).items()},
            "typology": view.get("typology"),
        }
        for view in views
    ]


def view_problems(view, number: int) -> list[str]:
    """What is wrong with one view (empty when it is fine)."""
    from typology.model import METHODS

    where = f"view {number}"
    if not isinstance(view, Mapping):
        return [f"{where}: must be an object with method, k, seed, filters, typology"]
    problems = []
    unknown = sorted(set(view) - VIEW_KEYS)
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    title = view.get("title", "")
    if not isinstance(title, str) or len(title) > MAX_TEXT:
        problems.append(f"{where}: 'title' must be text of at most {MAX_TEXT} characters")
    if view.get("method") not in METHODS:
        problems.append(f"{where}: 'method' must be one of {', '.join(sorted(METHODS))}")
    k = view.get("k")
    if not (k == "auto" or (_is_int(k) and 1 <= k <= MAX_K)):
        problems.append(f"{where}: 'k' must be a whole number from 1 to {MAX_K}, or 'auto'")
    seed = view.get("seed")
    if not (_is_int(seed) and 0 <= seed <= MAX_SEED):
        problems.append(f"{where}: 'seed' must be a whole number from 0 to {MAX_SEED}")
    typology = view.get("typology")
    if typology is not None and not (_is_int(typology) and 1 <= typology <= MAX_K):
        problems.append(f"{where}: 'typology' must be empty or a number from 1 to {MAX_K}")
    filters = view.get("filters", {})
    if not isinstance(filters, Mapping):
        problems.append(f"{where}: 'filters' must be an object such as {{\"f_region\": [...]}}")
        return problems
    for key, values in filters.items():
        if not isinstance(key, str) or not FILTER_KEY.match(key):
            problems.append(f"{where}: filter name {str(key)[:40]!r} must look like 'f_region'")
        elif not (
            isinstance(values, list)
            and len(values) <= MAX_FILTER_VALUES
            and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in values)
        ):
            problems.append(f"{where}: filter {key!r} must be a list of text values")
    return problems


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def filter_contexts(contexts: pd.DataFrame, filters: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Apply a view's filters: 'f_region' keeps rows whose 'region' is one of the values.
    Filters naming a column the table does not have are ignored (see `unused_filters`)."""
    mask = pd.Series(True, index=contexts.index)
    for key, values in filters.items():
        column = key[2:]
        if values and column in contexts:
            mask &= contexts[column].astype(str).isin([str(v) for v in values])
    return contexts[mask].reset_index(drop=True)


def unused_filters(contexts: pd.DataFrame, filters: Mapping[str, Sequence[str]]) -> list[str]:
    return [key for key, values in filters.items() if values and key[2:] not in contexts]


def move(views: Sequence, index: int, step: int) -> list:
    """A copy of `views` with item `index` moved by `step` (-1 up, +1 down), clamped."""
    out = list(views)
    target = index + step
    if 0 <= index < len(out) and 0 <= target < len(out):
        out[index], out[target] = out[target], out[index]
    return out


def remove(views: Sequence, index: int) -> list:
    return [v for i, v in enumerate(views) if i != index]


def view_slide(analysis, view: Mapping):
    """The slide a saved view shows: its typology's slide, or the map when it names none
    (or its typology has no member under its filters)."""
    from typology.briefing import map_slide, typology_slide

    shown = filter_contexts(analysis.contexts, view.get("filters", {}))
    typology = view.get("typology")
    present = set(shown["typology"].astype(int)) if len(shown) else set()
    if typology is not None and int(typology) in present:
        slide = typology_slide(analysis, int(typology), shown)
    else:
        slide = map_slide(analysis, shown)
    names = analysis.typologies.set_index("typology")["name"]
    name = names.get(typology) if typology is not None else None
    slide.subtitle = view_title(view, name)
    return slide
