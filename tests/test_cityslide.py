"""One slide per chosen city: scenario, intensities beside the typology profile, the basis of
each value, the path over the years, the top practices of its setting."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from typology.analysis import analyse
from typology.cityslide import (
    check_cities,
    city_choices,
    city_path,
    city_slide,
    default_cities,
    value_basis,
)
from typology.schema import VIOLENCE_TYPES


@pytest.fixture
def analysis(synthetic_contexts):
    return analyse(synthetic_contexts, k=4, seed=0)


def test_the_city_sits_beside_its_typology_profile(analysis):
    row = analysis.contexts.iloc[0]
    slide = city_slide(analysis, row["context_id"])
    city, profile = slide.chart["series"].values()
    assert city == [float(row[v]) for v in VIOLENCE_TYPES]
    typology = int(row["typology"])
    assert profile == [round(float(analysis.profile.loc[typology, v]), 2) for v in VIOLENCE_TYPES]
    assert slide.subtitle.endswith(str(row["typology_name"]))
    assert dict(slide.facts)["Scenario"].startswith("armed conflict ×")


def test_an_unknown_intensity_is_no_bar_and_reads_unknown(analysis):
    contexts = analysis.contexts.copy()
    contexts.loc[0, "spontaneous"] = np.nan
    analysis.contexts = contexts
    slide = city_slide(analysis, contexts.loc[0, "context_id"])
    city = next(iter(slide.chart["series"].values()))
    assert city[VIOLENCE_TYPES.index("spontaneous")] is None
    assert "spontaneous unknown" in slide.bullets[0]
    assert any(b.startswith("Unknown:") and "spontaneous" in b for b in slide.bullets)
    assert "nan" not in " ".join(slide.bullets)


def test_basis_comes_from_the_provenance_basis_column_when_there_is_one():
    row = pd.Series({"context_id": "x", **dict.fromkeys(VIOLENCE_TYPES, 1)})
    provenance = pd.DataFrame(
        {
            "context_id": ["x", "x"],
            "field": ["small_scale", "domestic"],
            "basis": ["city_figure", "country_proxy"],
        }
    )
    basis = value_basis(row, provenance)
    assert basis["small_scale"] == "city evidence"
    assert basis["domestic"] == "country-level"
    assert basis["public"] == "unknown"  # no basis given


def test_without_a_basis_column_the_codebook_rules_give_it():
    row = pd.Series(
        {
            "context_id": "x",
            **dict.fromkeys(VIOLENCE_TYPES, 1),
            "homicide_rate": 12.7,
            "homicide_rate_level": "country-proxy",
            "ipv_prevalence": 10.0,
        }
    )
    basis = value_basis(row, None)
    assert basis["small_scale"] == basis["public"] == "country-level"
    assert basis["domestic"] == "country-level"
    assert basis["spontaneous"] == "unknown"  # no indicator measures it
    assert basis["large_scale"] == "country-level"  # conflict status is national
    row["homicide_rate_level"] = "city"
    assert value_basis(row, None)["small_scale"] == "city evidence"


def test_unknown_ids_are_refused_with_close_matches(analysis):
    with pytest.raises(ValueError, match="did you mean testville-1"):
        check_cities(analysis.contexts, ["testvile-1"])
    assert check_cities(analysis.contexts, [" testville-2 ", ""]) == ["testville-2"]


def test_the_twg_cities_are_preselected_latest_year_first_named():
    contexts = pd.DataFrame(
        {
            "context_id": ["juba-2012", "juba-2017", "paris-2015", "bogota-2018"],
            "city": ["Juba", "Juba", "Paris", "Bogotá"],
            "year": [2012, 2017, 2015, 2018],
        }
    )
    assert default_cities(contexts) == ["juba-2017", "bogota-2018"]


def test_the_path_lists_each_year_of_the_city(analysis):
    contexts = analysis.contexts.copy()
    contexts.loc[[0, 1], "city"] = "Twotown"
    path = city_path(contexts, contexts.loc[0, "context_id"])
    assert path.count("→") == 1


def test_the_briefing_command_adds_one_slide_per_city(
    tmp_path, synthetic_contexts, capsys, monkeypatch
):
    from pptx import Presentation

    # No browser: the map falls back to its table (and the test needs no Chromium start).
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))

    from tests.test_powerpoint import layout_problems, visible_texts
    from typology.cli import main

    data = tmp_path / "contexts.csv"
    synthetic_contexts.to_csv(data, index=False)
    out = tmp_path / "b.pptx"
    code = main(
        ["briefing", "--out", str(out), "--data", str(data), "--cities", "testville-0,testville-9"]
    )
    assert code == 0
    assert layout_problems(out.read_bytes()) == []
    deck = Presentation(io.BytesIO(out.read_bytes()))
    titles = [next(visible_texts(s), "") for s in deck.slides]
    assert "Testville 0 (TST, 2015)" in titles and "Testville 9 (TST, 2015)" in titles
    bad = main(["briefing", "--out", str(out), "--data", str(data), "--cities", "nowhere"])
    assert bad == 2 and "no context 'nowhere'" in capsys.readouterr().err


def test_the_page_and_html_get_the_same_comparison_as_a_figure(analysis):
    contexts = analysis.contexts.copy()
    contexts.loc[0, "domestic"] = np.nan
    analysis.contexts = contexts
    slide = city_slide(analysis, contexts.loc[0, "context_id"])
    city, typology = slide.figure.data
    assert list(city.x) == slide.chart["categories"]
    assert city.text[VIOLENCE_TYPES.index("domestic")] == "unknown"
    assert list(typology.y) == list(slide.chart["series"].values())[1]


def test_the_html_briefing_with_cities_shows_words_not_codes(analysis):
    import html
    import re

    from typology.briefing import briefing_html, build_slides
    from typology.labels import SNAKE

    slides = build_slides(analysis)
    slides[-1:-1] = [city_slide(analysis, "testville-0")]
    page = briefing_html(slides)
    body = re.sub(r"<script.*?</script>", "", page[page.index("<body>") :], flags=re.S)
    shown = re.sub(r"https?://\S+", "", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    assert "Testville 0 (TST, 2015)" in shown
    assert SNAKE.findall(shown) == []
    assert not re.search(r"\bnan\b", shown)


def test_the_picker_lists_cities_in_words_by_name_then_year(synthetic_contexts):
    choices = city_choices(synthetic_contexts)
    assert choices["testville-0"] == "Testville 0 (TST, 2015)"
    labels = list(choices.values())
    assert labels == sorted(labels, key=lambda x: (x.split(" (")[0], x[-5:-1]))


def test_unknown_nullable_codes_read_unknown_not_an_error():
    from typology.cityslide import _present

    assert not _present(pd.NA) and not _present(float("nan")) and not _present("")
    assert _present(0) and _present(3)
