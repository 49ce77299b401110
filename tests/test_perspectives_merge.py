"""Consensus into the dataset: each source choice gives the values a user expects."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from tests.conftest import make_contexts
from typology.perspectives.merge import COMBINED, CONSENSUS, DESK, ITEMS, merge_consensus


def consensus(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "context_id": c,
                "variable": v,
                "value": value,
                "rationale": "agreed",
                "reviewer": "Rev",
                "coders": "Ana;Ben",
                "date": datetime.date(2026, 12, 2),
            }
            for c, v, value in rows
        ]
    )


@pytest.fixture
def contexts():
    return make_contexts(2)


def test_desk_research_is_unchanged(contexts):
    merged = merge_consensus(contexts, consensus([("testville-0", "domestic", "3")]), DESK)
    pd.testing.assert_frame_equal(merged.contexts.drop(columns="consensus_items"), contexts)
    assert merged.provenance.empty


def test_combined_takes_consensus_where_it_exists_and_records_provenance(contexts):
    before = contexts.copy()
    rows = [
        ("testville-0", "domestic", "3"),
        ("testville-0", "setting", "post_conflict"),
        ("testville-1", "public", None),  # agreed unknown: no value to fit on
    ]
    merged = merge_consensus(contexts, consensus(rows), COMBINED)
    pd.testing.assert_frame_equal(contexts, before)  # the input is not mutated
    out = merged.contexts.set_index("context_id")
    assert out.loc["testville-0", "domestic"] == 3
    assert out.loc["testville-0", "setting"] == "post_conflict"
    assert out.loc["testville-0", "consensus_items"] == "domestic;setting"
    assert (
        out.loc["testville-1", "public"]
        == before.set_index("context_id").loc["testville-1", "public"]
    )
    assert len(out) == len(contexts)
    assert list(merged.provenance["basis"]) == ["member_consensus"] * 2
    assert list(merged.provenance["coders"]) == ["Ana;Ben"] * 2


def test_member_consensus_keeps_only_fully_reconciled_contexts(contexts):
    rows = [("testville-2", item, "stable" if item == "setting" else "1") for item in ITEMS]
    rows.append(("testville-3", "domestic", "2"))
    merged = merge_consensus(contexts, consensus(rows), CONSENSUS)
    assert list(merged.contexts["context_id"]) == ["testville-2"]
    assert merged.contexts.iloc[0]["setting"] == "stable"
    assert len(merged.provenance) == len(ITEMS)


def test_unknown_source_is_a_clear_error(contexts):
    with pytest.raises(ValueError, match="choose one of"):
        merge_consensus(contexts, consensus([]), "guesswork")


def test_an_added_city_year_enters_only_with_a_consensus_on_every_item(contexts):
    added = pd.DataFrame(
        {
            "context_id": ["bukavu-cod-2016"],
            "city": ["Bukavu"],
            "country": ["Democratic Republic of the Congo"],
            "iso3": ["COD"],
            "year": [2016],
            "latitude": [-2.49077],
            "longitude": [28.84281],
            "coordinates_from": ["geonames"],
            "geonameid": [217831],
            "added_by": ["Ana"],
        }
    )
    values = {item: "2" for item in ITEMS} | {"setting": "armed_conflict"}
    rows = [("bukavu-cod-2016", item, value) for item, value in values.items()]
    for source in (CONSENSUS, COMBINED):
        # One item short (setting): not fitted.
        partial = merge_consensus(contexts, consensus(rows[:-1]), source, added).contexts
        assert "bukavu-cod-2016" not in set(partial["context_id"])
        merged = merge_consensus(contexts, consensus(rows), source, added).contexts
        row = merged.set_index("context_id").loc["bukavu-cod-2016"]
        assert row["setting"] == "armed_conflict" and row["domestic"] == 2
        assert (row["city"], row["latitude"]) == ("Bukavu", -2.49077)
        assert set(row["consensus_items"].split(";")) == set(ITEMS)
        assert "geonameid" not in merged.columns  # only the contexts' own columns
    desk = merge_consensus(contexts, consensus(rows), DESK, added).contexts
    assert "bukavu-cod-2016" not in set(desk["context_id"])  # no desk research for it
