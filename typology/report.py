"""The JSON report of a fit: what a researcher needs to cite and reproduce a typology."""

from __future__ import annotations

import numpy as np

from typology import __version__


def fit_report(analysis) -> dict:
    """k, method, seed, features, weights, silhouette, stability and the typologies."""
    from sklearn.metrics import silhouette_score

    X = analysis.features.to_numpy()
    labels = analysis.contexts["typology"].to_numpy()
    silhouette = (
        float(silhouette_score(X, labels, sample_size=min(5000, len(X)), random_state=0))
        if 1 < len(np.unique(labels)) < len(X)
        else None
    )
    stability = None
    if analysis.diagnostics is not None and not analysis.diagnostics.empty:
        row = analysis.diagnostics[analysis.diagnostics["k"] == analysis.k]
        stability = None if row.empty else _float(row["stability"].iloc[0])
    return {
        "software_version": __version__,
        **analysis.params.as_dict(),
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
