"""The Method page in a real browser: its sections open as lazy tabs, each draws its tables and
charts when clicked and is kept in the link; no exception, no request off this machine."""

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_method_sections_open_on_click_and_draw_their_charts_offline(page, app_url):
    page.goto(app_url + "method")
    wait_for_app(page)
    # The first section: the scenario matrix and the relative profile; the others not drawn.
    page.get_by_text("Scenarios: setting x violence typology").wait_for(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=120_000)
    assert page.get_by_text("How many typologies, against chance?").count() == 0
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() == 0

    page.get_by_role("tab", name="k against chance").click()
    page.get_by_text("How many typologies, against chance?").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "method_section=chance" in page.url

    page.get_by_role("tab", name="Stability and membership").click()
    page.get_by_text("How stable is each typology?").wait_for(timeout=60_000)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length > 100",
        timeout=60_000,
    )
    wait_for_app(page)
    assert "method_section=stability" in page.url
    assert page.get_by_text("How many typologies, against chance?").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []


def test_a_link_opens_its_method_section(page, app_url):
    page.goto(app_url + "method?method_section=stability")
    wait_for_app(page)
    page.get_by_text("How sure is each assignment?").wait_for(timeout=60_000)
    assert (
        page.get_by_role("tab", name="Stability and membership").get_attribute("aria-selected")
        == "true"
    )
    assert "method_section=stability" in page.url
    assert page.get_by_text("Scenarios: setting x violence typology").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []
