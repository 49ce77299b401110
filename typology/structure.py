"""Is there typology structure beyond chance, how many typologies, and how stable is each?

- The permutation null: the data with each column shuffled independently (margins kept, every
  association between violence types destroyed), N_NULL seeded draws. For each k the fit
  statistic of the real data is compared with the null's 95th percentile: for `lca` the BIC gain
  over one class (BIC(1) - BIC(k), higher is better; relative entropy is reported beside it), for
  the distance methods the silhouette on the method's own distance (Gower for kmedoids).
- The k rule (`choose_k`): a k is accepted only when its observed statistic beats the null's 95th
  percentile (and, for lca, the BIC gain is positive) and, because several k are tested, only
  when its excess over the null in null standard deviations also has a permutation p-value of
  at most 0.05 against the null draws' largest excess over all k (a max-statistic correction;
  with 20 draws it must exceed every draw). Among the accepted k the
  one furthest above its null wins (the raw statistic drifts with k under the null too, so raw
  values across k favour small k). When no k is accepted the answer is k = 1, "no typology
  structure beyond chance".
- City bootstrap (`city_bootstrap`): N_BOOT resamples of CITIES with replacement (a city's years
  go together: they are not independent observations). Each typology's stability is its mean
  Jaccard similarity with the most similar typology of the refit, over the contexts drawn, read as
  Hennig's clusterboot does: under 0.6 dissolved, 0.75 and over stable, between a weak pattern.
  The share of resamples in which a context lands in its own typology (labels aligned by Hungarian
  matching) is its membership for the distance methods.

Bounds: above STRUCTURE_ROWS contexts the null runs on a random sample of that many rows and each
bootstrap refit on a random sample of that many of the drawn rows (the analysis says so); the
typologies themselves are fitted on every context and every context is predicted by each refit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from typology.i18n import N_

N_NULL = 20
N_BOOT = 50
K_RANGE = range(1, 9)
NULL_QUANTILE = 0.95
STRUCTURE_ROWS = 2_000
DISSOLVED_BELOW = 0.6
STABLE_FROM = 0.75
NO_STRUCTURE = N_("no typology structure beyond chance")
LIKELIHOOD_METHODS = frozenset({"lca"})

Progress = Callable[[float, str], None] | None


def statistic_name(method: str) -> str:
    return N_("BIC gain over one class") if method in LIKELIHOOD_METHODS else N_("silhouette")


def method_distance(X: np.ndarray, method: str, column_weights=None) -> np.ndarray:
    """The distance the method clusters on: Gower for kmedoids, Euclidean (missing codes
    replaced by the column median, as the method does) otherwise."""
    from typology.model import gower_distances

    X = np.asarray(X, dtype=float)
    if method == "kmedoids":
        filled = np.where(np.isnan(X).all(axis=0), 0.0, X)
        ranges = np.nanmax(filled, axis=0) - np.nanmin(filled, axis=0)
        return gower_distances(X, X, ranges, column_weights)
    filled = np.where(np.isnan(X), np.nanmedian(np.where(np.isnan(X).all(axis=0), 0, X), 0), X)
    diff = filled[:, None, :] - filled[None, :, :]
    return np.sqrt((diff**2).sum(axis=2))


def _fit(X, k, method, seed, column_weights):
    from typology.model import TypologyModel

    return TypologyModel(
        method=method, n_clusters=k, random_state=seed, column_weights=column_weights
    ).fit(X)


def statistics_by_k(
    X: np.ndarray, method: str, ks: Sequence[int], seed: int = 0, column_weights=None
) -> dict[int, tuple[float, float]]:
    """{k: (statistic, relative entropy or NaN)} for k >= 2 (k = 1 has no statistic)."""
    from sklearn.metrics import silhouette_score

    out: dict[int, tuple[float, float]] = {}
    if method in LIKELIHOOD_METHODS:
        from typology.model import _encode

        one = _fit(X, 1, method, seed, column_weights)
        codes = _encode(X, one._categories)
        bic1 = float(one._estimator.bic(codes))
        for k in ks:
            if k < 2:
                continue
            model = _fit(X, k, method, seed, column_weights)
            if model.n_clusters_ < k:
                continue
            estimator = model._estimator
            out[k] = (bic1 - float(estimator.bic(codes)), float(estimator.relative_entropy(codes)))
        return out
    D = method_distance(X, method, column_weights)
    for k in ks:
        if k < 2 or k >= len(X):
            continue
        model = _fit(X, k, method, seed, column_weights)
        if model.n_clusters_ < k or len(np.unique(model.labels_)) < 2:
            continue
        out[k] = (float(silhouette_score(D, model.labels_, metric="precomputed")), np.nan)
    return out


def shuffle_each_column(X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.column_stack([rng.permutation(col) for col in np.asarray(X).T])


def null_table(
    X: np.ndarray,
    method: str,
    ks: Sequence[int] = K_RANGE,
    n_null: int = N_NULL,
    seed: int = 0,
    column_weights=None,
    progress: Progress = None,
) -> pd.DataFrame:
    """Per k: the observed statistic, the null's mean and 95th percentile, whether it beats it."""
    X = _bounded(np.asarray(X, dtype=float), seed)
    ks = [k for k in ks if k >= 2]
    observed = statistics_by_k(X, method, ks, seed, column_weights)
    rng = np.random.default_rng(seed)
    null: dict[int, list[float]] = {k: [] for k in ks}
    for draw in range(n_null):
        if progress:
            progress(draw / n_null, f"null draw {draw + 1} of {n_null}")
        shuffled = shuffle_each_column(X, rng)
        for k, (value, _) in statistics_by_k(shuffled, method, ks, seed, column_weights).items():
            null[k].append(value)
    # Seven k tested at 5% each would find "structure" in pure noise too often. So the
    # statistic is also standardised against its own null (z = (x - null mean) / null sd) and the
    # chosen k must beat the 95th percentile of the null draws' largest z over all k: a
    # max-statistic correction for testing several k.
    stats = {k: np.array(null[k]) for k in ks if k in observed and null[k]}
    mean = {k: float(np.mean(v)) for k, v in stats.items()}
    sd = {k: max(float(np.std(v)), 1e-3) for k, v in stats.items()}
    # Each draw is standardised against the other draws (leave-one-out), as the observed value
    # is against all of them: in-sample standardisation would shrink the draws' extremes.
    draws_z = [
        max(_loo_z(v, d) for v in stats.values() if d < len(v))
        for d in range(n_null)
        if any(d < len(v) for v in stats.values())
    ]
    family_p95 = float(np.quantile(draws_z, NULL_QUANTILE)) if draws_z else np.nan
    rows = []
    for k in ks:
        if k not in observed:
            continue
        obs, entropy = observed[k]
        if k in stats:
            p95 = float(np.quantile(stats[k], NULL_QUANTILE))
            z = (obs - mean[k]) / sd[k]
            beats = bool(obs > p95)
        else:
            p95, z, beats = np.nan, np.nan, False
        if method in LIKELIHOOD_METHODS:
            beats = beats and obs > 0
        rows.append(
            {
                "k": k,
                "observed": obs,
                "null_mean": mean.get(k, np.nan),
                "null_p95": p95,
                "null_sd": sd.get(k, np.nan),
                "excess_sd": z,
                "family_p95": family_p95,
                # Permutation p-value of z against the draws' largest z over all k: with 20
                # draws only a z above every draw gives p <= 1/21 < 0.05.
                "p_value": (1 + sum(d >= z for d in draws_z)) / (1 + len(draws_z))
                if draws_z and z == z
                else np.nan,
                "beats_null": beats,
                "relative_entropy": entropy,
            }
        )
    return pd.DataFrame(rows, columns=NULL_COLUMNS)


def _loo_z(values: np.ndarray, d: int) -> float:
    others = np.delete(values, d)
    if len(others) == 0:
        return 0.0
    return float((values[d] - others.mean()) / max(float(others.std()), 1e-3))


NULL_COLUMNS = [
    "k",
    "observed",
    "null_mean",
    "null_p95",
    "null_sd",
    "excess_sd",
    "family_p95",
    "p_value",
    "beats_null",
    "relative_entropy",
]


def choose_k(table: pd.DataFrame) -> int:
    """The k rule (module docstring): among the k that beat their null's 95th percentile and
    whose excess (in null sd) has a permutation p-value of at most 0.05 against the null's
    largest excess over all k, the largest excess wins; 1 when there is none."""
    if table.empty:
        return 1
    accepted = table[table["beats_null"] & (table["p_value"] <= 1 - NULL_QUANTILE)]
    if accepted.empty:
        return 1
    ranked = accepted.sort_values(["excess_sd", "k"], ascending=[False, True])
    return int(ranked.iloc[0]["k"])


def _bounded(X: np.ndarray, seed: int) -> np.ndarray:
    if len(X) <= STRUCTURE_ROWS:
        return X
    rng = np.random.default_rng(seed)
    return X[np.sort(rng.choice(len(X), size=STRUCTURE_ROWS, replace=False))]


def align(reference: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """`labels` renamed to the reference typologies they overlap most (Hungarian matching on
    the contingency table); a label matched to none becomes -1."""
    return alignment(reference, labels, k)[labels]


def alignment(reference: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """The mapping behind `align`: mapping[label] = reference typology, or -1."""
    from scipy.optimize import linear_sum_assignment

    m = int(max(labels.max(initial=0), reference.max(initial=0))) + 1
    table = np.zeros((m, m))
    np.add.at(table, (labels, reference), 1)
    rows, cols = linear_sum_assignment(-table)
    mapping = np.full(m, -1)
    mapping[rows] = cols
    mapping[mapping >= k] = -1
    return mapping


def vote_share(voters: list, X: np.ndarray, k: int) -> np.ndarray:
    """(n, k) share of the bootstrap refits (`voters`: (model, mapping) pairs from
    `city_bootstrap`) that place each row in each typology: the membership of a new profile
    measured exactly as that of the fitted contexts."""
    counts = np.zeros((len(X), k))
    for model, mapping in voters:
        predicted = mapping[model.predict(X)]
        inside = predicted >= 0
        counts[np.flatnonzero(inside), predicted[inside]] += 1
    return counts / max(len(voters), 1)


def reading(jaccard: float) -> str:
    """Hennig's reading of a mean bootstrap Jaccard."""
    if np.isnan(jaccard):
        return N_("not measured")
    if jaccard < DISSOLVED_BELOW:
        return N_("dissolved")
    if jaccard < STABLE_FROM:
        return N_("weak pattern")
    return N_("stable")


def city_bootstrap(
    X: np.ndarray,
    cities: Sequence,
    labels: np.ndarray,
    method: str,
    k: int,
    n_boot: int = N_BOOT,
    seed: int = 0,
    column_weights=None,
    progress: Progress = None,
) -> tuple[np.ndarray, np.ndarray, list[float], list]:
    """(mean Jaccard per typology, (n, k) share of resamples in each typology, ARI per resample,
    the refits with their label mapping for `vote_share`).

    Each resample draws cities with replacement and keeps all their years; the refit predicts
    every context, its labels are aligned to `labels` by Hungarian matching.
    """
    from sklearn.metrics import adjusted_rand_score

    from typology.model import TypologyModel

    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    codes, city_index = np.unique(np.asarray(cities, dtype=str), return_inverse=True)
    rows_of = [np.flatnonzero(city_index == c) for c in range(len(codes))]
    rng = np.random.default_rng(seed)
    jaccard = np.zeros((n_boot, k))
    counts = np.zeros((len(X), k))
    aris: list[float] = []
    voters: list = []
    for b in range(n_boot):
        if progress:
            progress(b / n_boot, f"city bootstrap {b + 1} of {n_boot}")
        drawn = rng.integers(len(codes), size=len(codes))
        rows = np.concatenate([rows_of[c] for c in drawn])
        if len(rows) > STRUCTURE_ROWS:  # bound on big tables (module docstring)
            rows = rng.choice(rows, size=STRUCTURE_ROWS, replace=False)
        if len(np.unique(np.nan_to_num(X[rows], nan=-1), axis=0)) < k:
            jaccard[b] = np.nan
            continue
        refit = TypologyModel(
            method=method, n_clusters=k, random_state=seed + b + 1, column_weights=column_weights
        ).fit(X[rows])
        raw = refit.predict(X)
        mapping = alignment(labels, raw, k)
        voters.append((refit, mapping))
        predicted = mapping[raw]
        counts[np.arange(len(X))[predicted >= 0], predicted[predicted >= 0]] += 1
        inside = np.unique(rows)
        aris.append(float(adjusted_rand_score(labels[inside], predicted[inside])))
        for c in range(k):
            ref = labels[inside] == c
            best = 0.0
            for d in np.unique(predicted[inside]):
                got = predicted[inside] == d
                union = (ref | got).sum()
                best = max(best, (ref & got).sum() / union if union else 0.0)
            jaccard[b, c] = best if ref.any() else np.nan
    # Over all refits: a refit that matches the context to no typology counts against it.
    share = counts / max(len(voters), 1)
    mean_jaccard = np.array(
        [
            np.nanmean(jaccard[:, c]) if np.isfinite(jaccard[:, c]).any() else np.nan
            for c in range(k)
        ]
    )
    return mean_jaccard, share, aris, voters
