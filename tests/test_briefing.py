"""The briefing: slides from an analysis, the offline HTML file, the PowerPoint, the command."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from typology.analysis import analyse
from typology.briefing import (
    TEXT,
    briefing_html,
    briefing_pptx,
    build_slides,
    data_version,
    used_sources,
)
from typology.cli import main

SOURCES = pd.DataFrame(
    {
        "source_id": ["test-a", "test-b"],
        "citation": ["Test source A <with markup>", "Test source B"],
        "url": ["https://example.org/a", "https://example.org/b"],
        "licence": ["CC BY 4.0", "CC BY 4.0"],
        "accessed": ["2026-01-01", "2026-01-01"],
    }
)


@pytest.fixture
def analysis(synthetic_contexts):
    contexts = synthetic_contexts.assign(sources="test-a")
    return analyse(contexts, k=4, seed=0)


def kinds(slides):
    return [s.kind for s in slides]


def test_slides_title_map_every_typology_then_method(analysis):
    slides = build_slides(analysis, sources=SOURCES)
    assert kinds(slides) == ["title", "map", "scenario", *["typology"] * analysis.k, "method"]
    assert slides[0].subtitle == TEXT["question"]
    assert [s.typology for s in slides if s.kind == "typology"] == list(range(1, analysis.k + 1))
    for slide in slides[3:-1]:
        row = analysis.typologies.set_index("typology").loc[slide.typology]
        assert row["name"] in slide.title
        assert len(slide.members) == row["size"]
        facts = dict(slide.facts)
        assert facts["Representative"] == row["representative"]
        # The profile: the typology's seven means beside the overall mean.
        bars = slide.figure.data
        assert [len(t.y) for t in bars] == [7, 7]
        assert list(bars[0].y) == analysis.profile.loc[slide.typology].tolist()
        assert bars[1].name == "all contexts"


def test_map_slide_has_the_map_and_a_table_of_typologies(analysis):
    slide = build_slides(analysis)[1]
    assert {t.type for t in slide.figure.data} == {"scattergeo"}
    assert sum(len(t.lat) for t in slide.figure.data) == len(analysis.contexts)
    assert slide.table["contexts"].sum() == len(analysis.contexts)


def test_method_slide_states_parameters_data_version_and_cited_sources(analysis):
    slide = build_slides(analysis, sources=SOURCES)[-1]
    facts = dict(slide.facts)
    assert facts["Typologies (k)"] == "4"
    assert facts["Random seed"] == "0"
    assert "large-scale" in facts["Features"]  # the seven intensities by default, in words
    assert facts["Data version"] == f"sha256 {data_version(analysis.contexts)}"
    assert slide.table["source_id"].tolist() == ["test-a"]  # only the cited source


def test_data_version_follows_the_data_not_the_analysis(synthetic_contexts):
    first = analyse(synthetic_contexts, k=3)
    second = analyse(synthetic_contexts, k=4, method="ward")
    assert data_version(first.contexts) == data_version(second.contexts)
    assert len(data_version(first.contexts)) == 12
    changed = synthetic_contexts.copy()
    changed.loc[0, "homicide_rate"] += 1
    assert data_version(changed) != data_version(synthetic_contexts)


def test_used_sources_falls_back_to_all_when_none_is_cited(synthetic_contexts):
    assert len(used_sources(synthetic_contexts, SOURCES)) == 2
    assert used_sources(synthetic_contexts, None).empty


def test_a_filtered_selection_only_gets_slides_for_its_typologies(analysis):
    shown = analysis.contexts[analysis.contexts["typology"] == 2]
    slides = build_slides(analysis, contexts=shown)
    assert [s.typology for s in slides if s.kind == "typology"] == [2]
    assert dict(slides[0].facts)["Contexts"] == str(len(shown))


def test_practices_and_gaps_slides_join_only_when_given(analysis):
    practices = pd.DataFrame(
        {"name": ["Test practice"], "city": ["Testville 1"], "evidence_grade": ["promising"]}
    )
    gaps = pd.DataFrame({"entry_point": ["mediation_and_dialogue"], "effective": [0]})
    without = build_slides(analysis, practices_by_typology=None)
    assert "practices" not in kinds(without) and "gaps" not in kinds(without)
    slides = build_slides(analysis, practices_by_typology={1: practices}, evidence_gaps=gaps)
    assert kinds(slides)[3:5] == ["typology", "practices"]
    assert kinds(slides).count("practices") == 1  # typologies without practices: no slide
    assert kinds(slides)[-2:] == ["gaps", "method"]
    assert slides[4].table["name"].tolist() == ["Test practice"]


REMOTE = [
    r"<script[^>]*\bsrc\s*=",
    r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//",
    r"<img[^>]*\bsrc\s*=\s*[\"']?(https?:)?//",
    r"<iframe",
    r"@import",
    r"url\(\s*[\"']?(https?:)?//",
    r"fetch\(\s*[\"'](https?:)?//",
]


@pytest.fixture
def html_text(analysis):
    return briefing_html(build_slides(analysis, sources=SOURCES))


def test_html_fetches_nothing_from_any_host(html_text):
    for pattern in REMOTE:
        assert not re.search(pattern, html_text, flags=re.IGNORECASE), pattern


def test_html_inlines_plotly_once_and_registers_the_world_outline(html_text):
    from plotly.offline import get_plotlyjs

    assert html_text.count(get_plotlyjs()[:300]) == 1
    assert html_text.count("Plotly.newPlot") >= 2  # the map and the profiles, interactive
    head = html_text[: html_text.index("</head>")]
    assert 'window.PlotlyGeoAssets = {topojson: {"world_110m": {"type":"Topology"' in head
    assert html_text.index("PlotlyGeoAssets") < html_text.index(get_plotlyjs()[:300])


def test_html_has_every_slide_parameters_version_and_sources(analysis, html_text):
    assert html_text.count('<section class="slide') == analysis.k + 4
    assert TEXT["question"] in html_text
    assert data_version(analysis.contexts) in html_text
    assert "Test source A &lt;with markup&gt;" in html_text
    assert '<a href="https://example.org/a"' in html_text  # a link to follow, not a fetch
    assert "@media print" in html_text


def test_html_escapes_text_from_the_data(synthetic_contexts):
    contexts = synthetic_contexts.copy()
    contexts.loc[0, "city"] = "<script>alert(1)</script> & Co"
    html_text = briefing_html(build_slides(analyse(contexts, k=4)))
    assert "<script>alert(1)" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html_text


def test_pptx_has_the_same_slides_with_native_profile_charts(analysis):
    from pptx import Presentation

    slides = build_slides(analysis, sources=SOURCES)
    deck = Presentation(io.BytesIO(briefing_pptx(slides, render_map=False)))
    # Each briefing slide gives one or more (a long table continues on the next).
    assert len(deck.slides) >= len(slides)
    charts = [s for s in deck.slides for shape in s.shapes if shape.has_chart]
    assert len(charts) == analysis.k
    texts = " ".join(
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    )
    assert TEXT["question"] in texts and data_version(analysis.contexts) in texts


def test_briefing_command_writes_html_and_pptx(tmp_path, synthetic_contexts, capsys):
    data = tmp_path / "contexts.csv"
    synthetic_contexts.to_csv(data, index=False)
    out = tmp_path / "briefing.html"
    assert main(["briefing", "--out", str(out), "--data", str(data), "--k", "3"]) == 0
    text = out.read_text(encoding="utf-8")
    # title, map, scenario, method; one slide per typology and one of its practices; gaps
    assert text.count('<section class="slide') == 4 + 3 + 3 + 1
    assert text.count('<section class="slide practices') == 3
    assert text.count('<section class="slide gaps') == 1
    assert "written to" in capsys.readouterr().out
    pptx = tmp_path / "briefing.pptx"
    assert main(["briefing", "--out", str(pptx), "--data", str(data), "--format", "pptx"]) == 0
    assert pptx.read_bytes()[:2] == b"PK"


def test_briefing_command_on_a_missing_file_prints_a_plain_error(tmp_path, capsys):
    code = main(["briefing", "--out", str(tmp_path / "b.html"), "--data", str(tmp_path / "no")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_scenario_slide_crosses_settings_with_violence_typologies(synthetic_contexts):
    from typology.briefing import scenario_slide

    analysis = analyse(synthetic_contexts, k=4, n_boot=2)
    slide = scenario_slide(analysis, analysis.contexts)
    assert slide.table["setting"].tolist() == [
        "armed conflict",
        "post-conflict",
        "criminal violence",
        "stable",
    ]
    assert len(slide.table.columns) == 1 + analysis.k
    assert "adjusted Rand index" in slide.bullets[0]


def test_a_city_slide_for_a_context_not_classified_says_why():
    from tests.conftest import make_contexts
    from typology.briefing import city_slides
    from typology.schema import VIOLENCE_TYPES

    contexts = make_contexts()
    blanked = contexts["context_id"].iloc[0]
    contexts[list(VIOLENCE_TYPES)] = contexts[list(VIOLENCE_TYPES)].astype("Int64")
    contexts.loc[0, list(VIOLENCE_TYPES[:4])] = pd.NA  # 3 of 7 known: too few to classify
    analysis = analyse(contexts, k=2)
    with pytest.raises(ValueError, match=f"{blanked}: only 3 of 7"):
        city_slides(analysis, [blanked], None, None, provenance=pd.DataFrame())
