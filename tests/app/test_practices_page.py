"""Practices page interactions, by widget key."""

import re

from tests.app.helpers import open_page, open_tab

PAGE = "views/practices.py"
TABS = {
    "match": "Practices matched to a typology or a city",
    "detail": "A practice's full record",
    "gaps": "Evidence gaps",
    "reading": "Literature and glossary",
}
MEDELLIN = "medellin-col-2015"  # a shipped context; P001, P022 and others are from Medellín


def shown_count(at) -> tuple[int, int]:
    caption = next(c.value for c in at.caption if "practices match the filters" in c.value)
    n, total = re.match(r"(\d+) of (\d+) practices", caption).groups()
    return int(n), int(total)


def frames_with(at, *columns: str) -> list:
    """AppTest exposes dataframes without their key: find them by their columns, in page order."""
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def practice_list(at):
    found = frames_with(at, "practice_id", "entry point")
    return found[0] if found else None


def match_tables(at):
    return frames_with(at, "score", "reason", "grade")


def works_shown(at) -> int:
    caption = next(c.value for c in at.caption if " works. Open one" in c.value)
    return int(caption.split(" of ")[0])


def listed_ids(at) -> list[str]:
    return list(practice_list(at)["practice_id"])


def test_filters_narrow_the_list():
    at = open_page(PAGE)
    assert not at.exception
    n, total = shown_count(at)
    assert n == total == len(listed_ids(at))
    at.multiselect(key="p_setting").set_value(["post_conflict"]).run()
    after_setting, _ = shown_count(at)
    assert 0 < after_setting < total
    assert all("post-conflict" in s for s in practice_list(at)["settings"])
    at.multiselect(key="p_grade").set_value(["not_evaluated"]).run()
    after_grade, _ = shown_count(at)
    assert 0 < after_grade < after_setting
    assert set(practice_list(at)["evidence grade"]) == {"not evaluated"}
    at.multiselect(key="p_entry").set_value(["mediation_and_dialogue"]).run()
    at.multiselect(key="p_violence").set_value(["large_scale"]).run()
    at.multiselect(key="p_region").set_value(["Africa"]).run()
    assert not at.exception
    table = practice_list(at)
    assert 0 < len(table) < after_grade
    assert (table["entry point"] == "mediation and dialogue").all()
    assert table["violence types"].str.contains("large-scale").all()


def test_impossible_filter_combination_explains_itself():
    at = open_page(PAGE)
    at.multiselect(key="p_region").set_value(["Oceania"]).run()
    at.multiselect(key="p_entry").set_value(["negotiation_with_armed_groups"]).run()
    assert not at.exception
    messages = [i.value for i in at.info]
    assert messages, "an empty selection must say why"
    assert any("No practice matches all 2 filters" in m and "region Oceania" in m for m in messages)
    assert practice_list(at) is None


def test_matching_a_typology_shows_reasons_and_grades():
    at = open_page(PAGE)
    box = at.selectbox(key="p_match_typology")
    assert len(box.options) >= 2
    at.selectbox(key="p_match_typology").set_value(2).run()
    assert not at.exception
    table = match_tables(at)[0]
    assert 0 < len(table) <= 10
    assert table["reason"].str.startswith("addresses").all()
    assert table["reason"].str.contains("settings").all()
    assert set(table["grade"]) <= {
        "effective",
        "promising",
        "mixed",
        "inconclusive",
        "not evaluated",
    }
    # Ranked on their own: tried-here practices by score, none flagged as transferred.
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    assert "transfer" not in table.columns
    assert not table["reason"].str.contains("not in this typology's").any()


def test_matching_a_city_flags_local_practices():
    at = open_page(PAGE)
    box = at.selectbox(key="p_match_city")
    assert any(o.startswith("Medellín (COL") for o in box.options)
    box.set_value(MEDELLIN).run()
    assert not at.exception
    # Tables in page order: the typology's (tried here, tried elsewhere), then the city's.
    local = [t for t in match_tables(at)[1:] if "same city" in set(t["local"])]
    assert local, "practices from Medellín are flagged as from the same city"
    assert local[0]["reason"].str.contains("from the same city").any()


def test_practice_record_lists_its_sources_as_links():
    at = open_tab(open_page(PAGE), "p_tab", TABS["detail"])
    at.selectbox(key="p_detail").set_value("P003").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Operation Ceasefire" in text
    assert "](https://www.crimesolutions.gov/" in text


def test_search_filters_literature_and_glossary():
    at = open_tab(open_page(PAGE), "p_tab", TABS["reading"])
    total = works_shown(at)
    at.text_input(key="p_search").input("mediation").run()
    assert not at.exception
    assert 0 < works_shown(at) < total
    at.text_input(key="p_search").input("EMMIE").run()
    labels = [e.label for e in at.expander]
    assert "evidence grade" in labels and "confluence" not in labels
    at.text_input(key="p_search").input("zzzz-no-such-word").run()
    assert any("Nothing in the literature" in i.value for i in at.info)


def test_gap_matrix_by_typology_lists_empty_cells():
    at = open_tab(open_page(PAGE), "p_tab", TABS["gaps"])
    at.radio(key="p_gap_rows").set_value("typologies").run()
    assert not at.exception
    assert any("cells without an evaluated practice" in e.label for e in at.expander)
    assert any("no evaluated practice for" in m.value and "the typology" in m.value
               for m in at.markdown)  # fmt: skip


def test_outcome_filters_and_outcome_table():
    at = open_page(PAGE)
    _, total = shown_count(at)
    at.multiselect(key="p_strength").set_value(["strong"]).run()
    assert not at.exception
    strong, _ = shown_count(at)
    assert 0 < strong < total
    at.multiselect(key="p_effect").set_value(["inconclusive"]).run()
    both, _ = shown_count(at)
    # SASA! (P006): a strong trial whose partner-violence estimate was inconclusive
    assert 0 < both <= strong and "P006" in listed_ids(at)
    open_tab(at, "p_tab", TABS["detail"])
    at.selectbox(key="p_detail").set_value("P006").run()
    outcomes = next(d.value for d in at.dataframe if "effect size (as reported)" in d.value.columns)
    assert "0.16-1.39" in " ".join(outcomes["effect size (as reported)"])
    assert set(outcomes["strength"]) == {"strong"}


def test_coverage_counts_shown():
    at = open_tab(open_page(PAGE), "p_tab", TABS["gaps"])
    text = "\n".join(m.value for m in at.markdown)
    _, total = shown_count(at)
    assert f"{total} practices in " in text
    assert "setting x violence-type cells" in text


def tab_contents(at) -> dict[str, int]:
    """Elements drawn in each tab, by tab label."""
    return {tab.label: len(tab.children) for tab in at.tabs}


def test_only_the_open_tab_is_drawn_and_each_shows_its_content():
    at = open_page(PAGE)
    assert at.session_state["p_tab"] == TABS["match"]  # the first tab by default
    drawn = tab_contents(at)
    assert drawn[TABS["match"]] > 0
    assert all(drawn[label] == 0 for code, label in TABS.items() if code != "match")
    assert at.selectbox(key="p_match_typology") is not None
    at = open_tab(at, "p_tab", TABS["detail"])
    assert [label for label, n in tab_contents(at).items() if n] == [TABS["detail"]]
    assert at.selectbox(key="p_detail").value == listed_ids(at)[0]
    at = open_tab(at, "p_tab", TABS["gaps"])
    assert [label for label, n in tab_contents(at).items() if n] == [TABS["gaps"]]
    assert at.radio(key="p_gap_rows").value == "settings"
    assert any("Coverage of the depository" in m.value for m in at.markdown)
    at = open_tab(at, "p_tab", TABS["reading"])
    assert [label for label, n in tab_contents(at).items() if n] == [TABS["reading"]]
    assert works_shown(at) > 0
    assert not at.exception


def test_the_open_tab_survives_a_filter_and_a_page_switch_and_is_in_the_link():
    at = open_tab(open_page(PAGE), "p_tab", TABS["gaps"])
    assert at.query_params["p_tab"] == "gaps"
    at.multiselect(key="p_setting").set_value(["post_conflict"]).run()
    assert at.session_state["p_tab"] == TABS["gaps"]
    assert at.radio(key="p_gap_rows") is not None
    at.switch_page("views/compare.py").run()
    at.switch_page(PAGE).run()
    assert at.session_state["p_tab"] == TABS["gaps"]
    assert [label for label, n in tab_contents(at).items() if n] == [TABS["gaps"]]
    assert not at.exception


def test_a_link_opens_its_tab():
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["p_tab"] = "reading"
    at.run()
    at.switch_page(PAGE).run()
    assert at.session_state["p_tab"] == TABS["reading"]
    assert works_shown(at) > 0
    assert not at.exception


def test_each_filter_row_filters_the_list():
    """Every filter drawn from the table of filter rows keeps exactly the practices whose column
    holds the chosen code (expected ids read from the depository itself)."""
    from typology.io import data_dir
    from typology.practices import load_practices

    practices = load_practices(data_dir() / "practices.csv")

    def having(column: str, code: str) -> list[str]:
        held = practices[column].map(lambda v: code in v if isinstance(v, list) else v == code)
        return sorted(practices.loc[held, "practice_id"])

    choices = {
        "p_entry": ("entry_point", "mediation_and_dialogue"),
        "p_violence": ("violence_types", "gender_based"),
        "p_setting": ("settings", "armed_conflict"),
        "p_grade": ("evidence_grade", "not_evaluated"),
        "p_region": ("region", "Africa"),
        "p_effect": ("effects", "positive"),
        "p_strength": ("evidence_strength", "strong"),
        "p_design": ("study_designs", "randomised_trial"),
    }
    at = open_page(PAGE)
    for key, (column, code) in choices.items():
        expected = having(column, code)
        assert 0 < len(expected) < len(practices), f"{code} does not narrow the depository"
        at.multiselect(key=key).set_value([code]).run()
        assert sorted(listed_ids(at)) == expected, key
        at.multiselect(key=key).set_value([]).run()
    assert not at.exception
