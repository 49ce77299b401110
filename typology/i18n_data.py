"""Text that lives in the data files, in the reader's language (issue 17).

The codebooks' meanings and units, the guiding questions with their level definitions
(anchors) and examples, and the glossary are English in the CSV files; their translations are
in the `data` domain (`locales/<lang>/LC_MESSAGES/data.po`), whose message ids are taken from
the files by `data_messages()`. A text without a translation stays English, and
`text_language()` says so, so a page can mark it "in English".

Practice names, summaries and lessons stay in their source language unless a translation is
added to the data itself: an optional column `<field>_<lang>` (e.g. `name_es`) beside the
English one, with the translator named in `translator_<lang>`. `practice_text()` returns the
text and the language it is in.

Country names are the OCHA taxonomy's official short names per language, bundled in
data/country_names.csv (built by `build_country_names()` from the taxonomy's CSV in the shared
source folder, which is not committed).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from typology.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, catalogue, get_language, language

# Data file -> the columns of it that people read (translated through data.po). The
# codebook's coding rules stay English (they quote thresholds and source names verbatim).
DATA_TEXT: dict[str, tuple[str, ...]] = {
    "codebook.csv": ("meaning", "unit"),
    "codebook_practices.csv": ("meaning", "unit"),
    "guiding_questions.csv": ("question", "label", "anchor", "example"),
    "glossary.csv": ("term", "definition", "usage_note"),
}
# Codebooks whose `column` names are shown as headings (labels.column_label words).
CODEBOOKS: tuple[str, ...] = ("codebook.csv", "codebook_practices.csv")

COUNTRY_SOURCE = "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
COUNTRY_COLUMNS: dict[str, str] = {
    "en": "English Short",
    "es": "Spanish Short",
    "fr": "French Short",
}
COUNTRY_FILE = "country_names.csv"
# Practice fields that may carry translations in the data (name_es, summary_fr...).
PRACTICE_FIELDS: tuple[str, ...] = ("name", "summary", "lessons")


def _data_dir(directory: Path | str | None) -> Path:
    from typology.io import data_dir

    return Path(directory) if directory is not None else data_dir()


def data_messages(directory: Path | str | None = None) -> dict[str, list[str]]:
    """Every text of the data files a person reads: msgid -> where it occurs ('file:column').

    Also the headings the codebooks' column names become (labels.column_label, in English)."""
    from typology.labels import column_label

    folder = _data_dir(directory)
    found: dict[str, list[str]] = {}
    for name, columns in DATA_TEXT.items():
        path = folder / name
        if not path.exists():
            continue
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in columns:
            if column not in table:
                continue
            for text in table[column]:
                text = str(text).strip()
                if text:
                    found.setdefault(text, []).append(f"data/{name}:{column}")
    with language(DEFAULT_LANGUAGE):
        for name in CODEBOOKS:
            path = folder / name
            if not path.exists():
                continue
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            for column in table["column"]:
                found.setdefault(column_label(str(column)), []).append(f"data/{name}:column")
    return found


def data_text(text: object) -> str:
    """One text of the data files in the current language (English where none is given)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    value = str(text)
    stripped = value.strip()
    return _(stripped) if stripped else value


def text_language(text: object, lang: str | None = None) -> str:
    """The language `data_text(text)` is shown in: the current language when a translation
    exists, else 'en' (the page can then say "in English")."""
    lang = lang or get_language()
    if lang == DEFAULT_LANGUAGE:
        return DEFAULT_LANGUAGE
    return lang if str(text or "").strip() in catalogue(lang) else DEFAULT_LANGUAGE


def translated_table(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """A copy of a data table (codebook, guiding questions, glossary) with its text columns
    in the current language; codes and other columns unchanged."""
    out = table.copy()
    for column in DATA_TEXT.get(name, ()):
        if column in out:
            out[column] = [data_text(v) for v in out[column]]
    return out


# --- practices: text in its source language unless the data holds a translation -------------


def practice_text(record: Mapping, field: str, lang: str | None = None) -> tuple[str, str]:
    """(text, language) of a practice's `field` ('name', 'summary', 'lessons'): the
    `<field>_<lang>` column when the data holds one (with its translator), else the source
    text, which is English."""
    lang = lang or get_language()
    if lang != DEFAULT_LANGUAGE:
        translated = record.get(f"{field}_{lang}")
        if isinstance(translated, str) and translated.strip():
            return translated.strip(), lang
    text = record.get(field)
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return "", DEFAULT_LANGUAGE
    return str(text), DEFAULT_LANGUAGE


def translator(record: Mapping, lang: str | None = None) -> str:
    """Who translated a practice's text into `lang` (empty when it is not translated)."""
    lang = lang or get_language()
    value = record.get(f"translator_{lang}")
    return value.strip() if isinstance(value, str) else ""


def language_note(lang_of_text: str) -> str:
    """'(in English)' when a text is not in the reader's language, else ''."""
    if lang_of_text == get_language():
        return ""
    return _("(in {language})").format(language=LANGUAGES.get(lang_of_text, lang_of_text))


# --- country names (OCHA taxonomy) -----------------------------------------------------------


def build_country_names(source: Path) -> pd.DataFrame:
    """iso3, en, es, fr from the OCHA countries and territories taxonomy (its official short
    names). Rows without an ISO alpha-3 code or an English name are left out; a missing
    Spanish or French name stays empty (never filled with another language)."""
    taxonomy = pd.read_csv(source, dtype=str, keep_default_na=False)
    missing = [
        c for c in ["ISO 3166-1 Alpha 3-Codes", *COUNTRY_COLUMNS.values()] if c not in taxonomy
    ]
    if missing:
        raise ValueError(f"{source.name}: missing column(s) {', '.join(missing)}")
    table = pd.DataFrame(
        {
            "iso3": taxonomy["ISO 3166-1 Alpha 3-Codes"].str.strip(),
            **{lang: taxonomy[col].str.strip() for lang, col in COUNTRY_COLUMNS.items()},
        }
    )
    table = table[(table["iso3"].str.fullmatch(r"[A-Z]{3}")) & (table["en"] != "")]
    return table.drop_duplicates("iso3").sort_values("iso3").reset_index(drop=True)


def write_country_names(source_dir: Path, directory: Path | str | None = None) -> Path:
    """Write data/country_names.csv from the taxonomy in `source_dir`."""
    path = _data_dir(directory) / COUNTRY_FILE
    build_country_names(Path(source_dir) / COUNTRY_SOURCE).to_csv(path, index=False)
    return path


@lru_cache(maxsize=4)
def _country_table(path: str, stamp: float) -> dict[str, dict[str, str]]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        str(row["iso3"]): {lang: str(row.get(lang, "")) for lang in COUNTRY_COLUMNS}
        for row in table.to_dict("records")
    }


def country_names(directory: Path | str | None = None) -> dict[str, dict[str, str]]:
    path = _data_dir(directory) / COUNTRY_FILE
    if not path.exists():
        return {}
    return _country_table(str(path), path.stat().st_mtime)


def country_name(iso3: object, lang: str | None = None, default: str = "") -> str:
    """The OCHA short name of a country in `lang` (the current language by default); the
    English name when the taxonomy has none in that language; `default` (else the code) for
    a code it does not list."""
    code = str(iso3 or "").strip().upper()
    names = country_names().get(code)
    if not names:
        return default or code
    lang = lang or get_language()
    return names.get(lang) or names.get(DEFAULT_LANGUAGE) or default or code
