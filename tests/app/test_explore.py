"""Explore page interactions, by widget key."""

import pandas as pd

from tests.app.helpers import ROOT, open_page

SHIPPED = pd.read_csv(ROOT / "data" / "cities.csv")
TOTAL = str(len(SHIPPED))


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_changing_k_changes_the_number_of_typologies():
    at = open_page("views/explore.py")
    at.selectbox(key="k").set_value(3).run()
    assert not at.exception
    assert metric(at, "Typologies") == "3"
    at.selectbox(key="k").set_value(6).run()
    assert metric(at, "Typologies") == "6"


def test_setting_filter_narrows_the_contexts():
    at = open_page("views/explore.py")
    total = int(metric(at, "Contexts"))
    at.multiselect(key="f_setting").set_value(["armed_conflict"]).run()
    assert not at.exception
    assert 0 < int(metric(at, "Contexts")) < total


def test_method_choice_keeps_the_page_working():
    at = open_page("views/explore.py")
    for method in ("ward", "gmm"):
        at.selectbox(key="method").set_value(method).run()
        assert not at.exception
        assert int(metric(at, "Typologies")) >= 2


def test_sidebar_counts_the_selected_contexts():
    at = open_page("views/explore.py")
    assert any(c.value == f"{TOTAL} of {TOTAL} contexts selected" for c in at.sidebar.caption)
    at.multiselect(key="f_region").set_value(["Europe"]).run()
    shown = int(metric(at, "Contexts"))
    assert any(c.value == f"{shown} of {TOTAL} contexts selected" for c in at.sidebar.caption)


def test_every_filter_narrows_and_clear_filters_resets():
    at = open_page("views/explore.py")
    at.multiselect(key="f_country").set_value(["COL"]).run()
    assert metric(at, "Contexts") == str((SHIPPED["iso3"] == "COL").sum())
    at.button(key="clear_filters").click().run()
    assert metric(at, "Contexts") == TOTAL
    at.multiselect(key="f_population").set_value(["over_10m"]).run()
    assert 0 < int(metric(at, "Contexts")) < len(SHIPPED)
    at.button(key="clear_filters").click().run()
    at.slider(key="f_years").set_value((2018, 2020)).run()
    assert 0 < int(metric(at, "Contexts")) < len(SHIPPED)
    at.button(key="clear_filters").click().run()
    at.multiselect(key="f_confidence").set_value(["high"]).run()
    assert metric(at, "Contexts") == str((SHIPPED["confidence"] == "high").sum())
    at.button(key="clear_filters").click().run()
    at.multiselect(key="f_typology").set_value([1]).run()
    assert not at.exception
    assert 0 < int(metric(at, "Contexts")) < len(SHIPPED)


def test_an_empty_selection_explains_itself():
    at = open_page("views/explore.py")
    at.multiselect(key="f_region").set_value(["Oceania"]).run()
    at.multiselect(key="f_setting").set_value(["armed_conflict"]).run()
    assert not at.exception
    message = at.info[0].value
    assert "No context matches" in message and "region: Oceania" in message


def test_typology_focus_offers_every_typology():
    at = open_page("views/explore.py")
    at.selectbox(key="k").set_value(5).run()
    assert at.selectbox(key="typology_focus").options[1:] == [
        f"{t}. {n}" for t, n in enumerate(at.table[0].value["name"], start=1)
    ]
    at.selectbox(key="typology_focus").set_value(2).run()
    assert not at.exception
    assert at.table[0].value["typology"].tolist() == [2]


def test_a_typology_filter_above_the_new_k_is_dropped_not_an_error():
    at = open_page("views/explore.py")
    at.selectbox(key="k").set_value(6).run()
    at.multiselect(key="f_typology").set_value([6]).run()
    at.selectbox(key="k").set_value(3).run()
    assert not at.exception
    assert at.multiselect(key="f_typology").value == []
