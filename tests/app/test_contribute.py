"""Contribute and Review pages: read-only without accounts; a member codes a city-year, a
second member codes it, a reviewer sees the agreement and sets a consensus; the audit log
shows each step. Text from members is shown as data, never as markup."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_page
from typology.perspectives import store
from typology.perspectives.db import open_db
from typology.perspectives.merge import COMBINED

CONTEXT = "bogota-col-2018"  # a bundled context
PASSWORD = "a long password"  # noqa: S105 (a test account in a tmp database)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    monkeypatch.setenv("TYPOLOGY_DB", url)
    engine = open_db(url)
    for name, role in (("Ana", "contributor"), ("Ben", "contributor"), ("Rev", "reviewer")):
        store.add_user(engine, name, PASSWORD, role)
    yield engine
    engine.dispose()


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at, name: str, password: str = PASSWORD):
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return ok(at.button(key="login_submit").click().run())


@pytest.mark.parametrize("page", ["views/contribute.py", "views/review.py"])
def test_without_accounts_the_pages_explain_setup_and_create_nothing(page, tmp_path, monkeypatch):
    path = tmp_path / "none.db"
    monkeypatch.setenv("TYPOLOGY_DB", f"sqlite:///{path}")
    at = ok(open_page(page))
    assert any("add-user" in i.value for i in at.info)
    assert not path.exists()
    assert not [t for t in at.text_input if t.key == "login_name"]


def test_a_wrong_password_is_refused(db):
    at = log_in(open_page("views/contribute.py"), "Ana", "not the password")
    assert any("wrong password" in e.value for e in at.error)
    assert not [r for r in at.radio if r.key.startswith("q_")]


def code(at, values: dict, rationale: str):
    at.selectbox(key="contribute_context").set_value(CONTEXT).run()
    for item, value in values.items():
        at.radio(key=f"q_{item}_{CONTEXT}").set_value(value)
    at.text_area(key=f"contribute_rationale_{CONTEXT}").input(rationale)
    return ok(at.button(key="contribute_save").click().run())


def test_members_code_a_reviewer_reconciles_and_the_audit_log_shows_it(db):
    at = log_in(open_page("views/contribute.py"), "Ana")
    at = code(at, {"domestic": 2, "small_scale": 2, "setting": "criminal_violence"}, "Ana's view")
    assert any("added" in s.value for s in at.success)
    # Don't know (the default) is stored as missing, not as 0.
    ana = store.codings_frame(db, CONTEXT).iloc[0]
    assert ana["domestic"] == 2 and ana["setting"] == "criminal_violence"
    assert pd.isna(ana["public"])

    at = log_in(open_page("views/contribute.py"), "Ben")
    at.selectbox(key="contribute_context").set_value(CONTEXT).run()
    assert not [d for d in at.dataframe if "coder" in d.value.columns]  # independent coding
    at = code(at, {"domestic": 3, "small_scale": 2, "setting": "criminal_violence"}, "Ben's view")
    shown = [d.value for d in at.dataframe if "coder" in d.value.columns]
    assert set(shown[0]["coder"]) == {"Ana", "Ben"}  # after saving, Ben sees Ana's coding

    at = log_in(open_page("views/review.py"), "Rev")
    alpha = [d.value for d in at.dataframe if "alpha" in d.value.columns][0]
    assert list(alpha.columns) == ["variable", "alpha", "units", "coders", "reading"]
    assert alpha.set_index("variable").loc["domestic", "units"] == 1
    at.selectbox(key="review_context").set_value(CONTEXT).run()
    at.selectbox(key="review_item").set_value("domestic")
    at.selectbox(key="review_value").set_value("2")
    at.text_area(key="review_rationale").input("The survey supports 2.")
    at = ok(at.button(key="review_save").click().run())
    assert any("saved" in s.value for s in at.success)
    consensus = store.consensus_frame(db)
    assert consensus[["variable", "value", "coders"]].values.tolist() == [
        ["domestic", "2", "Ana;Ben"]
    ]
    actions = list(store.audit_frame(db)["action"])
    assert actions[-3:] == ["coding_added", "coding_added", "consensus_set"]


def test_html_in_a_rationale_is_refused_and_nothing_is_stored(db):
    at = log_in(open_page("views/contribute.py"), "Ana")
    at = code(at, {"domestic": 1}, "<img src=x onerror=alert(1)>")
    assert any("Nothing was saved" in e.value for e in at.error)
    assert store.codings_frame(db).empty


def test_a_contributor_cannot_open_the_review(db):
    at = log_in(open_page("views/review.py"), "Ana")
    assert not [s for s in at.selectbox if s.key == "review_context"]


def _fit_input_script():
    """Shows the domestic value of Bogotá 2018 in the contexts every page fits on."""
    import streamlit as st

    from ui import state

    state.sidebar()
    frame = state.active_contexts().set_index("context_id")
    st.write(f"domestic={frame.loc['bogota-col-2018', 'domestic']}")


def test_the_sidebar_refits_on_member_consensus_when_chosen(db):
    store.add_codings(
        db,
        [
            {"coder": "Ana", "context_id": CONTEXT, "domestic": 3, "rationale": "r"},
            {"coder": "Ben", "context_id": CONTEXT, "domestic": 3, "rationale": "r"},
        ],
    )
    at = ok(AppTest.from_function(_fit_input_script, default_timeout=60).run())
    assert not [r for r in at.radio if r.key == "coding_source"]  # no consensus yet: no choice
    assert at.markdown[-1].value == "domestic=2"  # the bundled desk-research value
    reviewer = {"name": "Rev", "role": "reviewer"}
    store.set_consensus(db, reviewer, CONTEXT, "domestic", 3, "Both members and a survey say 3")
    at = ok(AppTest.from_function(_fit_input_script, default_timeout=60).run())
    assert at.radio(key="coding_source").value == "desk research"
    assert at.markdown[-1].value == "domestic=2"
    at = ok(at.radio(key="coding_source").set_value(COMBINED).run())
    assert at.markdown[-1].value == "domestic=3"


def test_an_expired_session_asks_to_log_in_again(db):
    at = log_in(open_page("views/contribute.py"), "Ana")
    assert [r for r in at.radio if r.key.startswith("q_")]
    at.session_state["_perspectives_user"] = {
        **at.session_state["_perspectives_user"],
        "expires": 0,  # long past
    }
    at = ok(at.run())
    assert not [r for r in at.radio if r.key.startswith("q_")]
    assert [t for t in at.text_input if t.key == "login_name"]


def test_a_member_adds_a_year_for_a_bundled_city_and_codes_it(db):
    at = log_in(open_page("views/contribute.py"), "Ana")
    at.selectbox(key="contribute_add_city").set_value("bogota-col-2018")
    at.number_input(key="contribute_add_year").set_value(2021)
    at = ok(at.button(key="contribute_add").click().run())
    assert at.selectbox(key="contribute_context").value == "bogota-col-2021"
    at.radio(key="q_domestic_bogota-col-2021").set_value(2)
    at.text_area(key="contribute_rationale_bogota-col-2021").input("Local shelters' reports")
    at = ok(at.button(key="contribute_save").click().run())
    assert store.codings_frame(db)["context_id"].tolist() == ["bogota-col-2021"]
    # The same year again is refused with a clear message.
    at.number_input(key="contribute_add_year").set_value(2021)
    at = ok(at.button(key="contribute_add").click().run())
    assert any("Nothing was saved" in e.value for e in at.error)


def test_a_member_adds_a_gazetteer_city_codes_it_and_a_reviewer_sees_it(db):
    at = log_in(open_page("views/contribute.py"), "Ana")
    assert any(
        "until a reviewer has set a consensus for every item" in m.value for m in at.markdown
    )
    at = ok(at.text_input(key="contribute_gaz_search").input("bukav").run())
    city = at.selectbox(key="contribute_gaz_city")
    assert "Bukavu, Democratic Republic of the Congo" in city.format_func(city.value)
    at.number_input(key="contribute_gaz_year").set_value(2016)
    at = ok(at.button(key="contribute_gaz_add").click().run())
    new = "bukavu-cod-2016"
    assert at.selectbox(key="contribute_context").value == new
    added = store.added_contexts_frame(db).iloc[0]
    assert (added["context_id"], added["geonameid"], added["coordinates_from"]) == (
        new,
        217831,
        "geonames",
    )
    at.radio(key=f"q_organized_{new}").set_value(3)
    at.text_area(key=f"contribute_rationale_{new}").input("Armed groups around the city")
    at = ok(at.button(key="contribute_save").click().run())
    assert store.codings_frame(db)["context_id"].tolist() == [new]

    at = log_in(open_page("views/review.py"), "Rev")
    review = at.selectbox(key="review_context")
    assert review.value == new
    assert review.format_func(new).startswith("Bukavu, Democratic Republic of the Congo (2016)")


def test_a_gazetteer_search_without_match_says_so_and_adds_nothing(db):
    at = log_in(open_page("views/contribute.py"), "Ana")
    at = ok(at.text_input(key="contribute_gaz_search").input("<b>zzqx").run())
    assert any("No city of the gazetteer" in i.value for i in at.info)
    assert not [s for s in at.selectbox if s.key == "contribute_gaz_city"]
    assert store.added_contexts_frame(db).empty


def _fit_added_script():
    """Whether Bukavu 2016 (added from the gazetteer) is fitted, and how many rows are."""
    import streamlit as st

    from ui import state

    state.sidebar()
    analysis = state.current_analysis()
    st.write(f"fitted={'bukavu-cod-2016' in set(state.active_contexts()['context_id'])}")
    st.write(f"rows={len(analysis.contexts)}")


def test_an_added_city_year_is_fitted_once_every_item_has_a_consensus(db):
    new = store.add_gazetteer_context(db, "Ana", 217831, 2016)
    store.add_codings(
        db,
        [
            {"coder": c, "context_id": new, "setting": "armed_conflict", "domestic": 2}
            for c in ("Ana", "Ben")
        ],
        known_contexts={new},
    )
    reviewer = {"name": "Rev", "role": "reviewer"}
    values = {"setting": "armed_conflict"} | {
        v: 2 for v in ("large_scale", "small_scale", "public", "domestic", "gender_based")
    }
    for item, value in values.items():
        store.set_consensus(db, reviewer, new, item, value, "Agreed by both members")
    at = ok(AppTest.from_function(_fit_added_script, default_timeout=60).run())
    at = ok(at.radio(key="coding_source").set_value(COMBINED).run())
    assert at.markdown[-2].value == "fitted=False"  # organized and spontaneous still open
    before = int(at.markdown[-1].value.removeprefix("rows="))
    for item in ("organized", "spontaneous"):
        store.set_consensus(db, reviewer, new, item, 3, "Agreed by both members")
    at = ok(at.run())
    assert at.markdown[-2].value == "fitted=True"
    assert at.markdown[-1].value == f"rows={before + 1}"  # classified with the others
