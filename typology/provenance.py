"""Where each figure of a context comes from, and whether two contexts' figures compare.

Reads the long provenance table (data/provenance.csv: context_id, field, value, source_id, year,
level, rationale). For a table without provenance (an upload) the same records are derived from
the contexts' own `<field>`, `<field>_year` and `<field>_level` columns, so the comparability
check still works.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from typology.build.catalog import PROVENANCE_COLUMNS
from typology.i18n import N_, _
from typology.schema import CITY_BASES, INTENSITY_LABELS, UNKNOWN_LABEL, VIOLENCE_TYPES

# Measured indicators shown on a city profile, in display order, with readable names.
INDICATOR_LABELS: dict[str, str] = {
    "homicide_rate": N_("homicide rate (per 100,000)"),
    "homicide_count": N_("homicides counted"),
    "ged_deaths_state": N_("state-based and one-sided deaths within 25 km (UCDP GED)"),
    "ged_deaths_nonstate": N_("non-state deaths within 25 km (UCDP GED)"),
    "ov_deaths_per100k": N_("organised-violence deaths (per 100,000)"),
    "ov_deaths": N_("organised-violence deaths"),
    "protests_total": N_("protests in the city (Mass Mobilization)"),
    "protests_violent": N_("protests with protester violence"),
    "protests_state_lethal": N_("protests met with state killings or shootings"),
    "ipv_prevalence": N_("intimate partner violence, past 12 months (%)"),
    "population": N_("population"),
    "conflict_status": N_("conflict status"),
    "conflict_intensity": N_("conflict intensity"),
}
# The figures whose source, level and year must match for a like-for-like comparison.
COMPARED_FIELDS: tuple[str, ...] = (
    "homicide_rate",
    "ov_deaths_per100k",
    "ipv_prevalence",
    "population",
    "conflict_status",
)
SHORT_LABELS: dict[str, str] = {
    "homicide_rate": N_("homicide rate"),
    "ov_deaths_per100k": N_("organised-violence deaths per 100,000"),
    "ipv_prevalence": N_("intimate partner violence prevalence"),
    "population": N_("population"),
    "conflict_status": N_("conflict status"),
}
RECORD_COLUMNS = PROVENANCE_COLUMNS  # data/provenance.csv as the build writes it


def indicator_records(
    provenance: pd.DataFrame, contexts: pd.DataFrame, context_ids: Iterable[str]
) -> pd.DataFrame:
    """Provenance rows (as text) of `context_ids`; derived from `contexts` for any context the
    provenance table does not cover."""
    ids = list(context_ids)
    known = pd.DataFrame(columns=list(RECORD_COLUMNS))
    if not provenance.empty and "context_id" in provenance:
        known = provenance[provenance["context_id"].isin(ids)].reindex(columns=RECORD_COLUMNS)
    missing = [i for i in ids if i not in set(known["context_id"])]
    derived = _records_from_contexts(contexts[contexts["context_id"].isin(missing)])
    frames = [f for f in (known, derived) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=list(RECORD_COLUMNS))
    # Object first: pandas will refuse to fill a float column with text.
    records = pd.concat(frames, ignore_index=True).astype(object)
    return records.where(records.notna(), "").astype(str)


def _records_from_contexts(contexts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _index, row in contexts.iterrows():
        for field in (*INDICATOR_LABELS, *VIOLENCE_TYPES):
            if field not in contexts.columns:
                continue
            rows.append(
                {
                    "context_id": row["context_id"],
                    "field": field,
                    "value": _text(row[field]),
                    "source_id": "",
                    "year": _text(row.get(f"{field}_year", "")),
                    "level": _text(row.get(f"{field}_level", "")),
                    "basis": "",
                    "rationale": "",
                }
            )
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def indicator_table(
    provenance: pd.DataFrame, contexts: pd.DataFrame, context_id: str
) -> pd.DataFrame:
    """A context's measured indicators: value, level (city, metro, country-proxy), year, source
    and the note explaining it. An empty value is kept: the note says why it is missing."""
    records = indicator_records(provenance, contexts, [context_id])
    records = records[records["field"].isin(list(INDICATOR_LABELS))]
    order = {f: i for i, f in enumerate(INDICATOR_LABELS)}
    records = records.sort_values("field", key=lambda s: s.map(order))
    return pd.DataFrame(
        {
            "indicator": records["field"].map(lambda f: _(INDICATOR_LABELS[f])),
            "value": records["value"].replace("", "no figure"),
            "level": records["level"],
            "basis": records["basis"].str.replace("_", " "),
            "year": records["year"],
            "source": records["source_id"].str.replace(";", "; "),
            "note": records["rationale"],
        }
    ).reset_index(drop=True)


def violence_table(
    provenance: pd.DataFrame, contexts: pd.DataFrame, context_id: str
) -> pd.DataFrame:
    """A context's seven coded violence types: intensity 0-3 with its word ("unknown" and no
    number when empty), what it rests on (basis), the rule or reason that set it and the source."""
    records = indicator_records(provenance, contexts, [context_id]).set_index("field")
    row = contexts.loc[contexts["context_id"] == context_id].iloc[0]
    rows = []
    for violence in VIOLENCE_TYPES:
        intensity = None if pd.isna(row[violence]) else int(row[violence])
        record = records.loc[violence] if violence in records.index else None
        rows.append(
            {
                "violence type": violence.replace("_", " "),
                "intensity": intensity,
                "level": UNKNOWN_LABEL if intensity is None else INTENSITY_LABELS[intensity],
                "basis": "" if record is None else record["basis"].replace("_", " "),
                "rationale": "" if record is None else record["rationale"],
                "source": "" if record is None else record["source_id"].replace(";", "; "),
            }
        )
    frame = pd.DataFrame(rows)
    frame["intensity"] = frame["intensity"].astype("Int64")
    return frame


def basis_shares(provenance: pd.DataFrame) -> pd.DataFrame:
    """Share (%) of each basis per violence type and over all intensity values; an empty value
    counts as basis none. Rows: the violence types then 'all'; columns: the bases present."""
    coded = provenance[provenance["field"].isin(VIOLENCE_TYPES)]
    if coded.empty or "basis" not in coded:
        return pd.DataFrame()
    basis = coded["basis"].where(coded["value"].astype(str) != "", "none").replace("", "none")
    table = pd.crosstab(coded["field"], basis, normalize="index") * 100
    table = table.reindex([v for v in VIOLENCE_TYPES if v in table.index])
    table.loc["all"] = basis.value_counts(normalize=True) * 100
    return table.fillna(0.0).round(1)


def city_evidence_share(provenance: pd.DataFrame) -> float:
    """Percent of all intensity values resting on evidence about the city."""
    coded = provenance[provenance["field"].isin(VIOLENCE_TYPES)]
    if coded.empty or "basis" not in coded:
        return 0.0
    return round(float(coded["basis"].isin(CITY_BASES).mean() * 100), 1)


def city_evidence_only(contexts: pd.DataFrame, provenance: pd.DataFrame) -> pd.DataFrame:
    """A copy of `contexts` where every intensity that does not rest on evidence about the city
    (country_proxy, or no provenance row) is empty: the "city evidence only" view. Contexts
    without provenance (uploads) keep their codes: their basis is not known, not a proxy."""
    out = contexts.copy()
    if provenance.empty or "basis" not in provenance:
        return out
    coded = provenance[provenance["field"].isin(VIOLENCE_TYPES)]
    city = set(
        zip(
            coded.loc[coded["basis"].isin(CITY_BASES), "context_id"],
            coded.loc[coded["basis"].isin(CITY_BASES), "field"],
            strict=True,
        )
    )
    known = set(coded["context_id"])
    for violence in VIOLENCE_TYPES:
        if violence not in out:
            continue
        keep = [cid not in known or (cid, violence) in city for cid in out["context_id"]]
        out[violence] = out[violence].astype("Int64").where(keep, pd.NA)
    return out


def sources_used(tables: Iterable[pd.DataFrame], sources: pd.DataFrame) -> pd.DataFrame:
    """The rows of sources.csv cited in the `source` column of the given tables, so a page can
    list each full citation once instead of repeating it on every line."""
    ids: dict[str, None] = {}
    for table in tables:
        for cell in table.get("source", pd.Series(dtype=str)):
            for source_id in str(cell).split(";"):
                if source_id.strip():
                    ids[source_id.strip()] = None
    if sources.empty or "source_id" not in sources:
        return pd.DataFrame({"source_id": list(ids)})
    known = sources.set_index("source_id")
    rows = [{"source_id": i, **(known.loc[i].to_dict() if i in known.index else {})} for i in ids]
    return pd.DataFrame(rows).fillna("")


def context_labels(contexts: pd.DataFrame, context_ids: Iterable[str]) -> dict[str, str]:
    """context_id -> 'Bogotá 2015'; the country code is added where two cities share a name."""
    rows = contexts.set_index("context_id").loc[list(context_ids)]
    ambiguous = rows.groupby("city")["iso3"].transform("nunique") > 1
    return {
        cid: f"{r['city']} ({r['iso3']}) {int(r['year'])}"
        if ambiguous[cid]
        else f"{r['city']} {int(r['year'])}"
        for cid, r in rows.iterrows()
    }


def comparability_warnings(
    records: pd.DataFrame,
    labels: Mapping[str, str],
    fields: Iterable[str] = COMPARED_FIELDS,
) -> list[str]:
    """One plain sentence per figure that is not like for like across the compared contexts:
    a different level (a city figure beside a country figure used for a city), source or year,
    or a figure missing for some of them. `records` as from `indicator_records`; `labels` maps
    each compared context_id to its display name (and fixes the order)."""
    ids = list(labels)
    warnings = []
    for field in fields:
        rows = records[records["field"] == field].drop_duplicates("context_id")
        rows = rows.set_index("context_id").reindex(ids)
        has_value = rows["value"].fillna("").astype(str).str.len() > 0
        name = _(SHORT_LABELS.get(field, field.replace("_", " ")))
        if has_value.sum() == 0:
            continue
        if not has_value.all():
            absent = ", ".join(labels[i] for i in rows.index[~has_value])
            warnings.append(f"{name}: no figure for {absent}, so it cannot be compared there.")
        present = rows[has_value].fillna("")
        if len(present) < 2:
            continue
        differs = [
            what
            for what, column in (("level", "level"), ("source", "source_id"), ("year", "year"))
            if present[column].nunique() > 1
        ]
        if not differs:
            continue
        parts = [_describe(labels[cid], r) for cid, r in present.iterrows()]
        warnings.append(f"{name} ({_words(differs)} differ): " + "; ".join(parts) + ".")
    return warnings


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _describe(label: str, record: pd.Series) -> str:
    level = record["level"] or "unstated-level"
    year = f"from {record['year']}" if record["year"] else "with no stated year"
    source = f" ({record['source_id']})" if record["source_id"] else ""
    return f"{label} is a {level} figure {year}{source}"


def city_history(contexts: pd.DataFrame, context_id: str) -> pd.DataFrame:
    """All contexts of the same city (same name and country), oldest first: the typology path."""
    row = contexts.loc[contexts["context_id"] == context_id].iloc[0]
    same = contexts[(contexts["city"] == row["city"]) & (contexts["iso3"] == row["iso3"])]
    columns = [
        c
        for c in (
            "context_id",
            "year",
            "setting",
            "typology",
            "typology_name",
            "confidence_typology",
        )
        if c in same.columns
    ]
    return same.sort_values("year")[columns].reset_index(drop=True)


def indicator_comparison(records: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per compared indicator, one column per context: 'value (level, year)', so the
    level and year sit next to each figure."""
    rows = []
    for field in COMPARED_FIELDS:
        subset = records[records["field"] == field].drop_duplicates("context_id")
        subset = subset.set_index("context_id")
        row = {"indicator": _(INDICATOR_LABELS.get(field, field))}
        for cid, label in labels.items():
            if cid not in subset.index or not subset.at[cid, "value"]:
                row[label] = "no figure"
                continue
            r = subset.loc[cid]
            detail = ", ".join(x for x in (r["level"], r["year"]) if x)
            row[label] = f"{r['value']} ({detail})" if detail else r["value"]
        rows.append(row)
    return pd.DataFrame(rows)
