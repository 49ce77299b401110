"""City profile page interactions, by widget key."""

from tests.app.helpers import open_page


def test_choosing_a_city_shows_its_profile_and_sources():
    at = open_page("views/city.py")
    assert not at.exception
    at.selectbox(key="city").set_value("kabul-afg-2018").run()
    assert not at.exception
    assert "Kabul" in at.header[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Data confidence"] == "medium"
    subheaders = [s.value for s in at.subheader]
    for section in (
        "Indicators",
        "Coded violence types",
        "Change over time",
        "Cities like this one",
    ):
        assert section in subheaders


def test_indicator_and_violence_tables_come_from_the_provenance():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("bogota-col-1993").run()
    tables = [d.value for d in at.dataframe]
    indicators = next(t for t in tables if "indicator" in t.columns)
    homicide = indicators[indicators["indicator"].str.startswith("homicide")].iloc[0]
    assert (homicide["value"], homicide["level"], homicide["year"]) == ("80", "city", "1993")
    violence = next(t for t in tables if "violence type" in t.columns)
    assert len(violence) == 7 and violence["rationale"].str.len().gt(0).all()


def test_neighbours_leave_out_the_city_itself():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("medellin-col-2015").run()
    neighbours = next(d.value for d in at.dataframe if "distance" in d.value.columns)
    assert len(neighbours) == 5
    assert "Medellín" not in neighbours["city"].tolist()
    assert neighbours["distance"].is_monotonic_increasing


def test_a_single_year_city_says_there_is_no_path():
    at = open_page("views/city.py")
    options = at.selectbox(key="city").options
    assert options  # the filtered contexts
    at.selectbox(key="city").set_value("accra-gha-2015").run()
    assert not at.exception
    assert any("one context in the data" in c.value for c in at.caption)


def test_the_city_list_follows_the_filters():
    at = open_page("views/city.py")
    at.multiselect(key="f_region").set_value(["Oceania"]).run()
    assert not at.exception
    shown = at.selectbox(key="city").options
    assert 0 < len(shown) < 10


def test_city_page_shows_matched_practices_with_reasons():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("bogota-col-2015").run()
    assert not at.exception
    assert any(s.value == "Practices that match" for s in at.subheader)
    tables = [d.value for d in at.dataframe if "reason" in d.value.columns]
    assert tables, "no matched-practices table"
    assert tables[0]["reason"].str.len().gt(0).all()
    assert tables[0]["score"].is_monotonic_decreasing
