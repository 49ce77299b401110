"""In-tab page switches and interactions, timed in Chromium: `python -m ui.bench_pages`.

Prints one JSON object; `python -m typology bench --only interactions` runs it in a subprocess
(it lives in ui/ because it reads Streamlit's own messages). One browser tab on a running server
(`serve.py`, as `make run` starts it): the switch from the first page to each page and back,
then a k change, the highlighted typology on Explore, a city on the City page and a Practices
filter, each `--repeat` times. The baseline of the same run: switching between two empty pages
(ui/reference_pages/two_pages.py) and a select box that changes one metric (select_page.py).

A step has settled when the server has said its script run (the page's or a fragment's) has
finished and nothing on the page has changed for QUIET_MS; the time runs from the pointer
release of the click, measured inside the page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from typology.bench import (
    CHROMIUM,
    CHROMIUM_ARGS,
    QUIET_MS,
    REFERENCE_PAGES,
    ROOT,
    _server,
    _wait_rendered,
)

# Runs in the page: from the user's pointer release until the harness has seen the script run
# finish (window.__finished) and nothing in the document has changed for quietMs. `ready` is a
# JavaScript expression that must also hold (the new page's address, say).
SETTLE_PROBE = """([quietMs, ready]) => {
  window.__settled = null; window.__finished = false;
  let t0 = null; let last = null;
  const isReady = new Function('return (' + ready + ');');
  document.addEventListener('pointerup', () => { t0 = last = performance.now(); },
                            {capture: true, once: true});
  const watch = new MutationObserver(() => { if (t0 !== null) last = performance.now(); });
  watch.observe(document.body, {subtree: true, childList: true, attributes: true,
                                characterData: true});
  const app = document.querySelector("[data-testid='stApp']");
  const tick = () => {
    const now = performance.now();
    const idle = app.getAttribute('data-test-script-state') === 'notRunning' &&
      !document.querySelector("[data-testid='stStatusWidget']");
    window.__probe = {t0, last, now, finished: window.__finished, idle, ready: isReady()};
    if (t0 !== null && window.__finished && idle && now - last > quietMs && isReady()) {
      watch.disconnect();
      window.__settled = Math.round(last - t0);
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""

FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class Tab:
    """One browser tab that counts the script runs the server reports as finished."""

    def __init__(self, browser, url: str) -> None:
        self.finished = 0
        self.last_run = ""  # "page" or "fragment": what the server ran last
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("websocket", self._watch)
        self.page.goto(url)
        _wait_rendered(self.page)

    def _watch(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not a message of ours to time
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in FINISHED:
            self.finished += 1
            self.last_run = "fragment" if msg.script_finished == FINISHED[1] else "page"

    def settle(self, act: Callable[[], None], ready: str = "true", timeout_s: float = 180) -> int:
        """Milliseconds from the pointer release of `act` (it must end in a click) to settled."""
        page = self.page
        page.evaluate(SETTLE_PROBE, [QUIET_MS, ready])
        before = self.finished
        act()
        deadline = time.monotonic() + timeout_s
        while self.finished == before:
            if time.monotonic() > deadline:
                raise TimeoutError("the server never finished the script run")
            page.wait_for_timeout(20)
        page.evaluate("() => { window.__finished = true; }")
        try:
            page.wait_for_function("() => window.__settled !== null", timeout=timeout_s * 1000)
        except Exception as error:
            probe = page.evaluate("() => window.__probe")
            raise RuntimeError(f"the page never settled: {probe}") from error
        return page.evaluate("() => window.__settled")

    def switch_to(self, title: str, url_path: str, default: bool = False) -> int:
        """Click the sidebar's link to the page titled `title` (address `url_path`, or the root
        for the default page) and time it until settled."""
        nav = self.page.locator("[data-testid='stSidebarNav']")
        link = nav.locator(f"a:has(span[label={json.dumps(title)}])").first
        ready = f"location.pathname.replace(/\\/$/, '').endsWith('/{url_path}')"
        if default:
            ready = f"(location.pathname === '/' || {ready})"
        return self.settle(link.click, ready)

    def choose(self, label: str, option: str | int, scope: str = "[data-testid='stMain']") -> int:
        """Open the select box or multiselect labelled `label`, click `option` (its text, or its
        position among the options offered) and time it until settled."""
        page = self.page

        def act() -> None:
            page.locator(scope).get_by_label(label, exact=True).first.click()
            if isinstance(option, int):
                page.get_by_role("option").nth(option).click()
            else:
                page.get_by_role("option", name=option, exact=True).click()

        ms = self.settle(act)
        page.keyboard.press("Escape")  # a multiselect stays open after a choice
        return ms


SIDEBAR = "[data-testid='stSidebar']"


def app_timings(tab: Tab, repeat: int, errors: list[str]) -> dict[str, list[int]]:
    from typology.matching import ENTRY_POINT_NAMES
    from ui import text
    from ui.registry import PAGES

    times: dict[str, list[int]] = {}

    def add(name: str, measure: Callable[[], int]) -> None:
        """Time one step; a step that fails is recorded with its reason, not a figure."""
        try:
            ms = measure()
            times.setdefault(name, []).append(ms)
        except Exception as error:  # noqa: BLE001 - reported in the results
            errors.append(f"{name}: {type(error).__name__}: {str(error)[:300]}")
            tab.page.keyboard.press("Escape")

    home = PAGES[0]
    nav = tab.page.locator("[data-testid='stSidebarNav']")
    for _ in range(repeat):
        for spec in PAGES[1:]:  # from the first page to each other page and back
            add(f"switch_to_{spec.url_path}", lambda s=spec: tab.switch_to(s.title, s.url_path))
            if not nav.is_visible():  # Present opens full screen: leave it as a user would
                toggle = tab.page.get_by_label(text.PRESENT_FULLSCREEN, exact=True)
                tab.settle(lambda t=toggle: t.click(force=True))
            add(
                f"switch_to_{home.url_path}", lambda: tab.switch_to(home.title, home.url_path, True)
            )
    for i in range(repeat):
        k = "354"[i % 3]
        add("explore_k_change", lambda k=k: tab.choose("Number of typologies (k)", k, SIDEBAR))
        add("explore_highlight", lambda i=i: tab.choose("Highlight a typology", 1 + i % 2))
        add("explore_highlight_all", lambda: tab.choose("Highlight a typology", 0))
    tab.switch_to("City profile", "city")
    for i in range(repeat):
        add("city_choose", lambda i=i: tab.choose("Context (city and year)", 3 + i))
    tab.switch_to("Practices", "practices")
    entry_points = list(ENTRY_POINT_NAMES.values())
    for i in range(repeat):  # each click adds another entry point to the filter
        name = entry_points[i % len(entry_points)]
        add("practices_filter", lambda n=name: tab.choose("Entry point", n))
    return times


# The floor every page of the app pays (issue 18): switches from an empty page, in the app's
# frame (ui/reference_pages/floor_pages.py, frame_sidebar.py), to a page with the app's sidebar
# drawn by the page (as before issue 18) or by the frame (as app.py now does), and to the
# Sources page with and without the sidebar. Served from the project folder (they import ui).
FLOOR = {
    "floor_pages.py": (
        ("switch_ref_empty_in_app_frame", "Empty too", "empty-too"),
        ("switch_ref_sidebar_drawn_by_page", "Sidebar only", "sidebar-only"),
        ("switch_ref_sources_sidebar_by_page", "Sources", "sources"),
        ("switch_ref_sources_no_sidebar", "Sources without sidebar", "bare"),
    ),
    "frame_sidebar.py": (
        ("switch_ref_empty_sidebar_drawn_by_frame", "Empty too", "empty-too"),
        ("switch_ref_sources_sidebar_by_frame", "Sources", "sources"),
    ),
}


def floor(browser, repeat: int, baseline: dict[str, list[int]]) -> None:
    """Time each FLOOR switch from the empty first page and back, `repeat` times, after one
    untimed visit (the first one fits the typologies the sidebar names)."""
    for script, steps in FLOOR.items():
        with _server(REFERENCE_PAGES / script) as (url, _):
            tab = Tab(browser, url)
            for _name, title, path in steps:
                tab.switch_to(title, path)
                tab.switch_to("Empty", "empty", True)
            for _ in range(repeat):
                for name, title, path in steps:
                    baseline.setdefault(name, []).append(tab.switch_to(title, path))
                    tab.switch_to("Empty", "empty", True)
            tab.page.close()


def measure(repeat: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    baseline: dict[str, list[int]] = {}
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        pages = Path(tmp)
        for name in ("two_pages.py", "select_page.py"):
            shutil.copy(REFERENCE_PAGES / name, pages / name)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with _server(pages / "two_pages.py") as (url, _):
            tab = Tab(browser, url)
            tab.page.wait_for_timeout(1000)
            for _ in range(repeat):
                baseline.setdefault("switch_empty_page", []).append(
                    tab.switch_to("Second", "second")
                )
                baseline["switch_empty_page"].append(tab.switch_to("First", "first", True))
            tab.page.close()
        with _server(pages / "select_page.py") as (url, _):
            tab = Tab(browser, url)
            tab.page.wait_for_timeout(1000)
            for i in range(repeat):
                ms = tab.choose("Number of typologies (k)", "354"[i % 3], SIDEBAR)
                baseline.setdefault("select_one_metric", []).append(ms)
            tab.page.close()
        floor(browser, repeat, baseline)
        with _server(ROOT / "serve.py") as (url, _):
            tab = Tab(browser, url)
            tab.page.wait_for_selector(".js-plotly-plot", timeout=90_000)
            tab.page.wait_for_timeout(3000)
            app = app_timings(tab, repeat, errors)
            tab.page.close()
        browser.close()
    empty = min(baseline["switch_empty_page"])
    select = min(baseline["select_one_metric"])
    summary = {}
    for name, values in {**baseline, **app}.items():
        reference = empty if name.startswith("switch") else select
        summary[name] = {
            "min": min(values),
            "max": max(values),
            "min_over_baseline": min(values) - reference,
        }
    return {
        "repeat": repeat,
        "quiet_ms": QUIET_MS,
        "baseline_ms": baseline,
        "app_ms": app,
        "summary": summary,
        "errors": errors,
        "note": "page switches are compared with switch_empty_page, interactions with "
        "select_one_metric (a select box changing one metric); times in ms",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.bench_pages", description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    result = measure(max(1, args.repeat))
    text = json.dumps(result)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
