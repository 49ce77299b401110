"""The app in English, Spanish and French (issue 17): the app domain's catalogues are complete,
no English string reaches a page without _(), and every page renders in each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from tests.i18n_ast import untranslated
from typology import i18n
from typology.i18n_catalogue import DOMAIN_SOURCES, TRANSLATED, extract, problems, source_files
from ui.registry import PAGES

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalogue(lang: str):
    with i18n.catalogue_path(lang, "app").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_string_of_the_app_has_a_spanish_and_a_french_translation():
    """Extraction over app.py, views/ and ui/ finds nothing missing, empty or fuzzy."""
    assert extract(DOMAIN_SOURCES["app"]), "extraction found no string at all"
    found = [f"{lang} {kind}: {msgid[:60]!r}" for lang, kind, msgid in problems("app")]
    assert not found, "run `python -m typology.i18n_catalogue update app` and translate:\n" + (
        "\n".join(found)
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_empty_or_fuzzy_entry_ships(lang):
    catalog = _catalogue(lang)
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    assert [m.id for m in catalog if m.id and not m.string] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders_and_the_markdown(lang):
    """{n}, {share:.0%}... and bold markers must survive translation, or .format() breaks."""
    wrong = []
    for m in _catalogue(lang):
        if not m.id:
            continue
        if sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string)):
            wrong.append((m.id[:50], "placeholders"))
        if m.id.count("**") != m.string.count("**") or m.id.count("`") != m.string.count("`"):
            wrong.append((m.id[:50], "markdown"))
    assert not wrong


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_read_differently_from_the_english(lang):
    """A catalogue copied from the English would pass the checks above: most entries of a
    translation must differ from their source."""
    entries = [m for m in _catalogue(lang) if m.id]
    same = [m.id for m in entries if m.string == m.id]
    assert len(same) < 0.05 * len(entries), same


def test_the_seed_terms_are_rendered_as_the_un_renders_them():
    with i18n.language("es"):
        assert "consolidación de la paz" in i18n._(
            "Urban safety and peacebuilding: scenario typologies"
        )
    with i18n.language("fr"):
        assert "consolidation de la paix" in i18n._(
            "Urban safety and peacebuilding: scenario typologies"
        )


def test_no_display_call_shows_an_english_literal_without_translation():
    """A new st.header("...") (or button, caption, selectbox label...) without _() fails."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {source}"
        for path in source_files(DOMAIN_SOURCES["app"])
        for line, source in untranslated(path)
    ]
    assert not found, "wrap these in _() and translate them:\n" + "\n".join(found)


def test_the_display_check_catches_a_bare_literal(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        'import streamlit as st\nfrom typology.i18n import _\nst.header("Violence profiles")\n'
        'st.button(_("Save"))\nst.caption(f"{3} contexts")\nst.markdown("---")\n'
        'st.selectbox("Setting", ["a"], help="Pick one")\n',
        encoding="utf-8",
    )
    lines = [line for line, _source in untranslated(page)]
    assert lines == [3, 5, 7]


# ---- The pages, in each language (AppTest) ---------------------------------------------------


# AppTest calls the widgets' format_func in the test's own thread to send a choice back (a
# server gets the index from the browser instead): that thread speaks the page's language.


def _open(script: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    with i18n.language(lang):
        at.run()
        if script != "views/explore.py":
            at.switch_page(script)
            at.run()
    return at


def _shown_text(at: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        texts += [str(e.value) for e in getattr(at, kind)]
    return texts


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_translated(page, lang):
    at = _open(page.script, lang)
    assert not at.exception, [e.value for e in at.exception]
    with i18n.language(lang):
        translations = set(i18n.catalogue(lang).values())
        label = i18n._("Language")
    assert at.selectbox(key="lang").value == lang
    assert at.selectbox(key="lang").label == label != "Language"
    shown = _shown_text(at)
    assert any(t in translations for t in shown), f"{page.url_path}: no translated text shown"


def test_the_language_switch_changes_the_page_and_the_link():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert at.selectbox(key="lang").value == "en"
    assert "lang" not in at.query_params
    at.selectbox(key="lang").set_value("fr").run()  # sent from the English page
    assert not at.exception
    assert at.query_params.get("lang") in ("fr", ["fr"])
    with i18n.language("fr"):
        french_title = i18n._("Explore typologies")
    assert french_title in [t.value for t in at.title]
    with i18n.language("fr"):  # the choice is sent from the French page
        at.selectbox(key="lang").set_value("en").run()
    assert "lang" not in at.query_params
    assert "Explore typologies" in [t.value for t in at.title]


# ---- Contribute with accounts, in French ---------------------------------------------------


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    from typology.perspectives import store
    from typology.perspectives.db import open_db

    url = f"sqlite:///{tmp_path / 'p.db'}"
    monkeypatch.setenv("TYPOLOGY_DB", url)
    engine = open_db(url)
    store.add_user(engine, "Ana", "a long password", "contributor")
    yield engine
    engine.dispose()


def test_a_member_logs_in_and_saves_a_coding_in_french(accounts):
    at = _open("views/contribute.py", "fr")
    assert not at.exception, [e.value for e in at.exception]
    with i18n.language("fr"):
        at.text_input(key="login_name").input("Ana")
        at.text_input(key="login_password").input("a long password")
        at.button(key="login_submit").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.text_area(key=next(t.key for t in at.text_area)).label == i18n._(
            "Why? (what you know of the city that year; plain text)"
        )
        at.selectbox(key="contribute_context").set_value("bogota-col-2018").run()
        at.text_area(key="contribute_rationale_bogota-col-2018").input("Rapports de l'ONU.")
        at.button(key="contribute_save").click().run()
        assert not at.exception, [e.value for e in at.exception]
        saved = i18n._("Your coding is added.")
    assert saved != "Your coding is added."
    assert saved in [s.value for s in at.success]


def test_country_names_follow_the_language_in_the_city_box_and_the_filter():
    """The OCHA taxonomy's name in the reader's language (Colombia -> Colombie)."""
    from typology.i18n_data import country_name

    french = country_name("COL", lang="fr")
    assert french and french != "Colombia"
    at = _open("views/city.py", "fr")
    assert not at.exception, [e.value for e in at.exception]
    assert any(o.startswith(f"Bogotá, {french} (") for o in at.selectbox(key="city").options)
    assert french in at.multiselect(key="f_country").options


def test_a_practice_says_its_text_is_in_its_source_language():
    from tests.app.helpers import open_tab
    from ui.text import DETAIL_HEADER

    at = _open("views/practices.py", "es")
    assert not at.exception, [e.value for e in at.exception]
    with i18n.language("es"):
        from typology.i18n_data import language_note

        note = language_note("en")
        open_tab(at, "p_tab", i18n._(DETAIL_HEADER))  # the record's tab, drawn when open
    assert note and any(note in c.value for c in at.caption)
