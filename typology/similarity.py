"""'Cities like this one': the nearest contexts in the analysis's own feature space.

The distance is the Euclidean distance between weighted feature rows (the space the typologies
were fitted in), so a neighbour is similar in exactly the sense the typology uses. An unknown
code (NaN) leaves its coordinate out: the squared gaps over the coordinates known for both rows
are scaled up by (all coordinates / known ones), the partial-distance rule, so a context with a
gap is neither nearer nor farther than one without. Rows sharing no known coordinate come last.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEIGHBOUR_COLUMNS = ("context_id", "city", "country", "year", "setting", "typology_name")


def partial_distance(rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Euclidean distance of each row to `vector` over the coordinates known in both, scaled to
    the full number of coordinates; NaN where none is known in both."""
    gaps = (rows - vector[None, :]) ** 2
    known = ~np.isnan(gaps)
    counts = known.sum(axis=1)
    total = np.where(known, gaps, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = total * rows.shape[1] / counts
    return np.where(counts > 0, np.sqrt(scaled), np.nan)


def nearest_to_vector(
    analysis, vector: np.ndarray, n: int = 5, exclude: pd.Series | None = None
) -> pd.DataFrame:
    """The `n` contexts of `analysis` closest to one feature `vector`, nearest first, with a
    `distance` column. `exclude` is a boolean mask over analysis.contexts of rows to leave out.
    Ties are broken by context_id so the list does not change between runs."""
    features = analysis.features.to_numpy(dtype=float)
    distance = partial_distance(features, np.asarray(vector, dtype=float))
    contexts = analysis.contexts
    columns = [c for c in NEIGHBOUR_COLUMNS if c in contexts.columns]
    table = contexts[columns].copy()
    table["distance"] = np.round(distance, 3)
    if exclude is not None:
        table = table[~exclude.to_numpy()]
    table = table.sort_values(["distance", "context_id"], kind="stable")
    return table.head(max(n, 0)).reset_index(drop=True)


def nearest_contexts(
    analysis, context_id: str, n: int = 5, same_city: bool = False
) -> pd.DataFrame:
    """The `n` contexts most similar to `context_id`, nearest first, with their distance.

    The context itself is left out, and so are the same city's other years unless
    `same_city=True` (a city resembling its own past is true but not useful here).
    Raises KeyError for an unknown context_id.
    """
    contexts = analysis.contexts
    where = np.flatnonzero(contexts["context_id"].to_numpy() == context_id)
    if len(where) == 0:
        raise KeyError(f"unknown context {context_id!r}")
    row = contexts.iloc[where[0]]
    exclude = contexts["context_id"] == context_id
    if not same_city:
        exclude |= (contexts["city"] == row["city"]) & (contexts["iso3"] == row["iso3"])
    vector = analysis.features.to_numpy(dtype=float)[where[0]]
    return nearest_to_vector(analysis, vector, n, exclude)
