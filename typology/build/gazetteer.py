"""The bundled gazetteer (data/gazetteer.csv): GeoNames cities of 100,000+ inhabitants with the
ISO 3166-1 alpha-3 code and English short name of their country from the OCHA taxonomy. The
Contribute page searches it so a member can add a city that is not bundled, with its coordinates.

Rebuild: python -m typology.build.gazetteer --source-dir ../shared/data
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from typology.build.catalog import GEONAMES_FILE, TAXONOMY_FILE

COLUMNS: tuple[str, ...] = (
    "geonameid",
    "name",
    "iso3",
    "country",
    "latitude",
    "longitude",
    "population",
    "admin1",
)
SOURCE_ID = "geonames"  # cited in data/sources.csv (GeoNames, CC BY 4.0)


def build_gazetteer(source_dir: Path | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gazetteer, dropped): one row per GeoNames city, sorted by name then population; dropped
    are the cities whose country code has no ISO alpha-3 in the taxonomy (no code is invented)."""
    source_dir = Path(source_dir)
    cities = pd.read_csv(source_dir / GEONAMES_FILE, dtype=str, keep_default_na=False)
    taxonomy = pd.read_csv(source_dir / TAXONOMY_FILE, dtype=str, keep_default_na=False)
    countries = taxonomy[taxonomy["ISO 3166-1 Alpha 2-Codes"] != ""].set_index(
        "ISO 3166-1 Alpha 2-Codes"
    )
    known = cities["countrycode"].isin(countries.index)
    kept = cities[known]
    out = pd.DataFrame(
        {
            "geonameid": kept["geonameid"].astype(int),
            "name": kept["name"].str.strip(),
            "iso3": kept["countrycode"].map(countries["ISO 3166-1 Alpha 3-Codes"]),
            "country": kept["countrycode"].map(countries["English Short"]),
            "latitude": kept["latitude"].astype(float),
            "longitude": kept["longitude"].astype(float),
            "population": pd.to_numeric(kept["population"], errors="coerce").astype("Int64"),
            "admin1": kept["admin1code"],
        },
        columns=list(COLUMNS),
    )
    out = out.sort_values(["name", "population", "geonameid"], ascending=[True, False, True])
    return out.reset_index(drop=True), cities[~known].reset_index(drop=True)


def write_gazetteer(source_dir: Path | str, out: Path | str) -> tuple[int, int]:
    """Write the gazetteer CSV; returns (rows written, rows dropped)."""
    gazetteer, dropped = build_gazetteer(source_dir)
    gazetteer.to_csv(out, index=False, lineterminator="\n")
    return len(gazetteer), len(dropped)


def main(argv: list[str] | None = None) -> int:
    from typology.io import data_dir

    parser = argparse.ArgumentParser(prog="python -m typology.build.gazetteer")
    parser.add_argument("--source-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or data_dir() / "gazetteer.csv"
    written, dropped = write_gazetteer(args.source_dir, out)
    print(f"{out}: {written} cities; {dropped} dropped (country code not in the taxonomy)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
