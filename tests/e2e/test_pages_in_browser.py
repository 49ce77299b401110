"""Every page in a real browser: no exception, a chart drawn, no request off this machine."""

import pytest

from tests.e2e.conftest import wait_for_app
from ui.registry import PAGES

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_offline(page, app_url, spec):
    page.goto(app_url + ("" if spec.default else spec.url_path))
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").count() >= 1
    assert page.external_requests == []


def test_explore_draws_the_map_and_profile(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    assert page.locator(".js-plotly-plot").count() >= 2
    # The offline map really drew country outlines from the app's own TopoJSON.
    page.wait_for_selector(".geo .countries path", timeout=20_000)
    outline = page.locator(".geo .countries path").first.get_attribute("d") or ""
    assert len(outline) > 10_000  # real country borders, not an empty shape
    assert page.locator(".scattergeo .point").count() > 10
    assert page.external_requests == []


def test_changing_k_in_the_sidebar_redraws(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label("Number of typologies (k)").click()
    page.get_by_role("option", name="3", exact=True).click()
    wait_for_app(page)
    metric = page.locator("[data-testid='stMetric']", has_text="Typologies")
    assert metric.locator("[data-testid='stMetricValue']").inner_text().strip() == "3"
    assert page.locator("[data-testid='stException']").count() == 0
