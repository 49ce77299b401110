"""Explore page interactions, by widget key."""

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.helpers import ROOT, open_page, open_tab

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


EXPLORE_SECTION = "explore_section"


def drawn(at) -> dict[str, int]:
    """What the page drew below the metrics: charts (the map is one), static tables, grids."""
    return {
        "charts": len(at.get("plotly_chart")),
        "tables": len(at.table),
        "grids": len(at.dataframe),
    }


def test_each_section_below_the_map_is_drawn_only_when_open():
    at = open_page("views/explore.py")
    labels = [t.label for t in at.tabs]
    assert labels == ["Typologies", "Composition", "Typology profiles", "Scenarios"]
    # First section: the map and the typology table, no other chart or grid.
    assert drawn(at) == {"charts": 1, "tables": 1, "grids": 0}
    open_tab(at, EXPLORE_SECTION, "Composition")
    assert not at.exception
    assert drawn(at) == {"charts": 3, "tables": 0, "grids": 0}  # map + by setting + by region
    open_tab(at, EXPLORE_SECTION, "Typology profiles")
    assert drawn(at) == {"charts": 2, "tables": 0, "grids": 0}
    open_tab(at, EXPLORE_SECTION, "Scenarios")
    assert drawn(at) == {"charts": 1, "tables": 0, "grids": 1}
    # The scenario matrix comes with its agreement sentence.
    assert "adjusted Rand index" in " ".join(m.value for m in at.markdown)


def test_the_open_section_is_kept_in_the_link_and_survives_a_highlight():
    at = open_page("views/explore.py")
    assert EXPLORE_SECTION not in at.query_params  # the first section is the default
    open_tab(at, EXPLORE_SECTION, "Composition")
    assert at.query_params[EXPLORE_SECTION] == "composition"
    at.selectbox(key="typology_focus").set_value(1).run()
    assert not at.exception
    assert drawn(at)["charts"] == 3  # still the composition
    assert at.query_params[EXPLORE_SECTION] == "composition"

    shared = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shared.query_params[EXPLORE_SECTION] = "profiles"
    shared.run()
    assert not shared.exception
    assert drawn(shared) == {"charts": 2, "tables": 0, "grids": 0}
