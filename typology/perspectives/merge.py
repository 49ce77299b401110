"""Consensus into the dataset: a pure function choosing, per context and item, the reviewers'
member consensus or the bundled desk-research coding.

Sources (the sidebar's choice):
- "desk research": the bundled coding, unchanged.
- "member consensus": only the contexts where the reviewers agreed a value for every item
  (seven violence types and the setting), with those values.
- "consensus where it exists, else desk research": every context; an item with a consensus
  value takes it, the others keep the desk research.
A consensus that an item is unknown has no value to fit on: it counts as no consensus here.
A city-year a member added (no desk research) enters under the two consensus sources once the
reviewers have a value for every item, and not before; its other columns are unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from typology.schema import VIOLENCE_TYPES

DESK, CONSENSUS, COMBINED = (
    "desk research",
    "member consensus",
    "consensus where it exists, else desk research",
)
SOURCES: tuple[str, ...] = (DESK, CONSENSUS, COMBINED)
ITEMS: tuple[str, ...] = (*VIOLENCE_TYPES, "setting")
PROVENANCE_COLUMNS = ["context_id", "field", "value", "basis", "coders", "reviewer", "date"]


@dataclass(frozen=True)
class Merged:
    contexts: pd.DataFrame  # with `consensus_items`: the items taken from member consensus
    provenance: pd.DataFrame  # one row per value taken from consensus, basis member_consensus


def merge_consensus(
    contexts: pd.DataFrame,
    consensus: pd.DataFrame,
    source: str,
    added: pd.DataFrame | None = None,
) -> Merged:
    """The contexts table as fitted under `source`; inputs are not modified. `added` are the
    city-years members added (store.added_contexts_frame)."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}: choose one of {', '.join(SOURCES)}")
    out = contexts.copy()
    out["consensus_items"] = ""
    empty = pd.DataFrame(columns=PROVENANCE_COLUMNS)
    if source == DESK or consensus.empty:
        return Merged(out if source != CONSENSUS else out.iloc[0:0], empty)
    valued = consensus[consensus["value"].notna() & consensus["variable"].isin(ITEMS)]
    if added is not None and len(added):
        out = _with_complete_added(out, added, valued)
    valued = valued[valued["context_id"].isin(set(out["context_id"]))]
    if source == CONSENSUS:
        complete = valued.groupby("context_id")["variable"].nunique()
        keep = set(complete[complete == len(ITEMS)].index)
        out = out[out["context_id"].isin(keep)].copy()
        valued = valued[valued["context_id"].isin(keep)]
    position = {cid: i for i, cid in enumerate(out["context_id"])}
    taken: dict[str, list[str]] = {}
    for row in valued.itertuples():
        i = out.index[position[row.context_id]]
        value = row.value if row.variable == "setting" else int(row.value)
        out.at[i, row.variable] = value
        taken.setdefault(row.context_id, []).append(row.variable)
    out["consensus_items"] = out["context_id"].map(lambda c: ";".join(taken.get(c, [])))
    provenance = pd.DataFrame(
        {
            "context_id": valued["context_id"],
            "field": valued["variable"],
            "value": valued["value"],
            "basis": "member_consensus",
            "coders": valued["coders"],
            "reviewer": valued["reviewer"],
            "date": valued["date"],
        },
        columns=PROVENANCE_COLUMNS,
    ).reset_index(drop=True)
    return Merged(out, provenance)


def _with_complete_added(out: pd.DataFrame, added: pd.DataFrame, valued: pd.DataFrame):
    """`out` plus the added city-years with a consensus value for every item (values filled
    in by the caller); the columns they do not have stay unknown."""
    complete = valued.groupby("context_id")["variable"].nunique()
    keep = set(complete[complete == len(ITEMS)].index) - set(out["context_id"])
    new = added[added["context_id"].isin(keep)]
    if new.empty:
        return out
    new = new[[c for c in new.columns if c in out.columns]].assign(consensus_items="")
    return pd.concat([out, new], ignore_index=True)
