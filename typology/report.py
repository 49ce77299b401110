"""The JSON report of a fit: what a researcher needs to cite and reproduce a typology."""

from __future__ import annotations

import numpy as np

from typology import __version__


def fit_report(analysis) -> dict:
    """k, method, seed, features, weights, silhouette, stability and the typologies.

    Stability comes from the diagnostics when k was chosen automatically; for a fixed k it is
    measured here for that k (same bootstrap as the diagnostics, bounded on big inputs).
    """
    from sklearn.metrics import silhouette_score

    from typology.diagnostics import SILHOUETTE_SAMPLE
    from typology.diagnostics import stability as bootstrap_stability
    from typology.features import DEFAULT_WEIGHTS, FEATURE_GROUPS, feature_columns

    X = analysis.features.to_numpy()
    labels = analysis.contexts["typology"].to_numpy()
    silhouette = (
        float(
            silhouette_score(X, labels, sample_size=min(SILHOUETTE_SAMPLE, len(X)), random_state=0)
        )
        if 1 < len(np.unique(labels)) < len(X)
        else None
    )
    stability = None
    if analysis.diagnostics is not None and not analysis.diagnostics.empty:
        row = analysis.diagnostics[analysis.diagnostics["k"] == analysis.k]
        stability = None if row.empty else _float(row["stability"].iloc[0])
    elif 1 < analysis.k < len(X):
        stability = _float(
            bootstrap_stability(
                X,
                analysis.k,
                analysis.params.method,
                analysis.params.seed,
                labels=analysis.model.labels_,
            )
        )
    # The weights that were applied: the user's, on top of the defaults, for the groups used.
    violence, use_setting, indicators = feature_columns(analysis.params.features)
    used = [
        g for g, on in zip(FEATURE_GROUPS, (violence, use_setting, indicators), strict=True) if on
    ]
    weights = {g: float({**DEFAULT_WEIGHTS, **dict(analysis.params.weights)}[g]) for g in used}
    return {
        "software_version": __version__,
        **analysis.params.as_dict(),
        "weights": weights,
        "k": analysis.k,
        "k_requested": analysis.params.k,
        "n_contexts": int(len(analysis.contexts)),
        "silhouette": silhouette,
        "stability": stability,
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
