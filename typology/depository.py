"""Browsing the practice depository: filters, why a filter is empty, one practice's full record,
and a search over the literature and the glossary.

Pure functions on the frames returned by typology.practices (list columns already split); they
return new frames and plain strings, never mutate their inputs, and never import Streamlit.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlsplit

import pandas as pd

from typology.analysis import SETTING_NAMES, VIOLENCE_NAMES
from typology.i18n import N_, _
from typology.matching import ENTRY_POINT_NAMES, GRADE_NAMES, RIGOROUS_GRADES
from typology.schema import SETTINGS, VIOLENCE_TYPES

EFFECT_NAMES: dict[str, str] = {
    "positive": N_("positive"),
    "no_effect": N_("no effect"),
    "negative": N_("negative (harm)"),
    "mixed": N_("mixed"),
    "inconclusive": N_("inconclusive"),
    "not_evaluated": N_("not evaluated"),
}
STRENGTH_NAMES: dict[str, str] = {
    "strong": N_("strong"),
    "moderate": N_("moderate"),
    "limited": N_("limited"),
    "none": N_("none"),
}
DESIGN_NAMES: dict[str, str] = {
    "randomised_trial": N_("randomised trial"),
    "quasi_experimental": N_("quasi-experiment"),
    "time_series": N_("interrupted time series"),
    "before_after": N_("before-after"),
    "cross_sectional": N_("cross-sectional"),
    "qualitative": N_("qualitative"),
    "observers_consensus": N_("observers' consensus"),
    "programme_report": N_("programme report"),
    "none": N_("none"),
}

# Filter name -> (column, is a list column, words for the explanation).
FILTERS: dict[str, tuple[str, bool, str]] = {
    "entry_points": ("entry_point", False, "entry point"),
    "violence_types": ("violence_types", True, "violence type"),
    "settings": ("settings", True, "setting"),
    "grades": ("evidence_grade", False, "evidence grade"),
    "regions": ("region", False, "region"),
    # On the practice's outcomes: any outcome with the chosen value matches.
    "effects": ("effects", True, "effect on an outcome"),
    "strengths": ("strengths", True, "strength of evidence on an outcome"),
    "designs": ("study_designs", True, "study design"),
}
VALUE_NAMES: dict[str, Mapping[str, str]] = {
    "entry_points": ENTRY_POINT_NAMES,
    "violence_types": VIOLENCE_NAMES,
    "settings": SETTING_NAMES,
    "grades": GRADE_NAMES,
    "regions": {},
    "effects": EFFECT_NAMES,
    "strengths": STRENGTH_NAMES,
    "designs": DESIGN_NAMES,
}


def _mask(practices: pd.DataFrame, name: str, values: Iterable[str]) -> pd.Series:
    column, is_list, _ = FILTERS[name]
    wanted = set(values)
    if is_list:
        return practices[column].map(lambda items: bool(wanted & set(items)))
    return practices[column].isin(wanted)


def filter_practices(
    practices: pd.DataFrame, filters: Mapping[str, Iterable[str] | None]
) -> pd.DataFrame:
    """Practices matching every non-empty filter (within one filter, any chosen value matches).

    ``filters`` maps names of :data:`FILTERS` (entry_points, violence_types, settings, grades,
    regions) to the chosen values; an empty or missing choice does not filter.
    """
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    mask = pd.Series(True, index=practices.index)
    for name, values in filters.items():
        if values:
            mask &= _mask(practices, name, values)
    return practices[mask].reset_index(drop=True)


def explain_empty(practices: pd.DataFrame, filters: Mapping[str, Iterable[str] | None]) -> str:
    """Why a combination of filters matches nothing, and what to change: how many practices each
    chosen filter keeps on its own."""
    active = {name: list(values) for name, values in filters.items() if values}
    if not active:
        return "The depository has no practices."
    parts = []
    for name, values in active.items():
        names = VALUE_NAMES[name]
        words = " or ".join(names.get(v, v) for v in values)
        alone = int(_mask(practices, name, values).sum())
        parts.append(f"{FILTERS[name][2]} {words}: {alone} practice(s)")
    if len(active) == 1:
        return (
            f"No practice in the depository matches {parts[0].split(':')[0]}. "
            "Choose another value or clear the filter."
        )
    return (
        f"No practice matches all {len(active)} filters together. On its own, "
        + "; ".join(parts)
        + ". Clear one of the filters to see practices that meet the others."
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def escape_markdown(text: object) -> str:
    """Text from a data file made safe for st.markdown: HTML escaped, markdown characters
    backslash-escaped (so a citation cannot become a link, a heading or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def markdown_link(label: object, url: object) -> str:
    """A markdown link with an escaped label, or the escaped label alone when the URL is not
    http(s). Characters that would end the link target are percent-encoded."""
    url = str(url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return escape_markdown(label)
    safe_url = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    safe_url = safe_url.replace("(", "%28").replace(")", "%29").replace("'", "%27")
    return f"[{escape_markdown(label)}]({safe_url})"


def practice_sources(practice: pd.Series | Mapping, sources: pd.DataFrame) -> pd.DataFrame:
    """The practice's sources, in the order it lists them, with citation and URL. A source id
    missing from ``sources`` is kept with the citation 'source not found: <id>'."""
    ids = list(practice["sources"])
    table = sources.set_index("source_id")
    rows = []
    for sid in ids:
        if sid in table.index:
            row = table.loc[sid]
            rows.append({"source_id": sid, "citation": row["citation"], "url": row["url"]})
        else:
            rows.append({"source_id": sid, "citation": f"source not found: {sid}", "url": ""})
    return pd.DataFrame(rows, columns=["source_id", "citation", "url"])


RECORD_FIELDS: tuple[tuple[str, str], ...] = (
    ("place", "Where and when"),
    ("actors", "Actors"),
    ("entry_point", "Entry point"),
    ("mechanism", "Mechanism"),
    ("moderators", "Where and for whom it worked (moderators)"),
    ("implementation", "Implementation"),
    ("economics", "Economics"),
    ("violence_types", "Violence types addressed"),
    ("settings", "Settings"),
    ("evidence_grade", "Evidence grade"),
    ("evidence_basis", "Evidence basis"),
    ("outcome", "Outcome"),
    ("lessons", "Lessons"),
    ("notes", "Notes"),
)


def practice_record(practice: pd.Series | Mapping) -> list[tuple[str, str]]:
    """(label, plain text) pairs for one practice, in reading order, lists and codes in words.
    The text is not escaped: escape it where it reaches markdown or HTML."""
    values = {
        "place": f"{practice['city']}, {practice['country']} ({practice['region']}), "
        f"{practice['period']}",
        "actors": practice["actors"],
        "entry_point": ENTRY_POINT_NAMES.get(practice["entry_point"], practice["entry_point"]),
        "mechanism": practice["mechanism"],
        "moderators": practice.get("moderators"),
        "implementation": practice.get("implementation"),
        "economics": practice.get("economics"),
        "violence_types": ", ".join(VIOLENCE_NAMES.get(v, v) for v in practice["violence_types"]),
        "settings": ", ".join(SETTING_NAMES.get(s, s) for s in practice["settings"]),
        "evidence_grade": GRADE_NAMES.get(practice["evidence_grade"], practice["evidence_grade"]),
        "evidence_basis": practice["evidence_basis"],
        "outcome": practice["outcome"],
        "lessons": practice["lessons"],
        "notes": practice.get("notes"),
    }
    out = []
    for key, label in RECORD_FIELDS:
        value = values[key]
        if value is None or (isinstance(value, float) and pd.isna(value)) or str(value) == "":
            continue
        out.append((label, str(value)))
    return out


def _contains(series: pd.Series, query: str) -> pd.Series:
    text = series.map(lambda v: "; ".join(v) if isinstance(v, list | tuple) else str(v or ""))
    return text.str.contains(query, case=False, regex=False)


def search_text(frame: pd.DataFrame, query: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows whose `columns` contain ``query`` (case-insensitive); all rows for an empty query."""
    query = (query or "").strip()
    if not query:
        return frame.reset_index(drop=True)
    mask = pd.Series(False, index=frame.index)
    for column in columns:
        mask |= _contains(frame[column], query)
    return frame[mask].reset_index(drop=True)


def search_literature(literature: pd.DataFrame, query: str) -> pd.DataFrame:
    """Works whose citation, annotation or themes contain ``query``."""
    return search_text(literature, query, ("citation", "annotation", "themes"))


def search_glossary(glossary: pd.DataFrame, query: str) -> pd.DataFrame:
    """Terms whose term, definition or usage note contain ``query``."""
    return search_text(glossary, query, ("term", "definition", "usage_note"))


def literature_table(literature: pd.DataFrame, practices: pd.DataFrame) -> pd.DataFrame:
    """The literature for display: themes in words and the names of the practices it supports."""
    names = dict(zip(practices["practice_id"], practices["name"], strict=True))
    out = literature[["citation", "url", "year", "annotation"]].copy()
    out["themes"] = literature["themes"].map(lambda t: ", ".join(x.replace("_", " ") for x in t))
    out["supported"] = literature["practices"].map(
        lambda ids: "; ".join(f"{i} {names.get(i, '(not in the depository)')}" for i in ids)
    )
    return out


def practice_table(practices: pd.DataFrame) -> pd.DataFrame:
    """The practices list for display: one row each, codes in words, the derived grade beside the
    strongest evidence and the effects found on its outcomes."""
    out = practices[["practice_id", "name", "city", "country", "period"]].copy()
    out["entry point"] = practices["entry_point"].map(lambda e: _(ENTRY_POINT_NAMES.get(e, e)))
    out["violence types"] = practices["violence_types"].map(
        lambda vs: ", ".join(_(VIOLENCE_NAMES.get(v, v)) for v in vs)
    )
    out["settings"] = practices["settings"].map(
        lambda ss: ", ".join(_(SETTING_NAMES.get(s, s)) for s in ss)
    )
    out["evidence grade"] = practices["evidence_grade"].map(lambda g: _(GRADE_NAMES.get(g, g)))
    if "evidence_strength" in practices:
        out["strongest evidence"] = practices["evidence_strength"].map(
            lambda s: _(STRENGTH_NAMES[s]) if s in STRENGTH_NAMES else None
        )
    if "effects" in practices:
        out["effects"] = practices["effects"].map(
            lambda es: ", ".join(_(EFFECT_NAMES.get(e, e)) for e in es)
        )
    return out


def match_table(matches: pd.DataFrame) -> pd.DataFrame:
    """Matches (from typology.matching) for display, the reason first: practice id and name
    together, the grade in words, and the transferability note marked with ⚠ when flagged."""
    return pd.DataFrame(
        {
            "rank": matches["rank"],
            "practice": matches["practice_id"] + " " + matches["name"],
            "score": matches["score"],
            "grade": matches["evidence_grade"].map(lambda g: _(GRADE_NAMES.get(g, g))),
            "strength": matches["evidence_strength"].map(
                lambda s: _(STRENGTH_NAMES.get(s, "")) if isinstance(s, str) and s else ""
            ),
            "reason": matches["reason"],
            "transfer": [
                "⚠ " + note if flag else ""
                for flag, note in zip(
                    matches["transfer_flag"], matches["transfer_note"], strict=True
                )
            ],
            "local": matches["local"],
            "city": matches["city"],
            "relevance": matches["relevance"],
        }
    ).reset_index(drop=True)


def context_labels(contexts: pd.DataFrame) -> dict[str, str]:
    """context_id -> 'City (ISO3, year)', sorted by city then year, for a chooser."""
    ordered = contexts.sort_values(["city", "year"])
    # Four columns zipped, not whole rows: the contexts table is wide and this runs every rerun.
    return {
        context_id: f"{city} ({iso3}, {int(year)})"
        for context_id, city, iso3, year in zip(
            ordered["context_id"], ordered["city"], ordered["iso3"], ordered["year"], strict=True
        )
    }


OUTCOME_TABLE_COLUMNS: dict[str, str] = {
    "outcome": "outcome",
    "effect": "effect",
    "evidence_strength": "strength",
    "study_design": "design",
    "n_evaluations": "evaluations",
    "independent_evaluator": "independent",
    "effect_size": "effect size (as reported)",
    "follow_up": "follow-up",
    "cost": "cost",
    "external_rating": "external rating",
}


def outcome_table(outcomes: pd.DataFrame, practice_id: str) -> pd.DataFrame:
    """One practice's outcomes for display, violence outcomes first, codes in words; an unknown
    independence stays empty ("not stated"), never "no"."""
    rows = outcomes[outcomes["practice_id"] == practice_id]
    rows = rows.sort_values("measures_violence", ascending=False, kind="mergesort")
    out = rows[list(OUTCOME_TABLE_COLUMNS)].copy()
    out["outcome"] = [
        o if v == "yes" else f"{o} (not violence itself)"
        for o, v in zip(rows["outcome"], rows["measures_violence"], strict=True)
    ]
    out["effect"] = out["effect"].map(lambda e: _(EFFECT_NAMES.get(e, e)))
    out["evidence_strength"] = out["evidence_strength"].map(lambda e: _(STRENGTH_NAMES.get(e, e)))
    out["study_design"] = out["study_design"].map(lambda e: _(DESIGN_NAMES.get(e, e)))
    out["independent_evaluator"] = out["independent_evaluator"].fillna("not stated")
    out = out.fillna("")
    out["implementation"] = [
        "not implemented as intended" if f == "yes" else "" for f in rows["implementation_failure"]
    ]
    return out.rename(columns=OUTCOME_TABLE_COLUMNS).reset_index(drop=True)


def coverage_matrix(practices: pd.DataFrame, *, rigorous_only: bool = False) -> pd.DataFrame:
    """Practices per setting (rows) x violence type (columns); with ``rigorous_only`` only those
    graded effective or promising (strong or moderate evidence of a positive effect). Every cell
    is present, zeros included, so empty cells stay visible."""
    kept = (
        practices[practices["evidence_grade"].isin(RIGOROUS_GRADES)] if rigorous_only else practices
    )
    # Counted in plain Python, then one frame: a pandas cell update per pair was most of the
    # Practices page's run.
    pairs = Counter(
        (s, t)
        for settings, types in zip(kept["settings"], kept["violence_types"], strict=True)
        for s in settings
        for t in types
    )
    table = pd.DataFrame(
        [[pairs[(s, t)] for t in VIOLENCE_TYPES] for s in SETTINGS],
        index=list(SETTINGS),
        columns=list(VIOLENCE_TYPES),
        dtype=int,
    )
    table.index = [SETTING_NAMES.get(s, s) for s in table.index]
    table.columns = [VIOLENCE_NAMES.get(t, t) for t in table.columns]
    return table.rename_axis("setting")


# Entry points that count as peacebuilding mechanisms in the coverage counts (issue 16's list:
# local peace committees, mediation, truces and negotiation, DDR, reconciliation).
PEACEBUILDING_ENTRY_POINTS: tuple[str, ...] = (
    "mediation_and_dialogue",
    "negotiation_with_armed_groups",
    "victims_and_reconciliation",
    "reintegration",
    "local_governance_and_peace_committees",
)


def coverage_counts(practices: pd.DataFrame) -> dict[str, int | float]:
    """The depository's coverage in numbers (the Practices page and data/README.md show them)."""
    rigorous = practices["evidence_grade"].isin(RIGOROUS_GRADES)
    conflict = practices["settings"].map(
        lambda s: bool({"armed_conflict", "post_conflict"} & set(s))
    )
    evaluated = practices["evidence_grade"] != "not_evaluated"
    cells = coverage_matrix(practices)
    return {
        "practices": len(practices),
        "countries": practices["iso3"].nunique(),
        "evaluated": int(evaluated.sum()),
        "evaluated_share": round(float(evaluated.mean()), 3) if len(practices) else 0.0,
        "strong_or_moderate": int(rigorous.sum()),
        "strong_or_moderate_in_conflict": int((rigorous & conflict).sum()),
        "peacebuilding": int(practices["entry_point"].isin(PEACEBUILDING_ENTRY_POINTS).sum()),
        "cells_below_two": int((cells < 2).sum().sum()),
        "cells": int(cells.size),
    }
