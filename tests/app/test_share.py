"""Shareable views: the state goes into the URL and a link with query parameters reopens it."""

from streamlit.testing.v1 import AppTest

from tests.app.helpers import ROOT, open_page, open_tab


def open_link(params: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def test_choices_are_written_to_the_url():
    at = open_page("views/explore.py")
    at.selectbox(key="k").set_value(5).run()
    at.selectbox(key="method").set_value("ward").run()
    at.multiselect(key="f_region").set_value(["Africa", "Asia"]).run()
    assert at.query_params["k"] == "5"
    assert at.query_params["method"] == "ward"
    assert at.query_params["region"] == "Africa,Asia"
    assert "seed" not in at.query_params  # a default stays out of the link


def test_a_link_restores_the_view():
    at = open_link(
        {"k": "3", "method": "gmm", "seed": "7", "setting": "armed_conflict", "focus": "2"}
    )
    assert not at.exception
    assert at.selectbox(key="k").value == 3
    assert at.selectbox(key="method").value == "gmm"
    assert at.number_input(key="seed").value == 7
    assert at.multiselect(key="f_setting").value == ["armed_conflict"]
    assert at.selectbox(key="typology_focus").value == 2
    assert next(m.value for m in at.metric if m.label == "Typologies") == "3"


def test_a_link_to_a_city_survives_the_page_switch():
    at = open_link({"city": "juba-ssd-2017", "years": "2010-2020"}, page="views/city.py")
    assert not at.exception
    assert at.selectbox(key="city").value == "juba-ssd-2017"
    assert at.slider(key="f_years").value == (2010, 2020)
    assert at.query_params["city"] == "juba-ssd-2017"


def test_bad_values_in_the_link_fall_back_to_defaults():
    at = open_link(
        {"k": "99", "method": "<script>", "seed": "-3", "region": "Atlantis,Asia", "years": "x"}
    )
    assert not at.exception
    assert at.selectbox(key="k").value == 4
    assert at.selectbox(key="method").value == "kmedoids"  # the default method
    assert at.multiselect(key="f_region").value == ["Asia"]
    assert "method" not in at.query_params  # the bad value is cleaned out of the URL


def test_the_url_follows_the_user_not_the_first_link():
    at = open_link({"k": "3"})
    at.selectbox(key="k").set_value(6).run()
    assert at.selectbox(key="k").value == 6
    assert at.query_params["k"] == "6"


def test_the_practices_pages_choices_go_into_the_link():
    at = open_page("views/practices.py")
    at.multiselect(key="p_setting").set_value(["post_conflict"]).run()
    at.multiselect(key="p_entry").set_value(["mediation_and_dialogue"]).run()
    open_tab(at, "p_tab", "Evidence gaps")  # the tabs are lazy: the radio is drawn when open
    at.radio(key="p_gap_rows").set_value("typologies").run()
    assert not at.exception
    assert at.query_params["p_tab"] == "gaps"  # the open tab, by code
    assert at.query_params["p_setting"] == "post_conflict"
    assert at.query_params["p_entry"] == "mediation_and_dialogue"
    assert at.query_params["p_rows"] == "typologies"
    assert "p_region" not in at.query_params  # an empty filter stays out of the link


def test_a_link_reopens_the_practices_pages_choices():
    link = {
        "p_setting": "post_conflict",
        "p_grade": "not_evaluated",
        "p_region": "Africa,Atlantis",  # an unknown region is dropped, not a crash
        "p_typology": "2",
        "p_rows": "typologies",
        "p_tab": "gaps",
    }
    at = open_link(link, page="views/practices.py")
    assert not at.exception
    assert at.multiselect(key="p_setting").value == ["post_conflict"]
    assert at.multiselect(key="p_grade").value == ["not_evaluated"]
    assert at.multiselect(key="p_region").value == ["Africa"]
    assert at.radio(key="p_gap_rows").value == "typologies"
    open_tab(at, "p_tab", "Practices matched to a typology or a city")
    assert at.selectbox(key="p_match_typology").value == 2
    assert at.query_params["p_setting"] == "post_conflict"  # still in the link after the switch


def test_a_practice_the_link_names_is_opened_unless_filtered_out():
    at = open_link({"p_practice": "P022", "p_tab": "detail"}, page="views/practices.py")
    assert at.selectbox(key="p_detail").value == "P022"
    at = open_link({"p_practice": "P999", "p_tab": "detail"}, page="views/practices.py")  # none
    assert not at.exception
    assert at.selectbox(key="p_detail").value == at.selectbox(key="p_detail").options[0].split()[0]


def test_city_evidence_only_is_kept_in_the_link():
    at = open_page("views/explore.py")
    at.toggle(key="city_evidence_only").set_value(True).run()
    assert at.query_params["city_evidence"] == "True"
    at.toggle(key="city_evidence_only").set_value(False).run()
    assert "city_evidence" not in at.query_params  # the default stays out of the link
    shared = open_link({"city_evidence": "True"}, page="views/city.py")
    assert not shared.exception
    assert shared.toggle(key="city_evidence_only").value is True
    assert shared.query_params["city_evidence"] == "True"


def test_the_sidebar_is_drawn_once_and_keeps_its_choices_on_every_page():
    """The frame draws the shared sidebar (issue 18): each page shows it once, with the user's
    choices, and the link keeps them whichever page is open."""
    from ui.registry import PAGES

    at = open_page("views/explore.py")
    at.selectbox(key="k").set_value(5).run()
    at.multiselect(key="f_region").set_value(["Africa"]).run()
    at.multiselect(key="f_country").set_value(["COL"]).run()  # Bogotá is in the data
    for spec in PAGES[1:]:
        at.switch_page(spec.script).run()
        assert not at.exception, spec.script
        assert [s.key for s in at.sidebar.selectbox].count("k") == 1, spec.script
        assert at.selectbox(key="k").value == 5, spec.script
        assert at.multiselect(key="f_region").value == ["Africa"], spec.script
        assert at.multiselect(key="f_country").value == ["COL"], spec.script
        assert at.query_params["k"] == "5" and at.query_params["region"] == "Africa"
