"""How many typologies? Quality and stability of a clustering for each k, and the rule that picks k.

Rule for `--k auto` (documented in the README and shown in the app): among the k whose bootstrap
stability (mean adjusted Rand index between the full fit and fits on resamples) is at least
STABLE_ARI, take the one with the highest silhouette; if no k is that stable, take the most
stable one. Silhouette is computed on a sample of at most SILHOUETTE_SAMPLE rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

STABLE_ARI = 0.75
SILHOUETTE_SAMPLE = 5_000
DEFAULT_K_RANGE = range(2, 9)


def k_range_for(n_rows: int, ks: Iterable[int] = DEFAULT_K_RANGE) -> list[int]:
    """The candidate k that make sense for n_rows contexts (2 <= k < n_rows)."""
    return [k for k in ks if 2 <= k < n_rows]


def diagnostics_by_k(
    X: np.ndarray,
    ks: Iterable[int] = DEFAULT_K_RANGE,
    method: str = "kmeans",
    random_state: int = 0,
    n_bootstrap: int = 10,
) -> pd.DataFrame:
    """One row per k: silhouette, calinski_harabasz, davies_bouldin, stability (mean ARI)."""
    from sklearn.metrics import (
        adjusted_rand_score,
        calinski_harabasz_score,
        davies_bouldin_score,
        silhouette_score,
    )

    from typology.model import TypologyModel

    X = np.asarray(X, dtype=float)
    rows = []
    rng = np.random.default_rng(random_state)
    boots = [rng.choice(len(X), size=len(X), replace=True) for _ in range(n_bootstrap)]
    for k in k_range_for(len(X), ks):
        model = TypologyModel(method=method, n_clusters=k, random_state=random_state).fit(X)
        labels = model.labels_
        if len(np.unique(labels)) < 2:
            continue
        sample = min(SILHOUETTE_SAMPLE, len(X))
        aris = []
        for b, idx in enumerate(boots):
            if len(np.unique(X[idx], axis=0)) <= k:
                continue
            refit = TypologyModel(method=method, n_clusters=k, random_state=random_state + b + 1)
            refit.fit(X[idx])
            aris.append(adjusted_rand_score(labels, refit.predict(X)))
        rows.append(
            {
                "k": k,
                "silhouette": silhouette_score(X, labels, sample_size=sample, random_state=0),
                "calinski_harabasz": calinski_harabasz_score(X, labels),
                "davies_bouldin": davies_bouldin_score(X, labels),
                "stability": float(np.mean(aris)) if aris else np.nan,
            }
        )
    return pd.DataFrame(
        rows, columns=["k", "silhouette", "calinski_harabasz", "davies_bouldin", "stability"]
    )


def pick_k(diagnostics: pd.DataFrame) -> int:
    """Apply the documented rule to a diagnostics table (see the module docstring)."""
    if diagnostics.empty:
        raise ValueError("no k could be evaluated: at least 3 distinct contexts are needed")
    stable = diagnostics[diagnostics["stability"] >= STABLE_ARI]
    if not stable.empty:
        return int(stable.sort_values(["silhouette", "k"], ascending=[False, True]).iloc[0]["k"])
    ranked = diagnostics.sort_values(
        ["stability", "k"], ascending=[False, True], na_position="last"
    )
    return int(ranked.iloc[0]["k"])
