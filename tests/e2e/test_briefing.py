"""The HTML briefing opened from a file in Chromium with the network cut: every chart draws,
the world map draws its country outlines from the embedded TopoJSON, and nothing is requested
from any host."""

import pytest

from typology.analysis import analyse
from typology.briefing import briefing_html, build_slides
from typology.io import load_contexts, load_table

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def briefing_file(tmp_path_factory):
    analysis = analyse(load_contexts(), k=4)
    slides = build_slides(analysis, sources=load_table("sources.csv"))
    path = tmp_path_factory.mktemp("briefing") / "briefing.html"
    path.write_text(briefing_html(slides), encoding="utf-8")
    return path, slides


def test_briefing_renders_offline_from_a_file(browser, briefing_file):
    path, slides = briefing_file
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    attempted = []

    def guard(route):
        # Anything that is not the file itself is recorded and refused.
        if route.request.url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(path.as_uri())
    charts = sum(1 for s in slides if s.figure is not None)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
        timeout=30_000,
    )
    assert page.locator(".js-plotly-plot").count() == charts
    assert page.locator("section.slide").count() == len(slides)
    page.wait_for_selector(".geo .countries path", state="attached", timeout=20_000)
    outline = page.locator(".geo .countries path").first.get_attribute("d") or ""
    assert len(outline) > 10_000  # real country borders from the embedded TopoJSON
    assert page.locator(".scattergeo .point").count() > 10
    assert page.locator(".barlayer .point").count() > 0  # the typology profiles drew bars
    assert errors == []
    assert attempted == []
    context.close()
