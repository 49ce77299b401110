"""A replica's memory comes back after a meeting's sessions have ended (issue 18).

Streamlit keeps a closed browser tab's session for `server.disconnectedSessionTTL` seconds so a
dropped connection can resume it. In Streamlit 1.67 the expired session is then only hidden:
it stays in the session storage, with its state, uploads and download files, until something is
next written there (the next tab that closes), so after a meeting's last tab has closed nothing
ends those sessions. And glibc keeps memory that Python freed in its arenas instead of giving it
back to the system.

serve.py starts `start_in_background` from the server's lifespan. Every INTERVAL_S a thread:
1. shuts down, on the server's event loop (Streamlit's runtime is not thread-safe), the stored
   sessions that are disconnected and past their TTL, as Streamlit does for a closed session;
2. when sessions have ended since its last pass, runs `gc.collect()` and glibc's
   `malloc_trim(0)` (skipped where the C library is not glibc).

TYPOLOGY_MEMORY_RELEASE=0 turns both off. TYPOLOGY_MEMORY_LOG=path appends one JSON line per
pass (time, process id, session counts, resident memory) for measurement: counts only, nothing
of any user's data. TYPOLOGY_MEMORY_TRACE=path (off by default; it slows the server) traces
Python's allocations from the first pass that released memory on and, after each later one,
appends a JSON line: resident memory after each release step, st.cache_data's entries and
sizes, the change in live objects by type and, with TYPOLOGY_MEMORY_TRACE_ALLOCATIONS=1 (much
slower), tracemalloc's top sites by file:line and by the project's own innermost line. That
tells where a residue comes from: a bounded cache, objects still referenced, or (RSS far above
what Python holds) the allocator. Source locations, names and counts only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import json
import logging
import os
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger(__name__)

RELEASE_ENV = "TYPOLOGY_MEMORY_RELEASE"
LOG_ENV = "TYPOLOGY_MEMORY_LOG"
TRACE_ENV = "TYPOLOGY_MEMORY_TRACE"
# tracemalloc too (TYPOLOGY_MEMORY_TRACE_ALLOCATIONS=1): it slowed a replica so much that none of
# 10 load-test sessions got its first page within 180 s; without it the trace costs a pass only.
TRACE_ALLOCATIONS_ENV = "TYPOLOGY_MEMORY_TRACE_ALLOCATIONS"
# Frames kept per traced allocation: enough to find the project's line under a library's in most
# cases; more slowed a replica's first session past the load test's 180 s step timeout.
TRACE_FRAMES = 10
TRACE_TOP = 25
PROJECT_ROOT = Path(__file__).resolve().parent.parent
INTERVAL_S = 10.0
THREAD_NAME = "typology-memory"
# How long a pass waits for the event loop to shut sessions down before trying next time.
EVENT_LOOP_TIMEOUT_S = 30.0


def release_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(RELEASE_ENV, "1").strip() != "0"


def shut_down_expired_sessions(session_manager: Any) -> int:
    """Shut down the stored (disconnected) sessions whose TTL has passed; returns how many.

    Must run on the server's event loop. Streamlit's MemorySessionStorage keeps them in a
    TTLCache whose `expire()` removes the expired entries and returns them; any other storage
    is left alone (0)."""
    storage = getattr(session_manager, "_session_storage", None)
    expire = getattr(getattr(storage, "_cache", None), "expire", None)
    if expire is None:
        return 0
    lock = getattr(session_manager, "_storage_lock", None)
    with lock if lock is not None else contextlib.nullcontext():  # as Streamlit's own moves
        expired = expire()
    shut = 0
    for session_id, info in expired:
        if session_manager.is_active_session(session_id):
            continue  # reconnected under the same id: a live session, not ours to end
        info.session.shutdown()
        shut += 1
    return shut


_malloc_trim: Callable[[int], int] | None | bool = False  # False: not looked up yet


def malloc_trim() -> bool:
    """Give the memory glibc keeps in its arenas back to the system; False where the C library
    has no malloc_trim (musl, macOS, Windows)."""
    global _malloc_trim
    if _malloc_trim is False:
        _malloc_trim = None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _malloc_trim = libc.malloc_trim
            _malloc_trim.argtypes = [ctypes.c_size_t]
            _malloc_trim.restype = ctypes.c_int
        except (OSError, AttributeError):
            _malloc_trim = None
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True


def arrow_allocated_mib() -> float | None:
    """What pyarrow's pool holds (pandas 3 keeps text columns there, out of glibc's reach)."""
    import sys

    pyarrow = sys.modules.get("pyarrow")
    return None if pyarrow is None else round(pyarrow.total_allocated_bytes() / 2**20, 1)


def rss_mib(pid: int | None = None) -> float | None:
    """Resident memory of a process (Linux /proc), None when it cannot be read."""
    try:
        status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _project_line(frames: tuple) -> str:
    """The innermost frame in the project's own code (not a library's), as path:line; `frames`
    are tracemalloc's raw (filename, lineno) pairs, the most recent first."""
    for filename, lineno in frames:
        if filename.startswith(_PROJECT_PREFIX) and "/.venv/" not in filename:
            return f"{filename[len(_PROJECT_PREFIX) :]}:{lineno}"
    return "(outside the project)"


_PROJECT_PREFIX = f"{PROJECT_ROOT}/"


def _object_types() -> Counter:
    """Live objects tracked by the garbage collector, by module.qualname of their type."""
    return Counter(f"{type(obj).__module__}.{type(obj).__qualname__}" for obj in gc.get_objects())


def _top(counts: Mapping[str, int], limit: int = TRACE_TOP) -> list[list]:
    ranked = sorted(counts.items(), key=lambda item: abs(item[1]), reverse=True)
    return [[key, value] for key, value in ranked[:limit] if value]


def _difference(now: Mapping[str, int], before: Mapping[str, int]) -> dict[str, int]:
    return {key: now.get(key, 0) - before.get(key, 0) for key in now.keys() | before.keys()}


def _cache_data_sizes() -> dict[str, list[int]]:
    """st.cache_data's in-memory caches: function name -> [entries, KiB pickled]."""
    from streamlit.runtime.caching.cache_data_api import get_data_cache_stats_provider

    sizes: dict[str, list[int]] = {}
    for stats in get_data_cache_stats_provider().get_stats().values():
        for stat in stats:
            entry = sizes.setdefault(stat.cache_name, [0, 0])
            entry[0] += 1
            entry[1] += stat.byte_length
    return {name: [entries, round(size / 1024)] for name, (entries, size) in sizes.items()}


class AllocationTrace:
    """With `allocations`, tracemalloc from the first `record` on (after sessions have ended: the
    warm-up's fits traced were several times slower); each later `record` summarises what has
    been allocated since then and is still held, and the change since the previous one (KiB)."""

    def __init__(self, allocations: bool = False) -> None:
        self.allocations = allocations
        self._previous: dict[str, Counter] | None = None

    def record(self) -> dict:
        caches = {"cache_data_entries_kib": _cache_data_sizes()}
        if self._previous is None:
            if self.allocations and not tracemalloc.is_tracing():
                tracemalloc.start(TRACE_FRAMES)
            self._previous = {"site": Counter(), "project": Counter(), "types": _object_types()}
            return {"tracing_started": True} | caches
        if not self.allocations:
            types = _object_types()
            change = _top(_difference(types, self._previous["types"]))
            self._previous["types"] = types
            return {"change_object_types": change} | caches
        snapshot = tracemalloc.take_snapshot()
        # Identical tracebacks share one tuple in a snapshot: sum by it first, then name each
        # once (a replica holds millions of traces, far fewer distinct tracebacks).
        by_traceback: dict[int, list] = {}
        for _domain, size, frames, *_ in snapshot.traces._traces:
            entry = by_traceback.get(id(frames))
            if entry is None:
                by_traceback[id(frames)] = [frames, size]
            else:
                entry[1] += size
        by_site, by_project_line = Counter(), Counter()
        for frames, size in by_traceback.values():
            filename, lineno = frames[0] if frames else ("(unknown)", 0)
            by_site[f"{filename}:{lineno}"] += size
            by_project_line[_project_line(frames)] += size
        del snapshot, by_traceback
        now = {"site": by_site, "project": by_project_line, "types": _object_types()}
        traced, peak = tracemalloc.get_traced_memory()
        kib = lambda counts: {key: round(size / 1024) for key, size in counts.items()}  # noqa: E731
        record = {
            "traced_mib": round(traced / 2**20, 1),
            "traced_peak_mib": round(peak / 2**20, 1),
            "top_sites_kib": _top(kib(by_site)),
            "top_project_lines_kib": _top(kib(by_project_line)),
        }
        if self._previous is not None:
            before = self._previous
            record["change_sites_kib"] = _top(kib(_difference(by_site, before["site"])))
            record["change_project_lines_kib"] = _top(
                kib(_difference(by_project_line, before["project"]))
            )
            record["change_object_types"] = _top(_difference(now["types"], before["types"]))
        self._previous = now
        return record | caches


def _runtime_session_manager() -> Any | None:
    from streamlit.runtime import Runtime

    return Runtime.instance()._session_mgr if Runtime.exists() else None


class MemoryReleaser:
    """One pass at a time (`run_once`); `run` repeats it until `stop` is set."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        environ: Mapping[str, str] = os.environ,
        session_manager: Callable[[], Any | None] = _runtime_session_manager,
        interval_s: float = INTERVAL_S,
    ) -> None:
        self.loop = loop
        self.release = release_enabled(environ)
        self.log_path = Path(environ[LOG_ENV]) if environ.get(LOG_ENV) else None
        self.trace_path = Path(environ[TRACE_ENV]) if environ.get(TRACE_ENV) else None
        self.trace = (
            AllocationTrace(environ.get(TRACE_ALLOCATIONS_ENV, "0").strip() == "1")
            if self.trace_path is not None
            else None
        )
        self.session_manager = session_manager
        self.interval_s = interval_s
        self.stop = threading.Event()
        self._sessions_last_pass: int | None = None
        self._release_steps: dict[str, float | None] = {}

    def _on_loop(self, work: Callable[[], Any]) -> Any:
        async def call():
            return work()

        future = asyncio.run_coroutine_threadsafe(call(), self.loop)
        return future.result(timeout=EVENT_LOOP_TIMEOUT_S)

    def run_once(self) -> dict:
        manager = self.session_manager()
        shut_down = 0
        if manager is not None and self.release:
            shut_down = self._on_loop(lambda: shut_down_expired_sessions(manager))
        counts = (
            self._on_loop(lambda: (manager.num_active_sessions(), manager.num_sessions()))
            if manager is not None
            else (0, 0)
        )
        active, kept = counts[0], counts[1]
        # A full collection costs the server a pause: only after sessions have ended.
        ended = self._sessions_last_pass is not None and kept < self._sessions_last_pass
        self._sessions_last_pass = kept
        released_ms = None
        if self.release and (shut_down or ended):
            start = time.perf_counter()
            steps = {"before": rss_mib()}
            gc.collect()
            steps["gc_collect"] = rss_mib()
            malloc_trim()
            steps["malloc_trim"] = rss_mib()
            released_ms = round((time.perf_counter() - start) * 1000, 1)
            self._release_steps = {k: v if v is None else round(v, 1) for k, v in steps.items()}
        record = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "pid": os.getpid(),
            "release": self.release,
            "active_sessions": active,
            "sessions": kept,  # connected ones and disconnected ones kept for a reconnect
            "shut_down": shut_down,
            "released_ms": released_ms,
            "rss_mib": None if (rss := rss_mib()) is None else round(rss, 1),
        }
        if self.log_path is not None:
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")
        if self.trace is not None and released_ms is not None:
            traced = record | {
                "rss_mib_after_each_release_step": self._release_steps,
                "arrow_allocated_mib": arrow_allocated_mib(),
            }
            traced |= self.trace.record()
            with self.trace_path.open("a", encoding="utf-8") as trace_log:
                trace_log.write(json.dumps(traced) + "\n")
            malloc_trim()  # the trace's own lists of every object: not the replica's memory
        return record

    def run(self) -> None:
        while not self.stop.wait(self.interval_s):
            try:
                self.run_once()
            except RuntimeError:  # the event loop has closed: the server is stopping
                if self.loop.is_closed():
                    return
                LOGGER.warning("memory release pass failed", exc_info=True)
            except Exception:  # noqa: BLE001  (never take the server down; try next time)
                LOGGER.warning("memory release pass failed", exc_info=True)


def start_in_background(
    loop: asyncio.AbstractEventLoop | None = None, environ: Mapping[str, str] = os.environ
) -> MemoryReleaser | None:
    """Start the passes in a daemon thread (from the server's lifespan, on its event loop); None
    when TYPOLOGY_MEMORY_RELEASE=0 and no log is asked for."""
    releaser = MemoryReleaser(loop or asyncio.get_running_loop(), environ)
    if not releaser.release and releaser.log_path is None and releaser.trace is None:
        return None
    threading.Thread(target=releaser.run, name=THREAD_NAME, daemon=True).start()
    return releaser
