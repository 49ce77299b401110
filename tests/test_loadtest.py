"""The load test's arithmetic: errors are counted, never averaged in; no figure is invented."""

import pytest

from ui.loadtest import STEPS, SessionResult, cpu_seconds, percentiles, rss_mib, summarize


def test_no_timing_is_missing_not_zero():
    assert percentiles([]) == {"n": 0, "p50_s": None, "p95_s": None, "max_s": None}


def test_percentiles_of_known_values():
    figures = percentiles([float(v) for v in range(1, 101)])
    assert figures["n"] == 100
    assert figures["p50_s"] == 50.5
    assert figures["p95_s"] == 95.05  # linear interpolation between the 95th and 96th values
    assert figures["max_s"] == 100.0


def test_failed_sessions_are_counted_as_errors_and_kept_out_of_the_timings():
    steps = {name: 0.5 for name, _, _ in STEPS}
    results = [
        SessionResult(0, first_render_s=2.0, steps_s=steps),
        SessionResult(1, first_render_s=4.0, steps_s=steps),
        SessionResult(2, error="TimeoutError: "),
        SessionResult(3, first_render_s=1.0, error="RuntimeError: the page raised ValueError: x"),
    ]
    summary = summarize(results)
    assert summary["sessions"] == 4
    assert summary["errors"] == 2
    assert summary["first_render"]["n"] == 2
    assert summary["first_render"]["max_s"] == 4.0
    assert all(summary[name]["reran"] == [] for name, _, _ in STEPS)  # not recorded: none
    assert summary["error_examples"] == [
        "RuntimeError: the page raised ValueError: x",
        "TimeoutError: ",
    ]


def test_memory_of_a_process_that_does_not_exist_is_unknown():
    assert rss_mib(2**22 + 12345) is None


def test_cpu_time_of_this_process_is_read_and_grows_with_work():
    import os

    before = cpu_seconds(os.getpid())
    sum(i * i for i in range(2_000_000))
    after = cpu_seconds(os.getpid())
    assert before is not None and after is not None and after > before
    assert cpu_seconds(2**22 + 12345) is None


def test_memory_back_within_the_stated_margin_of_the_baseline():
    from ui.loadtest import RETURN_MARGIN_MIB, RETURN_MARGIN_SHARE, returned_to_baseline

    baseline = 400.0
    margin = max(RETURN_MARGIN_SHARE * baseline, RETURN_MARGIN_MIB)
    back = returned_to_baseline(baseline, baseline + margin - 1)
    assert back == {"margin_mib": margin, "above_baseline_mib": margin - 1, "within_margin": True}
    assert returned_to_baseline(baseline, baseline + margin + 1)["within_margin"] is False
    assert returned_to_baseline(baseline, baseline - 5)["within_margin"] is True  # below: back
    # A small process still gets the fixed allowance, not a share of almost nothing.
    assert returned_to_baseline(10.0, 10.0 + RETURN_MARGIN_MIB)["within_margin"] is True


def test_memory_not_read_is_unknown_not_back_to_baseline():
    from ui.loadtest import returned_to_baseline

    assert returned_to_baseline(None, 300.0)["within_margin"] is None
    assert returned_to_baseline(300.0, None)["within_margin"] is None


def test_an_env_variant_names_a_set_up_and_the_variables_its_replicas_get():
    from ui.loadtest import parse_env_variant

    assert parse_env_variant("as-shipped") == ("as-shipped", {})
    assert parse_env_variant("off:TYPOLOGY_MEMORY_RELEASE=0, MALLOC_ARENA_MAX=8") == (
        "off",
        {"TYPOLOGY_MEMORY_RELEASE": "0", "MALLOC_ARENA_MAX": "8"},
    )
    assert parse_env_variant("log:TYPOLOGY_MEMORY_LOG=logs/a=b.jsonl") == (
        "log",
        {"TYPOLOGY_MEMORY_LOG": "logs/a=b.jsonl"},
    )


def test_a_malformed_env_variant_is_refused_before_anything_starts(capsys):
    from ui.loadtest import main

    for bad in (":TYPOLOGY_MEMORY_RELEASE=0", "off:TYPOLOGY_MEMORY_RELEASE"):
        with pytest.raises(SystemExit) as stopped:
            main(["--env-variant", bad])
        assert stopped.value.code == 2
        assert "--env-variant" in capsys.readouterr().err


def test_memory_is_read_again_after_the_release_and_that_reading_is_judged():
    import asyncio
    import os
    import socket
    from concurrent.futures import ThreadPoolExecutor

    from ui.loadtest import run_load

    with socket.socket() as s:  # a port nobody listens on: every session fails at once
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/"
    pid = os.getpid()
    # In a thread of its own: in the whole suite the browser tests' Playwright keeps an event
    # loop running in this one, and asyncio.run refuses to start inside it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        summary = pool.submit(
            asyncio.run, run_load(url, 2, [pid], settle_after_s=0.05, release_after_s=0.2)
        ).result(timeout=120)
    assert summary["errors"] == 2
    memory = summary["memory_mib"][0]
    assert memory["after_close"] is not None and memory["after_release"] is not None
    judged = memory["after_release"] - memory["before"]
    assert abs(memory["above_baseline_mib"] - judged) <= 0.11  # rounding of the two figures
