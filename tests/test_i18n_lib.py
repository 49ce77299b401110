"""Issue 17, the library side: every message of typology/ and every text of the data files has a
complete Spanish and French translation; typology names, the briefing and the PowerPoint read
in the chosen language; country names are OCHA's."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from typology.i18n import catalogue_path, language
from typology.i18n_data import (
    COUNTRY_SOURCE,
    build_country_names,
    country_name,
    data_messages,
    data_text,
    practice_text,
    text_language,
    translated_table,
)
from typology.labels import leaked_codes

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("es", "fr")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def code_messages(root: Path = ROOT) -> dict[str, list[str]]:
    """msgid -> where, for every _() and N_() call in typology/ (the typology domain)."""
    found: dict[str, list[str]] = {}
    for path in sorted((root / "typology").rglob("*.py")):
        for line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None}
        ):
            message = message[0] if isinstance(message, tuple) else message
            if message:
                found.setdefault(message, []).append(f"{path.relative_to(root)}:{line}")
    return found


def entries(lang: str, domain: str) -> dict[str, object]:
    with catalogue_path(lang, domain).open("rb") as handle:
        return {str(m.id): m for m in read_po(handle, locale=lang) if m.id}


@pytest.fixture(scope="module")
def code_ids() -> dict[str, list[str]]:
    return code_messages()


@pytest.mark.parametrize("lang", LANGS)
def test_every_library_message_is_translated(code_ids, lang):
    catalogue = entries(lang, "typology")
    missing = [f"{m!r} ({where[0]})" for m, where in code_ids.items() if m not in catalogue]
    assert not missing, f"add to locales/{lang}/LC_MESSAGES/typology.po: " + "; ".join(missing)


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_text_is_translated(lang):
    catalogue = entries(lang, "data")
    found = data_messages()
    assert found  # the codebooks, guiding questions and glossary are read
    missing = [f"{m!r} ({w[0]})" for m, w in found.items() if m not in catalogue]
    assert not missing, f"add to locales/{lang}/LC_MESSAGES/data.po: " + "; ".join(missing)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("domain", ("typology", "data"))
def test_no_empty_or_fuzzy_entry_and_placeholders_kept(lang, domain):
    problems = []
    for msgid, message in entries(lang, domain).items():
        if not message.string or not str(message.string).strip():
            problems.append(f"empty: {msgid!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(str(message.string))):
            problems.append(f"placeholders differ: {msgid!r}")
    assert not problems, problems


def test_a_new_english_string_without_translation_is_caught(tmp_path):
    """The extraction test above fails when a message is added to the code untranslated."""
    module = tmp_path / "typology" / "new.py"
    module.parent.mkdir()
    module.write_text('from typology.i18n import _\n\n_("A brand-new sentence")\n')
    assert "A brand-new sentence" in code_messages(tmp_path)
    assert "A brand-new sentence" not in entries("fr", "typology")


def test_seed_terms_as_the_un_renders_them():
    wanted = {
        "es": {
            "armed conflict": "conflicto armado",
            "post-conflict": "posconflicto",
            "criminal violence": "violencia criminal",
            "stable": "estable",
            "gender-based violence": "violencia de género",
            "typology": "tipología",
            "peacebuilding": "consolidación de la paz",
            "urban safety": "seguridad urbana",
        },
        "fr": {
            "armed conflict": "conflit armé",
            "post-conflict": "post-conflit",
            "criminal violence": "violence criminelle",
            "stable": "stable",
            "gender-based violence": "violence basée sur le genre",
            "typology": "typologie",
            "peacebuilding": "consolidation de la paix",
            "urban safety": "sécurité urbaine",
        },
    }
    for lang, terms in wanted.items():
        for english, translated in terms.items():
            with language(lang):
                assert data_text(english) == translated
    with language("es"):
        heading = data_text("Scenario typologies for urban safety and peacebuilding")
        assert "seguridad urbana y la consolidación de la paz" in heading
    with language("fr"):
        heading = data_text("Scenario typologies for urban safety and peacebuilding")
        assert "sécurité urbaine et la consolidation de la paix" in heading


# --- typology names ---------------------------------------------------------------------------

# English words the name parts are made of, none of which a Spanish or French name may keep
# (French "violence" is the same word in both languages, so it is checked in Spanish only).
NAME_WORDS = {
    "High",
    "Medium",
    "Low",
    "Moderate",
    "mixed",
    "more",
    "less",
    "and",
    "large-scale",
    "small-scale",
    "public",
    "domestic",
    "gender-based",
    "organized",
    "spontaneous",
}


@pytest.fixture(scope="module")
def analysis():
    from typology.analysis import analyse
    from typology.io import load_contexts

    return analyse(load_contexts(), k=4, n_boot=5)


def _name_specs():
    from typology.schema import VIOLENCE_TYPES

    pairs = [(a, b) for i, a in enumerate(VIOLENCE_TYPES) for b in VIOLENCE_TYPES[i + 1 :]]
    for level in ("High", "Medium", "Low"):
        for a, b in pairs:
            yield ("level", level, a, b), ("more", "domestic"), 0
            yield ("level", level, a), ("less", a, b), 2
    yield ("plain", "low"), (), 0
    yield ("plain", "mixed"), (), 1


@pytest.mark.parametrize("lang", LANGS)
def test_typology_names_have_no_english_word_of_their_parts(lang):
    from typology.analysis import render_name

    for spec in _name_specs():
        with language(lang):
            name = render_name(*spec)
        words = set(re.findall(r"[\w-]+", name))
        english = words & (NAME_WORDS | ({"violence"} if lang == "es" else set()))
        assert not english, f"{name!r} keeps {english}"
        with language("en"):
            assert render_name(*spec) != name


def test_names_of_a_fitted_analysis_follow_the_language(analysis):
    from typology.analysis import relabel

    english = list(analysis.typologies["name"])
    with language("es"):
        spanish = relabel(analysis)
    assert list(analysis.typologies["name"]) == english  # the analysis itself is unchanged
    names = list(spanish.typologies["name"])
    assert names != english and len(set(names)) == len(names)
    for name in names:
        assert not set(re.findall(r"[\w-]+", name)) & (NAME_WORDS | {"violence"})
    # Every context carries its typology's name in the new language.
    by_number = dict(zip(spanish.typologies["typology"], names, strict=True))
    assert (spanish.contexts["typology_name"] == spanish.contexts["typology"].map(by_number)).all()
    with language("en"):
        assert list(relabel(spanish).typologies["name"]) == english


# --- briefing and PowerPoint ------------------------------------------------------------------


def _visible_html_text(page: str) -> str:
    import html as html_module

    body = page[page.index("<body>") :]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r'href="[^"]*"', "", body)
    text = re.sub(r"<[^>]+>", " ", body)
    text = re.sub(r"https?://\S+", " ", html_module.unescape(text))
    return re.sub(r"\s+", " ", text)


def test_briefing_in_french_from_the_command_line(tmp_path):
    from typology.cli import main

    out = tmp_path / "briefing.html"
    assert main(["briefing", "--out", str(out), "--lang", "fr"]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    text = _visible_html_text(page)
    for heading in (
        "Typologies de scénarios pour la sécurité urbaine et la consolidation de la paix",
        "Où se trouvent les typologies",
        "Méthode et sources",
        "Typologie 1 :",
    ):
        assert heading in text
    assert "Where the typologies are" not in text
    # Cited file names ('events/ucdp_ged191_iraq_hdx.csv') stay as written; codes must not.
    assert not leaked_codes(text), sorted(leaked_codes(text))[:10]


def test_powerpoint_in_spanish(analysis):
    from pptx import Presentation

    from typology.analysis import relabel
    from typology.briefing import build_slides
    from typology.io import load_sources
    from typology.powerpoint import briefing_pptx

    with language("es"):
        shown = relabel(analysis)
        data = briefing_pptx(build_slides(shown, sources=load_sources()), render_map=False)
    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts += [p.text for p in shape.text_frame.paragraphs]
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                texts += [str(c) for c in shape.chart.plots[0].categories]
    visible = " ".join(re.sub(r"https?://\S+", " ", t) for t in texts)
    for heading in ("Dónde se encuentran las tipologías", "Método y fuentes", "Tipología 1:"):
        assert heading in visible
    assert "a gran escala" in visible  # the chart's categories are the violence types in Spanish
    assert "Method and sources" not in visible
    assert not leaked_codes(visible), sorted(leaked_codes(visible))[:10]


def test_numbers_in_the_briefing_follow_the_locale(analysis):
    from typology.briefing import build_slides

    with language("fr"):
        slides = build_slides(analysis)
    method = [s for s in slides if s.kind == "scenario"][0]
    ari = method.bullets[0]
    assert re.search(r"\d,\d\d", ari), ari  # 0,26 in French, not 0.26


# --- data text, practices and countries --------------------------------------------------------


def test_codebook_and_guiding_questions_translated():
    from typology.io import data_dir

    codebook = pd.read_csv(data_dir() / "codebook.csv", dtype=str, keep_default_na=False)
    with language("fr"):
        french = translated_table(codebook, "codebook.csv")
    assert (french["column"] == codebook["column"]).all()  # codes stay codes
    changed = french["meaning"] != codebook["meaning"]
    assert changed.mean() > 0.9  # nearly every meaning reads in French
    questions = pd.read_csv(data_dir() / "guiding_questions.csv", dtype=str, keep_default_na=False)
    with language("es"):
        spanish = translated_table(questions, "guiding_questions.csv")
    assert spanish["question"].str.startswith("¿").all()
    assert set(spanish["label"]) >= {"ninguna", "baja", "media", "alta"}
    with language("es"):
        from typology.labels import column_label

        assert column_label("homicide_rate") == "tasa de homicidios por cada 100.000 habitantes"


def test_untranslated_text_says_it_is_english():
    with language("fr"):
        assert text_language("gender-based violence") == "fr"
        assert text_language("A sentence no catalogue holds") == "en"
        assert data_text("A sentence no catalogue holds") == "A sentence no catalogue holds"


def test_practice_text_uses_a_translation_only_when_the_data_has_one():
    record = {
        "name": "Safe streets",
        "name_es": "Calles seguras",
        "translator_es": "A. Translator",
        "summary": "English only",
    }
    from typology.i18n_data import translator

    with language("es"):
        assert practice_text(record, "name") == ("Calles seguras", "es")
        assert practice_text(record, "summary") == ("English only", "en")
        assert translator(record) == "A. Translator"
    with language("fr"):
        assert practice_text(record, "name") == ("Safe streets", "en")


def test_country_names_are_ocha_short_names():
    with language("fr"):
        assert country_name("CIV") == "Côte d'Ivoire"
        assert country_name("COL") == "Colombie"
    with language("es"):
        assert country_name("COL") == "Colombia"
        assert country_name("civ") == "Côte d’Ivoire"  # the taxonomy's own apostrophe
    assert country_name("SSD", "fr") == "Soudan du Sud"
    assert country_name("ZZZ") == "ZZZ"  # an unknown code is not given an invented name


def test_country_table_is_built_from_the_taxonomy():
    source = ROOT.parent / "shared" / "data" / COUNTRY_SOURCE
    if not source.exists():
        pytest.skip("the OCHA taxonomy is not in ../shared/data on this machine")
    built = build_country_names(source)
    bundled = pd.read_csv(ROOT / "data" / "country_names.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(built, bundled)
    taxonomy = pd.read_csv(source, dtype=str, keep_default_na=False)
    row = taxonomy[taxonomy["ISO 3166-1 Alpha 3-Codes"] == "CIV"].iloc[0]
    assert country_name("CIV", "fr") == row["French Short"]
    assert country_name("CIV", "es") == row["Spanish Short"]


def test_no_function_shadows_the_translation_function():
    """`for _, row in ...` or `a, _ = ...` in a function that also calls _() makes `_` local
    there, and the call fails only in the language and branch that reaches it."""
    import ast

    clashes = []
    for path in sorted((ROOT / "typology").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            inner = list(ast.walk(node))
            calls = any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                for n in inner
            )
            binds = any(
                isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                for n in inner
            )
            if calls and binds:
                clashes.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not clashes, clashes
