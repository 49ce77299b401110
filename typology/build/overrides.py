"""Reviewed overrides (data/overrides.csv): a cited source about the city decides a coded field
where the rules cannot see it (basis city_report, unless the row states another basis), and the
consistency check that an override of the setting carries what follows from it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from typology.build.catalog import BASES, OVERRIDE_COLUMNS
from typology.schema import SETTINGS, VIOLENCE_TYPES

CODED_FIELDS: tuple[str, ...] = ("setting", *VIOLENCE_TYPES)
# What a setting implies for the intensities: (field, minimum code). An override of the setting
# whose result falls below these minimums is a contradiction unless an override of that field
# says why (its rationale is the explanation).
SETTING_IMPLIES: dict[str, tuple[tuple[str, int], ...]] = {
    "armed_conflict": (("large_scale", 2), ("public", 2), ("organized", 2)),
}


def parse_overrides(
    frame: pd.DataFrame, known_sources: set[str], known_contexts: set[str]
) -> dict[str, dict[str, tuple[object, str, str, str]]]:
    """Validate reviewed overrides: context_id -> field -> (value, source ids, rationale, basis).

    Every override needs a rationale and source ids that all exist in sources.csv; a missing or
    unknown source, an unknown context or field, or a value outside the vocabulary is refused.
    """
    result: dict[str, dict[str, tuple[object, str, str, str]]] = {}
    for row in frame.to_dict("records"):
        cid, field, value = row["context_id"], row["field"], str(row["value"]).strip()
        where = f"overrides: {cid} {field}"
        if cid not in known_contexts:
            raise ValueError(f"{where}: unknown context_id")
        if field not in CODED_FIELDS:
            raise ValueError(f"{where}: override of unknown coded field {field!r}")
        ids = [part for part in str(row["source_id"]).split(";") if part.strip()]
        if not ids or not str(row["rationale"]).strip():
            raise ValueError(f"{where}: override without source and rationale")
        unknown = [sid for sid in ids if sid not in known_sources]
        if unknown:
            raise ValueError(f"{where}: override source {unknown} not in sources.csv")
        basis = str(row.get("basis") or "city_report").strip()
        if basis not in BASES or basis == "none":
            raise ValueError(f"{where}: basis {basis!r} not one of {BASES[:-1]}")
        if field == "setting":
            if value not in SETTINGS:
                raise ValueError(f"{where}: setting {value!r} not in {SETTINGS}")
            typed: object = value
        else:
            if value not in {"0", "1", "2", "3"}:
                raise ValueError(f"{where}: intensity {value!r} not in 0-3")
            typed = int(value)
        if field in result.get(cid, {}):
            raise ValueError(f"{where}: duplicate override")
        entry = (typed, ";".join(ids), str(row["rationale"]).strip(), basis)
        result.setdefault(cid, {})[field] = entry
    return result


def load_overrides(
    path: Path, known_sources: set[str], known_contexts: set[str]
) -> dict[str, dict[str, tuple[object, str, str, str]]]:
    if not Path(path).exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(OVERRIDE_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{Path(path).name}: missing columns {sorted(missing)}")
    return parse_overrides(frame, known_sources, known_contexts)


def contradictions(coded: pd.DataFrame, overridden: set[tuple[str, str]]) -> list[str]:
    """One sentence per context whose setting was overridden but whose intensities do not
    follow from it (e.g. armed_conflict with large_scale below 2) and where no override of that
    intensity gives the reason. An unknown intensity is no evidence either way, not a
    contradiction. ``coded``: one row per context with setting and intensities."""
    problems = []
    for row in coded.to_dict("records"):
        cid = row["context_id"]
        if (cid, "setting") not in overridden:
            continue
        for field, minimum in SETTING_IMPLIES.get(row["setting"], ()):
            value = row[field]
            low = value is not None and not pd.isna(value) and int(value) < minimum
            if low and (cid, field) not in overridden:
                problems.append(
                    f"{cid}: setting overridden to {row['setting']} but {field} is "
                    f"{int(value)} (< {minimum}) with no override stating why"
                )
    return problems
