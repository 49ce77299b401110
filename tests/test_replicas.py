"""Replicas behind nginx (issue 18): real nginx, real Streamlit servers on loopback.

The nginx tests skip on a laptop without nginx; in CI (CI=true or REQUIRE_NGINX=1) a missing nginx
is a failure. Each participant is driven over Streamlit's own WebSocket protocol
(ui.loadtest), so no browser is needed here; tests/e2e/test_nginx.py uses Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from typology import replicas
from typology.replicas import (
    DeploymentError,
    max_upload_mb,
    render_nginx_conf,
    render_site,
    serve_replicas,
)
from ui import memory
from ui.loadtest import run_session


def run_async(coroutine):
    """Run a coroutine to the end in a thread of its own: in the full suite the browser tests'
    Playwright keeps an event loop running in the main thread, where asyncio.run() refuses."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


ROOT = Path(__file__).resolve().parents[1]


def _nginx_or_skip() -> str:
    try:
        return replicas.nginx_executable()
    except DeploymentError:
        if os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("nginx is required here but not installed (make nginx)")
        pytest.skip("nginx not installed (make nginx)")


def _upstream_lines(site: str) -> list[str]:
    return re.findall(r"^\s*server (\S+) ", site, flags=re.MULTILINE)


# --- the site file, rendered ---------------------------------------------------------------


def test_site_lists_one_upstream_per_replica_and_listens_where_asked():
    site = render_site([9101, 9102, 9103], listen="127.0.0.1:9100")
    assert _upstream_lines(site) == ["127.0.0.1:9101", "127.0.0.1:9102", "127.0.0.1:9103"]
    assert re.findall(r"^\s*listen (\S+);", site, flags=re.MULTILINE) == ["127.0.0.1:9100"]
    # What every deployment needs is kept: sticky routing, WebSocket upgrade, long-lived streams.
    assert "hash $typology_route consistent;" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site
    assert "proxy_read_timeout 1d;" in site


def test_shipped_site_is_what_the_trial_renders_for_its_default_ports():
    shipped = (ROOT / "deploy" / "nginx-site.conf").read_text(encoding="utf-8")
    assert render_site([8501, 8502], listen="127.0.0.1:8080") == shipped


def test_upload_limit_follows_streamlits_setting_plus_its_multipart_allowance(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[server]\nmaxUploadSize = 50\n", encoding="utf-8")
    assert max_upload_mb(config) == 50
    assert max_upload_mb(tmp_path / "absent.toml") == replicas.STREAMLIT_DEFAULT_UPLOAD_MB
    site = render_site([9101], upload_mb=max_upload_mb(config))
    assert "client_max_body_size 51m;" in site
    # The project's own setting: the shipped site matches it.
    project = render_site([9101], upload_mb=max_upload_mb())
    assert f"client_max_body_size {max_upload_mb() + 1}m;" in project


def test_no_replica_is_a_clear_error():
    with pytest.raises(ValueError, match="at least one replica"):
        render_site([])
    with pytest.raises(ValueError, match="at least 1 replica"):
        with serve_replicas(0):
            pass


def test_missing_nginx_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(replicas.shutil, "which", lambda *a, **k: None)
    with pytest.raises(DeploymentError, match="make nginx"):
        replicas.nginx_executable()


def test_nginx_accepts_the_trial_configuration(tmp_path):
    nginx = _nginx_or_skip()
    tmp_path.chmod(0o755)
    site = render_site([9101, 9102], listen="127.0.0.1:9100", access_log=str(tmp_path / "a.log"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx_conf(site, tmp_path), encoding="utf-8")
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


# --- real servers behind real nginx --------------------------------------------------------


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'perspectives.db'}"


@pytest.fixture(scope="module")
def memory_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("memory") / "memory.jsonl"


# A closed session is kept this long for a reconnect in the shared deployment (Streamlit: 120 s).
SESSION_TTL_S = 2


@pytest.fixture(scope="module")
def two_replicas(shared_db, memory_log):
    _nginx_or_skip()
    with serve_replicas(
        2, db_url=shared_db, session_ttl_s=SESSION_TTL_S, env={memory.LOG_ENV: str(memory_log)}
    ) as deployment:
        yield deployment


def _get(url: str, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        set_cookie = response.headers.get("Set-Cookie") or ""
        return response.status, set_cookie.split(";", 1)[0]


def _page_lines(deployment) -> list[str]:
    lines = deployment.access_log.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if " GET / " in line]


def _routed(deployment, cookie: str | None = None, query: str = "") -> tuple[str, str]:
    """Open the shared link as a browser: returns its cookie (nginx's, or the one it sent) and
    nginx's log line for that request, which names the replica that answered last. nginx
    writes the line after the response has gone out: wait for it."""
    logged = len(_page_lines(deployment))
    status, set_cookie = _get(deployment.url + query, cookie)
    assert status == 200
    deadline = time.monotonic() + 10
    while len(lines := _page_lines(deployment)) == logged:
        assert time.monotonic() < deadline, "nginx did not log the request in 10 s"
        time.sleep(0.05)
    return set_cookie or cookie or "", lines[-1]


def _replica(line: str) -> str:
    return line.split()[-1]  # after a failover nginx lists each replica tried: the last answered


def test_a_participant_opens_the_shared_link_and_changes_settings(two_replicas):
    result = run_async(run_session(two_replicas.url, 0))
    assert result.error is None
    shown = int(result.metrics["first_render"]["Contexts"])
    assert shown > 0 and result.metrics["first_render"]["Typologies"] != "3"
    assert result.metrics["k_change"]["Typologies"] == "3"
    # The region filter narrows the contexts in the same session, on the same replica.
    assert 0 < int(result.metrics["filter"]["Contexts"]) < shown
    # The sidebar's settings rerun the page; the highlighted typology only its fragment.
    assert result.runs == {"k_change": "page", "filter": "page", "highlight": "fragment"}


def test_one_browser_stays_on_one_replica_and_browsers_spread_over_both(two_replicas):
    cookie, line = _routed(two_replicas)
    assert cookie.startswith("typology_route=")
    later = {_replica(_routed(two_replicas, cookie)[1]) for _ in range(5)}
    assert later == {_replica(line)}  # the first answer and every later request: one replica

    # Fresh browsers, each with its own cookie, spread over both replicas.
    used = {_replica(_routed(two_replicas)[1]) for _ in range(16)}
    assert used == {f"127.0.0.1:{r.port}" for r in two_replicas.replicas}


def test_the_access_log_keeps_no_query_string_nor_client_address(two_replicas):
    _, line = _routed(two_replicas, query="?k=3&f_region=Europe")
    assert " GET / 200 " in line
    assert "Europe" not in line and "k=3" not in line
    # The only address logged is the replica's (upstream), never the browser's.
    assert re.findall(r"\d+\.\d+\.\d+\.\d+(?::\d+)?", line) == [line.split()[-1]]


def test_when_a_replica_crashes_the_other_serves_every_participant():
    _nginx_or_skip()
    with serve_replicas(2) as deployment:
        before = run_async(run_session(deployment.url, -1, steps=()))
        # A browser routed to the replica that is about to stop.
        victim = f"127.0.0.1:{deployment.replicas[0].port}"
        cookie = None
        for _ in range(40):
            candidate, line = _routed(deployment)
            if _replica(line) == victim:
                cookie = candidate
                break
        assert cookie, "no fresh browser was routed to the first replica in 40 tries"
        deployment.stop_replica(0, crash=True)

        _, line = _routed(deployment, cookie)
        assert _replica(line) == f"127.0.0.1:{deployment.replicas[1].port}"
        results = run_async(_sessions(deployment.url, 4))
        assert [r.error for r in results] == [None] * 4
        assert all(r.metrics["first_render"] == before.metrics["first_render"] for r in results)


async def _sessions(url: str, n: int):
    return await asyncio.gather(*(run_session(url, i, steps=()) for i in range(n)))


def test_a_started_replica_is_reported_healthy_to_its_process_manager(two_replicas):
    # What the systemd unit's ExecStartPost runs.
    assert replicas.main(["--wait-healthy", str(two_replicas.replicas[1].port)]) == 0


def _environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def test_every_replica_gets_the_one_perspectives_database(two_replicas, shared_db):
    found = [_environment(r.process.pid).get("TYPOLOGY_DB") for r in two_replicas.replicas]
    assert found == [shared_db, shared_db]


def test_every_replica_runs_with_few_malloc_arenas_and_the_environment_asked_for(
    two_replicas, memory_log
):
    for replica in two_replicas.replicas:
        environment = _environment(replica.process.pid)
        assert environment.get("MALLOC_ARENA_MAX") == "2"
        assert environment.get(memory.LOG_ENV) == str(memory_log)


def _memory_passes(path: Path, pid: int) -> list[dict]:
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line["pid"] == pid]


def test_a_replica_shuts_down_a_closed_session_once_its_ttl_has_passed(two_replicas, memory_log):
    replica = two_replicas.replicas[0]
    seen = len(_memory_passes(memory_log, replica.process.pid))
    result = run_async(run_session(replica.url, 0, steps=()))  # opens the page, then closes
    assert result.error is None
    # The TTL, then at most two passes of the releaser (one may have begun before the TTL ended).
    deadline = time.monotonic() + SESSION_TTL_S + 3 * memory.INTERVAL_S
    while True:
        later = _memory_passes(memory_log, replica.process.pid)[seen:]
        if sum(line["shut_down"] for line in later) >= 1:
            break
        assert time.monotonic() < deadline, f"no session shut down; passes: {later}"
        time.sleep(0.5)
    ended = next(line for line in later if line["shut_down"])
    assert ended["release"] is True and ended["released_ms"] is not None
