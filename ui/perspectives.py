"""Streamlit side of members' perspectives: the database engine, login with expiring sessions,
and the setup note shown when no account exists (the app then stays read-only)."""

from __future__ import annotations

import os
import time

import streamlit as st

from typology.i18n import N_, _

# typology.perspectives.db and .store (SQLAlchemy, argon2) are imported where used: a server
# without accounts never pays for them.

USER = "_perspectives_user"
SESSION_SECONDS = 60 * 60  # a login lasts one hour, then the member logs in again

SETUP = N_("""\
**Contributing is not set up on this server**: the app is read-only, as before.

To let TWG members contribute, an administrator creates accounts from a terminal in the
project folder (the database is created on first use):

```
python -m typology perspectives add-user NAME --role contributor   # or reviewer, admin
```

By default the codings go to `var/perspectives.db` (SQLite). For a shared deployment set
`TYPOLOGY_DB=postgresql+psycopg://USER@HOST:5432/DBNAME` before starting the app and before
running the command. Then reload this page.
""")  # shown as _(SETUP)
# Members' roles and the sidebar's coding choices, in words.
ROLE_WORDS = {"contributor": N_("contributor"), "reviewer": N_("reviewer"), "admin": N_("admin")}
SOURCE_WORDS = {
    "desk research": N_("desk research"),
    "member consensus": N_("member consensus"),
    "consensus where it exists, else desk research": N_(
        "consensus where it exists, else desk research"
    ),
}


def role_word(role: str) -> str:
    return _(ROLE_WORDS.get(role, role))


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    from typology.perspectives import db

    return db.open_db(url)


def engine_or_none():
    """The engine when a database with at least one account exists; None otherwise. A missing
    SQLite file is not created: a read-only server stays untouched."""
    from typology.perspectives import db

    if not os.environ.get(db.DB_ENV) and not db.default_path().exists():
        return None  # the usual read-only server: decided without importing SQLAlchemy
    from typology.perspectives import store

    url = db.resolve_url()
    path = db.sqlite_file(url)
    if path is not None and not path.exists():
        return None
    engine = _engine(url)
    return engine if store.has_accounts(engine) else None


# --- the sidebar's choice of coding (desk research, member consensus or both) -----------------
SOURCE = "coding_source"


def _remember_source() -> None:
    st.session_state[f"_{SOURCE}"] = st.session_state[SOURCE]


def source_choice() -> None:
    """Draw the 'Coding used' choice, only where reviewers have set a consensus."""
    from typology.perspectives import store
    from typology.perspectives.merge import DESK, SOURCES

    engine = engine_or_none()
    if engine is None or store.consensus_frame(engine).empty:
        return
    st.session_state[SOURCE] = st.session_state.get(f"_{SOURCE}", DESK)
    st.radio(
        _("Coding used"),
        list(SOURCES),
        format_func=lambda s: _(SOURCE_WORDS.get(s, s)),
        key=SOURCE,
        on_change=_remember_source,
        help=_(
            "The bundled desk-research coding, the reviewers' member consensus (only the "
            "city-years reconciled on every item), or consensus where it exists, else desk "
            "research."
        ),
    )


def with_consensus(contexts):
    """The contexts under the chosen coding; unchanged for desk research or without a database."""
    from typology.perspectives import store
    from typology.perspectives.merge import DESK, merge_consensus

    source = st.session_state.get(f"_{SOURCE}", DESK)
    engine = None if source == DESK else engine_or_none()
    if engine is None:
        return contexts
    consensus, added = store.consensus_frame(engine), store.added_contexts_frame(engine)
    return merge_consensus(contexts, consensus, source, added).contexts


def current_user(roles: tuple[str, ...]) -> dict | None:
    """The logged-in member with one of `roles`, or None (the session expired or logged out)."""
    user = st.session_state.get(USER)
    if user is None or user["expires"] < time.time():
        st.session_state.pop(USER, None)
        return None
    return user if user["role"] in roles else None


def login(engine, roles: tuple[str, ...], purpose: str) -> dict | None:
    """A login form; returns the member once logged in with one of `roles`. `purpose` is
    translated by the caller ('Log in to {purpose}.')."""
    from ui.state import md_escape  # names are members' text: shown, never formatted

    user = current_user(roles)
    if user is not None:
        with st.sidebar:
            st.caption(
                _("Logged in as {name} ({role})").format(
                    name=md_escape(user["name"]), role=role_word(user["role"])
                )
            )
            if st.button(_("Log out"), key="logout"):
                st.session_state.pop(USER, None)
                st.rerun()
        return user
    other = st.session_state.get(USER)
    if other is not None:
        needs = " / ".join(role_word(r) for r in roles)
        st.warning(
            _("{name} is a {role}: {purpose} needs {needs}.").format(
                name=md_escape(other["name"]),
                role=role_word(other["role"]),
                purpose=purpose,
                needs=needs,
            )
        )
    with st.form("login_form"):
        st.markdown(_("Log in to {purpose}.").format(purpose=purpose))
        name = st.text_input(_("Name"), key="login_name")
        password = st.text_input(_("Password"), type="password", key="login_password")
        submitted = st.form_submit_button(_("Log in"), key="login_submit")
    if submitted:
        from typology.perspectives import store

        found = store.authenticate(engine, name, password)
        if found is None:
            st.error(_("Unknown name or wrong password."))
            return None
        st.session_state[USER] = {**found, "expires": time.time() + SESSION_SECONDS}
        st.rerun()
    return None


def show_problems(err) -> None:
    """A refused write: every problem, as a table (text shown as data, never as markup)."""
    import pandas as pd

    st.error(_("Nothing was saved. What to fix:"))
    st.dataframe(
        pd.DataFrame(
            [(p.column or "", p.value or "", _(p.rule)) for p in err.problems],
            columns=[_("field"), _("value"), _("problem")],
        ),
        hide_index=True,
    )


def agreement_or_none():
    """The agreement table between members when a database with codings is set up (for the
    briefing's agreement slide); None on a read-only server or with no coding yet."""
    engine = engine_or_none()
    if engine is None:
        return None
    from typology.perspectives import store
    from typology.perspectives.agreement import agreement_table

    codings = store.codings_frame(engine)
    return None if codings.empty else agreement_table(codings)
