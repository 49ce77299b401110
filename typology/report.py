"""The JSON report of a fit: what a researcher needs to cite and reproduce a typology."""

from __future__ import annotations

import numpy as np

from typology import __version__


def fit_report(analysis) -> dict:
    """k, method, seed, features, weights, the k rule against the null, per-typology stability,
    silhouette on the method's distance, ARI with the setting, versions and the typologies.

    For a fixed k the permutation null is computed here (the app and `fit --k auto` have it
    already), so that `structure` says whether any k beats chance.
    """
    from sklearn.metrics import silhouette_score

    from typology.appendix import versions
    from typology.features import DEFAULT_WEIGHTS, FEATURE_GROUPS, column_weights, feature_columns
    from typology.structure import STRUCTURE_ROWS, choose_k, method_distance, null_table

    params = analysis.params
    X = analysis.features.to_numpy()
    labels = analysis.contexts["typology"].to_numpy()
    weight = column_weights(params.features, dict(params.weights))
    silhouette = None
    if 1 < len(np.unique(labels)) < len(X) and len(X) <= STRUCTURE_ROWS:
        D = method_distance(X, params.method, weight)
        silhouette = float(silhouette_score(D, labels, metric="precomputed"))
    null = analysis.null
    if null is None:
        null = null_table(X, params.method, seed=params.seed, column_weights=weight)
    structure = analysis.structure if analysis.structure is not None else choose_k(null) > 1
    stability = float(np.mean(analysis.bootstrap_ari)) if analysis.bootstrap_ari else None
    # The weights that were applied: the user's, on top of the defaults, for the groups used.
    violence, use_setting, indicators = feature_columns(params.features)
    used = [
        g for g, on in zip(FEATURE_GROUPS, (violence, use_setting, indicators), strict=True) if on
    ]
    weights = {g: float({**DEFAULT_WEIGHTS, **dict(params.weights)}[g]) for g in used}
    typology_stability = []
    if analysis.stability is not None:
        typology_stability = [
            {"typology": int(r.typology), "jaccard": _float(r.jaccard), "reading": r.reading}
            for r in analysis.stability.itertuples(index=False)
        ]
    unclassified = analysis.unclassified
    return {
        "software_version": __version__,
        **params.as_dict(),
        "weights": weights,
        "feature_columns": [str(c) for c in analysis.features.columns],
        "k": analysis.k,
        "k_requested": params.k,
        "n_contexts": int(len(analysis.contexts)),
        "structure": bool(structure),
        "null": [
            {
                "k": int(r.k),
                "observed": _float(r.observed),
                "null_mean": _float(r.null_mean),
                "null_p95": _float(r.null_p95),
                "excess_sd": _float(r.excess_sd),
                "beats_null": bool(r.beats_null),
            }
            for r in null.itertuples(index=False)
        ],
        "silhouette": silhouette,
        "stability": stability,  # mean ARI between the fit and the city-bootstrap refits
        "typology_stability": typology_stability,
        "ari_setting": analysis.ari_setting,
        "not_classified": []
        if unclassified is None
        else [
            {"context_id": str(c), "reason": str(r)}
            for c, r in zip(
                unclassified["context_id"], unclassified["not_classified_reason"], strict=True
            )
        ],
        "versions": versions(),
        "notes": analysis.notes,
        "typologies": [
            {
                "typology": int(row.typology),
                "name": row.name,
                "size": int(row.size),
                "representative": row.representative,
                "borderline": [b for b in row.borderline.split("; ") if b],
                "members": analysis.contexts.loc[
                    analysis.contexts["typology"] == row.typology, "context_id"
                ].tolist(),
            }
            for row in analysis.typologies.itertuples(index=False)
        ],
    }


def _float(value) -> float | None:
    return None if value is None or np.isnan(value) else float(value)
