"""A replica gives back a closed session's memory once its reconnect window (TTL) has passed
(ui/memory.py, issue 18). Streamlit's own session manager, session storage, sessions and upload
manager, on an event loop of their own; only the browser's connection is a stand-in."""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import time
import weakref

import pytest
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from ui import memory

TTL_S = 0.3


class _Browser:
    """The SessionClient a browser's WebSocket would be: these tests read no messages."""

    client_context = None

    def write_forward_msg(self, msg) -> None:
        pass


class _Server:
    """Streamlit's session manager on an event loop in its own thread, as in a replica."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.uploads = MemoryUploadedFileManager("/_stcore/upload_file")
        storage = MemorySessionStorage(ttl_seconds=TTL_S)
        self.sessions = self.on_loop(
            lambda: WebsocketSessionManager(storage, self.uploads, ScriptCache(), None)
        )

    def on_loop(self, work):
        async def call():
            return work()

        return asyncio.run_coroutine_threadsafe(call(), self.loop).result(timeout=30)

    def open_tab_with_upload(self) -> str:
        script = ScriptData("app.py", is_hello=False)
        session_id = self.on_loop(lambda: self.sessions.connect_session(_Browser(), script, {}))
        self.uploads.add_file(session_id, UploadedFileRec("f", "cities.csv", "text/csv", b"x" * 64))
        return session_id

    def upload_kept(self, session_id: str) -> bool:
        return bool(self.uploads.get_files(session_id, ["f"]))

    def close_tab(self, session_id: str) -> None:
        self.on_loop(lambda: self.sessions.disconnect_session(session_id))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)


@pytest.fixture
def server():
    running = _Server()
    yield running
    running.stop()


def _releaser(server: _Server, environ: dict[str, str]) -> memory.MemoryReleaser:
    return memory.MemoryReleaser(server.loop, environ, session_manager=lambda: server.sessions)


def _closed_and_expired(server: _Server) -> tuple[str, str, weakref.ref]:
    """One tab closed past its TTL and one still open, each with an upload."""
    closed, open_tab = server.open_tab_with_upload(), server.open_tab_with_upload()
    session = weakref.ref(server.sessions.get_session_info(closed).session)
    server.close_tab(closed)
    time.sleep(TTL_S * 2)
    return closed, open_tab, session


def test_a_closed_session_past_its_ttl_is_shut_down_and_an_open_one_is_left(server):
    closed, open_tab, session = _closed_and_expired(server)
    # Streamlit alone: the expired session is no longer offered for a reconnect, but it is
    # still held, with its upload, until something writes to the session storage.
    gc.collect()
    assert session() is not None and server.upload_kept(closed)

    record = _releaser(server, {}).run_once()

    assert record["shut_down"] == 1
    assert not server.upload_kept(closed)
    gc.collect()
    assert session() is None  # nothing holds the ended session any more
    # The open tab is untouched: still connected, its upload still there.
    assert server.sessions.is_active_session(open_tab) and server.upload_kept(open_tab)
    assert record["active_sessions"] == 1 and record["sessions"] == 1


def test_a_closed_session_within_its_ttl_is_kept_for_a_reconnect(server):
    closed = server.open_tab_with_upload()
    server.close_tab(closed)
    record = _releaser(server, {}).run_once()  # at once: the TTL has not passed
    assert record["shut_down"] == 0
    assert server.upload_kept(closed)
    assert server.sessions.get_session_info(closed) is not None


def test_release_switched_off_leaves_sessions_as_streamlit_does(server, tmp_path):
    closed, _open_tab, session = _closed_and_expired(server)
    releaser = _releaser(server, {memory.RELEASE_ENV: "0"})
    record = releaser.run_once()
    assert record["release"] is False and record["shut_down"] == 0
    assert record["released_ms"] is None
    assert server.upload_kept(closed) and session() is not None
    # Switched off and no log asked for: no thread is started at all.
    assert memory.start_in_background(server.loop, {memory.RELEASE_ENV: "0"}) is None


def test_release_is_on_unless_switched_off():
    assert memory.release_enabled({})
    assert memory.release_enabled({memory.RELEASE_ENV: "1"})
    assert not memory.release_enabled({memory.RELEASE_ENV: "0"})


def test_each_pass_appends_a_log_line_with_counts_and_memory_only(server, tmp_path):
    log = tmp_path / "memory.jsonl"
    closed, _open_tab, _session = _closed_and_expired(server)
    releaser = _releaser(server, {memory.LOG_ENV: str(log)})
    releaser.run_once()
    releaser.run_once()
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [line["shut_down"] for line in lines] == [1, 0]
    assert lines[0]["released_ms"] is not None  # sessions ended: memory released
    assert lines[1]["released_ms"] is None  # nothing ended since: no collection
    assert lines[0]["rss_mib"] > 0
    assert set(lines[0]) == {
        "time", "pid", "release", "active_sessions", "sessions", "shut_down", "released_ms",
        "rss_mib",
    }  # fmt: skip
    assert closed not in log.read_text(encoding="utf-8")  # not even a session id


def test_the_background_thread_passes_every_interval_and_stops(server, tmp_path):
    log = tmp_path / "memory.jsonl"
    releaser = memory.MemoryReleaser(
        server.loop, {memory.LOG_ENV: str(log)}, lambda: server.sessions, interval_s=0.05
    )
    thread = threading.Thread(target=releaser.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not (log.exists() and len(log.read_text().splitlines()) >= 2):
        assert time.monotonic() < deadline, "no two passes in 10 s"
        time.sleep(0.05)
    releaser.stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_malloc_trim_runs_where_the_c_library_is_glibc():
    import platform

    assert memory.malloc_trim() is (platform.libc_ver()[0] == "glibc")


_HELD_BY_THE_TEST: list[bytearray] = []


def _allocate_and_keep(count: int, size: int) -> None:
    _HELD_BY_THE_TEST.extend(bytearray(size) for _ in range(count))


def test_the_trace_names_the_project_line_that_holds_memory_between_two_releases(server, tmp_path):
    import tracemalloc

    trace = tmp_path / "trace.jsonl"
    releaser = _releaser(server, {memory.TRACE_ENV: str(trace), memory.TRACE_ALLOCATIONS_ENV: "1"})
    try:
        _closed_and_expired(server)
        releaser.run_once()  # a session ended: tracing starts, the reference
        _allocate_and_keep(count=64, size=16 * 1024)  # 1 MiB held past the next release
        _closed_and_expired(server)
        releaser.run_once()
    finally:
        tracemalloc.stop()
        held_kib = sum(len(block) for block in _HELD_BY_THE_TEST) // 1024
        _HELD_BY_THE_TEST.clear()
    lines = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["tracing_started"] is True
    changed = dict(lines[1]["change_project_lines_kib"])
    line_of_allocation = f"tests/test_memory.py:{_allocate_and_keep.__code__.co_firstlineno + 1}"
    assert changed.get(line_of_allocation, 0) >= held_kib
    assert lines[1]["traced_mib"] * 1024 >= held_kib
    # Between the two releases one tab was opened and left open, one closed and ended: at most
    # the open one is among the sessions kept.
    kept_types = dict(lines[1]["change_object_types"])
    assert kept_types.get("streamlit.runtime.app_session.AppSession", 0) <= 1
    assert lines[1]["rss_mib_after_each_release_step"]["before"] > 0


def test_the_trace_by_default_counts_objects_and_caches_without_tracing_allocations(
    server, tmp_path
):
    import tracemalloc

    trace = tmp_path / "trace.jsonl"
    releaser = _releaser(server, {memory.TRACE_ENV: str(trace)})
    _closed_and_expired(server)
    releaser.run_once()
    _closed_and_expired(server)
    releaser.run_once()
    assert not tracemalloc.is_tracing()  # the slow part is only on when asked for
    lines = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2  # one per pass that ended sessions
    assert all(isinstance(line["cache_data_entries_kib"], dict) for line in lines)
    steps = lines[1]["rss_mib_after_each_release_step"]
    assert set(steps) == {"before", "gc_collect", "malloc_trim"}
    kept_types = dict(lines[1]["change_object_types"])
    assert kept_types.get("streamlit.runtime.app_session.AppSession", 0) <= 1  # the open tab
