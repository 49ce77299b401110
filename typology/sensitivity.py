"""How much do the typologies depend on the choices made? A grid of refits.

The grid: methods x k (the chosen k - 1, k, k + 1) x seeds x group weights (each used group at
0.5 and 2 besides the user's weights, when more than one group is used: with the seven
intensities alone a group weight changes nothing). Every run is compared with the reference (the
analysis as chosen): labels aligned by Hungarian matching, the adjusted Rand index (ARI) between
the run and the reference, and per context the share of runs in which it keeps its typology.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

SENSITIVITY_METHODS: tuple[str, ...] = ("kmedoids", "lca", "kmeans")
SENSITIVITY_SEEDS: tuple[int, ...] = (0, 1, 2)
KEEPS_FROM = 0.8  # a context that keeps its typology in fewer runs than this is a switcher


@dataclass
class Sensitivity:
    runs: pd.DataFrame  # one row per run: method, k, seed, weights, ari
    contexts: pd.DataFrame  # one row per context: typology, share_kept, switcher, moves_to


def weight_grid(features: Sequence[str], weights: dict[str, float]) -> list[dict[str, float]]:
    from typology.features import FEATURE_GROUPS, feature_columns

    violence, use_setting, indicators = feature_columns(features)
    used = [
        g for g, on in zip(FEATURE_GROUPS, (violence, use_setting, indicators), strict=True) if on
    ]
    grid = [dict(weights)]
    if len(used) > 1:
        for group in used:
            for factor in (0.5, 2.0):
                grid.append({**weights, group: factor})
    return grid


def run_sensitivity(
    analysis,
    methods: Sequence[str] = SENSITIVITY_METHODS,
    seeds: Sequence[int] = SENSITIVITY_SEEDS,
    progress=None,
) -> Sensitivity:
    """Refit over the grid and compare each run with `analysis` (its contexts and features)."""
    from sklearn.metrics import adjusted_rand_score

    from typology.features import column_weights, feature_matrix
    from typology.model import TypologyModel
    from typology.schema import VIOLENCE_TYPES
    from typology.structure import align

    p = analysis.params
    contexts = analysis.contexts
    reference = contexts["typology"].to_numpy() - 1
    k0 = analysis.k
    ks = [k for k in (k0 - 1, k0, k0 + 1) if k >= 1]
    grid = [
        (m, k, s, w)
        for w in weight_grid(p.features, dict(p.weights))
        for m in methods
        for k in ks
        for s in seeds
    ]
    kept = np.zeros(len(contexts))
    moved = np.zeros((len(contexts), max(ks) + 1))
    rows = []
    matrices: dict[tuple, tuple[np.ndarray, np.ndarray, list[int] | None]] = {}
    for i, (method, k, seed, weights) in enumerate(grid):
        if progress:
            progress(i / len(grid), f"run {i + 1} of {len(grid)}: {method}, k={k}, seed {seed}")
        key = tuple(sorted(weights.items()))
        if key not in matrices:
            X = feature_matrix(contexts, p.features, weights)
            rank = [j for j, c in enumerate(X.columns) if c in VIOLENCE_TYPES] or None
            matrices[key] = (X.to_numpy(), column_weights(p.features, weights), rank)
        values, w, rank = matrices[key]
        try:
            model = TypologyModel(
                method=method, n_clusters=k, random_state=seed, column_weights=w, rank_columns=rank
            ).fit(values)
        except ValueError as err:  # e.g. lca on measured indicators: recorded, not fatal
            rows.append(_run_row(method, k, seed, weights, np.nan, str(err)))
            continue
        labels = align(reference, model.labels_, max(k, k0))
        same = labels == reference
        kept += same
        np.add.at(moved, (np.arange(len(labels))[~same], np.maximum(labels[~same], 0)), 1)
        rows.append(
            _run_row(method, k, seed, weights, adjusted_rand_score(reference, model.labels_), "")
        )
    if progress:
        progress(1.0, "done")
    runs = pd.DataFrame(rows)
    n_ok = int(runs["ari"].notna().sum())
    share = kept / max(n_ok, 1)
    names = dict(zip(analysis.typologies["typology"], analysis.typologies["name"], strict=True))
    moves_to = np.argmax(moved, axis=1) + 1
    per_context = pd.DataFrame(
        {
            "context_id": contexts["context_id"].to_numpy(),
            "city": contexts["city"].to_numpy() if "city" in contexts else "",
            "year": contexts["year"].to_numpy() if "year" in contexts else "",
            "typology": reference + 1,
            "typology_name": [names[t + 1] for t in reference],
            "share_kept": np.round(share, 3),
            "switcher": share < KEEPS_FROM,
            "moves_to": np.where(share < 1, moves_to, 0),
        }
    )
    return Sensitivity(runs, per_context)


def _run_row(method, k, seed, weights, ari, error) -> dict:
    return {
        "method": method,
        "k": k,
        "seed": seed,
        "weights": ",".join(f"{g}={v:g}" for g, v in sorted(weights.items())) or "default",
        "ari": round(float(ari), 3) if ari == ari else np.nan,
        "error": error,
    }


def summary(runs: pd.DataFrame) -> pd.DataFrame:
    """Per method and k: runs, median and lowest ARI with the reference."""
    ok = runs[runs["ari"].notna()]
    return (
        ok.groupby(["method", "k"])["ari"]
        .agg(runs="count", median_ari="median", lowest_ari="min")
        .reset_index()
        .round(3)
    )
