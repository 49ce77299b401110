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
of any user's data.
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
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger(__name__)

RELEASE_ENV = "TYPOLOGY_MEMORY_RELEASE"
LOG_ENV = "TYPOLOGY_MEMORY_LOG"
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
        self.session_manager = session_manager
        self.interval_s = interval_s
        self.stop = threading.Event()
        self._sessions_last_pass: int | None = None

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
            gc.collect()
            malloc_trim()
            released_ms = round((time.perf_counter() - start) * 1000, 1)
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
    if not releaser.release and releaser.log_path is None:
        return None
    threading.Thread(target=releaser.run, name=THREAD_NAME, daemon=True).start()
    return releaser
