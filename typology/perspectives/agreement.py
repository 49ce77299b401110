"""Agreement between coders: Krippendorff's alpha with the `krippendorff` package.

A unit is one context (city-year) for one item. Violence types are ordinal (0 < 1 < 2 < 3),
the setting nominal. `all` pools the seven violence types: each (context, type) is one unit,
ordinal. Only units with two or more values count (others carry no information on agreement);
a "don't know" is missing, not a value. Alpha is missing (NaN) when it is undefined: no unit
with two values, or no variation at all in the pooled values.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from typology.i18n import N_
from typology.schema import SETTINGS, VIOLENCE_TYPES

COLUMNS: tuple[str, ...] = ("variable", "alpha", "units", "coders")
RELIABLE, TENTATIVE = 0.8, 0.667  # the TWG's usual reading, as stated in issue 15


def reading(alpha: float) -> str:
    """The TWG's usual reading of an alpha value."""
    if pd.isna(alpha):
        return N_("undefined (too few paired values)")
    if alpha >= RELIABLE:
        return N_("reliable")
    if alpha >= TENTATIVE:
        return N_("tentative")
    return N_("unreliable")


def _long(codings: pd.DataFrame, variables: tuple[str, ...]) -> pd.DataFrame:
    """coder, unit, value for the given items; missing values dropped."""
    long = codings.melt(
        id_vars=["coder", "context_id"], value_vars=list(variables), var_name="item"
    ).dropna(subset=["value"])
    if long.empty:
        return pd.DataFrame(columns=["coder", "unit", "value"])
    long["unit"] = long["context_id"] + "|" + long["item"]
    return long[["coder", "unit", "value"]]


def _alpha(long: pd.DataFrame, level: str, domain: list) -> tuple[float, int, int]:
    per_unit = long.groupby("unit")["value"].count()
    pairable = per_unit[per_unit >= 2].index
    long = long[long["unit"].isin(pairable)]
    units, coders = len(pairable), long["coder"].nunique()
    if units == 0:
        return float("nan"), 0, coders
    matrix = long.pivot(index="coder", columns="unit", values="value").astype(float)
    with warnings.catch_warnings():
        # No variation at all gives 0/0: the package warns and returns NaN, which we keep.
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha = krippendorff_alpha(matrix.to_numpy(), level, domain)
    return alpha, units, coders


def krippendorff_alpha(matrix: np.ndarray, level: str, domain: list) -> float:
    import krippendorff

    return float(
        krippendorff.alpha(reliability_data=matrix, level_of_measurement=level, value_domain=domain)
    )


def agreement_table(codings: pd.DataFrame) -> pd.DataFrame:
    """One row per violence type, one for `setting`, one `all`: alpha, units and coders.

    `codings` has one row per coder and context (typology.perspectives.store.codings_frame)."""
    missing = {"coder", "context_id", "setting", *VIOLENCE_TYPES} - set(codings.columns)
    if missing:
        raise ValueError(f"codings lack the columns {sorted(missing)}")
    if codings.duplicated(["coder", "context_id"]).any():
        raise ValueError("a coder codes the same context twice")
    rows = []
    ordinal = [0, 1, 2, 3]
    for variable in VIOLENCE_TYPES:
        rows.append((variable, *_alpha(_long(codings, (variable,)), "ordinal", ordinal)))
    settings = codings.assign(
        setting=codings["setting"].map({s: i for i, s in enumerate(SETTINGS)})
    )
    nominal = list(range(len(SETTINGS)))
    rows.append(("setting", *_alpha(_long(settings, ("setting",)), "nominal", nominal)))
    rows.append(("all", *_alpha(_long(codings, VIOLENCE_TYPES), "ordinal", ordinal)))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.astype({"alpha": float, "units": int, "coders": int})


def side_by_side(codings: pd.DataFrame, context_id: str) -> pd.DataFrame:
    """One context's codings as items x coders, with `agree` (True when every coder who gave
    a value gave the same one; missing when fewer than two gave one)."""
    one = codings[codings["context_id"] == context_id]
    items = [*VIOLENCE_TYPES, "setting"]
    table = one.set_index("coder")[items].T.astype(object)
    table = table.where(table.notna(), None)

    def agree(values: pd.Series):
        given = values.dropna()
        return pd.NA if len(given) < 2 else given.nunique() == 1

    table["agree"] = table.apply(agree, axis=1)
    table.index.name = "item"
    return table
