"""The Method page in a real browser: charts drawn, no exception, no request off this machine."""

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_method_page_draws_its_charts_offline(page, app_url):
    page.goto(app_url + "method")
    wait_for_app(page)
    # The projection and the relative profile are drawn; the k-against-chance and stability
    # tables and the scenario matrix are shown; no exception, nothing fetched elsewhere.
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=120_000
    )
    page.get_by_text("How many typologies, against chance?").wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() > 100
    assert page.locator(".js-plotly-plot .heatmaplayer").count() >= 1
    assert page.get_by_text("How stable is each typology?").count() == 1
    assert page.get_by_text("Scenarios: setting x violence typology").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []
