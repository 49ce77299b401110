"""The build, as a short pipeline. Each step is a pure function returning provenance rows
(context_id, field, value, source_id, year, level, basis, rationale):

1. contexts  - the selection pinned to GeoNames, region and income group, hand-entered figures
2. evidence  - one module per public source (typology/build/<step>.py, EVIDENCE_STEPS), each
               ``rows(contexts, source_dir)``; a step module not present yet is skipped
3. proxies   - country figures (WDI homicide, UCDP/PRIO ACD status, SDG 5.2.1, UNSD V.2)
4. resolve   - one value per (context, field): a figure with a value before an empty one, city
               evidence before country figures, hand-entered before the public series
5. coding    - setting and intensities from the resolved evidence (typology/build/coding.py)
6. overrides - reviewed, cited codings (data/overrides.csv), then the consistency check

``build`` returns the frames, ``write`` writes them; no I/O at import time.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd

from typology.build import coding, contexts, overrides, proxies
from typology.build.catalog import (
    CITY_BASES,
    CODEBOOK_SOURCE_ID,
    HAND_SOURCES_NAME,
    OVERRIDES_NAME,
    PROVENANCE_COLUMNS,
    PUBLIC_ACCESSED,
    PUBLIC_SOURCES,
    SOURCE_COLUMNS,
)
from typology.build.rows import Rows, fmt, is_missing
from typology.provenance import basis_shares, city_evidence_share
from typology.schema import CORE_COLUMNS, VIOLENCE_TYPES, ContextSchema

EVIDENCE_STEPS: tuple[str, ...] = ("population", "city_homicide", "conflict_near_city", "protests")
CODED_FIELDS: tuple[str, ...] = ("setting", *VIOLENCE_TYPES)
BUILT_TABLES: tuple[str, ...] = ("cities", "provenance", "sources")
# Indicator columns of cities.csv, each the value of its resolved provenance row.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "homicide_rate",
    "homicide_count",
    "homicide_population",
    "conflict_status",
    "conflict_intensity",
    "territorial_conflict",
    "ged_deaths_state",
    "ged_deaths_nonstate",
    "ged_events",
    "protests_total",
    "protests_violent",
    "protests_state_lethal",
    "ipv_prevalence",
    "npsv_prevalence",
)
CITY_COLUMNS: tuple[str, ...] = (
    *CORE_COLUMNS,
    "region",
    "subregion",
    "income_group",
    "population_year",
    "population_level",
    "homicide_rate",
    "homicide_rate_year",
    "homicide_rate_level",
    "homicide_count",
    "homicide_population",
    "conflict_status",
    "conflict_intensity",
    "territorial_conflict",
    "ged_deaths_state",
    "ged_deaths_nonstate",
    "ged_events",
    "ov_deaths",
    "ov_deaths_per100k",
    "protests_total",
    "protests_violent",
    "protests_state_lethal",
    "ipv_prevalence",
    "npsv_prevalence",
    "npsv_year",
    "confidence",
    "sources",
)
INT_COLUMNS: tuple[str, ...] = (
    *VIOLENCE_TYPES,
    "population_year",
    "homicide_rate_year",
    "homicide_count",
    "homicide_population",
    "conflict_intensity",
    "ged_deaths_state",
    "ged_deaths_nonstate",
    "ged_events",
    "ov_deaths",
    "protests_total",
    "protests_violent",
    "protests_state_lethal",
    "npsv_year",
)
# Fields a step may send beside a figure; the pipeline takes them from the chosen figure's row.
# One named series per country (issue 14): where the city homicide series covers a context it
# comes before a hand-entered figure from another source (the hand figure fills the gaps).
SERIES_FIRST: dict[str, float] = {"city_homicide": 0}
DERIVED_SUFFIXES: tuple[str, ...] = ("_year", "_level")
# Rows kept only with the figure they explain (same source as the chosen homicide rate).
COMPANIONS: dict[str, str] = {
    "homicide_count": "homicide_rate",
    "homicide_population": "homicide_rate",
}


def evidence_steps(names: Sequence[str] = EVIDENCE_STEPS) -> dict[str, ModuleType]:
    """The evidence step modules present in typology/build/, by name; absent ones are skipped
    (the branch writing them may not be merged yet)."""
    found = {}
    for name in names:
        module_name = f"typology.build.{name}"
        try:
            found[name] = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name != module_name:
                raise
    return found


def _sources(hand_sources: pd.DataFrame, steps: dict[str, ModuleType]) -> pd.DataFrame:
    frames = [pd.DataFrame(PUBLIC_SOURCES).assign(accessed=PUBLIC_ACCESSED), hand_sources]
    for module in steps.values():
        cited = pd.DataFrame(getattr(module, "SOURCES", []))
        if not cited.empty:
            frames.append(cited.assign(accessed=cited.get("accessed", PUBLIC_ACCESSED)))
    sources = pd.concat(frames, ignore_index=True).reindex(columns=list(SOURCE_COLUMNS))
    return sources.drop_duplicates("source_id").fillna("").reset_index(drop=True)


def resolve(evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per (context, field): a row with a value before an empty one, city evidence
    before anything else, then the step's priority (column ``priority``, lower first)."""
    ranked = evidence.assign(
        _empty=evidence["value"].map(is_missing),
        _proxy=~evidence["basis"].isin(CITY_BASES),
    )
    ranked = ranked.sort_values(
        ["context_id", "field", "_empty", "_proxy", "priority"], kind="stable"
    )
    chosen = ranked.drop_duplicates(["context_id", "field"])
    return chosen.drop(columns=["_empty", "_proxy"])


def _drop_derived(evidence: pd.DataFrame) -> pd.DataFrame:
    """population_year and the like travel on the figure's own row (its year and level)."""
    fields = set(evidence["field"])
    derived = evidence["field"].map(
        lambda f: any(f.endswith(s) and f[: -len(s)] in fields for s in DERIVED_SUFFIXES)
    )
    return evidence[~derived]


def _value(chosen: dict[str, dict], field: str) -> object:
    row = chosen.get(field)
    return None if row is None or is_missing(row["value"]) else row["value"]


def _float(value: object) -> float | None:
    return None if is_missing(value) else float(value)


def _evidence(chosen: dict[str, dict]) -> coding.Evidence:
    homicide = chosen.get("homicide_rate", {})
    ged = chosen.get("ged_deaths_state", {})
    protests = chosen.get("protests_violent", {})
    return coding.Evidence(
        homicide_rate=_float(_value(chosen, "homicide_rate")),
        homicide_basis=homicide.get("basis", "none")
        if _value(chosen, "homicide_rate") is not None
        else "none",
        homicide_sources=homicide.get("source_id", ""),
        territorial=_value(chosen, "territorial_conflict"),
        ged_state=_float(_value(chosen, "ged_deaths_state")),
        ged_nonstate=_float(_value(chosen, "ged_deaths_nonstate")),
        ged_sources=ged.get("source_id", ""),
        population=_float(_value(chosen, "population")),
        protests_violent=_float(_value(chosen, "protests_violent")),
        protests_lethal=_float(_value(chosen, "protests_state_lethal")),
        protest_sources=protests.get("source_id", ""),
        ipv=_float(_value(chosen, "ipv_prevalence")),
        npsv=_float(_value(chosen, "npsv_prevalence")),
    )


def _derived_rows(cid: str, chosen: dict[str, dict], out: Rows) -> dict[str, object]:
    """ov_deaths (state + non-state) and its rate over the chosen population."""
    state, nonstate = _value(chosen, "ged_deaths_state"), _value(chosen, "ged_deaths_nonstate")
    if state is None or nonstate is None:
        return {"ov_deaths": None, "ov_deaths_per100k": None}
    ged = chosen["ged_deaths_state"]
    total = int(float(state) + float(nonstate))
    out.add(
        cid,
        "ov_deaths",
        total,
        ged["source_id"],
        ged["year"],
        ged["level"],
        "city_events",
        "ged_deaths_state + ged_deaths_nonstate: organised-violence deaths, not homicides",
    )
    population = _float(_value(chosen, "population"))
    pop = chosen.get("population", {})
    per100k = round(total / population * 1e5, 2) if population else None
    out.add(
        cid,
        "ov_deaths_per100k",
        per100k,
        ged["source_id"],
        ged["year"],
        ged["level"],
        "city_events" if per100k is not None else "none",
        f"ov_deaths over the population of {pop.get('year') or 'no stated year'} "
        f"({pop.get('level', '')})",
    )
    return {"ov_deaths": total, "ov_deaths_per100k": per100k}


def build(source_dir: Path, selection_csv: Path, strict: bool = False) -> dict[str, pd.DataFrame]:
    """Rebuild cities, provenance and sources from the public files and the selection.
    ``strict``: raise on an override contradiction instead of recording it."""
    source_dir, selection_csv = Path(source_dir), Path(selection_csv)
    selection = contexts.read_selection(selection_csv)
    hand_sources = pd.read_csv(
        selection_csv.parent / HAND_SOURCES_NAME, dtype=str, keep_default_na=False
    )
    base, base_rows = contexts.base(selection, source_dir)  # 1. contexts
    steps = evidence_steps()
    sources = _sources(hand_sources, steps)
    reviewed = overrides.load_overrides(
        selection_csv.parent / OVERRIDES_NAME, set(sources["source_id"]), set(base["context_id"])
    )
    evidence = gather(selection, base, base_rows, steps, source_dir)  # 2. evidence, 3. proxies
    resolved = resolve(evidence)  # 4. one value per (context, field)
    by_context = {
        cid: {r["field"]: r for r in grp.to_dict("records")}
        for cid, grp in resolved.groupby("context_id", sort=False)
    }
    coded = [
        code_context(ctx, by_context.get(ctx["context_id"], {}), reviewed)
        for ctx in base.to_dict("records")
    ]  # 5. coding, 6. overrides
    overridden = {key for c in coded for key in c.overridden}
    problems = overrides.contradictions(pd.DataFrame([c.codes for c in coded]), overridden)
    if problems and strict:
        raise ValueError("override contradictions:\n" + "\n".join(problems))

    dropped = {key for c in coded for key in c.dropped}
    keys = pd.Series(list(zip(resolved["context_id"], resolved["field"], strict=True)))
    kept = resolved[~keys.isin(dropped).to_numpy()]
    provenance = _provenance([kept, *(c.rows for c in coded)])
    cities = _cities([c.city for c in coded], provenance)
    return {
        "cities": cities,
        "provenance": provenance,
        "sources": sources,
        "contradictions": problems,
    }


def gather(
    selection: pd.DataFrame,
    base: pd.DataFrame,
    base_rows: pd.DataFrame,
    steps: dict[str, ModuleType],
    source_dir: Path,
) -> pd.DataFrame:
    """Every step's provenance rows in one frame, each with the priority ``resolve`` uses."""
    # GeoNames populations have no year: any population of the year from a step comes first.
    geonames_pop = (base_rows["field"] == "population") & (base_rows["source_id"] == "geonames")
    frames = [
        contexts.hand_figures(selection).assign(priority=0.5),
        base_rows.assign(priority=geonames_pop.map({True: 2, False: 0})),
        proxies.rows(base, source_dir).assign(priority=3),
    ]
    for name, module in steps.items():
        rows = module.rows(base, source_dir).reindex(columns=list(PROVENANCE_COLUMNS))
        frames.append(rows.assign(priority=SERIES_FIRST.get(name, 1)))
    return _drop_derived(pd.concat([f for f in frames if not f.empty], ignore_index=True))


@dataclass
class Coded:
    """One context after coding: its cities.csv row, its new provenance rows, its codes, the
    overridden (context, field) pairs and the resolved rows dropped (counts of another series)."""

    city: dict
    rows: pd.DataFrame
    codes: dict
    overridden: set = field(default_factory=set)
    dropped: set = field(default_factory=set)


def code_context(ctx: dict, chosen: dict[str, dict], reviewed: dict) -> Coded:
    """Setting, intensities and confidence of one context from its resolved evidence rows."""
    cid = ctx["context_id"]
    dropped = set()
    for companion, figure in COMPANIONS.items():
        figure_source = chosen.get(figure, {}).get("source_id")
        if companion in chosen and chosen[companion]["source_id"] != figure_source:
            del chosen[companion]  # a count from another series than the rate shown
            dropped.add((cid, companion))
    out = Rows()
    derived = _derived_rows(cid, chosen, out)
    ev = _evidence(chosen)
    codes = {"setting": coding.setting(ev), **coding.intensities(ev)}
    overridden = set()
    for name, (value, source_id, why, basis) in reviewed.get(cid, {}).items():
        rule = codes[name]
        note = f"override (rule gave {fmt(rule.value) or 'unknown'}, {rule.basis}): {why}"
        codes[name] = coding.Code(value, basis, source_id, note)
        overridden.add((cid, name))
    for name, code in codes.items():
        source_id = code.source_id or (CODEBOOK_SOURCE_ID if code.basis == "none" else "")
        level = {"none": "", "country_proxy": "country-proxy"}.get(code.basis, "city")
        why = code.rationale if (cid, name) in overridden else f"rule: {code.rationale}"
        out.add(cid, name, code.value, source_id, ctx["year"], level, code.basis, why)
    setting_basis = codes["setting"].basis
    conflict_known = _value(chosen, "conflict_status") is not None
    grade, why = coding.confidence(
        ev.homicide_basis, conflict_known, setting_basis, (cid, "setting") in overridden
    )
    out.add(cid, "confidence", grade, CODEBOOK_SOURCE_ID, "", "", setting_basis, why)
    values = {name: code.value for name, code in codes.items()}
    city = {
        **{k: ctx[k] for k in BASE_FIELDS},
        **_figure_columns(chosen),
        **values,
        **derived,
        "confidence": grade,
    }
    return Coded(city, out.frame(), {"context_id": cid, **values}, overridden, dropped)


# The contexts step's columns but the Gleditsch-Ward code (a join key, not a published field).
BASE_FIELDS: tuple[str, ...] = tuple(c for c in contexts.BASE_COLUMNS if c != "gwcode")


def _figure_columns(chosen: dict[str, dict]) -> dict[str, object]:
    """The indicator columns of cities.csv; a figure's year and level come from its own row."""
    columns: dict[str, object] = {c: _value(chosen, c) for c in INDICATOR_COLUMNS}
    columns["population"] = _float(_value(chosen, "population"))
    for figure, year_column, level_column in (
        ("population", "population_year", "population_level"),
        ("homicide_rate", "homicide_rate_year", "homicide_rate_level"),
        ("npsv_prevalence", "npsv_year", None),
    ):
        row = chosen.get(figure, {}) if _value(chosen, figure) is not None else {}
        columns[year_column] = row.get("year") or None
        if level_column:
            columns[level_column] = row.get("level") or None
    return columns


def _provenance(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """All rows in a stable order (context, then FIELD_ORDER), values written as text."""
    provenance = pd.concat(frames, ignore_index=True).reindex(columns=list(PROVENANCE_COLUMNS))
    order = {f: i for i, f in enumerate(FIELD_ORDER)}
    position = provenance["field"].map(lambda f: order.get(f, len(order)))
    provenance = provenance.assign(_order=position)
    provenance = provenance.sort_values(["context_id", "_order", "field"], kind="stable")
    provenance = provenance.drop(columns="_order").reset_index(drop=True)
    provenance["value"] = provenance["value"].map(fmt)
    return provenance


def _cities(rows: list[dict], provenance: pd.DataFrame) -> pd.DataFrame:
    """cities.csv: typed columns, the source ids each context uses, validated."""
    used = provenance.groupby("context_id")["source_id"].agg(
        lambda ids: ";".join(sorted({i for cell in ids for i in str(cell).split(";") if i}))
    )
    cities = pd.DataFrame(rows).reindex(columns=list(CITY_COLUMNS))
    cities["sources"] = cities["context_id"].map(used)
    for column in INT_COLUMNS:
        cities[column] = pd.to_numeric(cities[column]).round().astype("Int64")
    for column in FLOAT_COLUMNS:
        cities[column] = pd.to_numeric(cities[column]).astype(float)
    cities = cities.sort_values("context_id", kind="stable").reset_index(drop=True)
    ContextSchema.validate(cities, lazy=True)
    return cities


FLOAT_COLUMNS: tuple[str, ...] = (
    "population",
    "homicide_rate",
    "ipv_prevalence",
    "npsv_prevalence",
    "ov_deaths_per100k",
)


FIELD_ORDER: tuple[str, ...] = (
    "city",
    "latitude",
    "longitude",
    "population",
    "homicide_rate",
    "homicide_count",
    "homicide_population",
    "conflict_status",
    "conflict_intensity",
    "territorial_conflict",
    "ged_deaths_state",
    "ged_deaths_nonstate",
    "ged_events",
    "ov_deaths",
    "ov_deaths_per100k",
    "protests_total",
    "protests_violent",
    "protests_state_lethal",
    "ipv_prevalence",
    "npsv_prevalence",
    "region",
    "subregion",
    "income_group",
    *CODED_FIELDS,
    "confidence",
)


def write(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write each built table as out_dir/<name>.csv, deterministically (byte-identical)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in BUILT_TABLES:
        tables[name].to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")


# --- CLI -----------------------------------------------------------------------------------------
def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "build-data", help="rebuild data/cities.csv and companions from the public source files"
    )
    parser.add_argument(
        "--source-dir",
        type=Path,
        required=True,
        help="folder with the public originals (../shared/data)",
    )
    parser.add_argument("--out-dir", type=Path, default=None, help="default: the repo's data/")
    parser.add_argument(
        "--selection", type=Path, default=None, help="default: <out-dir>/context_selection.csv"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail on an override contradiction (e.g. armed_conflict with "
        "large_scale below 2 and no override saying why)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    out_dir = args.out_dir or default_data_dir()
    selection = args.selection or (out_dir / "context_selection.csv")
    try:
        tables = build(args.source_dir, selection, strict=getattr(args, "strict", False))
    except (ValueError, FileNotFoundError) as err:
        print(f"build-data: {err}")
        return 2
    write(tables, out_dir)
    cities = tables["cities"]
    print(
        f"{len(cities)} contexts, {cities['iso3'].nunique()} countries, "
        f"{cities['region'].nunique()} regions -> {out_dir}"
    )
    for problem in tables["contradictions"]:
        print(f"contradiction: {problem}")
    print("basis of the intensity values, % per violence type:")
    print(basis_shares(tables["provenance"]).to_string())
    print(f"city evidence: {city_evidence_share(tables['provenance'])}% of intensity values")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m typology.build")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
