"""Every page in a real browser: no exception, a chart drawn, no request off this machine."""

import pandas as pd
import pytest

from tests.e2e.conftest import ROOT, wait_for_app
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
    # The offline map really drew country outlines from the app's own TopoJSON.
    page.wait_for_selector(".geo .countries path", timeout=20_000)
    outline = page.locator(".geo .countries path").first.get_attribute("d") or ""
    assert len(outline) > 10_000  # real country borders, not an empty shape
    assert page.locator(".scattergeo .point").count() > 10
    # The sections below the map are lazy tabs: the profile heatmap is drawn when opened.
    assert page.locator(".js-plotly-plot .heatmaplayer").count() == 0
    page.get_by_role("tab", name="Typology profiles").click()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    wait_for_app(page)
    assert "explore_section=profiles" in page.url
    assert page.locator(".js-plotly-plot").count() == 2  # the map and the profile
    assert page.locator("[data-testid='stException']").count() == 0
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


def _settle_with_chart(page):
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []


def test_city_page_draws_the_path_of_a_city_over_time(page, app_url):
    # The path is in the profile's "over time" section: the link opens it (issue 18).
    page.goto(app_url + "city?city=medellin-col-2015&city_section=over_time")
    _settle_with_chart(page)
    assert "Medellín" in page.locator("h2").first.inner_text()
    assert "city_section=over_time" in page.url
    # The typology path: one point per Medellín context (five years).
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() >= 5


def test_compare_page_draws_the_radar(page, app_url):
    page.goto(app_url + "compare")
    _settle_with_chart(page)
    assert page.locator(".js-plotly-plot .scatterpolar, .js-plotly-plot .polar").count() >= 1


def test_whatif_page_places_a_profile(page, app_url):
    page.goto(app_url + "what-if")
    _settle_with_chart(page)
    assert page.get_by_text("Typology:").count() >= 1
    assert page.locator("[data-testid='stMetric']", has_text="Membership share").count() == 1


def test_a_shared_link_reopens_the_same_view(page, app_url):
    page.goto(app_url + "?k=3&method=gmm&region=Africa&focus=1")
    _settle_with_chart(page)
    metric = page.locator("[data-testid='stMetric']", has_text="Typologies")
    assert metric.locator("[data-testid='stMetricValue']").inner_text().strip() == "3"
    sidebar = page.locator("[data-testid='stSidebar']")
    shipped = pd.read_csv(ROOT / "data" / "cities.csv")
    african = (shipped["region"] == "Africa").sum()
    assert f"{african} of {len(shipped)} contexts selected" in sidebar.inner_text()
    assert sidebar.get_by_label("Method").input_value() == "Gaussian mixture"
    # The state stays in the address bar, so copying it shares this view.
    assert "k=3" in page.url and "region=Africa" in page.url


def test_navigating_keeps_the_state_in_the_url(page, app_url):
    page.goto(app_url + "?k=5&setting=armed_conflict")
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Compare").click()
    wait_for_app(page)
    assert "/compare" in page.url
    assert "k=5" in page.url and "setting=armed_conflict" in page.url
    assert sidebar_k(page) == "5"
    # And back: the choice survives a second page switch (Streamlit 1.67 needs
    # persist_state="session" on the shared widgets for this).
    page.locator("[data-testid='stSidebarNav'] a", has_text="Explore").click()
    wait_for_app(page)
    assert sidebar_k(page) == "5" and "k=5" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


def sidebar_k(page) -> str:
    sidebar = page.locator("[data-testid='stSidebar']")
    return sidebar.get_by_label("Number of typologies (k)").input_value()


def test_a_deep_link_on_a_fresh_server_shows_the_app_navigation(page, fresh_app_url):
    # A first visit straight to a page must get the app's own navigation and layout, not a
    # list of script files (what Streamlit shows when page scripts live in a pages/ folder).
    page.goto(fresh_app_url + "compare")
    wait_for_app(page)
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert all(p.title in nav for p in PAGES)
    assert "whatif" not in nav and "app" not in nav.split()
    assert page.locator("h1", has_text="Compare").count() == 1


def test_rerun_probe_of_the_benchmark_times_a_real_k_change(page, app_url):
    """The benchmark's in-page probe (typology.bench.RERUN_PROBE) reports the new count on screen
    no later than the page settling, and the page then shows the new k in a plain table."""
    from typology.bench import time_k_change

    page.goto(app_url)
    wait_for_app(page)
    timing = time_k_change(page, "6")
    assert 0 < timing["shown"] <= timing["settled"]
    rows = page.locator("[data-testid='stTable'] tbody tr")
    assert rows.count() == 6  # one row per typology


def test_a_highlight_or_a_city_reruns_only_its_fragment_and_still_updates_the_link(
    browser, app_url
):
    """Issue 18: the highlighted typology on Explore and the context on City profile rerun their
    fragment, not the page (the sidebar is kept), and the copied link follows the choice."""
    from ui.bench_pages import SIDEBAR, Tab

    tab = Tab(browser, app_url)
    try:
        tab.page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        tab.choose("Highlight a typology", 2)
        assert tab.last_run == "fragment"
        assert "focus=2" in tab.page.url
        rows = tab.page.locator("[data-testid='stTable'] tbody tr")
        assert rows.count() == 1  # the table shows the highlighted typology only
        tab.choose("Number of typologies (k)", "5", SIDEBAR)
        assert tab.last_run == "page"  # the sidebar's settings still rerun the whole page
        assert "k=5" in tab.page.url

        tab.switch_to("City profile", "city")
        heading = tab.page.locator("h2").first.inner_text()
        before = _param(tab.page.url, "city")
        tab.choose("Context (city and year)", 3)
        assert tab.last_run == "fragment"
        after = _param(tab.page.url, "city")
        assert after and after != before
        assert tab.page.locator("h2").first.inner_text() != heading  # the profile followed
        assert tab.page.locator("[data-testid='stException']").count() == 0
    finally:
        tab.page.close()


def _param(url: str, name: str) -> str | None:
    from urllib.parse import parse_qs, urlsplit

    return (parse_qs(urlsplit(url).query).get(name) or [None])[0]
