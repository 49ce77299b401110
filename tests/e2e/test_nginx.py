"""The app in Chromium through nginx to two replicas (issue 18): pages settle with no request
leaving 127.0.0.1, an upload reaches the replica that holds the session, and a page whose
replica crashes comes back on the other one."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_concurrency import typologies_metric
from tests.e2e.test_data_page import contexts_metric, go_to, latin1_semicolon_csv
from tests.test_replicas import _nginx_or_skip
from typology.replicas import serve_replicas

pytestmark = pytest.mark.e2e
SHOWS_THREE_TYPOLOGIES = """() => [...document.querySelectorAll("[data-testid='stMetric']")].some(
    m => m.innerText.includes("Typologies") && m.innerText.trim().endsWith("3"))"""


def choose_k(page, k: str) -> None:
    page.locator("[data-testid='stSidebar']").get_by_label("Number of typologies (k)").click()
    page.get_by_role("option", name=k, exact=True).click()


@pytest.fixture
def two_replicas(chromium_path):
    _nginx_or_skip()
    with serve_replicas(2) as deployment:
        yield deployment


def _upstreams_since(deployment, skip: int, path: str = "/") -> list[str]:
    lines = deployment.access_log.read_text(encoding="utf-8").splitlines()[skip:]
    return [line.split()[-1] for line in lines if f" GET {path} " in line]


def _log_length(deployment) -> int:
    return len(deployment.access_log.read_text(encoding="utf-8").splitlines())


def test_participants_through_nginx_keep_their_own_upload(browser, two_replicas):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    pages = [context.new_page() for context in contexts]
    outside: list[str] = []
    for page in pages:
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if r.url.startswith("http") and "//127.0.0.1:" not in r.url
                else None
            ),
        )
    try:
        for page in pages:
            page.goto(two_replicas.url)
        for page in pages:
            wait_for_app(page)
        shown = contexts_metric(pages[0])
        assert shown > 0 and all(contexts_metric(page) == shown for page in pages)

        # The upload is a separate HTTP request: it must reach the replica holding the session.
        uploader = pages[0]
        go_to(uploader, "Data")
        uploader.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
            {"name": "mine.csv", "mimeType": "text/csv", "buffer": latin1_semicolon_csv()}
        )
        uploader.wait_for_selector("text=uploaded contexts from", timeout=30_000)
        wait_for_app(uploader)
        go_to(uploader, "Explore")
        assert contexts_metric(uploader) > shown

        for page in pages[1:]:
            page.reload()
            wait_for_app(page)
            assert contexts_metric(page) == shown
        for page in pages:
            assert page.locator("[data-testid='stException']").count() == 0
        assert outside == []
    finally:
        for context in contexts:
            context.close()


def test_a_page_whose_replica_crashes_comes_back_on_the_other(page, two_replicas):
    before = _log_length(two_replicas)
    page.goto(two_replicas.url)
    wait_for_app(page)
    shown = contexts_metric(page)
    served_by = _upstreams_since(two_replicas, before)[0]
    index = [f"127.0.0.1:{r.port}" for r in two_replicas.replicas].index(served_by)

    # Streamlit's frontend reconnects by itself and nginx sends it to the replica still running.
    # The page keeps showing the last run; the next change runs on the new replica.
    reopened: list[object] = []
    page.on("websocket", lambda ws: reopened.append(ws))
    two_replicas.stop_replica(index, crash=True)
    for _ in range(600):
        if reopened:
            break
        page.wait_for_timeout(100)
    assert reopened, "the page did not reconnect within 60 s"
    page.wait_for_timeout(2000)
    # Seen here: the first change after the reconnection runs on the new replica but the page
    # comes back with the earlier settings (a new session's first run); a second choice holds.
    # Two tries, each given 30 s.
    for _ in range(2):
        choose_k(page, "3")
        try:
            page.wait_for_function(SHOWS_THREE_TYPOLOGIES, timeout=30_000)
            break
        except PlaywrightTimeout:
            wait_for_app(page)
    assert typologies_metric(page) == "3"
    wait_for_app(page)
    assert contexts_metric(page) == shown
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.external_requests == []
