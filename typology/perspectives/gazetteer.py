"""The bundled gazetteer (data/gazetteer.csv, GeoNames via typology/build/gazetteer.py): a member
adding a city that is not bundled picks it here, so its coordinates and GeoNames id are real."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from typology.io import data_dir

FILE = "gazetteer.csv"


def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching: 'Bogotá' -> 'bogota'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def load_gazetteer(path: Path | str | None = None) -> pd.DataFrame:
    """The gazetteer indexed by GeoNames id, with a folded name for searching."""
    path = Path(path) if path else data_dir() / FILE
    if not path.exists():
        raise FileNotFoundError(
            f"gazetteer not found: {path} (python -m typology.build.gazetteer builds it)"
        )
    frame = pd.read_csv(
        path,
        dtype={"name": str, "iso3": str, "country": str, "admin1": str},
        keep_default_na=False,
        na_values={"population": [""]},
    )
    frame["population"] = frame["population"].astype("Int64")
    frame["folded"] = frame["name"].map(fold)
    return frame.set_index("geonameid")


def search(gazetteer: pd.DataFrame, start: str, limit: int = 50) -> pd.DataFrame:
    """The cities whose name starts with `start` (case and accents ignored), largest first;
    nothing for an empty search."""
    start = fold(start)
    if not start:
        return gazetteer.iloc[0:0]
    found = gazetteer[gazetteer["folded"].str.startswith(start)]
    return found.sort_values("population", ascending=False, na_position="last").head(limit)


def label(row: pd.Series) -> str:
    """'Goma, Congo (Democratic Republic of the), 670,575 inhabitants (GeoNames 214974)'."""
    people = "" if pd.isna(row["population"]) else f", {int(row['population']):,} inhabitants"
    return f"{row['name']}, {row['country']}{people} (GeoNames {row.name})"
