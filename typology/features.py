"""From a contexts table to the numeric feature matrix the typology model clusters.

Three feature groups, each weighted by the user: the seven violence-type intensities (scaled to
0-1 by the coding range 0-3; an unknown intensity stays NaN, the methods handle it), the setting
(one-hot) and optional measured indicators (log-scaled, standardised, with missing values imputed
by the median so that a country without a figure is not an outlier).

The default is the seven intensities only: the setting is the second axis of the scenario matrix,
not a feature (clustered together with the intensities, its one-hot columns dominate the distance
and the typologies merely restate it).

A group weight multiplies that group's contribution to the squared distance linearly: each column
is multiplied by the square root of its group's weight (weight 0.5 halves the group's share of the
squared Euclidean distance; Gower, an L1 distance, applies the weight itself: `column_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from typology.i18n import _
from typology.schema import SETTINGS, VIOLENCE_TYPES

# Indicators a user may add to the clustering, with how each is transformed.
INDICATORS: dict[str, str] = {
    "homicide_rate": "log",
    "ov_deaths_per100k": "log",
    "ipv_prevalence": "linear",
    "population": "log",
}
FEATURE_GROUPS: tuple[str, ...] = ("violence", "setting", "indicators")
DEFAULT_FEATURES: tuple[str, ...] = ("violence",)
# A context with fewer known intensities than this is "not classified" (never forced in): with
# three codes or fewer, most of its distance to any typology would be a guess.
MIN_KNOWN_INTENSITIES = 4
WEIGHT_HELP = (
    "A group's weight multiplies its contribution to the distance between contexts: "
    "2 counts the group twice as much, 0.5 half as much, 0 leaves it out."
)
DEFAULT_WEIGHTS: dict[str, float] = {"violence": 1.0, "setting": 1.0, "indicators": 1.0}


def available_indicators(contexts: pd.DataFrame) -> list[str]:
    """Indicators present in the table with at least one value."""
    return [c for c in INDICATORS if c in contexts.columns and contexts[c].notna().any()]


def feature_columns(features: Sequence[str] | None = None) -> tuple[list[str], bool, list[str]]:
    """Split a feature choice into (violence types, use setting?, indicators).

    `features` names violence types, indicators, the word 'setting', or the group names
    'violence' and 'indicators'. None means the seven violence types only.
    """
    chosen = list(features) if features else list(DEFAULT_FEATURES)
    unknown = [
        f
        for f in chosen
        if f not in VIOLENCE_TYPES and f not in INDICATORS and f not in FEATURE_GROUPS
    ]
    if unknown:
        allowed = ", ".join([*FEATURE_GROUPS, *VIOLENCE_TYPES, *INDICATORS])
        raise ValueError(f"unknown feature(s): {', '.join(unknown)}; choose from {allowed}")
    violence = [v for v in VIOLENCE_TYPES if v in chosen or "violence" in chosen]
    indicators = [i for i in INDICATORS if i in chosen or "indicators" in chosen]
    if not violence and "setting" not in chosen and not indicators:
        raise ValueError("choose at least one feature")
    return violence, "setting" in chosen, indicators


def build_feature_transformer(
    features: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
):
    """A scikit-learn ColumnTransformer for the chosen features and group weights."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    violence, use_setting, indicators = feature_columns(features)
    weight = checked_weights(weights)
    transformers = []
    if violence:
        transformers.append(
            (
                "violence",
                FunctionTransformer(_scale_intensity, feature_names_out="one-to-one"),
                violence,
            )
        )
    if use_setting:
        encoder = OneHotEncoder(categories=[list(SETTINGS)], handle_unknown="ignore")
        transformers.append(("setting", encoder, ["setting"]))
    if indicators:
        log_cols = [c for c in indicators if INDICATORS[c] == "log"]
        steps = make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            FunctionTransformer(
                _log_selected,
                kw_args={"log_mask": [c in log_cols for c in indicators]},
                feature_names_out="one-to-one",
            ),
            StandardScaler(),
        )
        transformers.append(("indicators", steps, indicators))
    return ColumnTransformer(
        transformers,
        # sqrt: a column multiplied by sqrt(w) adds w times its squared difference (linear).
        transformer_weights={name: float(np.sqrt(weight[name])) for name, *_rest in transformers},
        sparse_threshold=0,
        verbose_feature_names_out=False,
    )


def checked_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The defaults overlaid with the user's group weights; a clear error for a bad one."""
    weight = {**DEFAULT_WEIGHTS, **(weights or {})}
    bad = {k: v for k, v in weight.items() if k not in FEATURE_GROUPS or not v >= 0}
    if bad:
        raise ValueError(f"weights must be >= 0 for groups {', '.join(FEATURE_GROUPS)}: {bad}")
    return weight


def column_weights(
    features: Sequence[str] | None = None, weights: Mapping[str, float] | None = None
) -> np.ndarray:
    """The group weight of each column of `feature_matrix`, in its column order."""
    violence, use_setting, indicators = feature_columns(features)
    weight = checked_weights(weights)
    return np.array(
        [weight["violence"]] * len(violence)
        + [weight["setting"]] * (len(SETTINGS) if use_setting else 0)
        + [weight["indicators"]] * len(indicators),
        dtype=float,
    )


def known_intensities(contexts: pd.DataFrame) -> pd.Series:
    """How many of the seven intensities are known (not missing) per context."""
    values = contexts.reindex(columns=list(VIOLENCE_TYPES)).apply(pd.to_numeric, errors="coerce")
    return values.notna().sum(axis=1)


def classifiable(
    contexts: pd.DataFrame, features: Sequence[str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """(mask of contexts that can be classified, reason for each that cannot; '' otherwise).

    Only the violence types in the feature choice count; a choice of fewer than
    MIN_KNOWN_INTENSITIES types needs all of them known.
    """
    violence, _setting, _indicators = feature_columns(features)
    need = min(MIN_KNOWN_INTENSITIES, len(violence))
    if not violence:
        ok = pd.Series(True, index=contexts.index)
        return ok, pd.Series("", index=contexts.index)
    values = contexts.reindex(columns=violence).apply(pd.to_numeric, errors="coerce")
    known = values.notna().sum(axis=1)
    ok = known >= need
    reason = pd.Series("", index=contexts.index, dtype=object)
    template = _("only {n} of {total} violence intensities known (at least {need} needed)")
    reason[~ok] = [template.format(n=n, total=len(violence), need=need) for n in known[~ok]]
    return ok, reason


def _scale_intensity(values):
    return np.asarray(values, dtype=float) / 3.0


def _log_selected(values, log_mask):
    values = np.asarray(values, dtype=float).copy()
    mask = np.asarray(log_mask, dtype=bool)
    values[:, mask] = np.log1p(np.clip(values[:, mask], 0, None))
    return values


def feature_matrix(
    contexts: pd.DataFrame,
    features: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The weighted numeric features, one row per context, indexed like `contexts`."""
    transformer = build_feature_transformer(features, weights)
    matrix = transformer.fit_transform(feature_frame(contexts, features))
    names = [str(n) for n in transformer.get_feature_names_out()]
    return pd.DataFrame(matrix, index=contexts.index, columns=names)


def _input_columns(features: Sequence[str] | None) -> list[str]:
    violence, use_setting, indicators = feature_columns(features)
    return [*violence, *(["setting"] if use_setting else []), *indicators]


def feature_frame(contexts: pd.DataFrame, features: Sequence[str] | None = None) -> pd.DataFrame:
    """The input columns the transformer reads, typed as it expects; an absent indicator
    becomes all-missing (shared by fitting and by placing new rows, e.g. a what-if profile)."""
    columns = _input_columns(features)
    frame = contexts.reindex(columns=columns)
    for column in columns:
        if column != "setting":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        else:
            frame[column] = frame[column].astype(object)
    return frame


def normalise_features(chosen: Sequence[str] | None) -> tuple[str, ...]:
    """A canonical feature choice: a complete group is named by its group name, the rest in
    vocabulary order, so that equal choices give equal (cache) keys. Empty means the default."""
    if not chosen:
        return DEFAULT_FEATURES
    violence, use_setting, indicators = feature_columns(chosen)
    out: list[str] = ["violence"] if len(violence) == len(VIOLENCE_TYPES) else violence
    if use_setting:
        out.append("setting")
    out += ["indicators"] if len(indicators) == len(INDICATORS) else indicators
    return tuple(out)
