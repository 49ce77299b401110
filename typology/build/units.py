"""Helpers shared by the evidence steps: distances, place names, the row format, source units.

Every evidence step returns rows in one long format (ROW_COLUMNS): one row per context and field,
with the source, the year the figure is of, the geographic level, the basis and a rationale a reader
can check against the source file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

ROW_COLUMNS = ("context_id", "field", "value", "source_id", "year", "level", "basis", "rationale")
CONTEXT_COLUMNS = ("context_id", "city", "iso3", "year", "latitude", "longitude")
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
SOURCE_UNITS_FILE = Path(__file__).resolve().parents[2] / "data" / "source_units.csv"
SOURCE_UNITS_COLUMNS = ("context_city", "iso3", "source", "unit_code", "unit_name", "level",
                        "rationale")  # fmt: skip


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km; arguments broadcast like numpy arrays."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2)
    )
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)  # fmt: skip
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# Articles and generic words that differ between spellings of the same place ("Al-Raqqa", "Raqqa").
_NOISE = {"al", "ar", "as", "ad", "an", "el", "la", "le", "los", "de", "del", "city", "ciudad", "d"}


def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation: 'Bogotá, D.C.' -> 'bogota d c'."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("ı", "i").replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def name_variants(name: str) -> list[str]:
    """The name and each spelling in brackets or after a slash: 'Kyiv (Kiev)' -> both."""
    parts = re.split(r"[()/\[\],;]", str(name))
    return [n for n in (normalise_name(p) for p in [name, *parts]) if n]


def _core(text: str) -> str:
    return " ".join(w for w in text.split() if w not in _NOISE)


def names_match(city: str, other: str) -> bool:
    """True when one name's words (without articles) are contained in a variant of the other."""
    city_words = set(_core(normalise_name(city)).split())
    if not city_words:
        return False
    joined = _core(normalise_name(city)).replace(" ", "")
    for variant in name_variants(other):
        words = set(_core(variant).split())
        if words and (city_words <= words or words <= city_words):
            return True
        if joined == _core(variant).replace(" ", ""):  # "Hà Noi" is Hanoi
            return True
    return False


def check_contexts(contexts: pd.DataFrame, columns: Iterable[str] = CONTEXT_COLUMNS) -> None:
    """Raise a readable error when a column the steps need is missing."""
    missing = [c for c in columns if c not in contexts.columns]
    if missing:
        raise ValueError(f"contexts lack the column(s) {', '.join(missing)}")


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ROW_COLUMNS})


def as_rows(records: list[dict]) -> pd.DataFrame:
    """Records (dicts with the ROW_COLUMNS keys) as a frame in the fixed column order."""
    if not records:
        return empty_rows()
    frame = pd.DataFrame.from_records(records)
    missing = [c for c in ROW_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"evidence rows lack {missing}")
    return frame.loc[:, list(ROW_COLUMNS)].reset_index(drop=True)


def load_source_units(path: Path | None = None, source: str | None = None) -> pd.DataFrame:
    """The hand-edited map from a context city to the units of a source (data/source_units.csv)."""
    frame = pd.read_csv(path or SOURCE_UNITS_FILE, dtype=str, keep_default_na=False)
    missing = [c for c in SOURCE_UNITS_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"source_units.csv lacks the column(s) {', '.join(missing)}")
    if source is not None:
        frame = frame[frame["source"] == source]
    return frame.reset_index(drop=True)


def thousands(value: float) -> str:
    """1094 -> '1,094'; for rationales."""
    return f"{value:,.0f}"
