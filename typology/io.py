"""Reading and validating context tables: the one boundary where files become trusted frames."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from typology.i18n import _, format_number

DATA_DIR_ENV = "TYPOLOGY_DATA_DIR"
MAX_ROWS = 200_000  # beyond this a table is refused: fits and charts would stall a shared server
# Columns read as text whatever they look like (an id such as '007' must keep its zeros).
TEXT_COLUMNS: tuple[str, ...] = ("context_id", "city", "country", "iso3", "setting")
# Columns an analysis adds (typology.analysis.analyse): dropped on upload, fitted afresh.
RESULT_COLUMNS: tuple[str, ...] = (
    "typology",
    "typology_name",
    "confidence_typology",
    "membership",
    "runner_up",
    "runner_up_name",
    "borderline",
)
SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input table, in plain words."""

    # The row as the spreadsheet shows it (header = row 1, first context = row 2), or None.
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column '{column}'").format(column=self.column))
        place = ", ".join(where) or _("table")
        value = (
            " " + _("(value: {value})").format(value=repr(self.value))
            if self.value not in (None, "")
            else ""
        )
        return f"{place}{value}: {self.rule}"


class DataValidationError(ValueError):
    """A table that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem], source: str = "table"):
        self.problems = problems
        self.source = source
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = (
            "\n... " + _("and {n} more").format(n=len(problems) - 20) if len(problems) > 20 else ""
        )
        count = _("{n} problem(s)").format(n=len(problems))
        super().__init__(f"{source}: {count}\n{shown}{more}")


def data_dir() -> Path:
    """The folder of shipped tables; TYPOLOGY_DATA_DIR overrides it (read at call time)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(__file__).resolve().parent.parent / "data"


# A spreadsheet's row number for the first data row: the header is row 1.
FIRST_DATA_ROW = 2


@lru_cache(maxsize=1)
def _allowed_values() -> dict[str, list[str]]:
    """Column -> the codes the schema allows (its `isin` checks)."""
    from typology.schema import ContextSchema

    allowed: dict[str, list[str]] = {}
    for name, column in ContextSchema.to_schema().columns.items():
        for check in column.checks:
            if check.name == "isin":
                allowed[name] = list(check.statistics["allowed_values"])
    return allowed


def _normal(text: str) -> str:
    """'Armed-Conflict ', 'armed_conflict' and 'armed conflict' compare equal."""
    return re.sub(r"[\s_-]+", " ", str(text).casefold()).strip()


def _spellings(column: str) -> dict[str, object]:
    """Normalised spelling -> value, for the codes of a column and the words the app shows
    for them ('armed conflict' -> 'armed_conflict'; 'medium' -> 2 for an intensity)."""
    from typology.labels import words
    from typology.schema import INTENSITY_LABELS

    if column in _intensity_columns():
        return {_normal(w): n for n, w in INTENSITY_LABELS.items()}
    spellings: dict[str, object] = {}
    for code in _allowed_values().get(column, []):
        spellings[_normal(words(code))] = code
        spellings[_normal(code)] = code
    return spellings


def _accept_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Labels accepted as well as codes: each text cell of a coded column that spells a code or
    its words (in any case, with spaces, '-' or '_') becomes the code; an intensity written as
    none/low/medium/high becomes 0-3 and 'unknown' becomes empty. Anything else is left for
    the schema to report."""
    for column in [*_allowed_values(), *_intensity_columns()]:
        if column not in frame.columns:
            continue
        spellings = _spellings(column)
        if column in _intensity_columns():
            spellings[_normal("unknown")] = pd.NA

        def one(value: object, spellings=spellings) -> object:
            if isinstance(value, str) and _normal(value) in spellings:
                return spellings[_normal(value)]
            return value

        if frame[column].map(lambda v: isinstance(v, str)).any():
            mapped = frame[column].astype(object).map(one)
            if column in _intensity_columns():
                mapped = _numbers_or_text(mapped)
            frame[column] = mapped
    return frame


def _numbers_or_text(values: pd.Series) -> pd.Series:
    """All numbers when every cell reads as one; else every cell as text (a mix of Python ints
    and strings would make the schema's messages about types, not about the cells)."""
    numbers = pd.to_numeric(values, errors="coerce")
    finite = numbers.dropna().map(lambda n: abs(n) < float("inf")).all()
    if (numbers.isna() == values.isna()).all() and finite:
        return numbers
    return values.map(lambda v: v if pd.isna(v) else str(v)).astype(object)


def _did_you_mean(column: str | None, value: str | None) -> str:
    """' (did you mean 'armed conflict'?)' for a near miss, else ''."""
    import difflib

    from typology.labels import words

    if not column or value is None:
        return ""
    if column in _intensity_columns():
        from typology.schema import INTENSITY_LABELS

        choices = {_normal(_(w)): _(w) for w in INTENSITY_LABELS.values()}
    else:
        choices = {_normal(words(c)): words(c) for c in _allowed_values().get(column, [])}
    close = difflib.get_close_matches(_normal(value), list(choices), n=1, cutoff=0.6)
    return " " + _("(did you mean '{word}'?)").format(word=choices[close[0]]) if close else ""


def _readable_rule(check: str, column: str | None) -> str:
    from typology.labels import words
    from typology.schema import INTENSITY_LABELS

    check = str(check)
    intensity = bool(column) and column in _intensity_columns()
    if check.startswith("isin") and column in _allowed_values():
        choices = ", ".join(words(c) for c in _allowed_values()[column])
        return _("{column} must be one of: {choices}").format(column=words(column), choices=choices)
    if check.startswith("column_in_dataframe"):
        return _("required column is missing")
    if intensity and check.startswith(
        ("greater_than_or_equal_to", "less_than_or_equal_to", "in_range", "coerce_dtype", "dtype")
    ):
        names = ", ".join(_(w) for w in INTENSITY_LABELS.values())
        return _(
            "intensity must be a whole number 0-3 or its word ({names}); empty when unknown"
        ).format(names=names)
    if check.startswith(("greater_than_or_equal_to", "less_than_or_equal_to", "in_range")):
        return _("value out of the allowed range ({check})").format(check=check)
    if check.startswith("greater_than"):
        return _("value must be positive ({check})").format(check=check)
    if check.startswith("not_nullable"):
        return _("value is missing")
    if check.startswith("field_uniqueness") or check.startswith("unique"):
        return _("value must be unique (it appears more than once)")
    if check.startswith("str_matches") and column == "iso3":
        return _("must be a three-letter ISO 3166 code in capitals, e.g. COL")
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return _("wrong type ({check})").format(check=check.replace("coerce_dtype", "expected"))
    if check.startswith("isin"):
        return _("value not allowed ({check})").format(check=check)
    return check


def _intensity_columns() -> tuple[str, ...]:
    from typology.schema import VIOLENCE_TYPES

    return VIOLENCE_TYPES


def _problems_from_pandera(err, frame: pd.DataFrame) -> list[Problem]:
    cases = err.failure_cases
    problems: list[Problem] = []
    positions = {label: i for i, label in enumerate(frame.index)}
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) else None
        if case.check == "column_in_dataframe" or case.schema_context == "DataFrameSchema":
            column = str(case.failure_case) if case.check == "column_in_dataframe" else column
            problems.append(Problem(None, column, None, _readable_rule(case.check, column)))
            continue
        row = None
        if case.index is not None and not pd.isna(case.index):
            row = positions.get(case.index, None)
            row = None if row is None else row + FIRST_DATA_ROW
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        rule = _readable_rule(case.check, column) + _did_you_mean(column, value)
        problems.append(Problem(row, column, value, rule))
    # One line per (row, column, rule): pandera may report a value twice (dtype and range).
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.row or 0, p.column or ""))


def validate_contexts(frame: pd.DataFrame, source: str = "table") -> pd.DataFrame:
    """Return a validated copy of `frame`, or raise DataValidationError listing every problem."""
    import pandera.errors

    from typology.schema import CORE_COLUMNS, ContextSchema

    if frame.empty or len(frame.columns) == 0:
        raise DataValidationError([Problem(None, None, None, _("the table has no rows"))], source)
    if len(frame) > MAX_ROWS:
        rule = _("the table has {n} rows; the limit is {limit}").format(
            n=format_number(len(frame)), limit=format_number(MAX_ROWS)
        )
        raise DataValidationError([Problem(None, None, None, rule)], source)
    frame = frame.copy()
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:
        rule = _("the column appears more than once (names are compared ignoring case and spaces)")
        raise DataValidationError([Problem(None, c, None, rule) for c in twice], source)
    # A downloaded export carries the typology it was given; the typology is fitted afresh.
    frame = frame.drop(columns=[c for c in RESULT_COLUMNS if c in frame.columns])
    missing = [c for c in CORE_COLUMNS if c not in frame.columns]
    if missing:
        problems = [Problem(None, c, None, _("required column is missing")) for c in missing]
        raise DataValidationError(problems, source)
    for column in TEXT_COLUMNS:
        frame[column] = _as_text(frame[column])
    frame["iso3"] = frame["iso3"].str.upper()
    frame["setting"] = frame["setting"].str.lower()
    frame = _accept_labels(frame)
    frame = frame.reset_index(drop=True)
    try:
        validated = ContextSchema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        raise DataValidationError(_problems_from_pandera(err, frame), source) from None
    except (TypeError, ValueError, OverflowError) as err:
        # Cells pandera cannot even compare (lists, mixed objects from a Parquet file...).
        rule = _("the table has cells of an unusable kind: {error}").format(error=err)
        raise DataValidationError([Problem(None, None, None, rule)], source) from None
    return validated.reset_index(drop=True)


def _as_text(values: pd.Series) -> pd.Series:
    """Text columns as stripped strings; a number typed into an id column becomes its text
    ('12', not '12.0'), a missing cell stays missing so the schema reports it."""

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and value != value):
            return pd.NA
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return values.map(one, na_action="ignore").astype("string").str.strip()


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """Parse uploaded bytes by extension: CSV (comma, semicolon or tab; UTF-8 with or without
    BOM, else Latin-1/Windows-1252), Excel (the sheet 'data' if present, else the first) or
    Parquet. Raises DataValidationError with a plain message when it cannot; nothing else."""
    name = str(filename).lower()
    suffix = Path(name).suffix

    def refuse(rule: str) -> DataValidationError:
        return DataValidationError([Problem(None, None, None, rule)], str(filename))

    if suffix not in SUPPORTED_SUFFIXES:
        raise refuse(_("unsupported file type: use .csv, .xlsx or .parquet"))
    if not data:
        raise refuse(_("the file is empty: it needs a header row and at least one context"))
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = _read_excel_bytes(data)
        elif suffix == ".parquet":
            frame = pd.read_parquet(io.BytesIO(data))
        else:
            frame = _read_csv_bytes(data)
    except DataValidationError as err:
        raise DataValidationError(err.problems, str(filename)) from None
    except Exception as exc:  # noqa: BLE001 any parser failure becomes a readable problem
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        kind = {".xlsx": _("an Excel workbook"), ".xlsm": _("an Excel workbook")}.get(
            suffix, _("a Parquet file") if suffix == ".parquet" else _("a CSV text table")
        )
        raise refuse(
            _("could not read the file as {kind}: {detail}").format(kind=kind, detail=detail)
        ) from None
    if not isinstance(frame, pd.DataFrame):
        raise refuse(_("the file does not hold a table"))
    return frame


def _read_excel_bytes(data: bytes) -> pd.DataFrame:
    with pd.ExcelFile(io.BytesIO(data), engine="openpyxl") as book:
        sheet = "data" if "data" in book.sheet_names else 0
        return pd.read_excel(book, sheet_name=sheet)


def _read_csv_bytes(data: bytes) -> pd.DataFrame:
    head = data[:8192]
    if head.startswith(b"PK\x03\x04"):
        raise DataValidationError(
            [Problem(None, None, None, _("this is an Excel (or zip) file: name it .xlsx"))]
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        rule = _("the file is UTF-16 text: save it as 'CSV UTF-8' (or .xlsx) and upload it again")
        raise DataValidationError([Problem(None, None, None, rule)])
    if b"\x00" in head:
        rule = _(
            "this is not a text table (it holds binary data): save it as CSV, .xlsx or .parquet"
        )
        raise DataValidationError([Problem(None, None, None, rule)])
    # Excel on Windows saves 'CSV' as Windows-1252; latin-1 decodes any byte, so it is last.
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if not text.strip():
        rule = _("the file is empty: it needs a header row and at least one context")
        raise DataValidationError([Problem(None, None, None, rule)])
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    if "\t" in first_line and first_line.count("\t") > first_line.count(separator):
        separator = "\t"
    header = pd.read_csv(io.StringIO(text), sep=separator, nrows=0).columns
    as_text = {c: "string" for c in header if str(c).strip().lower() in TEXT_COLUMNS}
    return pd.read_csv(io.StringIO(text), sep=separator, dtype=as_text, keep_default_na=True)


def check_table(data: bytes, filename: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and validate uploaded bytes: (the validated contexts, []) or (None, every problem).
    The app's upload and `python -m typology validate` both go through here."""
    try:
        return validate_contexts(read_table(data, filename), source=filename), []
    except DataValidationError as err:
        return None, list(err.problems)


def validation_report(frame: pd.DataFrame | None, problems: list[Problem]) -> str:
    """The plain-words report shown by the app and printed by the command line."""
    if not problems and frame is not None:
        return _("valid: {n} contexts").format(n=format_number(len(frame)))
    lines = [_("invalid: {n} problem(s) to fix").format(n=len(problems))]
    lines += [f"- {p}" for p in problems]
    return "\n".join(lines)


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table (row, column, value, rule) for display."""
    rows = [
        {"row": p.row, "column": p.column or "", "value": p.value or "", "rule": p.rule}
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=["row", "column", "value", "rule"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def combine_contexts(bundled: pd.DataFrame, uploaded: pd.DataFrame) -> pd.DataFrame:
    """The bundled contexts plus uploaded ones; a context_id in both is a problem to fix."""
    clash = uploaded["context_id"][uploaded["context_id"].isin(set(bundled["context_id"]))]
    if len(clash):
        rule = _(
            "this context_id is already in the bundled data: rename it in your file, "
            "or choose to use the uploaded contexts alone"
        )
        problems = [
            Problem(int(i) + FIRST_DATA_ROW, "context_id", str(v), rule) for i, v in clash.items()
        ]
        raise DataValidationError(problems, "bundled + uploaded contexts")
    combined = pd.concat([bundled, uploaded], ignore_index=True)
    return validate_contexts(combined, source="bundled + uploaded contexts")


def load_contexts(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the shipped contexts table (data/cities.csv by default)."""
    path = Path(path) if path else data_dir() / "cities.csv"
    if not path.exists():
        rule = _("file not found: {path}").format(path=path)
        raise DataValidationError([Problem(None, None, None, rule)], str(path))
    frame = read_table(path.read_bytes(), path.name)
    return validate_contexts(frame, source=path.name)


def load_table(name: str) -> pd.DataFrame:
    """Load one of the companion tables in data/ (sources, codebook, provenance...) as text."""
    path = data_dir() / name
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)


SOURCE_TABLES: tuple[str, ...] = ("sources.csv", "sources_practices.csv")


def load_sources(directory: Path | str | None = None) -> pd.DataFrame:
    """Every citation in one table: data/sources.csv (contexts) and data/sources_practices.csv
    (practices, literature, glossary), with a ``table`` column naming the file each row came from.

    Source ids must be unique across both files (a practice's source can then be looked up
    without knowing which file holds it); a duplicate or a missing column raises
    DataValidationError. A missing file contributes no rows.
    """
    folder = Path(directory) if directory else data_dir()
    columns = ["source_id", "citation", "url", "licence", "accessed"]
    frames = []
    for name in SOURCE_TABLES:
        path = folder / name
        if not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            problems = [Problem(None, c, None, "required column is missing") for c in missing]
            raise DataValidationError(problems, name)
        frames.append(frame[columns].assign(table=name))
    if not frames:
        return pd.DataFrame(columns=[*columns, "table"])
    sources = pd.concat(frames, ignore_index=True)
    duplicated = sources[sources["source_id"].duplicated(keep=False)]
    if not duplicated.empty:
        problems = [
            Problem(None, "source_id", sid, f"source id appears more than once (in {', '.join(g)})")
            for sid, g in duplicated.groupby("source_id")["table"]
        ]
        raise DataValidationError(problems, " + ".join(SOURCE_TABLES))
    return sources


# ---------------------------------------------------------------------------------------------
# python -m typology validate FILE


def add_validate_parser(subparsers) -> object:
    parser = subparsers.add_parser(
        "validate",
        help="check a contexts table (.csv, .xlsx, .parquet) and list every problem",
        description="Exit 0 when the table is valid, 1 when it is not (every problem listed).",
    )
    parser.add_argument("file", type=Path, help="the table to check")
    from typology.cli import add_language_option

    add_language_option(parser)
    parser.set_defaults(func=run_validate)
    return parser


def run_validate(args) -> int:
    path = Path(args.file)
    from typology.practices import EVIDENCE_FILES, check_evidence_file  # the evidence tables

    if path.name in EVIDENCE_FILES:
        report, code = check_evidence_file(path)
        return print(report) or code
    problems: list[Problem] = []
    frame = None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems = [Problem(None, None, None, _("file not found: {path}").format(path=path))]
    except IsADirectoryError:
        problems = [
            Problem(None, None, None, _("{path} is a folder, not a file").format(path=path))
        ]
    except OSError as err:
        problems = [
            Problem(
                None,
                None,
                None,
                _("cannot read {path}: {error}").format(path=path, error=err.strerror or err),
            )
        ]
    else:
        frame, problems = check_table(data, path.name)
    print(validation_report(frame, problems))
    return 0 if not problems else 1
