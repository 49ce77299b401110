"""The typology model: a scikit-learn clusterer over the feature matrix, with canonical labels.

`TypologyModel` follows scikit-learn's estimator contract. Labels do not depend on row order
(rows are put in a canonical order before fitting) and are numbered canonically (typology 1 is
the one with the highest mean intensity), so they do not flicker between reruns.

Why no HDBSCAN: it leaves contexts it cannot place as "noise" (label -1), so some cities would
have no typology, no profile and no practices to show, and the number of typologies cannot be
chosen by the user or by the k-auto rule. On the coded 0-3 intensities many contexts share the
exact same profile, which HDBSCAN's density estimate handles poorly, and it costs 40-56 s on
50,000 rows (DESIGN.md) against under 2 s for k-means or a Gaussian mixture. The Gaussian
mixture already gives the soft, per-context membership a density method would add.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import check_is_fitted, validate_data

# Ward needs O(n^2) memory: above this many rows it is fitted on a sample (the user is told).
MAX_QUADRATIC_ROWS = 5_000
# Below this many rows, native thread pools cost more than they save (measured on the bundled
# 189 contexts: k-means 145 ms with the default OpenMP threads, 27 ms with one thread).
SINGLE_THREAD_ROWS = 10_000


def thread_limit(n_rows: int):
    """One native thread for small inputs, the library defaults otherwise (a context manager)."""
    from contextlib import nullcontext

    if n_rows >= SINGLE_THREAD_ROWS:
        return nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def _kmeans(n_clusters: int, random_state: int):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state)


def _ward(n_clusters: int, random_state: int):
    from sklearn.cluster import AgglomerativeClustering

    return AgglomerativeClustering(n_clusters=n_clusters, linkage="ward")


def _gmm(n_clusters: int, random_state: int):
    from sklearn.mixture import GaussianMixture

    # Diagonal covariances: full ones are singular on 0-3 codings with few contexts per cluster.
    return GaussianMixture(
        n_components=n_clusters,
        covariance_type="diag",
        reg_covar=1e-3,
        n_init=3,
        random_state=random_state,
    )


METHODS: dict[str, Callable[[int, int], object]] = {"kmeans": _kmeans, "ward": _ward, "gmm": _gmm}
METHOD_LABELS: dict[str, str] = {
    "kmeans": "k-means",
    "ward": "Ward hierarchical",
    "gmm": "Gaussian mixture",
}
QUADRATIC_METHODS = frozenset({"ward"})


class TypologyModel(ClusterMixin, BaseEstimator):
    """Cluster contexts into typologies.

    Parameters
    ----------
    method : name in METHODS ('kmeans', 'ward', 'gmm').
    n_clusters : number of typologies.
    random_state : seed; the same data and seed give the same labels.
    max_quadratic_rows : above this, quadratic methods are fitted on a random sample of this size
        and the other rows are assigned to the nearest typology centre.

    Attributes
    ----------
    labels_ : canonical label (0..k-1) per training row.
    cluster_centers_ : mean feature vector per typology, in label order.
    n_clusters_ : number of typologies found (may be below n_clusters for tiny inputs).
    membership_ : (n, k) degree of membership; probabilities for 'gmm', distance-based otherwise.
    sampled_ : True when a quadratic method was fitted on a sample.
    """

    def __init__(
        self,
        method: str = "kmeans",
        n_clusters: int = 4,
        random_state: int = 0,
        max_quadratic_rows: int = MAX_QUADRATIC_ROWS,
    ):
        self.method = method
        self.n_clusters = n_clusters
        self.random_state = random_state
        self.max_quadratic_rows = max_quadratic_rows

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64, ensure_min_samples=2)
        with thread_limit(len(X)):
            return self._fit(X)

    def _fit(self, X: np.ndarray):
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; choose from {', '.join(METHODS)}")
        if not isinstance(self.n_clusters, int | np.integer) or self.n_clusters < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {self.n_clusters!r}")
        # Canonical row order, so the fit cannot depend on how the user sorted the table: rows
        # ordered by a fixed random projection of their values (ties, i.e. equal rows, by value).
        # A plain lexicographic sort works too but slows k-means down (sorted data, worse seeds).
        projection = X @ np.random.default_rng(12345).standard_normal(X.shape[1])
        order = np.lexsort((*X.T[::-1], projection))
        X_sorted = X[order]
        # Equal rows are adjacent now: counting distinct profiles is a single pass.
        n_distinct = 1 + int((np.diff(X_sorted, axis=0) != 0).any(axis=1).sum())
        k = int(min(self.n_clusters, n_distinct))
        fit_rows = X_sorted
        self.sampled_ = False
        if self.method in QUADRATIC_METHODS and len(X) > self.max_quadratic_rows:
            rng = np.random.default_rng(self.random_state)
            pick = np.sort(rng.choice(len(X), size=self.max_quadratic_rows, replace=False))
            fit_rows = X_sorted[pick]
            self.sampled_ = True

        estimator = METHODS[self.method](k, self.random_state)
        raw = np.asarray(estimator.fit_predict(fit_rows))
        centers = np.vstack([fit_rows[raw == c].mean(axis=0) for c in np.unique(raw)])
        self._gmm = estimator if self.method == "gmm" else None
        gmm_columns = np.unique(raw)

        # Canonical numbering: descending mean of the centre, ties broken by the centre itself.
        rank = sorted(range(len(centers)), key=lambda c: (-centers[c].mean(), tuple(centers[c])))
        self.cluster_centers_ = centers[rank]
        self._gmm_columns = gmm_columns[rank]
        self.n_clusters_ = len(rank)

        self.membership_ = self._membership(X)
        self.labels_ = np.argmax(self.membership_, axis=1) if self.sampled_ else None
        if self.labels_ is None:
            remap = np.empty(len(rank), dtype=int)
            remap[rank] = np.arange(len(rank))
            labels_sorted = remap[np.searchsorted(gmm_columns, raw)]
            self.labels_ = np.empty(len(X), dtype=int)
            self.labels_[order] = labels_sorted
        return self

    def predict(self, X):
        check_is_fitted(self, "cluster_centers_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return np.argmax(self._membership(X), axis=1)

    def membership(self, X) -> np.ndarray:
        """Degree of membership of each row in each typology (rows sum to 1)."""
        check_is_fitted(self, "cluster_centers_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return self._membership(X)

    def _membership(self, X: np.ndarray) -> np.ndarray:
        if self._gmm is not None:
            return self._gmm.predict_proba(X)[:, self._gmm_columns]
        # Inverse squared distance to each centre, normalised: 1 at a centre, shared on a border.
        d2 = ((X[:, None, :] - self.cluster_centers_[None, :, :]) ** 2).sum(axis=2)
        inv = 1.0 / np.maximum(d2, 1e-12)
        return inv / inv.sum(axis=1, keepdims=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        return tags


def confidence_and_runner_up(
    membership: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the membership share of the assigned typology, and the runner-up label (the
    typology with the next highest membership; -1 when there is only one typology)."""
    rows = np.arange(len(membership))
    confidence = membership[rows, labels]
    if membership.shape[1] < 2:
        return confidence, np.full(len(membership), -1)
    others = membership.copy()
    others[rows, labels] = -np.inf
    return confidence, np.argmax(others, axis=1)
