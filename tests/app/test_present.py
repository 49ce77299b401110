"""Present page interactions, by widget key."""

import json

from tests.app.helpers import open_page


def slide_number(at) -> int:
    return int(at.session_state["present_slide"])


def open_present():
    at = open_page("views/present.py")
    assert not at.exception
    return at


def test_next_and_previous_change_the_slide_and_the_url():
    at = open_present()
    assert slide_number(at) == 1
    assert at.title[0].value == "Scenario typologies for urban safety and peacebuilding"
    at.button(key="slide_next").click().run()
    assert slide_number(at) == 2
    assert at.query_params["slide"] == "2"
    assert at.title[0].value == "Where the typologies are"
    at.button(key="slide_next").click().run()
    assert at.title[0].value.startswith("Scenarios")  # setting x violence typology
    at.button(key="slide_prev").click().run()
    assert slide_number(at) == 2
    assert not at.exception


def test_the_last_slide_is_method_and_sources():
    at = open_present()
    for _ in range(60):  # the TWG cities add slides
        if at.button(key="slide_next").disabled:
            break
        at.button(key="slide_next").click().run()
    assert at.title[0].value == "Method and sources"
    assert any("Data version" in m.value for m in at.markdown)


def test_add_views_to_the_deck_reorder_remove_and_present_them():
    at = open_present()
    at.button(key="slide_next").click().run()
    at.button(key="slide_next").click().run()  # the scenario matrix
    assert at.title[0].value.startswith("Scenarios")
    at.button(key="slide_next").click().run()  # typology 1
    at.button(key="deck_add").click().run()
    at.multiselect(key="f_setting").set_value(["armed_conflict"]).run()
    at.button(key="slide_prev").click().run()
    at.button(key="slide_prev").click().run()  # the map
    at.button(key="deck_add").click().run()
    assert not at.exception
    deck = at.session_state["deck_views"]
    assert [v["typology"] for v in deck] == [1, None]
    assert deck[1]["filters"] == {"f_setting": ["armed_conflict"]}
    at.button(key="deck_up_1").click().run()
    assert [v["typology"] for v in at.session_state["deck_views"]] == [None, 1]
    at.segmented_control(key="present_source").set_value("deck").run()
    assert not at.exception
    assert at.title[0].value == "Where the typologies are"
    at.button(key="slide_next").click().run()
    assert at.title[0].value.startswith("Typology 1:")
    at.button(key="deck_remove_0").click().run()
    assert len(at.session_state["deck_views"]) == 1


def test_a_bad_deck_file_shows_an_error_and_the_page_keeps_working():
    at = open_present()
    at.button(key="deck_add").click().run()
    at.file_uploader(key="deck_upload").set_value(("deck.json", b"{oops", "application/json"))
    at.run()
    assert not at.exception
    assert "cannot be used as a deck" in at.error[0].value
    assert len(at.session_state["deck_views"]) == 1  # the deck is unchanged
    at.button(key="slide_next").click().run()
    assert slide_number(at) == 2 and not at.exception


def test_a_hand_edited_deck_names_the_bad_field():
    at = open_present()
    bad = {"format": "typology-deck", "version": 1, "views": [{"method": "x", "k": 4, "seed": 0}]}
    at.file_uploader(key="deck_upload").set_value(
        ("deck.json", json.dumps(bad).encode(), "application/json")
    )
    at.run()
    assert at.error and any("'method'" in m.value for m in at.markdown)
    assert not at.exception


def test_a_saved_deck_loads_again():
    at = open_present()
    at.button(key="deck_add").click().run()
    views = at.session_state["deck_views"]
    payload = {"format": "typology-deck", "version": 1, "views": views * 2}
    fresh = open_present()
    fresh.file_uploader(key="deck_upload").set_value(
        ("deck.json", json.dumps(payload).encode(), "application/json")
    )
    fresh.run()
    assert not fresh.exception
    assert len(fresh.session_state["deck_views"]) == 2
    assert "Loaded a deck of 2" in fresh.success[0].value


def test_the_slide_in_the_url_opens_that_slide():
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.query_params["slide"] = "2"
    at.switch_page("views/present.py").run()
    assert not at.exception
    assert at.title[0].value == "Where the typologies are"
    at.query_params["slide"] = "not a number"  # read once per session: the buttons decide now
    at.button(key="slide_next").click().run()
    assert slide_number(at) == 3


def test_text_from_data_is_safe_in_markdown():
    from ui.slides import md

    assert md("N'Djamena") == "N'Djamena"
    assert md("<b>x</b> *y*") == "&lt;b&gt;x&lt;/b&gt; \\*y\\*"


def slide_count(at) -> int:
    """N of the '**n / N**' counter under the slide."""
    counter = next(m.value for m in at.markdown if m.value.startswith("**") and " / " in m.value)
    return int(counter.strip("*").split(" / ")[1])


def test_slides_are_built_once_and_again_for_another_language_or_analysis(monkeypatch):
    import typology.briefing
    from typology.i18n import language

    builds = []
    build_slides = typology.briefing.build_slides

    def counted(*args, **kwargs):
        builds.append(1)
        return build_slides(*args, **kwargs)

    monkeypatch.setattr(typology.briefing, "build_slides", counted)
    at = open_present()
    english_title = at.title[0].value
    assert len(builds) == 1
    at.button(key="slide_next").click().run()
    at.button(key="slide_prev").click().run()
    assert len(builds) == 1, "moving between slides reuses the cached slides"
    assert at.title[0].value == english_title

    at.selectbox(key="lang").set_value("fr").run()
    assert not at.exception
    assert len(builds) == 2
    assert at.title[0].value != english_title  # the French briefing, not the cached English one
    with language("fr"):  # the choice is sent from the French page (its options in French)
        at.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == english_title and len(builds) == 2  # English: from the cache

    k = at.session_state["k"]
    slides_before = slide_count(at)
    other_k = k + 1 if isinstance(k, int) and k < 8 else 3
    at.selectbox(key="k").set_value(other_k).run()
    assert not at.exception
    assert len(builds) == 3
    assert slide_count(at) != slides_before  # a slide (and its practices) per typology
