"""Compare page interactions, by widget key."""

from tests.app.helpers import open_page


def test_two_contexts_by_default_with_radar_and_tables():
    at = open_page("views/compare.py")
    assert not at.exception
    assert at.multiselect(key="compare_ids").value == ["bogota-col-2015", "kabul-afg-2018"]
    assert len(at.dataframe) == 2
    assert [s.value for s in at.main.subheader] == ["Violence profiles", "Typologies", "Indicators"]


def test_a_city_figure_beside_a_country_proxy_is_warned_about():
    at = open_page("views/compare.py")
    at.multiselect(key="compare_ids").set_value(["bogota-col-1993", "kabul-afg-2018"]).run()
    assert not at.exception
    warning = at.warning[0].value
    assert "homicide rate" in warning
    assert "Bogotá 1993 is a city figure from 1993" in warning
    assert "Kabul 2018 is a country" in warning


def test_fewer_than_two_explains_itself():
    at = open_page("views/compare.py")
    at.multiselect(key="compare_ids").set_value(["kabul-afg-2018"]).run()
    assert not at.exception
    assert "choose at least 2" in at.info[0].value
    assert not at.dataframe


def test_five_contexts_side_by_side():
    at = open_page("views/compare.py")
    chosen = [
        "bogota-col-2015",
        "kabul-afg-2018",
        "juba-ssd-2017",
        "mosul-irq-2017",
        "accra-gha-2015",
    ]
    at.multiselect(key="compare_ids").set_value(chosen).run()
    assert not at.exception
    indicators = next(d.value for d in at.dataframe if "indicator" in d.value.columns)
    assert len(indicators.columns) == 1 + 5


def test_a_link_naming_a_context_not_in_the_data_says_so():
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"compare": "kabul-afg-2018,my-upload-2024"})
    at.run()
    at.switch_page("views/compare.py").run()
    assert not at.exception
    assert any("my-upload-2024" in w.value and "not in the data" in w.value for w in at.warning)
    assert at.multiselect(key="compare_ids").value == ["kabul-afg-2018"]
