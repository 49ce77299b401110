"""`python -m ui.loadtest`: many people opening the shared link at once, measured.

Each simulated participant speaks Streamlit's own WebSocket protocol (the protobuf messages the
browser sends and receives), through nginx, as a browser would: it loads the page (which gives it
nginx's routing cookie), opens /_stcore/stream, asks for a script run, then changes the number of
typologies, a region filter and the highlighted typology. A step is settled when the server says
the script run finished. Browser drawing and the download of Streamlit's JavaScript are not
included: these figures are the server side of what a participant waits for.

Not part of the test run: it loads both cores for about a minute. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

STEP_TIMEOUT_S = 180.0
# The interactions after the first render: (name, widget key, value). The highlighted typology
# is the first typology the page offers after the other changes (its label depends on them).
STEPS: tuple[tuple[str, str, object], ...] = (
    ("k_change", "k", "3"),
    ("filter", "f_region", ["Europe", "Americas"]),
    ("highlight", "typology_focus", 1),
)


@dataclass
class SessionResult:
    index: int
    first_render_s: float | None = None
    steps_s: dict[str, float] = field(default_factory=dict)
    # The metrics the page showed after each step (label -> value), to check a step took effect.
    metrics: dict[str, dict[str, str]] = field(default_factory=dict)
    # What each step reran: "page" (the whole script) or "fragment" (issue 18).
    runs: dict[str, str] = field(default_factory=dict)
    error: str | None = None


class _Session:
    """One participant's connection: sends reruns, reads messages until the run finishes."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.widgets: dict[str, object] = {}  # key -> the last element proto of that widget
        self.fragments: dict[str, str] = {}  # key -> the fragment that drew it ('' if none)
        self.last_run = ""  # "page" or "fragment": what the server ran last
        self.query_string = ""
        self.page_script_hash = ""
        self.states: dict[str, object] = {}  # key -> value this participant has chosen
        self.metrics: dict[str, str] = {}  # label -> value of the metrics of the last run

    async def rerun(self, timeout_s: float, changed: str | None = None) -> None:
        """Ask for a run, as the browser does after a change of the widget `changed`: a widget
        drawn by a fragment reruns only that fragment (issue 18)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        if changed and self.fragments.get(changed):
            state.fragment_id = self.fragments[changed]
        for key, value in self.states.items():
            widget = state.widget_states.widgets.add()
            widget.id = self.widgets[key].id
            if isinstance(value, list):
                widget.string_array_value.data.extend(value)
            else:
                widget.string_value = str(value)
        await self.ws.send(msg.SerializeToString())
        self.metrics = {}
        await asyncio.wait_for(self._until_finished(), timeout_s)

    async def _until_finished(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                inner = getattr(element, element.WhichOneof("type"))
                if element.WhichOneof("type") == "exception":
                    raise RuntimeError(f"the page raised {inner.type}: {inner.message}")
                if element.WhichOneof("type") == "metric":
                    self.metrics[inner.label] = inner.body
                widget_id = getattr(inner, "id", "")
                if widget_id.startswith("$$ID-"):
                    key = widget_id.rsplit("-", 1)[-1]
                    self.widgets[key] = inner
                    self.fragments[key] = msg.delta.fragment_id
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status not in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                ):
                    raise RuntimeError(f"the script run ended with status {status}")
                fragment = status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                self.last_run = "fragment" if fragment else "page"
                return

    def choose(self, key: str, value: object) -> None:
        if key not in self.widgets:
            raise RuntimeError(f"the page has no widget with key {key!r}")
        if isinstance(value, int):  # an option by position (its label depends on the data)
            value = list(self.widgets[key].options)[value]
        self.states[key] = value


def _routing_cookie(url: str, timeout_s: float) -> str:
    """GET the shared link as a browser does first; returns nginx's cookie ('' without nginx)."""
    with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310
        response.read()
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


async def run_session(
    url: str,
    index: int,
    steps: tuple[tuple[str, str, object], ...] = STEPS,
    hold: asyncio.Event | None = None,
    done: asyncio.Event | None = None,
    timeout_s: float = STEP_TIMEOUT_S,
) -> SessionResult:
    """One participant. With `hold`, the connection stays open after the steps until it is set
    (so that all sessions are alive at once when memory is read); `done` is set either way."""
    import websockets

    result = SessionResult(index)
    host = url.split("/")[2]
    try:
        start = time.perf_counter()
        cookie = await asyncio.to_thread(_routing_cookie, url, timeout_s)
        headers = {"Origin": f"http://{host}"} | ({"Cookie": cookie} if cookie else {})
        stream = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        async with websockets.connect(
            stream, subprotocols=["streamlit"], additional_headers=headers, max_size=None,
            open_timeout=timeout_s, ping_interval=None,
        ) as ws:  # fmt: skip
            session = _Session(ws)
            await session.rerun(timeout_s)
            result.first_render_s = time.perf_counter() - start
            result.metrics["first_render"] = session.metrics
            for name, key, value in steps:
                session.choose(key, value)
                step_start = time.perf_counter()
                await session.rerun(timeout_s, changed=key)
                result.steps_s[name] = time.perf_counter() - step_start
                result.metrics[name] = session.metrics
                result.runs[name] = session.last_run
            if done is not None:
                done.set()
            if hold is not None:
                await hold.wait()
    except Exception as error:  # noqa: BLE001 - every failure is a counted error, with its reason
        result.error = f"{type(error).__name__}: {error}"
    finally:
        if done is not None:
            done.set()
    return result


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50_s": None, "p95_s": None, "max_s": None}
    array = np.asarray(values)
    return {
        "n": len(values),
        "p50_s": round(float(np.percentile(array, 50)), 3),
        "p95_s": round(float(np.percentile(array, 95)), 3),
        "max_s": round(float(array.max()), 3),
    }


def summarize(results: list[SessionResult]) -> dict:
    """p50/p95 of the first render and of each step over the sessions without error."""
    ok = [r for r in results if r.error is None]
    summary = {
        "sessions": len(results),
        "errors": len(results) - len(ok),
        "error_examples": sorted({r.error for r in results if r.error})[:5],
        "first_render": percentiles([r.first_render_s for r in ok]),
    }
    for name, _key, _value in STEPS:
        summary[name] = percentiles([r.steps_s[name] for r in ok if name in r.steps_s])
        summary[name]["reran"] = sorted({r.runs[name] for r in ok if name in r.runs})
    return summary


def rss_mib(pid: int) -> float | None:
    """Resident memory of a process (Linux /proc), None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class _PeakSampler:
    """Samples the replicas' memory every `every_s` in a thread; keeps each one's peak."""

    def __init__(self, pids: list[int], every_s: float = 0.25) -> None:
        self.pids, self.every_s = pids, every_s
        self.peaks = {pid: 0.0 for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                self.peaks[pid] = max(self.peaks[pid], rss_mib(pid) or 0.0)
            self._stop.wait(self.every_s)

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# Memory after every session has closed and Streamlit has dropped it (after the session TTL) is
# "back to baseline" when it is at most this far above the memory before the wave: the larger of
# a share of the baseline and a fixed allowance (the allocator keeps some freed memory).
RETURN_MARGIN_SHARE = 0.10
RETURN_MARGIN_MIB = 25.0


def returned_to_baseline(before: float | None, after: float | None) -> dict:
    """Whether memory after the sessions closed is within the stated margin of `before`; unknown
    (None) when either reading is missing."""
    if before is None or after is None:
        return {"margin_mib": None, "above_baseline_mib": None, "within_margin": None}
    margin = max(RETURN_MARGIN_SHARE * before, RETURN_MARGIN_MIB)
    return {
        "margin_mib": round(margin, 1),
        "above_baseline_mib": round(after - before, 1),
        "within_margin": bool(after - before <= margin),
    }


async def run_load(
    url: str,
    sessions: int,
    pids: list[int],
    settle_after_s: float,
    release_after_s: float | None = None,
) -> dict:
    """All sessions open the link at once and keep their connection until every one is done;
    memory is read before, at the peak, with all sessions open, `settle_after_s` after they have
    closed and again `release_after_s` after (when given and later): that last reading is the
    one judged against the baseline."""
    before = [rss_mib(pid) for pid in pids]
    hold = asyncio.Event()
    dones = [asyncio.Event() for _ in range(sessions)]
    wall = time.perf_counter()
    with _PeakSampler(pids) as sampler:
        tasks = [
            asyncio.create_task(run_session(url, i, hold=hold, done=dones[i]))
            for i in range(sessions)
        ]
        await asyncio.gather(*(d.wait() for d in dones))
        wall = time.perf_counter() - wall
        all_open = [rss_mib(pid) for pid in pids]
        hold.set()
        results = await asyncio.gather(*tasks)
    # Streamlit keeps a closed session for server.disconnectedSessionTTL (a reconnect finds it),
    # then drops it: `settle_after_s` is that TTL plus time for the cleanup.
    closed = time.monotonic()
    await asyncio.sleep(settle_after_s)
    after = [rss_mib(pid) for pid in pids]
    released = after
    if release_after_s is not None and release_after_s > settle_after_s:
        # The replica's releaser (ui/memory.py) shuts the expired sessions down on its next pass.
        await asyncio.sleep(release_after_s - (time.monotonic() - closed))
        released = [rss_mib(pid) for pid in pids]
    summary = summarize(results)
    summary["wall_s"] = round(wall, 2)
    summary["memory_mib"] = [
        {
            "before": _round(b),
            "peak": _round(sampler.peaks[pid]),
            "all_sessions_open": _round(o),
            "after_close": _round(a),
            "after_release": _round(r),
            **returned_to_baseline(b, r),
        }
        for pid, b, o, a, r in zip(pids, before, all_open, after, released, strict=True)
    ]
    grown = [
        m["all_sessions_open"] - m["before"]
        for m in summary["memory_mib"]
        if m["before"] is not None and m["all_sessions_open"] is not None
    ]
    summary["memory_per_session_mib"] = round(sum(grown) / sessions, 2) if grown else None
    checks = [m["within_margin"] for m in summary["memory_mib"]]
    summary["memory_returned_to_baseline"] = None if None in checks else all(checks)
    return summary


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), None when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pids: list[int], below: float = 0.05, timeout_s: float = 60.0) -> bool:
    """Wait until the replicas use less than `below` of a core over one second (their warm-up
    has finished); False if they are still busy after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        start = [cpu_seconds(pid) or 0.0 for pid in pids]
        time.sleep(1.0)
        used = [(cpu_seconds(pid) or 0.0) - s for pid, s in zip(pids, start, strict=True)]
        if max(used) < below:
            return True
    return False


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# The replicas of the load test drop a closed session after this many seconds (Streamlit's
# default is 120 s); memory is read SESSION_CLEANUP_S after that, and again SESSION_RELEASE_S
# after it: the replica's releaser (ui/memory.py, every 10 s) has then shut the sessions down
# and given the freed memory back.
LOADTEST_SESSION_TTL_S = 20
SESSION_CLEANUP_S = 10.0
SESSION_RELEASE_S = 25.0


def parse_env_variant(text: str) -> tuple[str, dict[str, str]]:
    """`NAME` or `NAME:VAR=VALUE[,VAR=VALUE...]` -> (NAME, {VAR: VALUE}): a set-up whose replicas
    get these variables (values without commas)."""
    name, _, assignments = text.partition(":")
    if not name.strip():
        raise ValueError(f"{text!r}: a variant needs a name before ':'")
    env = {}
    for assignment in filter(None, (a.strip() for a in assignments.split(","))):
        variable, equals, value = assignment.partition("=")
        if not equals or not variable.strip():
            raise ValueError(f"{assignment!r} is not VAR=VALUE")
        env[variable.strip()] = value
    return name.strip(), env


def measure(
    replicas: int,
    sessions: int,
    waves: int = 2,
    session_ttl_s: int = LOADTEST_SESSION_TTL_S,
    env: dict[str, str] | None = None,
    port: int | None = None,
    first_port: int | None = None,
) -> dict:
    """Start `replicas` Streamlit servers behind nginx (nginx on `port`, replicas from
    `first_port`; free ports when None; `env` added to theirs), let one participant open the
    link first (the facilitator: the warm-up and the caches are then as in a meeting), then
    `waves` times the load. A second wave shows whether memory keeps growing with sessions that
    have ended (a leak) or stays where the first left it (caches and the allocator's reserve)."""
    from typology.replicas import serve_replicas

    settle_after_s = session_ttl_s + SESSION_CLEANUP_S
    release_after_s = session_ttl_s + SESSION_RELEASE_S
    with serve_replicas(
        replicas, port, first_port, session_ttl_s=session_ttl_s, env=env
    ) as deployment:
        pids = [r.process.pid for r in deployment.replicas]
        first = asyncio.run(run_session(deployment.url, -1, steps=()))
        if first.error:
            raise RuntimeError(f"the first session failed: {first.error}")
        # Warm each replica directly (not through nginx) with one session doing the same steps,
        # then let it close and be dropped: the caches of those settings are then filled, so the
        # memory before a wave is each replica's baseline and what a wave adds is per session.
        for index, replica in enumerate(deployment.replicas):
            warm = asyncio.run(run_session(replica.url, -2 - index))
            if warm.error:
                raise RuntimeError(f"warming replica {replica.port} failed: {warm.error}")
        time.sleep(release_after_s)  # the warming sessions are shut down: memory is a baseline
        idle = wait_idle(pids)
        runs = []
        for _ in range(waves):
            load_before = os.getloadavg()[0]
            runs.append(
                asyncio.run(
                    run_load(deployment.url, sessions, pids, settle_after_s, release_after_s)
                )
            )
            runs[-1]["load_average_1min_before"] = round(load_before, 2)
    return {
        "replicas": replicas,
        "facilitator_first_render_s": round(first.first_render_s, 3),
        "replicas_idle_before_load": idle,
        "replicas_warmed_with_the_steps": True,
        "session_ttl_s": session_ttl_s,
        "env": dict(env or {}),
        "memory_read_after_close_s": [settle_after_s, release_after_s],
        "memory_margin": f"within max({RETURN_MARGIN_SHARE:.0%} of the baseline, "
        f"{RETURN_MARGIN_MIB:g} MiB) of the memory before the wave, read "
        f"{release_after_s:g} s after close",
        "waves": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.loadtest",
        description="Concurrent sessions through nginx to N replicas (loopback; loads the CPU).",
    )
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument(
        "--replicas", type=int, nargs="+", default=[1, 2], help="one run per count, in order"
    )
    parser.add_argument("--waves", type=int, default=2, help="load waves per replica count")
    parser.add_argument(
        "--session-ttl", type=int, default=LOADTEST_SESSION_TTL_S,
        help="seconds a replica keeps a closed session (server.disconnectedSessionTTL); memory "
        f"is read {SESSION_CLEANUP_S:g} s and {SESSION_RELEASE_S:g} s after it",
    )  # fmt: skip
    parser.add_argument(
        "--env-variant", action="append", metavar="NAME[:VAR=VALUE,...]",
        help="a set-up to measure, its replicas getting these variables (repeat to compare, e.g. "
        "release:TYPOLOGY_MEMORY_RELEASE=1 off:TYPOLOGY_MEMORY_RELEASE=0); each runs every "
        "--replicas count; default: one set-up as shipped",
    )  # fmt: skip
    parser.add_argument("--port", type=int, help="nginx's port (default: a free one)")
    parser.add_argument(
        "--first-port", type=int, help="first replica's port, the next ones follow (default: free)"
    )
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if min(args.sessions, args.waves, *args.replicas) < 1:
        parser.error("--sessions, --waves and --replicas must be at least 1")
    try:
        variants = [parse_env_variant(v) for v in args.env_variant or ["as-shipped"]]
    except ValueError as error:
        parser.error(f"--env-variant {error}")
    import platform

    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "sessions": args.sessions,
        "steps": [name for name, _, _ in STEPS],
        "runs": [
            {"variant": name}
            | measure(
                n, args.sessions, args.waves, args.session_ttl, env, args.port, args.first_port
            )
            for name, env in variants
            for n in args.replicas
        ],
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    errors = sum(wave["errors"] for run in report["runs"] for wave in run["waves"])
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
