"""Saved views: encode, decode, validate, reorder; a bad file is a plain DeckError."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typology.deck import (
    DeckError,
    decode_deck,
    encode_deck,
    filter_contexts,
    make_view,
    move,
    remove,
    unused_filters,
    view_title,
)


def views():
    return [
        make_view(method="kmeans", k=4, seed=0, filters={"f_region": ["Africa"]}, typology=2),
        make_view(method="ward", k="auto", seed=7, filters={"f_setting": []}),
    ]


def test_a_deck_survives_encode_then_decode():
    deck = views()
    assert decode_deck(encode_deck(deck)) == deck
    assert deck[1]["filters"] == {}  # empty filters are not saved


def test_view_titles_read_as_the_view():
    first, second = views()
    assert view_title(first, "Low violence, stable") == (
        "k-means, k=4 | region: Africa | Low violence, stable"
    )
    assert view_title(second).endswith("map of all typologies")
    coded = make_view(
        method="kmeans", k=4, seed=0, filters={"f_setting": ["armed_conflict", "post_conflict"]}
    )
    assert "setting: armed conflict, post-conflict" in view_title(coded)  # words, not codes


@pytest.mark.parametrize(
    "data, needle",
    [
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"format": "other", "version": 1, "views": []}', "'format'"),
        (b'{"format": "typology-deck", "version": 1, "views": {}}', "'views' must be a list"),
        (b'{"format": "typology-deck", "version": 2, "views": []}', "'version'"),
    ],
)
def test_bad_files_say_what_is_wrong(data, needle):
    with pytest.raises(DeckError) as err:
        decode_deck(data)
    assert needle in str(err.value)


def hand_edited(**changes):
    view = {**views()[0], **changes}
    return json.dumps({"format": "typology-deck", "version": 1, "views": [view]}).encode()


@pytest.mark.parametrize(
    "changes, needle",
    [
        ({"method": "dbscan"}, "'method'"),
        ({"k": 0}, "'k'"),
        ({"k": "7"}, "'k'"),
        ({"k": True}, "'k'"),
        ({"seed": -1}, "'seed'"),
        ({"typology": "2"}, "'typology'"),
        ({"filters": {"region": ["Africa"]}}, "must look like 'f_region'"),
        ({"filters": {"f_region": "Africa"}}, "list of text values"),
        ({"filters": []}, "'filters'"),
        ({"title": ["x"]}, "'title'"),
        ({"__class__": "os.system"}, "unknown field"),
    ],
)
def test_hand_edited_views_are_rejected_with_the_view_number(changes, needle):
    with pytest.raises(DeckError) as err:
        decode_deck(hand_edited(**changes))
    assert needle in str(err.value) and "view 1" in str(err.value)


def test_a_huge_file_is_refused_before_parsing():
    with pytest.raises(DeckError, match="larger than"):
        decode_deck(b" " * 1_000_001)


@given(st.binary(max_size=300))
def test_any_bytes_give_a_deck_or_a_deck_error(data):
    try:
        decode_deck(data)
    except DeckError as err:
        assert err.problems


def test_move_and_remove_reorder_a_copy():
    deck = ["a", "b", "c"]
    assert move(deck, 0, 1) == ["b", "a", "c"]
    assert move(deck, 0, -1) == deck  # already first
    assert move(deck, 2, 1) == deck  # already last
    assert remove(deck, 1) == ["a", "c"]
    assert deck == ["a", "b", "c"]


def test_filters_apply_to_named_columns(synthetic_contexts):
    africa = filter_contexts(synthetic_contexts, {"f_region": ["Africa"]})
    assert set(africa["region"]) == {"Africa"} and len(africa) > 0
    assert len(filter_contexts(synthetic_contexts, {"f_region": []})) == len(synthetic_contexts)
    assert unused_filters(synthetic_contexts, {"f_income_group": ["Low income"]}) == [
        "f_income_group"
    ]


def test_a_view_shows_its_typology_or_the_map(synthetic_contexts):
    from typology.analysis import analyse
    from typology.deck import view_slide

    analysis = analyse(synthetic_contexts, k=4)
    one = view_slide(analysis, make_view(method="kmeans", k=4, seed=0, typology=3))
    assert one.kind == "typology" and one.typology == 3
    assert one.subtitle.startswith("k-means, k=4")
    africa = make_view(method="kmeans", k=4, seed=0, filters={"f_region": ["Africa"]})
    slide = view_slide(analysis, africa)
    assert slide.kind == "map"
    assert slide.table["contexts"].sum() == (synthetic_contexts["region"] == "Africa").sum()
