"""Exports of the (filtered) contexts with their typologies: CSV, Excel, Parquet, JSON and a ZIP
bundle with the codebook, the sources, a citation file, the method parameters and licences.

Every writer is pure: frames and dicts in, bytes out. `FORMATS` is the registry the app's
download buttons and `python -m typology export` share.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from typology import __version__
from typology.i18n import N_, _
from typology.io import RESULT_COLUMNS
from typology.schema import CORE_COLUMNS

SOFTWARE = "urban-safety-typologies"
SOFTWARE_TITLE = "Urban safety and peacebuilding: scenario typologies"
# Cells a spreadsheet would run as a formula start with one of these (OWASP "CSV injection").
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# Text that is just a number ('-3.5') is harmless: a spreadsheet reads it as that number.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# Two real rows of data/cities.csv shown in the upload template (first two rows if absent).
TEMPLATE_EXAMPLES: tuple[str, ...] = ("bogota-col-2015", "juba-ssd-2014")

# What the typology columns mean: this software's own outputs (typology.analysis.analyse).
RESULT_CODEBOOK: tuple[dict[str, str], ...] = (
    {
        "column": "typology",
        "meaning": "typology number (1 = the typology listed first, ordered canonically)",
        "unit": "",
        "allowed_values": "1..k",
        "rule": "fitted by the method in method.json on all active contexts",
    },
    {
        "column": "typology_name",
        "meaning": "readable name of the typology, from its dominant violence types",
        "unit": "",
        "allowed_values": "",
        "rule": "typology.analysis.typology_name",
    },
    {
        "column": "membership",
        "meaning": "how surely the context belongs to its typology",
        "unit": "share",
        "allowed_values": "0-1",
        "rule": "lca: posterior probability; other methods: share of 50 city-bootstrap refits "
        "that put it in its typology; below 0.6 the context is borderline",
    },
    {
        "column": "confidence_typology",
        "meaning": "same as membership (older name)",
        "unit": "share",
        "allowed_values": "0-1",
        "rule": "membership",
    },
    {
        "column": "runner_up",
        "meaning": "the next closest typology number (0 when there is none)",
        "unit": "",
        "allowed_values": "0..k",
        "rule": "second highest membership",
    },
    {
        "column": "runner_up_name",
        "meaning": "name of the runner-up typology",
        "unit": "",
        "allowed_values": "",
        "rule": "",
    },
    {
        "column": "borderline",
        "meaning": "the context sits between two typologies",
        "unit": "",
        "allowed_values": "True|False",
        "rule": "confidence_typology < 0.6",
    },
)


def neutralise_cell(value: object) -> object:
    """Prefix a single quote to text a spreadsheet would run as a formula; numbers unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` safe to open in a spreadsheet: text cells and headers that start with
    =, +, -, @, tab or carriage return get a leading quote. Numeric columns are untouched."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or out[column].dtype == bool):
            out[column] = out[column].map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def data_version(*chunks: bytes) -> str:
    """The 12-digit fingerprint of raw bytes (an upload): typology.fingerprint.digest. The data
    version of a contexts table is typology.fingerprint.data_version, computed there only."""
    from typology.fingerprint import digest

    return digest(*chunks)


def method_parameters(
    params: Mapping | object,
    k: int,
    version: str,
    *,
    rows: int,
    data_label: str = "data/cities.csv",
    selection: str = "all contexts",
) -> dict:
    """The JSON-able record of how the typologies in an export were made."""
    as_dict = params.as_dict() if hasattr(params, "as_dict") else dict(params)
    return {
        "software": SOFTWARE,
        "software_version": __version__,
        "method": as_dict.get("method"),
        "k_requested": as_dict.get("k"),
        "k": int(k),
        "seed": as_dict.get("seed"),
        "features": list(as_dict.get("features", [])),
        "weights": dict(as_dict.get("weights", {})),
        "data": data_label,
        "data_version": version,
        "selection": selection,
        "contexts_exported": int(rows),
        "note": "typologies are fitted on all active contexts; the selection chooses the rows",
    }


def codebook_for(contexts: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Codebook rows for the columns present in `contexts`, plus the typology columns."""
    columns = ["column", "meaning", "unit", "allowed_values", "rule"]
    base = codebook if not codebook.empty else pd.DataFrame(columns=columns)
    rows = base[base["column"].isin(contexts.columns)]
    results = pd.DataFrame(
        [r for r in RESULT_CODEBOOK if r["column"] in contexts.columns], columns=columns
    )
    return pd.concat([rows, results], ignore_index=True).fillna("")


def sources_for(contexts: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The rows of sources.csv cited by the contexts' `sources` column (in sources.csv order)."""
    if sources.empty or "sources" not in contexts.columns:
        return sources.iloc[0:0]
    used = {
        part.strip()
        for cell in contexts["sources"].dropna().astype(str)
        for part in cell.split(";")
        if part.strip()
    }
    return sources[sources["source_id"].isin(used)].reset_index(drop=True)


def template_csv(contexts: pd.DataFrame) -> bytes:
    """The upload template: the required columns and two real example rows."""
    examples = contexts[contexts["context_id"].isin(TEMPLATE_EXAMPLES)]
    if len(examples) < 2:
        examples = contexts.head(2)
    return examples[list(CORE_COLUMNS)].to_csv(index=False).encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------
# Writers: one per format, all taking the same ExportInput.


@dataclass(frozen=True)
class ExportInput:
    contexts: pd.DataFrame
    codebook: pd.DataFrame
    sources: pd.DataFrame
    params: dict
    today: date


def _csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with a BOM: Excel then shows accents right; read_table and pandas skip the BOM.
    # CRLF line ends (RFC 4180) also make the writer quote any cell holding a lone \r.
    text = neutralise_formulas(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def write_csv(export: ExportInput) -> bytes:
    return _csv(export.contexts)


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # openpyxl refuses control characters in cells; an uploaded table may carry them.
    out = neutralise_formulas(frame)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v,
                na_action="ignore",
            )
    return out


def _method_rows(params: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "parameter": key,
                "value": value if isinstance(value, str | int | float) else json.dumps(value),
            }
            for key, value in params.items()
        ]
    ).astype({"value": str})


def write_xlsx(export: ExportInput) -> bytes:
    """A workbook for people first: "readable" has the contexts in words (settings, 0-3
    intensities as none/low/medium/high, headings without codes, missing as 'unknown');
    "data" keeps the codes, so the file can be uploaded again (read_table reads "data"), and
    "codebook" explains them."""
    from typology.i18n_data import translated_table
    from typology.labels import column_label, readable

    buffer = io.BytesIO()
    method = _method_rows(export.params)
    method["parameter"] = method["parameter"].map(column_label)
    sources = sources_for(export.contexts, export.sources)
    # The "data" sheet keeps its name whatever the language: an upload reads it back.
    sheets = {
        _(N_("readable")): readable(export.contexts),
        "data": export.contexts,
        "codebook": translated_table(
            codebook_for(export.contexts, export.codebook), "codebook.csv"
        ),
        _(N_("sources")): sources.rename(columns=column_label),
        _(N_("method")): method,
    }
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _excel_safe(frame).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def write_parquet(export: ExportInput) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(export.contexts, preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[b"typology.method"] = json.dumps(export.params).encode("utf-8")
    buffer = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(metadata), buffer)
    return buffer.getvalue()


def write_json(export: ExportInput) -> bytes:
    records = export.contexts.to_json(orient="records", force_ascii=False, date_format="iso")
    method = json.dumps(export.params, ensure_ascii=False)
    return f'{{"method": {method}, "contexts": {records}}}'.encode()


def _yaml(value: object) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any citation text.
    return json.dumps(str(value), ensure_ascii=False)


def citation_text(sources: pd.DataFrame, params: dict, today: date) -> str:
    """CITATION.cff-style text: this software and version, the date, the data sources to cite.
    Citations are copied from sources.csv as written, never composed."""
    lines = [
        "# How to cite this export (Citation File Format style, https://citation-file-format.github.io).",
        "# Cite the software and, for the figures, every data source under 'references'.",
        "cff-version: 1.2.0",
        'message: "If you use this data, please cite the software and the data sources below."',
        "type: dataset",
        f"title: {_yaml(SOFTWARE_TITLE + ' (typology export)')}",
        f"version: {_yaml(__version__)}",
        f"date-released: {_yaml(today.isoformat())}",
        "authors:",
        f"  - name: {_yaml('Contributors to ' + SOFTWARE)}",
        f"abstract: {_yaml(_abstract(params))}",
    ]
    if sources.empty:
        lines.append("# The rows carry no source ids: cite the sources of the uploaded data.")
        return "\n".join(lines) + "\n"
    lines.append("references:")
    for row in sources.itertuples(index=False):
        notes = f"source id {row.source_id}; licence: {row.licence}; accessed {row.accessed}"
        lines += [
            "  - type: generic",
            f"    title: {_yaml(row.citation)}",
            f"    url: {_yaml(row.url)}",
            f"    notes: {_yaml(notes)}",
        ]
    return "\n".join(lines) + "\n"


def _abstract(params: dict) -> str:
    return (
        f"{params.get('contexts_exported', '?')} contexts with scenario typologies "
        f"({params.get('method')}, k={params.get('k')}, seed {params.get('seed')}; "
        f"data version {params.get('data_version')})."
    )


def licence_text(sources: pd.DataFrame) -> str:
    """Licence attributions for the bundle, from sources.csv."""
    lines = [
        f"Licences and attributions for this export ({SOFTWARE} {__version__})",
        "",
        f"Software: {SOFTWARE}, MIT licence. The typology columns are computed by it;",
        "method.json says how.",
        "",
        "Data (licences as recorded in data/sources.csv; attribute each source you use):",
    ]
    if sources.empty:
        lines.append("- no source ids in the exported rows: use the licences of your own data.")
    for row in sources.itertuples(index=False):
        lines.append(f"- {row.source_id}: {row.licence}")
        lines.append(f"  {row.citation}")
        lines.append(f"  {row.url} (accessed {row.accessed})")
    return "\n".join(lines) + "\n"


def _readme(today: date) -> str:
    return (
        f"{SOFTWARE_TITLE}: typology export of {today.isoformat()}\n\n"
        "data.csv      the contexts with their typology (UTF-8; one row per context)\n"
        "codebook.csv  what every column means, its unit, allowed values and rule\n"
        "sources.csv   the sources cited by the rows\n"
        "CITATION.cff  how to cite the software and the data sources\n"
        "method.json   method, k, seed, features, weights, data and software version\n"
        "LICENCES.txt  licence attributions\n\n"
        "Text cells that start with =, +, -, @, tab or carriage return carry a leading ' so "
        "that a spreadsheet shows them as text instead of running them as formulas.\n"
    )


def write_zip(export: ExportInput) -> bytes:
    sources = sources_for(export.contexts, export.sources)
    members = {
        "README.txt": _readme(export.today).encode("utf-8"),
        "data.csv": write_csv(export),
        "codebook.csv": _csv(codebook_for(export.contexts, export.codebook)),
        "sources.csv": _csv(sources),
        "CITATION.cff": citation_text(sources, export.params, export.today).encode("utf-8"),
        "method.json": json.dumps(export.params, indent=2, ensure_ascii=False).encode("utf-8"),
        "LICENCES.txt": licence_text(sources).encode("utf-8"),
    }
    buffer = io.BytesIO()
    stamp = (export.today.year, export.today.month, export.today.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, payload in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)  # fixed time: same input, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, payload)
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportFormat:
    writer: Callable[[ExportInput], bytes]
    extension: str
    mime: str
    label: str


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat(write_csv, "csv", "text/csv", "CSV"),
    "xlsx": ExportFormat(
        write_xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
    ),
    "parquet": ExportFormat(write_parquet, "parquet", "application/vnd.apache.parquet", "Parquet"),
    "json": ExportFormat(write_json, "json", "application/json", "JSON"),
    "zip": ExportFormat(write_zip, "zip", "application/zip", "ZIP bundle"),
}


def export_bytes(
    contexts: pd.DataFrame,
    fmt: str,
    codebook: pd.DataFrame,
    sources: pd.DataFrame,
    params: dict,
    today: date | None = None,
) -> bytes:
    """The contexts (with their typology columns) in format `fmt`, as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    export = ExportInput(contexts, codebook, sources, params, today or date.today())
    return FORMATS[fmt].writer(export)


def export_columns(contexts: pd.DataFrame) -> list[str]:
    """Input columns first, then the typology columns, in a stable order."""
    results = [c for c in RESULT_COLUMNS if c in contexts.columns]
    return [c for c in contexts.columns if c not in results] + results


# ---------------------------------------------------------------------------------------------
# python -m typology export


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from typology.cli import add_analysis_options

    parser = subparsers.add_parser(
        "export",
        help="write the contexts with their typologies as csv, xlsx, parquet, json or a zip bundle",
        description=(
            "Fit the typologies on all contexts, keep the rows matching --where, and write them "
            "with the codebook, sources, citation and method parameters."
        ),
    )
    parser.add_argument("--format", choices=list(FORMATS), required=True)
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument(
        "--where",
        help="rows to keep, e.g. 'region=Africa,setting=armed_conflict;post_conflict,year>=2010' "
        "(clauses joined by commas must all hold; ';' separates alternatives)",
    )
    add_analysis_options(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from typology import fingerprint
    from typology.cli import analysis_from_args
    from typology.io import data_dir, load_table
    from typology.where import apply_where, parse_where

    if args.where is not None:
        parse_where(args.where)  # a typo in the filter fails before the fit, not after
    from typology.analysis import with_unclassified

    analysis = analysis_from_args(args)
    every = with_unclassified(analysis)  # contexts not classified are exported too
    selected = apply_where(every, args.where)
    if selected.empty:
        print(
            _("error: no context matches --where {where}; nothing written").format(
                where=repr(args.where)
            ),
            file=sys.stderr,
        )
        return 2
    data_path = Path(args.data) if args.data else data_dir() / "cities.csv"
    params = method_parameters(
        analysis.params,
        analysis.k,
        fingerprint.data_version(analysis.contexts),
        rows=len(selected),
        data_label=data_path.name if args.data else "data/cities.csv",
        selection=args.where or "all contexts",
    )
    payload = export_bytes(
        selected[export_columns(selected)],
        args.format,
        load_table("codebook.csv"),
        load_table("sources.csv"),
        params,
    )
    args.out.write_bytes(payload)
    print(
        _("{n} of {total} contexts in {k} typologies written to {path} ({format})").format(
            n=len(selected),
            total=len(every),
            k=analysis.k,
            path=args.out,
            format=FORMATS[args.format].label,
        )
    )
    return 0
