"""Writes through the store, on SQLite and PostgreSQL: all or nothing, bad input refused."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.test_perspectives_db import db_url, engine  # noqa: F401 (fixtures)
from typology.perspectives import store
from typology.perspectives.store import PerspectivesError

KNOWN = {"abidjan-civ-2004", "abidjan-civ-2011"}


def row(**changes) -> dict:
    base = {
        "coder": "Ana",
        "context_id": "abidjan-civ-2004",
        "setting": "stable",
        "large_scale": "1",
        "small_scale": "2",
        "public": "",
        "domestic": 2,
        "gender_based": "2",
        "organized": "1",
        "spontaneous": None,
        "rationale": "Conflict was minor in 2004.",
        "sources": "ucdp-acd",
    }
    return {**base, **changes}


def count(engine, table: str) -> int:  # noqa: F811
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar()


def test_rows_are_stored_with_dont_know_as_missing(engine):  # noqa: F811
    assert store.add_codings(engine, [row(), row(coder="Ben")], known_contexts=KNOWN) == 2
    frame = store.codings_frame(engine)
    assert list(frame["coder"]) == ["Ana", "Ben"]
    assert frame.loc[0, "small_scale"] == 2
    assert pd.isna(frame.loc[0, "public"]) and pd.isna(frame.loc[0, "spontaneous"])
    assert count(engine, "audit_log") == 2


@pytest.mark.parametrize(
    ("changes", "column", "rule"),
    [
        ({"domestic": "5"}, "domestic", "must be 0, 1, 2 or 3"),
        ({"domestic": "1.5"}, "domestic", "must be 0, 1, 2 or 3"),
        ({"domestic": "high"}, "domestic", "must be 0, 1, 2 or 3"),
        ({"context_id": "atlantis-xxx-2020"}, "context_id", "unknown context"),
        ({"coder": "  "}, "coder", "empty"),
        ({"setting": "war"}, "setting", "must be one of"),
        ({"rationale": "x" * 10_000_000}, "rationale", "too long"),
        ({"rationale": "<script>alert(1)</script>"}, "rationale", "HTML"),
        ({"sources": '=HYPERLINK("http://x")'}, "sources", "formula"),
        ({"coder": "@SUM(A1)"}, "coder", "formula"),
    ],
)
def test_bad_input_stores_nothing_and_says_where(engine, changes, column, rule):  # noqa: F811
    rows = [row(coder="Ben"), row(**changes)]
    with pytest.raises(PerspectivesError) as err:
        store.add_codings(engine, rows, known_contexts=KNOWN)
    [problem] = err.value.problems
    assert (problem.row, problem.column) == (2, column)
    assert rule in problem.rule
    assert "nothing stored" in str(err.value)
    assert count(engine, "codings") == count(engine, "coders") == count(engine, "audit_log") == 0


def test_every_problem_is_listed_not_only_the_first(engine):  # noqa: F811
    rows = [row(domestic=7, setting="x"), row(coder="", context_id="nowhere")]
    with pytest.raises(PerspectivesError) as err:
        store.add_codings(engine, rows, known_contexts=KNOWN)
    found = {(p.row, p.column) for p in err.value.problems}
    assert found == {(1, "domestic"), (1, "setting"), (2, "coder"), (2, "context_id")}


def test_unknown_context_is_checked_against_the_bundled_table(engine):  # noqa: F811
    store.add_codings(engine, [row()])  # a real context id from data/cities.csv
    with pytest.raises(PerspectivesError, match="unknown context"):
        store.add_codings(engine, [row(context_id="nowhere-xxx-2000")])


def test_a_second_coding_of_the_same_context_by_the_same_coder_is_refused(engine):  # noqa: F811
    store.add_codings(engine, [row()], known_contexts=KNOWN)
    with pytest.raises(PerspectivesError, match="already coded"):
        store.add_codings(engine, [row(coder="Ben"), row()], known_contexts=KNOWN)
    assert list(store.codings_frame(engine)["coder"]) == ["Ana"]  # Ben rolled back too
    with pytest.raises(PerspectivesError, match="codes it already in row 1"):
        store.add_codings(engine, [row(coder="Cy"), row(coder="Cy")], known_contexts=KNOWN)


def test_accounts_hash_passwords_and_authenticate(engine):  # noqa: F811
    store.add_user(engine, "Ana", "correct horse battery", "reviewer")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM coders")).scalar()
    assert stored.startswith("$argon2") and "correct horse" not in stored
    assert store.authenticate(engine, "Ana", "correct horse battery") == {
        "name": "Ana",
        "role": "reviewer",
    }
    assert store.authenticate(engine, "Ana", "wrong password!!") is None
    assert store.authenticate(engine, "Nobody", "correct horse battery") is None
    assert store.has_accounts(engine)
    with pytest.raises(PerspectivesError, match="exists already"):
        store.add_user(engine, "Ana", "another password", "admin")
    with pytest.raises(PerspectivesError, match="at least 10"):
        store.add_user(engine, "Ben", "short", "contributor")
    with pytest.raises(PerspectivesError, match="must be one of"):
        store.add_user(engine, "Ben", "long enough password", "superuser")


def test_an_imported_coder_has_no_login_until_an_admin_sets_one(engine):  # noqa: F811
    store.add_codings(engine, [row()], known_contexts=KNOWN)
    assert not store.has_accounts(engine)
    assert store.authenticate(engine, "Ana", "") is None
    store.add_user(engine, "Ana", "a long password", "contributor")
    assert store.authenticate(engine, "Ana", "a long password")["role"] == "contributor"


def test_independent_coding_hides_others_until_one_saves(engine):  # noqa: F811
    store.add_user(engine, "Ana", "a long password", "contributor")
    store.add_user(engine, "Ben", "a long password", "contributor")
    ana = {"name": "Ana", "role": "contributor"}
    store.save_coding(engine, "Ben", row(), known_contexts=KNOWN)
    assert store.visible_codings(engine, ana, "abidjan-civ-2004").empty
    assert store.save_coding(engine, "Ana", row(), known_contexts=KNOWN) == "added"
    assert set(store.visible_codings(engine, ana, "abidjan-civ-2004")["coder"]) == {"Ana", "Ben"}
    reviewer = {"name": "Rev", "role": "reviewer"}
    assert len(store.visible_codings(engine, reviewer, "abidjan-civ-2004")) == 2


def test_own_coding_can_change_until_reviewed_then_closes(engine):  # noqa: F811
    store.add_user(engine, "Ana", "a long password", "contributor")
    store.add_user(engine, "Rev", "a long password", "reviewer")
    store.save_coding(engine, "Ana", row(domestic=1), known_contexts=KNOWN)
    assert store.save_coding(engine, "Ana", row(domestic=3), known_contexts=KNOWN) == "updated"
    assert store.codings_frame(engine).loc[0, "domestic"] == 3
    reviewer = {"name": "Rev", "role": "reviewer"}
    store.set_consensus(engine, reviewer, "abidjan-civ-2004", "domestic", 2, "IPV survey")
    with pytest.raises(PerspectivesError, match="codings are closed"):
        store.save_coding(engine, "Ana", row(domestic=0), known_contexts=KNOWN)
    actions = list(store.audit_frame(engine)["action"])
    assert actions == [
        "user_added",
        "user_added",
        "coding_added",
        "coding_updated",
        "consensus_set",
    ]


def test_consensus_needs_a_reviewer_a_rationale_and_a_valid_value(engine):  # noqa: F811
    store.add_user(engine, "Rev", "a long password", "reviewer")
    store.add_codings(engine, [row(), row(coder="Ben")], known_contexts=KNOWN)
    contributor = {"name": "Ana", "role": "contributor"}
    reviewer = {"name": "Rev", "role": "reviewer"}
    with pytest.raises(PerspectivesError, match="only a reviewer"):
        store.set_consensus(engine, contributor, "abidjan-civ-2004", "domestic", 2, "why")
    with pytest.raises(PerspectivesError, match="needs a rationale"):
        store.set_consensus(engine, reviewer, "abidjan-civ-2004", "domestic", 2, " ")
    with pytest.raises(PerspectivesError, match="0, 1, 2 or 3"):
        store.set_consensus(engine, reviewer, "abidjan-civ-2004", "domestic", 4, "why")
    with pytest.raises(PerspectivesError, match="nobody has coded"):
        store.set_consensus(engine, reviewer, "abidjan-civ-2011", "domestic", 2, "why")
    store.set_consensus(engine, reviewer, "abidjan-civ-2004", "setting", "stable", "both agree")
    store.set_consensus(engine, reviewer, "abidjan-civ-2004", "domestic", None, "no data")
    store.set_consensus(engine, reviewer, "abidjan-civ-2004", "domestic", 2, "IPV survey")
    frame = store.consensus_frame(engine)
    assert len(frame) == 2  # the second domestic consensus replaced the first
    domestic = frame.set_index("variable").loc["domestic"]
    assert (domestic["value"], domestic["reviewer"], domestic["coders"]) == ("2", "Rev", "Ana;Ben")
    assert count(engine, "audit_log") == 2 + 1 + 3  # codings, user, three consensus steps
