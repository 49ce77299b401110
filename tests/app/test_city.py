"""City profile page interactions, by widget key."""

import pandas as pd

from tests.app.helpers import open_page, open_tab
from ui.registry import ROOT

SECTION = "city_section"
# Each section of the profile, by its tab label, and the subheaders it shows.
SECTIONS = {
    "Why this typology": ["Why this typology"],
    "Indicators and sources": ["Indicators", "Coded violence types"],
    "Over time and similar cities": ["Change over time", "Cities like this one"],
    "Practices": ["Practices that match"],
}


def subheaders(at):
    return [s.value for s in at.subheader]


def test_choosing_a_city_shows_its_profile_and_each_section_when_opened():
    at = open_page("views/city.py")
    assert not at.exception
    at.selectbox(key="city").set_value("kabul-afg-2018").run()
    assert not at.exception
    assert "Kabul" in at.header[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Data confidence"] == "medium"
    assert [t.label for t in at.tabs] == list(SECTIONS)
    for label in SECTIONS:
        open_tab(at, SECTION, label)
        assert not at.exception, [e.value for e in at.exception]
        assert "Kabul" in at.header[0].value  # the chosen context stays
        for other, headings in SECTIONS.items():
            present = [h in subheaders(at) for h in headings]
            assert all(present) if other == label else not any(present), (label, other)


def test_the_open_tab_is_kept_in_the_link_and_a_link_opens_it():
    at = open_page("views/city.py")
    assert SECTION not in at.query_params  # the first section is the default
    open_tab(at, SECTION, "Practices")
    assert at.query_params[SECTION] == "practices"
    at.selectbox(key="city").set_value("bogota-col-2015").run()  # another city, same section
    assert "Practices that match" in subheaders(at)
    shared = _open_link({"city": "bogota-col-2015", SECTION: "over_time"})
    assert not shared.exception
    assert "Bogotá" in shared.header[0].value
    assert "Cities like this one" in subheaders(shared)
    assert "Why this typology" not in subheaders(shared)


def test_indicator_and_violence_tables_come_from_the_provenance():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("bogota-col-1993").run()
    open_tab(at, SECTION, "Indicators and sources")
    tables = [d.value for d in at.dataframe]
    indicators = next(t for t in tables if "indicator" in t.columns)
    homicide = indicators[indicators["indicator"].str.startswith("homicide")].iloc[0]
    assert (homicide["value"], homicide["level"], homicide["year"]) == ("80", "city", "1993")
    violence = next(t for t in tables if "rationale" in t.columns)
    assert len(violence) == 7 and violence["rationale"].str.len().gt(0).all()


def test_neighbours_leave_out_the_city_itself():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("medellin-col-2015").run()
    open_tab(at, SECTION, "Over time and similar cities")
    neighbours = next(d.value for d in at.dataframe if "distance" in d.value.columns)
    assert len(neighbours) == 5
    assert "Medellín" not in neighbours["city"].tolist()
    assert neighbours["distance"].is_monotonic_increasing


def test_a_single_year_city_says_there_is_no_path():
    at = open_page("views/city.py")
    options = at.selectbox(key="city").options
    assert options  # the filtered contexts
    at.selectbox(key="city").set_value("accra-gha-2015").run()
    open_tab(at, SECTION, "Over time and similar cities")
    assert not at.exception
    assert any("one context in the data" in c.value for c in at.caption)


def test_the_city_list_follows_the_filters():
    at = open_page("views/city.py")
    at.multiselect(key="f_region").set_value(["Oceania"]).run()
    assert not at.exception
    shown = at.selectbox(key="city").options
    contexts = pd.read_csv(ROOT / "data" / "cities.csv")
    in_oceania = contexts[contexts["region"] == "Oceania"]
    assert len(shown) == len(in_oceania) < len(contexts)
    assert all(any(str(c) in s for c in in_oceania["city"]) for s in shown)


def test_city_page_shows_matched_practices_with_reasons():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("bogota-col-2015").run()
    open_tab(at, SECTION, "Practices")
    assert not at.exception
    assert any(s.value == "Practices that match" for s in at.subheader)
    tables = [d.value for d in at.dataframe if "reason" in d.value.columns]
    assert tables, "no matched-practices table"
    assert tables[0]["reason"].str.len().gt(0).all()
    assert tables[0]["score"].is_monotonic_decreasing


def test_why_panel_puts_the_city_beside_its_typology_with_the_basis_marked():
    at = open_page("views/city.py")
    at.selectbox(key="city").set_value("bogota-col-2018").run()
    assert not at.exception
    assert "Why this typology" in [s.value for s in at.subheader]
    why = next(d.value for d in at.dataframe if "closer to" in d.value.columns)
    assert len(why) == 7
    # Bogotá's IPV and non-partner sexual violence figures are national surveys
    # (data/provenance.csv basis country_proxy): the panel must say so.
    bases = why.set_index("violence type")["basis"]
    assert bases["domestic"] == "country-level"
    assert bases["gender-based"] == "country-level"
    assert set(bases) <= {"city evidence", "country-level", "unknown"}
    words = " ".join(m.value for m in at.markdown)
    assert "Closer to" in words and "Country-level" in words


def test_an_unknown_code_reads_unknown_in_the_why_panel():
    at = open_page("views/city.py")
    # Bogotá 2020 has no spontaneous-violence code in the data (empty, basis none).
    at.selectbox(key="city").set_value("bogota-col-2020").run()
    assert not at.exception
    why = next(d.value for d in at.dataframe if "closer to" in d.value.columns)
    line = why.set_index("violence type").loc["spontaneous"]
    assert (line["this city"], line["basis"], line["closer to"]) == (
        "unknown",
        "unknown",
        "not counted (unknown)",
    )


def _open_link(params: dict):
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    return at.switch_page("views/city.py").run()


def test_a_link_to_a_context_not_in_the_data_says_so_instead_of_opening_another():
    # An uploaded context's link opened in another session: the upload is not there.
    at = _open_link({"city": "my-upload-2024"})
    assert not at.exception
    assert any("my-upload-2024" in w.value and "not in the" in w.value for w in at.warning)
    assert at.selectbox(key="city").value is None
    assert not at.header  # no other city's profile is shown
    at.selectbox(key="city").set_value("kabul-afg-2018").run()
    assert not at.exception
    assert "Kabul" in at.header[0].value
    assert not at.warning  # the user chose: the note is gone


def test_a_link_to_a_known_context_opens_it_without_a_note():
    at = _open_link({"city": "kabul-afg-2018"})
    assert not at.exception
    assert at.selectbox(key="city").value == "kabul-afg-2018"
    assert not any("not in the" in w.value for w in at.warning)


def test_typing_the_start_of_a_city_offers_that_city_not_scattered_letter_matches():
    from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

    at = open_page("views/city.py")
    box = at.selectbox(key="city")
    assert box.proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_CONTAINS
    # The browser keeps the labels that contain the typed text (case-insensitive).
    offered = [label for label in box.proto.options if "bogot" in label.lower()]
    assert offered and all(label.startswith("Bogotá") for label in offered)
    assert not any("Belfast" in label for label in offered)
    assert any(label.startswith("Belfast") for label in box.proto.options)  # it is in the data


def test_an_uploaded_city_reads_unknown_where_the_file_says_nothing():
    """An upload without a confidence column or provenance: 'unknown' and 'not stated',
    never 'nan', and the why panel still explains the typology."""
    from tests.app.test_data import upload
    from tests.conftest import make_contexts

    at = upload(open_page("views/data.py"), make_contexts().to_csv(index=False).encode())
    at.switch_page("views/city.py").run()
    at.selectbox(key="city").set_value("testville-0").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Data confidence"] == "unknown"
    why = next(d.value for d in at.dataframe if "closer to" in d.value.columns)
    assert set(why["basis"]) == {"not stated"}
    assert "nan" not in " ".join(m.value for m in at.markdown).lower().split()
