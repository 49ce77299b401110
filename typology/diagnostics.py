"""How many typologies? Quality and stability of a clustering for each k, and the rule that picks k.

Rule for `--k auto` (documented in the README and shown in the app): among the k whose bootstrap
stability (mean adjusted Rand index between the full fit and fits on resamples) is at least
STABLE_ARI, take the one with the highest silhouette; if no k is that stable, take the most
stable one.

Bounded on big inputs, so that their cost stops growing with the rows:
- above DIAGNOSTIC_ROWS rows, the whole comparison of k runs on a random sample of that many
  rows (the analysis says so); the typologies themselves are still fitted on every row;
- silhouette is computed on a random sample of at most SILHOUETTE_SAMPLE rows (it is quadratic);
- stability is measured on a random subsample of at most BOOTSTRAP_ROWS rows: the full fit's
  labels on those rows are compared with fits on bootstrap resamples of them;
- Calinski-Harabasz and Davies-Bouldin are linear in the rows and use every row;
- quadratic methods (Ward) are sampled by the model itself (see typology.model).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

STABLE_ARI = 0.75
SILHOUETTE_SAMPLE = 5_000
DIAGNOSTIC_ROWS = 10_000
BOOTSTRAP_ROWS = 2_000
N_BOOTSTRAP = 10
DEFAULT_K_RANGE = range(2, 9)
# Which direction is better, for charts and notes.
BETTER: dict[str, str] = {
    "silhouette": "higher",
    "calinski_harabasz": "higher",
    "davies_bouldin": "lower",
    "stability": "higher",
}


def k_range_for(n_rows: int, ks: Iterable[int] = DEFAULT_K_RANGE) -> list[int]:
    """The candidate k that make sense for n_rows contexts (2 <= k < n_rows)."""
    return [k for k in ks if 2 <= k < n_rows]


def _bootstrap_rows(n: int, random_state: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """The rows stability is measured on, and N_BOOTSTRAP resamples of them (positions)."""
    rng = np.random.default_rng(random_state)
    subset = (
        np.sort(rng.choice(n, size=BOOTSTRAP_ROWS, replace=False))
        if n > BOOTSTRAP_ROWS
        else np.arange(n)
    )
    boots = [rng.choice(len(subset), size=len(subset), replace=True) for _ in range(N_BOOTSTRAP)]
    return subset, boots


def stability(
    X: np.ndarray,
    k: int,
    method: str = "kmeans",
    random_state: int = 0,
    labels: np.ndarray | None = None,
    n_bootstrap: int = N_BOOTSTRAP,
) -> float:
    """Mean adjusted Rand index between the fit on all rows (`labels`, fitted here when None)
    and fits on bootstrap resamples, each predicting the measured rows. 1 means every resample
    finds the same typologies; near 0 means they are no better than chance. NaN when no
    resample has enough distinct rows."""
    from sklearn.metrics import adjusted_rand_score

    from typology.model import TypologyModel, thread_limit

    X = np.asarray(X, dtype=float)
    if labels is None:
        labels = TypologyModel(method=method, n_clusters=k, random_state=random_state).fit(X)
        labels = labels.labels_
    subset, boots = _bootstrap_rows(len(X), random_state)
    rows, reference = X[subset], np.asarray(labels)[subset]
    aris = []
    with thread_limit(len(rows)):
        for b, idx in enumerate(boots[:n_bootstrap]):
            if len(np.unique(rows[idx], axis=0)) <= k:
                continue
            refit = TypologyModel(method=method, n_clusters=k, random_state=random_state + b + 1)
            refit.fit(rows[idx])
            aris.append(adjusted_rand_score(reference, refit.predict(rows)))
    return float(np.mean(aris)) if aris else float("nan")


def diagnostics_by_k(
    X: np.ndarray,
    ks: Iterable[int] = DEFAULT_K_RANGE,
    method: str = "kmeans",
    random_state: int = 0,
    n_bootstrap: int = N_BOOTSTRAP,
) -> pd.DataFrame:
    """One row per k: silhouette, calinski_harabasz, davies_bouldin, stability (mean ARI)."""
    from typology.model import thread_limit

    X = np.asarray(X, dtype=float)
    if len(X) > DIAGNOSTIC_ROWS:
        rng = np.random.default_rng(random_state)
        X = X[np.sort(rng.choice(len(X), size=DIAGNOSTIC_ROWS, replace=False))]
    with thread_limit(len(X)):
        return _diagnostics_by_k(X, ks, method, random_state, n_bootstrap)


def _diagnostics_by_k(
    X: np.ndarray, ks: Iterable[int], method: str, random_state: int, n_bootstrap: int
) -> pd.DataFrame:
    from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

    from typology.model import TypologyModel

    rows = []
    for k in k_range_for(len(X), ks):
        model = TypologyModel(method=method, n_clusters=k, random_state=random_state).fit(X)
        labels = model.labels_
        if model.n_clusters_ < k:  # fewer distinct profiles than k: this k cannot be had
            continue
        sample = min(SILHOUETTE_SAMPLE, len(X))
        rows.append(
            {
                "k": k,
                "silhouette": silhouette_score(X, labels, sample_size=sample, random_state=0),
                "calinski_harabasz": calinski_harabasz_score(X, labels),
                "davies_bouldin": davies_bouldin_score(X, labels),
                "stability": stability(X, k, method, random_state, labels, n_bootstrap),
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
