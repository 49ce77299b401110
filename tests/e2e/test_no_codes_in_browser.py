"""Issue 19: no page shows a raw code (snake_case) or "nan" to a reader.

Every page of the registry is opened in Chromium; each of its tabs is shown and its expanders
opened; the visible text and the cells of every table (the data grid's accessible table: the
grid itself is drawn on a canvas) are searched with typology.labels.leaked_codes. Left out on
purpose: icon names (Material icons are ligatures: their text is 'arrow_forward'), URLs and file
names (leaked_codes skips them), and the codebook tables, which explain the codes to machines.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import start_server, wait_for_app
from typology.labels import leaked_codes
from ui.registry import PAGES
from ui.widgets import CODES_PREFIX

pytestmark = pytest.mark.e2e

# Tables of codes on purpose (the codebook explains them) sit in a container keyed with this.
CODE_TABLES = (CODES_PREFIX,)

READ_PAGE = """(skip) => {
  const main = document.querySelector("[data-testid='stMain']");
  const icons = new Set(Array.from(
    main.querySelectorAll("[data-testid='stIconMaterial'], [data-testid='stExpanderIcon']")
  ).map(e => e.textContent.trim()));
  let text = main.innerText;
  for (const icon of icons) { if (icon) text = text.split(icon).join(" "); }
  const cells = [];
  for (const grid of main.querySelectorAll("[data-testid='stDataFrame']")) {
    if (skip.some(prefix => grid.closest("[class*='st-key-" + prefix + "']"))) continue;
    for (const cell of grid.querySelectorAll("table th, table td")) cells.push(cell.textContent);
  }
  return {text, cells};
}"""


@pytest.fixture(scope="module")
def server_url(chromium_path):
    server, url = start_server()
    yield url
    server.terminate()
    server.wait(timeout=10)


def _tall(page) -> None:
    """Show the whole page at once: the data grid only builds its accessible table for rows on
    screen, and Streamlit scrolls inside its main panel."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), 16000)})
    page.wait_for_timeout(600)


def _open_expanders(page) -> None:
    summaries = page.locator(
        "[data-testid='stMain'] [data-testid='stExpander'] details:not([open]) > summary"
    )
    for i in range(summaries.count()):
        item = summaries.nth(i)
        if item.is_visible():
            item.click()
    page.wait_for_timeout(400)


def _leaks(page) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    tabs = page.locator("[data-testid='stMain'] [data-testid='stTab']")
    for i in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(i).click()
            wait_for_app(page)
        _open_expanders(page)
        _tall(page)
        seen = page.evaluate(READ_PAGE, list(CODE_TABLES))
        for line in seen["text"].splitlines():
            for code in leaked_codes(line):
                found.setdefault(code, set()).add(line.strip()[:100])
        for cell in seen["cells"]:
            for code in leaked_codes(cell):
                found.setdefault(code, set()).add(f"table cell: {cell[:100]}")
    return found


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_no_page_shows_a_raw_code_or_nan(page, server_url, spec):
    page.goto(server_url + ("" if spec.default else spec.url_path))
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    leaks = _leaks(page)
    assert not leaks, "\n".join(f"{code}: {sorted(where)[:3]}" for code, where in leaks.items())
    assert page.external_requests == []


# With city evidence only, country proxies become unknown: many empty values to show as words.
UNKNOWN_HEAVY = [p for p in PAGES if p.url_path in ("city", "compare", "what-if", "method")]


@pytest.mark.parametrize("spec", UNKNOWN_HEAVY, ids=[p.url_path for p in UNKNOWN_HEAVY])
def test_no_nan_when_country_proxies_count_as_unknown(page, server_url, spec):
    page.goto(server_url + spec.url_path + "?city_evidence=True")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    leaks = _leaks(page)
    assert not leaks, "\n".join(f"{code}: {sorted(where)[:3]}" for code, where in leaks.items())


def test_the_search_finds_a_code_where_there_is_one(page, server_url):
    """The check itself works: the codebook table holds codes, and is read when not skipped."""
    page.goto(server_url + "sources")
    wait_for_app(page)
    page.locator("[data-testid='stTab']", has_text="Codebook").click()
    wait_for_app(page)
    _tall(page)
    seen = page.evaluate(READ_PAGE, [])
    assert any("large_scale" in leaked_codes(cell) for cell in seen["cells"])


def test_no_slide_of_the_present_page_shows_a_raw_code_or_nan(page, server_url):
    """The Present page shows one slide at a time: walk them all with its Next button."""
    page.goto(server_url + "present")
    wait_for_app(page)
    leaks: dict[str, set[str]] = {}
    for number in range(1, 60):
        for code, where in _leaks(page).items():
            leaks.setdefault(code, set()).update(f"slide {number}: {w}" for w in where)
        following = page.locator(".st-key-slide_next button")
        if following.count() == 0 or following.is_disabled():
            break
        following.click()
        wait_for_app(page)
    assert number > 1, "the deck has more than one slide"
    assert not leaks, "\n".join(f"{code}: {sorted(where)[:3]}" for code, where in leaks.items())


def _least_known_context() -> str:
    """A shipped context with as many unknown intensities as can still be classified (read from
    the data, which a rebuild may change)."""
    import pandas as pd

    from tests.e2e.conftest import ROOT
    from typology.features import MIN_KNOWN_INTENSITIES, known_intensities

    cities = pd.read_csv(ROOT / "data" / "cities.csv")
    known = known_intensities(cities)
    usable = cities[known >= MIN_KNOWN_INTENSITIES].assign(known=known)
    return str(usable.sort_values(["known", "context_id"]).iloc[0]["context_id"])


def test_a_city_with_unknown_values_shows_unknown_not_nan(page, server_url):
    page.goto(server_url + f"city?city={_least_known_context()}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    leaks = _leaks(page)
    assert not leaks, "\n".join(f"{code}: {sorted(where)[:3]}" for code, where in leaks.items())
