"""A real server and Debian's Chromium. Browser tests skip on a laptop without Chromium, but
never in CI (CI=true or REQUIRE_BROWSER=1 turns a missing browser into a failure)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from typology.bench import CHROMIUM_ARGS  # one list: the benchmark starts Chromium the same way

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_BROWSER") == "1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if _browser_required():
            pytest.fail(f"browser tests are required here but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        if _browser_required():
            pytest.fail("browser tests are required here but playwright is not installed")
        pytest.skip("playwright not installed")
    return CHROMIUM


def start_server():
    """`streamlit run serve.py` (as `make run` starts the app, warm-up included) on a free
    loopback port; returns (process, url) once healthy."""
    port = _free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "_stcore/health", timeout=1).status == 200:  # noqa: S310
                return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    pytest.fail("the Streamlit server did not become healthy in 60 s")


# TYPOLOGY_E2E_SERVER=nginx runs the browser tests through nginx to two replicas
# (typology.replicas, as `make serve-replicas` serves a meeting) instead of one server.
THROUGH_NGINX = os.environ.get("TYPOLOGY_E2E_SERVER", "").lower() == "nginx"


@pytest.fixture(scope="session")
def app_url(chromium_path):
    if THROUGH_NGINX:
        from tests.test_replicas import _nginx_or_skip
        from typology.replicas import serve_replicas

        _nginx_or_skip()
        with serve_replicas(2) as deployment:
            yield deployment.url
        return
    server, url = start_server()
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def fresh_app_url(chromium_path):
    """A server no browser has opened yet (for first-visit behaviour)."""
    server, url = start_server()
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test that records every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.external_requests = []

    def record(request):
        host = request.url.split("/")[2].split(":")[0] if "://" in request.url else ""
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            page.external_requests.append(request.url)

    page.on("request", record)
    yield page
    context.close()


def wait_for_app(page, timeout_s: float = 60) -> None:
    """Wait until the script has finished running and content is on screen."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    quiet_since = None
    while time.time() < deadline:
        # stApp's data-test-script-state is the frontend's own record of the script run; the
        # status widget alone is not shown for every run.
        running = (
            page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").count() == 0
            or page.locator("[data-testid='stStatusWidget']").count() > 0
        )
        # Streamlit's loading skeleton sits in an element container too: it is not content.
        content = page.locator(
            "[data-testid='stMain'] [data-testid='stElementContainer']"
            ":not(:has([data-testid='stAppSkeleton']))"
        ).count()
        if not running and content:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since >= 1.0:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    raise AssertionError("the page did not settle")
