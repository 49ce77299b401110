"""The language switch in a real browser (issue 17): a shared link with ?lang=fr opens in
French, stays French across pages, and choosing Español puts lang=es in the address."""

import pytest

from tests.e2e.conftest import wait_for_app
from typology.i18n import _, language

pytestmark = pytest.mark.e2e


def _in(lang: str, text: str) -> str:
    with language(lang):
        return _(text)


def test_french_link_survives_a_page_change_and_spanish_reaches_the_url(page, app_url):
    page.goto(app_url + "sources?lang=fr")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == _in("fr", "Sources and codebook")
    nav = page.locator("[data-testid='stSidebarNav']")
    # The navigation itself is French: Compare reads Comparer.
    nav.get_by_role("link", name=_in("fr", "Compare"), exact=True).click()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == _in("fr", "Compare contexts")
    page.wait_for_url("**lang=fr**", timeout=20_000)  # a link copied here reopens in French
    assert page.locator("[data-testid='stException']").count() == 0

    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label(_in("fr", "Language")).click()
    page.get_by_role("option", name="Español", exact=True).click()
    wait_for_app(page)
    page.wait_for_url("**lang=es**", timeout=20_000)
    assert page.locator("h1").first.inner_text().strip() == _in("es", "Compare contexts")
    assert nav.get_by_role("link", name=_in("es", "Compare"), exact=True).count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []


def test_a_fragment_rerun_stays_french(browser, app_url):
    """Issue 18's fragments rerun without app.py: the highlighted typology on Explore still
    redraws its part of the page in French (the session's choice, not English)."""
    from ui.bench_pages import Tab

    tab = Tab(browser, app_url + "?lang=fr")
    try:
        tab.page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        tab.choose(_in("fr", "Highlight a typology"), 2)
        assert tab.last_run == "fragment"
        headings = tab.page.locator("[data-testid='stMain'] h3").all_inner_texts()
        assert _in("fr", "Where the typologies are") in [h.strip() for h in headings]
        assert "lang=fr" in tab.page.url and "focus=2" in tab.page.url
        assert tab.page.locator("[data-testid='stException']").count() == 0
    finally:
        tab.page.context.close()
