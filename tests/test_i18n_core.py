"""typology.i18n: language codes, fallback to English, fuzzy entries skipped, locale formats."""

import datetime
import threading

import pytest

from typology import i18n
from typology.i18n import _, format_date, format_number, language, normalise


@pytest.mark.parametrize(
    ("raw", "code"),
    [("es", "es"), ("ES", "es"), ("fr-CH", "fr"), ("fr_FR", "fr"), (" en ", "en"), (None, "en"),
     ("", "en"), ("de", "en"), ("pt-BR", "en"), (3, "en")],
)  # fmt: skip
def test_normalise_accepts_variants_and_falls_back_to_english(raw, code):
    assert normalise(raw) == code


def test_untranslated_text_falls_back_to_the_english_source():
    with language("fr"):
        assert _("No such sentence in any catalogue, 12345.") == (
            "No such sentence in any catalogue, 12345."
        )


def test_a_page_title_is_translated_and_english_stays_english():
    assert _("Explore") == "Explore"
    with language("es"):
        spanish = _("Explore")
    with language("fr"):
        french = _("Explore")
    assert spanish != "Explore" and french != "Explore" and spanish != french


def test_language_block_restores_the_previous_language():
    i18n.set_language("es")
    try:
        with language("fr"):
            assert i18n.get_language() == "fr"
        assert i18n.get_language() == "es"
    finally:
        i18n.set_language("en")


def test_fuzzy_and_empty_entries_are_left_out(tmp_path, monkeypatch):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "app.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Kept"\nmsgstr "Gardé"\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Deviné"\n\n'
        'msgid "Empty"\nmsgstr ""\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with language("fr"):
            assert _("Kept") == "Gardé"
            assert _("Guessed") == "Guessed"
            assert _("Empty") == "Empty"
    finally:
        i18n.catalogue.cache_clear()


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "1,234.5"), ("es", "1.234,5"), ("fr", "1\u202f234,5")]
)
def test_numbers_are_written_as_each_language_writes_them(lang, expected):
    # French groups thousands with a narrow no-break space (CLDR).
    with language(lang):
        assert format_number(1234.5, 1) == expected


def test_dates_follow_the_language():
    day = datetime.date(2026, 3, 5)
    with language("en"):
        assert "Mar" in format_date(day)
    with language("es"):
        assert "mar" in format_date(day)
    with language("fr"):
        assert "mars" in format_date(day)


def test_a_fresh_thread_reads_the_registered_fallback_source():
    """A Streamlit fragment rerun runs in a new thread that did not call set_language."""
    seen = {}
    i18n.set_fallback_source(lambda: "fr")
    try:
        thread = threading.Thread(target=lambda: seen.update(lang=i18n.get_language()))
        thread.start()
        thread.join()
    finally:
        i18n.set_fallback_source(None)
    assert seen["lang"] == "fr"


def test_a_failing_fallback_source_means_english():
    def broken():
        raise RuntimeError("no session")

    i18n.set_fallback_source(broken)
    try:
        thread = threading.Thread(target=lambda: seen.update(lang=i18n.get_language()))
        seen = {}
        thread.start()
        thread.join()
    finally:
        i18n.set_fallback_source(None)
    assert seen["lang"] == "en"
