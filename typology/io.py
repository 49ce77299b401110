"""Reading and validating context tables: the one boundary where files become trusted frames."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DATA_DIR_ENV = "TYPOLOGY_DATA_DIR"
MAX_ROWS = 200_000  # beyond this a table is refused: fits and charts would stall a shared server


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input table, in plain words."""

    row: int | None  # 1-based data row as a spreadsheet user counts (header excluded), or None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        place = ", ".join(where) or "table"
        value = f" (value: {self.value!r})" if self.value not in (None, "") else ""
        return f"{place}{value}: {self.rule}"


class DataValidationError(ValueError):
    """A table that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem], source: str = "table"):
        self.problems = problems
        self.source = source
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{source}: {len(problems)} problem(s)\n{shown}{more}")


def data_dir() -> Path:
    """The folder of shipped tables; TYPOLOGY_DATA_DIR overrides it (read at call time)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(__file__).resolve().parent.parent / "data"


def _readable_rule(check: str, column: str | None) -> str:
    from typology.schema import INTENSITY_LABELS, SETTINGS

    check = str(check)
    if column == "setting" and check.startswith("isin"):
        return f"setting must be one of {', '.join(SETTINGS)}"
    if check.startswith("column_in_dataframe"):
        return "required column is missing"
    if check.startswith(("greater_than_or_equal_to", "less_than_or_equal_to", "in_range")):
        if column and column in _intensity_columns():
            return f"intensity must be a whole number 0-3 ({', '.join(INTENSITY_LABELS.values())})"
        return f"value out of the allowed range ({check})"
    if check.startswith("greater_than"):
        return f"value must be positive ({check})"
    if check.startswith("not_nullable"):
        return "value is missing"
    if check.startswith("field_uniqueness") or check.startswith("unique"):
        return "value must be unique (it appears more than once)"
    if check.startswith("str_matches") and column == "iso3":
        return "must be a three-letter ISO 3166 code in capitals, e.g. COL"
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return f"wrong type ({check.replace('coerce_dtype', 'expected')})"
    if check.startswith("isin"):
        return f"value not allowed ({check})"
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
            row = None if row is None else row + 1
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        problems.append(Problem(row, column, value, _readable_rule(case.check, column)))
    # One line per (row, column, rule): pandera may report a value twice (dtype and range).
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.row or 0, p.column or ""))


def validate_contexts(frame: pd.DataFrame, source: str = "table") -> pd.DataFrame:
    """Return a validated copy of `frame`, or raise DataValidationError listing every problem."""
    import pandera.errors

    from typology.schema import CORE_COLUMNS, ContextSchema

    if frame.empty or len(frame.columns) == 0:
        raise DataValidationError([Problem(None, None, None, "the table has no rows")], source)
    if len(frame) > MAX_ROWS:
        rule = f"the table has {len(frame):,} rows; the limit is {MAX_ROWS:,}"
        raise DataValidationError([Problem(None, None, None, rule)], source)
    frame = frame.copy()
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in CORE_COLUMNS if c not in frame.columns]
    if missing:
        problems = [Problem(None, c, None, "required column is missing") for c in missing]
        raise DataValidationError(problems, source)
    for column in ("context_id", "city", "country", "iso3", "setting"):
        frame[column] = frame[column].astype("string").str.strip()
    frame["iso3"] = frame["iso3"].str.upper()
    frame["setting"] = frame["setting"].str.lower()
    try:
        validated = ContextSchema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        raise DataValidationError(_problems_from_pandera(err, frame), source) from None
    return validated.reset_index(drop=True)


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """Parse uploaded bytes by extension: CSV (comma or semicolon; UTF-8, BOM or Latin-1),
    Excel or Parquet. Raises DataValidationError with a plain message when it cannot."""
    name = filename.lower()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            return pd.read_excel(io.BytesIO(data), engine="openpyxl")
        if name.endswith(".parquet"):
            return pd.read_parquet(io.BytesIO(data))
        if name.endswith((".csv", ".txt", ".tsv")):
            return _read_csv_bytes(data)
    except DataValidationError:
        raise
    except Exception as exc:  # any parser failure becomes a readable problem, never a traceback
        rule = f"could not read the file as {Path(name).suffix or 'a table'}: {exc}"
        raise DataValidationError([Problem(None, None, None, rule)], filename) from None
    rule = "unsupported file type: use .csv, .xlsx or .parquet"
    raise DataValidationError([Problem(None, None, None, rule)], filename)


def _read_csv_bytes(data: bytes) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    if "\t" in first_line and first_line.count("\t") > first_line.count(separator):
        separator = "\t"
    return pd.read_csv(io.StringIO(text), sep=separator, keep_default_na=True)


def load_contexts(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the shipped contexts table (data/cities.csv by default)."""
    path = Path(path) if path else data_dir() / "cities.csv"
    if not path.exists():
        rule = f"file not found: {path}"
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
