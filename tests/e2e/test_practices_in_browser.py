"""The Practices page in a real browser: no exception, the evidence-gap matrix drawn, offline."""

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_practices_page_draws_the_gap_matrix_offline(page, app_url):
    page.goto(app_url + "practices")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1", has_text="Practices").count() == 1
    page.get_by_role("tab", name="Evidence gaps").click()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=20_000)
    chart = page.locator(".js-plotly-plot").first
    # Two heatmap images: the evaluated counts and the cells without evaluated evidence.
    assert chart.locator(".heatmaplayer image").count() == 2
    assert chart.locator("text", has_text="none").count() > 0
    assert chart.locator(".ytick").count() >= 12  # one row per entry point
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []


def test_practices_filter_and_record_in_the_browser(page, app_url):
    page.goto(app_url + "practices")
    wait_for_app(page)
    page.get_by_role("tab", name="A practice's full record").click()
    link = page.locator("[data-testid='stMarkdownContainer'] a[href^='https://']").first
    link.wait_for(timeout=20_000)
    assert link.get_attribute("href").startswith("https://")
    # The record shows its outcomes on two axes (effect, strength) as a table.
    page.get_by_text("Outcomes: effect and strength of evidence").first.wait_for(timeout=20_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []
