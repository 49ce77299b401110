"""The server warm-up (serve.py): it must fill the very cache entry a fresh session reads, and it
must never take the server down."""

import logging

from streamlit.testing.v1 import AppTest

from ui import loaders, state, warmup


def _fresh_session_params():
    import streamlit as st

    from ui import state

    st.session_state["params"] = state.current_params()


def test_default_params_are_what_a_fresh_session_uses():
    at = AppTest.from_function(_fresh_session_params)
    at.run()
    assert not at.exception
    assert at.session_state["params"] == state.default_params()


def test_warm_up_fits_the_default_analysis_a_session_then_reuses(monkeypatch):
    fits = []
    real_analyse = loaders.analyse

    def counting_analyse(*args, **kwargs):
        fits.append(args[1:4])
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(loaders, "analyse", counting_analyse)
    warmup.warm()
    assert len(fits) == 1
    analysis = loaders.cached_analysis(loaders.bundled_contexts(), state.default_params())
    assert len(fits) == 1, "the first session fitted again: the warm-up filled another cache key"
    assert analysis.k == state.DEFAULTS["k"]


def test_warm_up_failure_is_logged_not_raised(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("TYPOLOGY_DATA_DIR", str(tmp_path))  # no cities.csv here
    with caplog.at_level(logging.WARNING, logger="ui.warmup"):
        warmup.warm()
    assert "warm-up failed" in caplog.text


def test_start_in_background_returns_a_daemon_thread():
    thread = warmup.start_in_background()
    thread.join(timeout=120)
    assert thread.daemon
    assert not thread.is_alive()


def test_streamlit_context_warning_is_silenced_for_the_warm_up_thread_only():
    warmup.start_in_background().join(timeout=120)
    streamlit_logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")

    def record(thread_name: str) -> logging.LogRecord:
        message = "missing ScriptRunContext!"
        entry = streamlit_logger.makeRecord(
            streamlit_logger.name, logging.WARNING, __file__, 1, message, (), None
        )
        entry.threadName = thread_name
        return entry

    warmup.start_in_background().join(timeout=120)  # a second start adds no second filter
    ours = [f for f in streamlit_logger.filters if type(f).__name__ == "_NotFromWarmup"]
    assert len(ours) == 1
    assert not streamlit_logger.filter(record(warmup.THREAD_NAME))
    assert streamlit_logger.filter(record("ScriptRunner.scriptThread"))
