"""The session's deck of saved views and the slide position, kept in st.session_state.

Widget callbacks live here so that the page reads as a description of the UI."""

from __future__ import annotations

import streamlit as st

from typology import deck
from ui import text

DECK = "deck_views"  # list of view dicts (typology.deck.make_view)
MESSAGE = "_deck_message"  # (kind, text, problems) shown once on the next run
SLIDE = "present_slide"  # 1-based slide number
URL_READ = "_present_slide_from_url"


def views() -> list[dict]:
    return st.session_state.setdefault(DECK, [])


def slide_number(total: int) -> int:
    """The slide on screen, clamped to 1..total. The URL's ?slide= is read once per session;
    after that the buttons decide, and the number is written back to the URL each run."""
    state = st.session_state
    if not state.get(URL_READ):
        state[URL_READ] = True
        try:
            state[SLIDE] = int(st.query_params.get("slide", 1))
        except ValueError:
            state[SLIDE] = 1
    number = min(max(int(state.get(SLIDE, 1)), 1), max(total, 1))
    state[SLIDE] = number
    st.query_params["slide"] = str(number)
    return number


def first_slide() -> None:
    st.session_state[SLIDE] = 1


def step(by: int) -> None:
    st.session_state[SLIDE] = int(st.session_state.get(SLIDE, 1)) + by


def session_filters() -> dict[str, list[str]]:
    """The sidebar's list filters (keys 'f_...'); other kinds of filter are not saved."""
    return {
        key: [str(v) for v in value]
        for key, value in st.session_state.items()
        if isinstance(key, str)
        and deck.FILTER_KEY.match(key)
        and isinstance(value, list)
        and all(isinstance(v, str) for v in value)
    }


def add_view(params, typology: int | None, name: str | None) -> None:
    view = deck.make_view(
        method=params.method,
        k=params.k,
        seed=params.seed,
        filters=session_filters(),
        typology=typology,
    )
    st.session_state[DECK] = [*views(), view]
    title = deck.view_title(view, name)
    st.session_state[MESSAGE] = ("success", text.DECK_ADDED.format(title=title), [])


def move(index: int, by: int) -> None:
    st.session_state[DECK] = deck.move(views(), index, by)


def remove(index: int) -> None:
    st.session_state[DECK] = deck.remove(views(), index)


def load_upload() -> None:
    """Replace the deck with an uploaded file's views, or say plainly why it cannot be used."""
    upload = st.session_state.get("deck_upload")
    if upload is None:
        return
    try:
        loaded = deck.decode_deck(upload.getvalue())
    except deck.DeckError as err:
        st.session_state[MESSAGE] = ("error", text.DECK_BAD_FILE, err.problems)
        return
    st.session_state[DECK] = loaded
    st.session_state[SLIDE] = 1
    st.session_state[MESSAGE] = ("success", text.DECK_LOADED.format(n=len(loaded)), [])


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if not message:
        return
    kind, line, problems = message
    (st.error if kind == "error" else st.success)(line)
    if problems:
        st.markdown("\n".join(f"- {p}" for p in problems[:20]))


def encoded() -> bytes:
    return deck.encode_deck(views())
