"""The language of a session (issue 17): from the link's `?lang=`, else the session's choice,
else English; chosen in the sidebar and written back to the URL so that a shared link reopens
in the same language. Streamlit's own menus stay as Streamlit has them."""

from __future__ import annotations

import streamlit as st

from typology.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    _,
    get_language,
    language,
    normalise,
    set_fallback_source,
    set_language,
)

PARAM = "lang"  # the URL query parameter
KEY = "lang"  # the sidebar selectbox
CHOSEN = "_lang"  # the session's remembered choice (survives pages without the widget)


def _session_language() -> str:
    return st.session_state.get(CHOSEN, DEFAULT_LANGUAGE)


def apply() -> str:
    """Set the language for this run; app.py calls it first, before the page config and the
    navigation (whose titles are translated)."""
    asked = st.query_params.get(PARAM)
    lang = normalise(asked) if asked is not None else _session_language()
    st.session_state[CHOSEN] = lang
    # A fragment rerun does not pass through app.py and runs in a fresh thread: it reads the
    # session's choice.
    set_fallback_source(_session_language)
    return set_language(lang)


def _chosen() -> None:
    """on_change of the selectbox: remember the choice and put it in the URL."""
    lang = normalise(st.session_state.get(KEY))
    st.session_state[CHOSEN] = lang
    set_language(lang)
    write_url()


def write_url() -> None:
    """`?lang=` names the language, omitted for English (on every run: navigating between
    pages may clear the query parameters)."""
    lang = _session_language()
    if lang == DEFAULT_LANGUAGE:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != lang:
        st.query_params[PARAM] = lang


def bound(build, *args):
    """`build(*args)` as a deferred download's data: Streamlit calls it later, outside this
    run, so it runs in the language of the run that drew the button."""
    lang = get_language()

    def run():
        with language(lang):
            return build(*args)

    return run


def switch() -> None:
    """The language selectbox (top of the shared sidebar), each language named in itself."""
    st.session_state[KEY] = _session_language()
    st.selectbox(
        _("Language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=KEY,
        on_change=_chosen,
    )
    write_url()
