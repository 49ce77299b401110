"""The shared filters every page honours, as plain data and one pure function.

A `FilterSpec` says what the user selected; `filter_contexts` keeps the matching rows. An empty
choice means "no restriction", so the default spec keeps everything. A filter on a column the
table does not have (an upload without `region`, say) is skipped rather than emptying the page,
and `unusable_filters` names it so the page can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from typology.i18n import N_, _

# Population bands (people): name -> (lower bound inclusive, upper bound exclusive).
POPULATION_BANDS: dict[str, tuple[float, float]] = {
    "under_500k": (0, 500_000),
    "500k_1m": (500_000, 1_000_000),
    "1m_5m": (1_000_000, 5_000_000),
    "5m_10m": (5_000_000, 10_000_000),
    "over_10m": (10_000_000, float("inf")),
}
POPULATION_BAND_LABELS: dict[str, str] = {
    "under_500k": N_("under 500,000"),
    "500k_1m": N_("500,000 to 1 million"),
    "1m_5m": N_("1 to 5 million"),
    "5m_10m": N_("5 to 10 million"),
    "over_10m": N_("10 million and more"),
}


@dataclass(frozen=True)
class FilterSpec:
    """What the user selected. Empty tuples and `years=None` mean no restriction."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO3 codes
    settings: tuple[str, ...] = ()
    population_bands: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # inclusive
    typologies: tuple[int, ...] = ()  # typology numbers (1..k)
    confidence: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))


# Which column each filter reads.
FILTER_COLUMNS: dict[str, str] = {
    "regions": "region",
    "countries": "iso3",
    "settings": "setting",
    "population_bands": "population",
    "years": "year",
    "typologies": "typology",
    "confidence": "confidence",
}
FILTER_LABELS: dict[str, str] = {
    "regions": N_("region"),
    "countries": N_("country"),
    "settings": N_("setting"),
    "population_bands": N_("population"),
    "years": N_("years"),
    "typologies": N_("typology"),
    "confidence": N_("data confidence"),
}


def unusable_filters(df: pd.DataFrame, spec: FilterSpec) -> list[str]:
    """Filters that are set but whose column the table lacks (they are skipped)."""
    return [
        name
        for name, column in FILTER_COLUMNS.items()
        if getattr(spec, name) and column not in df.columns
    ]


def filter_mask(df: pd.DataFrame, spec: FilterSpec) -> pd.Series:
    """True for each row of `df` that the spec keeps."""
    mask = pd.Series(True, index=df.index)
    skip = set(unusable_filters(df, spec))
    for name in ("regions", "countries", "settings", "typologies", "confidence"):
        chosen = getattr(spec, name)
        if chosen and name not in skip:
            mask &= df[FILTER_COLUMNS[name]].isin(list(chosen))
    if spec.population_bands and "population_bands" not in skip:
        population = pd.to_numeric(df["population"], errors="coerce")
        in_band = pd.Series(False, index=df.index)
        for band in spec.population_bands:
            low, high = POPULATION_BANDS[band]
            in_band |= (population >= low) & (population < high)
        mask &= in_band  # a context without a population figure is in no band
    if spec.years is not None and "years" not in skip:
        first, last = spec.years
        year = pd.to_numeric(df["year"], errors="coerce")
        mask &= (year >= first) & (year <= last)
    return mask


def filter_contexts(df: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The rows of `df` the spec keeps, re-indexed from 0. Does not mutate `df`."""
    return df[filter_mask(df, spec)].reset_index(drop=True)


def describe_filters(spec: FilterSpec, typology_names: dict[int, str] | None = None) -> list[str]:
    """One short phrase per active filter, e.g. 'setting: armed conflict', for messages."""
    phrases = []
    for f in fields(spec):
        value = getattr(spec, f.name)
        if not value:
            continue
        if f.name == "years":
            shown = f"{value[0]}-{value[1]}"
        elif f.name == "population_bands":
            shown = ", ".join(_(POPULATION_BAND_LABELS.get(b, b)) for b in value)
        elif f.name == "typologies":
            names = typology_names or {}
            shown = ", ".join(names.get(t, str(t)) for t in value)
        else:
            from typology.labels import words

            shown = ", ".join(words(v) for v in value)
        phrases.append(f"{_(FILTER_LABELS[f.name])}: {shown}")
    return phrases
