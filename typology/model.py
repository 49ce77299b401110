"""The typology model: a clusterer over the feature matrix, with canonical labels.

`TypologyModel` follows scikit-learn's estimator contract. Labels do not depend on row order
(rows are put in a canonical order before fitting) and are numbered canonically (typology 1 is
the one with the highest mean over the `rank_columns`, by default all columns; the analysis passes
the seven intensities), so they do not flicker between reruns.

The methods (registry METHODS) and how each treats an unknown (NaN) intensity:
- `lca`: latent class analysis (StepMix, categorical measurement model `categorical_nan`): each
  column's distinct values are categories; a missing code is left out of that context's
  likelihood, so it is neither 0 nor 1. Membership is the posterior class probability. Group
  weights do not apply (a likelihood has no distance to weigh). Parameters grow as
  k x (categories - 1) x columns: on ~200 contexts only small k are supported by the data, which
  BIC (a penalised likelihood) and the permutation null enforce.
- `kmedoids`: FasterPAM (the `kmedoids` package) on the Gower distance: per column the absolute
  difference divided by the column's observed range (ordinal codes stay ordered), averaged over
  the columns known in both contexts (partial distance), weighted by `column_weights`.
- `kmeans`, `ward`, `gmm`: Euclidean methods, kept for comparison (and because saved links and
  decks name them); they need complete rows, so a missing code is replaced by the column median
  of the fitted data (the Method page says so). gmm's diagonal Gaussians are a poor model of 0-3
  codes (membership near 1.000 for everyone); lca is the mixture model made for them.

Why no HDBSCAN: it leaves contexts it cannot place as "noise" (label -1), so some cities would
have no typology, no profile and no practices to show, and the number of typologies cannot be
chosen by the user or by the k-auto rule. On the coded 0-3 intensities many contexts share the
exact same profile, which HDBSCAN's density estimate handles poorly, and it costs 40-56 s on
50,000 rows (DESIGN.md) against under 2 s for k-means or a Gaussian mixture.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from typology.i18n import N_

# Ward and k-medoids need O(n^2) memory: above this many rows they are fitted on a sample (the
# user is told) and the other rows join the nearest typology.
MAX_QUADRATIC_ROWS = 5_000
# Below this many rows, native thread pools cost more than they save (measured on the bundled
# 189 contexts: k-means 145 ms with the default OpenMP threads, 27 ms with one thread).
SINGLE_THREAD_ROWS = 10_000
# LCA treats each distinct value of a column as a category: more than this is not a code.
MAX_CATEGORIES = 10


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


def _lca(n_clusters: int, random_state: int):
    from stepmix import StepMix

    # n_init 3: EM from one random start lands in a poorer local optimum now and then (the
    # label stability suffers); abs_tol 1e-6 on the mean log-likelihood is well below what
    # changes an assignment.
    return StepMix(
        n_components=n_clusters,
        measurement="categorical_nan",
        n_init=3,
        max_iter=300,
        abs_tol=1e-6,
        random_state=random_state,
        verbose=0,
        progress_bar=0,
    )


def _kmedoids(n_clusters: int, random_state: int):
    return ("kmedoids", n_clusters, random_state)  # fitted by _fit_kmedoids on a Gower matrix


METHODS: dict[str, Callable[[int, int], object]] = {
    "lca": _lca,
    "kmedoids": _kmedoids,
    "kmeans": _kmeans,
    "ward": _ward,
    "gmm": _gmm,
}
METHOD_LABELS: dict[str, str] = {
    "lca": N_("latent class analysis"),
    "kmedoids": N_("k-medoids (Gower)"),
    "kmeans": N_("k-means"),
    "ward": N_("Ward hierarchical"),
    "gmm": N_("Gaussian mixture"),
}
# Chosen by measurement (README, "Choosing the method"): planted-profile recovery with and
# without missing codes, behaviour on column-shuffled data, city-bootstrap stability and speed.
DEFAULT_METHOD = "kmedoids"
QUADRATIC_METHODS = frozenset({"ward", "kmedoids"})
IMPUTING_METHODS = frozenset({"kmeans", "ward", "gmm"})
DISTANCE: dict[str, str] = {
    "lca": N_("none (likelihood of a latent class model)"),
    "kmedoids": N_("Gower (range-scaled absolute differences over the codes known in both)"),
    "kmeans": N_("Euclidean, missing codes replaced by the column median"),
    "ward": N_("Euclidean, missing codes replaced by the column median"),
    "gmm": N_("none (Gaussian likelihood), missing codes replaced by the column median"),
}


def gower_distances(
    A: np.ndarray,
    B: np.ndarray,
    ranges: np.ndarray,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Gower distance between the rows of A and of B (0-1), over the columns known in both.

    Per column: |a - b| / range (a column with range 0 contributes 0), weighted; the weighted
    mean over the columns known in both rows. Pairs with no column in common get 1 (as far
    apart as possible: nothing says they are alike).
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    w = np.ones(A.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    scale = np.where(ranges > 0, 1.0 / np.where(ranges > 0, ranges, 1.0), 0.0)
    total = np.zeros((len(A), len(B)))
    weight_sum = np.zeros((len(A), len(B)))
    for j in range(A.shape[1]):  # column by column: memory n x m, not n x m x p
        a, b = A[:, j][:, None], B[:, j][None, :]
        known = ~(np.isnan(a) | np.isnan(b))
        diff = np.where(known, np.abs(np.nan_to_num(a) - np.nan_to_num(b)), 0.0)
        total += w[j] * scale[j] * diff
        weight_sum += w[j] * known
    with np.errstate(invalid="ignore", divide="ignore"):
        out = total / weight_sum
    return np.where(weight_sum > 0, out, 1.0)


class TypologyModel(ClusterMixin, BaseEstimator):
    """Cluster contexts into typologies.

    Parameters
    ----------
    method : name in METHODS.
    n_clusters : number of typologies.
    random_state : seed; the same data and seed give the same labels.
    max_quadratic_rows : above this, quadratic methods are fitted on a random sample of this size
        and the other rows are assigned to the nearest typology.
    column_weights : weight per column for the Gower distance (kmedoids); None means 1 each.
        (Euclidean methods take the weights from the feature matrix, scaled by sqrt(weight).)
    rank_columns : columns whose mean orders the typologies (None: all).

    Attributes
    ----------
    labels_ : canonical label (0..k-1) per training row.
    cluster_centers_ : mean feature vector per typology (NaN-aware), in label order.
    n_clusters_ : number of typologies found (may be below n_clusters for tiny inputs).
    membership_ : (n, k) degree of membership; posterior probabilities for 'lca' and 'gmm',
        distance-based otherwise (the analysis replaces it by the bootstrap share).
    sampled_ : True when a quadratic method was fitted on a sample.
    """

    def __init__(
        self,
        method: str = DEFAULT_METHOD,
        n_clusters: int = 4,
        random_state: int = 0,
        max_quadratic_rows: int = MAX_QUADRATIC_ROWS,
        column_weights=None,
        rank_columns=None,
    ):
        self.method = method
        self.n_clusters = n_clusters
        self.random_state = random_state
        self.max_quadratic_rows = max_quadratic_rows
        self.column_weights = column_weights
        self.rank_columns = rank_columns

    def fit(self, X, y=None):
        X = validate_data(
            self, X, dtype=np.float64, ensure_min_samples=2, ensure_all_finite="allow-nan"
        )
        with thread_limit(len(X)):
            return self._fit(X)

    def _fit(self, X: np.ndarray):
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; choose from {', '.join(METHODS)}")
        if not isinstance(self.n_clusters, int | np.integer) or self.n_clusters < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {self.n_clusters!r}")
        if np.isnan(X).all(axis=1).any():
            raise ValueError("a row has no known value: leave it out (it cannot be classified)")
        self._weights = (
            np.ones(X.shape[1])
            if self.column_weights is None
            else np.asarray(self.column_weights, dtype=float)
        )
        if len(self._weights) != X.shape[1]:
            raise ValueError("column_weights needs one weight per column")
        known = ~np.isnan(X).all(axis=0)  # a column unknown everywhere: median 0, range 0
        filled = np.where(known, X, 0.0)
        self.medians_ = np.nanmedian(filled, axis=0)
        self.ranges_ = np.nanmax(filled, axis=0) - np.nanmin(filled, axis=0)
        if self.method == "lca":
            self._categories = _categories(X)
        # Canonical row order, so the fit cannot depend on how the user sorted the table: rows
        # ordered by a fixed random projection of their values (ties, i.e. equal rows, by value;
        # a missing value sorts as -1). A plain lexicographic sort works too but slows k-means
        # down (sorted data, worse seeds).
        key = np.nan_to_num(X, nan=-1.0)
        projection = key @ np.random.default_rng(12345).standard_normal(X.shape[1])
        order = np.lexsort((*key.T[::-1], projection))
        X_sorted = X[order]
        # Equal rows are adjacent now: counting distinct profiles is a single pass.
        diff = np.diff(np.nan_to_num(X_sorted, nan=-1.0), axis=0) != 0
        n_distinct = 1 + int(diff.any(axis=1).sum())
        k = int(min(self.n_clusters, n_distinct))
        fit_rows = X_sorted
        self.sampled_ = False
        if self.method in QUADRATIC_METHODS and len(X) > self.max_quadratic_rows:
            rng = np.random.default_rng(self.random_state)
            pick = np.sort(rng.choice(len(X), size=self.max_quadratic_rows, replace=False))
            fit_rows = X_sorted[pick]
            self.sampled_ = True

        raw = self._fit_raw(fit_rows, k)
        present = np.unique(raw)
        centers = np.vstack([_nanmean(fit_rows[raw == c]) for c in present])
        # Canonical numbering: descending mean of the centre over the rank columns, ties broken
        # by the centre itself.
        cols = slice(None) if self.rank_columns is None else list(self.rank_columns)
        rank = sorted(
            range(len(centers)),
            key=lambda c: (-np.nanmean(centers[c][cols]), tuple(np.nan_to_num(centers[c]))),
        )
        self.cluster_centers_ = centers[rank]
        self._columns = present[rank]  # raw label (or posterior column) of each typology
        self.n_clusters_ = len(rank)
        self.membership_ = self._membership(X)
        self.labels_ = np.argmax(self.membership_, axis=1)
        if not self.sampled_ and self.method not in ("lca", "gmm"):
            # The fit's own assignment (for ward there is no nearer-centre rule to reproduce it).
            remap = np.empty(raw.max() + 1, dtype=int)
            remap[present[rank]] = np.arange(len(rank))
            self.labels_ = np.empty(len(X), dtype=int)
            self.labels_[order] = remap[raw]
        return self

    def _fit_raw(self, rows: np.ndarray, k: int) -> np.ndarray:
        self._estimator = None
        if self.method == "kmedoids":
            import kmedoids

            if k == 1:
                self._medoids = rows[[0]]
                return np.zeros(len(rows), dtype=int)
            D = gower_distances(rows, rows, self.ranges_, self._weights)
            result = kmedoids.fasterpam(D, k, random_state=self.random_state, n_cpu=1)
            medoids = np.asarray(result.medoids)
            self._medoids = rows[medoids]
            return np.asarray(result.labels, dtype=int)
        estimator = METHODS[self.method](k, self.random_state)
        if self.method == "lca":
            codes = _encode(rows, self._categories)
            estimator.fit(codes)
            self._estimator = estimator
            return np.asarray(estimator.predict(codes), dtype=int)
        filled = self._impute(rows)
        raw = np.asarray(estimator.fit_predict(filled))
        self._estimator = estimator if self.method == "gmm" else None
        return raw

    def _impute(self, X: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(X), self.medians_, X)

    def predict(self, X):
        check_is_fitted(self, "cluster_centers_")
        X = validate_data(self, X, dtype=np.float64, reset=False, ensure_all_finite="allow-nan")
        return np.argmax(self._membership(X), axis=1)

    def membership(self, X) -> np.ndarray:
        """Degree of membership of each row in each typology (rows sum to 1)."""
        check_is_fitted(self, "cluster_centers_")
        X = validate_data(self, X, dtype=np.float64, reset=False, ensure_all_finite="allow-nan")
        return self._membership(X)

    def distances(self, X) -> np.ndarray | None:
        """Distance of each row to each typology (medoid for kmedoids, centre for Euclidean
        methods); None for lca, which has no distance."""
        if self.method == "lca":
            return None
        if self.method == "kmedoids":
            medoids = self._medoids[self._columns]
            return gower_distances(X, medoids, self.ranges_, self._weights)
        filled = self._impute(X)
        centers = self._impute(self.cluster_centers_)
        return np.sqrt(((filled[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2))

    def _membership(self, X: np.ndarray) -> np.ndarray:
        if self.method == "lca":
            if self.n_clusters_ == 1:
                return np.ones((len(X), 1))
            proba = self._estimator.predict_proba(_encode(X, self._categories))
            return proba[:, self._columns]
        if self._estimator is not None:  # gmm
            return self._estimator.predict_proba(self._impute(X))[:, self._columns]
        # Inverse squared distance to each typology, normalised: 1 at its centre, shared on a
        # border (for kmedoids and kmeans the analysis reports the bootstrap share instead).
        d2 = self.distances(X) ** 2
        inv = 1.0 / np.maximum(d2, 1e-12)
        return inv / inv.sum(axis=1, keepdims=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        tags.input_tags.allow_nan = True
        return tags


def _nanmean(block: np.ndarray) -> np.ndarray:
    """Column means over known values; a column unknown in every row stays NaN."""
    known = ~np.isnan(block)
    total = np.where(known, block, 0.0).sum(axis=0)
    count = known.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _categories(X: np.ndarray) -> list[np.ndarray]:
    cats = [np.unique(col[~np.isnan(col)]) for col in X.T]
    wide = [j for j, c in enumerate(cats) if len(c) > MAX_CATEGORIES]
    if wide:
        raise ValueError(
            "lca models categorical codes, but some feature columns have more than "
            f"{MAX_CATEGORIES} distinct values (measured indicators?): use kmedoids or kmeans"
        )
    return [c if len(c) else np.array([0.0]) for c in cats]


def _encode(X: np.ndarray, categories: list[np.ndarray]) -> np.ndarray:
    """Each value as the index of the nearest known category; NaN stays NaN."""
    out = np.full(X.shape, np.nan)
    for j, cats in enumerate(categories):
        col = X[:, j]
        known = ~np.isnan(col)
        out[known, j] = np.abs(col[known][:, None] - cats[None, :]).argmin(axis=1)
    return out


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
