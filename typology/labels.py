"""Plain words for codes: one label table, built from the codebooks, used wherever a person
reads (the briefing, the PowerPoint, the Excel export). Machine formats keep the codes.

Values come from the codebooks' `allowed_values` (data/codebook.csv and
data/codebook_practices.csv); the words for them are the ones the app already shows
(analysis.SETTING_NAMES, matching.ENTRY_POINT_NAMES, ...), and any other code reads as its
words with the underscores dropped. A missing value reads "unknown", never 0 or "nan".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from typology.i18n import N_, _, format_number, get_language
from typology.schema import INTENSITY_LABELS, VIOLENCE_TYPES

UNKNOWN = N_("unknown")
CODEBOOKS: tuple[str, ...] = ("codebook.csv", "codebook_practices.csv")
# A snake_case code as it would leak into visible text (two or more words joined by '_').
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")

# Column headings a reader sees: the codebook's column names in words, with these
# exceptions where the words alone would mislead or stay jargon.
COLUMN_WORDS: dict[str, str] = {
    "context_id": N_("context"),
    "iso3": N_("country code"),
    "typology": N_("typology number"),
    "typology_name": N_("typology"),
    "confidence_typology": N_("typology fit"),
    "runner_up": N_("nearest other typology number"),
    "runner_up_name": N_("nearest other typology"),
    "borderline": N_("between two typologies"),
    "ipv_prevalence": N_("intimate partner violence (%)"),
    "npsv_prevalence": N_("non-partner sexual violence (%)"),
    "npsv_year": N_("non-partner sexual violence, year"),
    "ov_deaths": N_("organised-violence deaths nearby"),
    "ov_deaths_per100k": N_("organised-violence deaths per 100k"),
    "homicide_rate": N_("homicide rate per 100k"),
    "practice_id": N_("practice"),
    "sources": N_("source ids"),
    "large_scale": N_("large-scale"),
    "small_scale": N_("small-scale"),
    "gender_based": N_("gender-based"),
}

# Headings of tables the briefing, the PowerPoint and the exports show that are not codebook
# columns: marked here so that column_label finds them in the catalogues.
TABLE_WORDS: tuple[str, ...] = (
    N_("score"),
    N_("match"),
    N_("rank"),
    N_("reason"),
    N_("source id"),
    N_("citation"),
    N_("url"),
    N_("licence"),
    N_("accessed"),
    N_("variable"),
    N_("alpha"),
    N_("reading"),
    N_("units"),
    N_("coders"),
    N_("parameter"),
    N_("value"),
    N_("evidence grade"),
    N_("group"),
    N_("transfer note"),
    N_("not classified reason"),
    N_("membership"),
    N_("borderline"),
    N_("runner up"),
    N_("runner up name"),
    N_("typology name"),
)

# Columns whose values are semicolon lists of codes.
LIST_COLUMNS: frozenset[str] = frozenset({"violence_types", "settings"})


def _known_words() -> dict[str, str]:
    """The words the app already uses for codes (one dict, most specific last)."""
    from typology.analysis import SETTING_NAMES, VIOLENCE_NAMES
    from typology.matching import ENTRY_POINT_NAMES, GRADE_NAMES

    words = {
        "war": N_("war"),
        "minor_conflict": N_("minor conflict"),
        "post_war_le10y": N_("war within the past 10 years"),
        "post_conflict_le10y": N_("conflict within the past 10 years"),
        "no_state_based_conflict_in_prior_10y": N_("no state-based conflict in the prior 10 years"),
        "country-proxy": N_("country figure"),
        "none": N_("none"),
    }
    for table in (SETTING_NAMES, VIOLENCE_NAMES, ENTRY_POINT_NAMES, GRADE_NAMES):
        words.update(table)
    return words


def words(code: object) -> str:
    """One code in words: known words first, else the code with '_' as spaces."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return _(UNKNOWN)
    text = str(code).strip()
    if not text or text.lower() == "nan":
        return _(UNKNOWN)
    return _(_known_words().get(text, text.replace("_", " ")))


def plain(text: str) -> str:
    """Free text with any snake_case code turned into words ('armed_conflict' -> 'armed
    conflict'); used on notes and messages that quote codes. URLs and file names
    ('events/ucdp_ged191_iraq_hdx.csv') stay as they are: a reader must be able to find them."""
    parts = _PROTECTED.split(str(text))
    return "".join(
        p if i % 2 else SNAKE.sub(lambda m: words(m.group(0)), p)
        for i, p in enumerate(parts)
        if p is not None
    )


@lru_cache(maxsize=8)
def _codebook_values(
    directory: str, stamps: tuple[float, ...], lang: str = "en"
) -> dict[str, dict[str, str]]:
    # `lang` keys the cache: the words are in the language current when it was filled.
    table: dict[str, dict[str, str]] = {}
    for name in CODEBOOKS:
        path = Path(directory) / name
        if not path.exists():
            continue
        book = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column, allowed in zip(book["column"], book["allowed_values"], strict=True):
            codes = [c for c in re.split(r"semicolon list of |\|", allowed) if c]
            if len(codes) > 1 and all(re.fullmatch(r"[a-z0-9_-]+", c) for c in codes):
                table[column] = {c: words(c) for c in codes}
    for violence in VIOLENCE_TYPES:
        table[violence] = {str(k): _(v) for k, v in INTENSITY_LABELS.items()}
    return table


def value_labels(directory: Path | None = None) -> dict[str, dict[str, str]]:
    """{column: {code: words}} for every coded column of the codebooks (read at call time)."""
    from typology.io import data_dir

    folder = Path(directory) if directory is not None else data_dir()
    stamps = tuple(
        (folder / n).stat().st_mtime if (folder / n).exists() else 0.0 for n in CODEBOOKS
    )
    return _codebook_values(str(folder), stamps, get_language())


def column_label(column: str) -> str:
    """A column heading in words."""
    if column in COLUMN_WORDS:
        return _(COLUMN_WORDS[column])
    return _(str(column).replace("_", " "))


def value_label(column: str, value: object) -> str:
    """One cell in words: intensities 0-3 as none/low/medium/high, codes as words, missing as
    'unknown'. Numbers and free text of other columns are returned as text unchanged."""
    return _value_label(column, value, value_labels())


def _value_label(column: str, value: object, codebook: dict[str, dict[str, str]]) -> str:
    """value_label with the codebook's words given: a table looks them up once, not per cell."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return _(UNKNOWN)
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_label(column, v, codebook) for v in value) or _(UNKNOWN)
    if column in VIOLENCE_TYPES:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return words(value)
        return (
            _(INTENSITY_LABELS.get(int(number), str(value)))
            if number.is_integer()
            else format_number(number, 1)
        )
    known = codebook.get(column)
    text = str(value)
    if column in LIST_COLUMNS:
        return ", ".join(words(part.strip()) for part in text.split(";") if part.strip())
    if known is not None:
        return known.get(text, words(text))
    return text


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` for people: coded columns in words, headings in words, missing values
    of coded columns as 'unknown'. Numeric measurement columns keep their numbers (empty stays
    empty) so a spreadsheet can still sum them."""
    coded = set(value_labels()) | set(VIOLENCE_TYPES) | LIST_COLUMNS
    out = frame.copy()
    for column in out.columns:
        if column in coded:
            out[column] = [value_label(column, v) for v in out[column]]
    labels: list[str] = []
    for column in out.columns:
        label = column_label(str(column))
        # Two columns must not share a heading (a spreadsheet or a reader could not tell them
        # apart): number the later one.
        n = 2
        base = label
        while label in labels:
            label, n = f"{base} ({n})", n + 1
        labels.append(label)
    out.columns = labels
    return out


# --- Tables on pages and the check for codes left in text ----------------------------------------

_URL = re.compile(r"(?:https?|ftp)://\S+|\bdoi:\S+|\bwww\.\S+")
# A file name is code-like on purpose (a download, a script a source names): not a leak.
_FILE = re.compile(
    r"[\w./-]+\.(?:csv|py|xlsx|xls|json|parquet|html|pptx|md|zip|txt|toml|yaml|yml|pdf|R)\b"
)
# Spans `plain` leaves alone (one capturing group, so re.split keeps them).
_PROTECTED = re.compile(f"({_URL.pattern}|{_FILE.pattern})")
_MISSING = re.compile(r"\b(?:nan|NaN|NaT)\b|<NA>|(?:^|:\s)None\s*$", re.MULTILINE)


def leaked_codes(text: str) -> set[str]:
    """The raw codes and missing-value spellings a reader would see in `text`: snake_case
    tokens and 'nan' / 'NaN' / '<NA>' / a lone 'None'. URLs and file names are left out."""
    text = _FILE.sub(" ", _URL.sub(" ", str(text)))
    found = set(SNAKE.findall(text))
    found |= {m.group(0).strip(": \n") for m in _MISSING.finditer(text)}
    return found


def _display_text(value: object) -> object:
    """A free-text cell for people: codes in words, a missing value 'unknown'; URLs and file
    names left as they are."""
    if value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value)):
        return _(UNKNOWN)
    if not isinstance(value, str):
        return value
    return plain(value)


def _number_or_unknown(value: float) -> str:
    if pd.isna(value):
        return _(UNKNOWN)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _each_once(series: pd.Series, convert) -> list:
    """`convert` of every cell, computed once per distinct value: a column repeats a few codes
    over many rows (settings, grades), and pages redraw their tables on every run."""
    done: dict = {}
    out = []
    for value in series:
        key = (type(value), value)  # 1, 1.0 and True are equal keys but not the same cell
        try:
            out.append(done[key])
        except KeyError:
            done[key] = converted = convert(value)
            out.append(converted)
        except TypeError:  # a list cell is not hashable: convert it each time
            out.append(convert(value))
    return out


def for_display(frame: pd.DataFrame, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy of `frame` to show on a page: coded columns in words (settings, intensities,
    entry points, bases), free text with any code in words, a missing text 'unknown'. Numbers
    stay numbers (a table can still sort them) unless one is missing: then the column is text
    with 'unknown' for the gap; the headings are left to the caller (a page
    labels them with `column_label`, so a test can still find a column by its code). Columns
    in `keep` are left untouched (ids a user copies, a column explicitly of codes)."""
    codebook = value_labels()
    coded = set(codebook) | set(VIOLENCE_TYPES) | LIST_COLUMNS | {"basis"}
    out = frame.copy()
    for column in out.columns:
        if column in keep:
            continue
        series = out[column]
        numeric_code = column in VIOLENCE_TYPES  # 0-3 (or a mean) as words, empty 'unknown'
        if column == "basis":  # provenance's basis of a value: city_figure ... none
            out[column] = _each_once(series, words)
        elif column in coded and (numeric_code or not pd.api.types.is_float_dtype(series)):
            out[column] = _each_once(series, lambda v, c=column: _value_label(c, v, codebook))
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = _each_once(series, _display_text)
        elif pd.api.types.is_float_dtype(series) and series.isna().any():
            # A table draws a missing number as "None": say "unknown" (the column then sorts
            # as text, a small price on the short tables where numbers go missing).
            out[column] = [_number_or_unknown(v) for v in series]
    index = out.index
    if not isinstance(index, pd.RangeIndex) and (
        index.dtype == object or pd.api.types.is_string_dtype(index)
    ):
        out.index = [words(i) if SNAKE.fullmatch(str(i)) else i for i in out.index]
    return out
