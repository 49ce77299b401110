"""Work done once when the server starts, before anyone connects: import the heavy libraries and
fill the caches the default Explore view reads, so the first visitor does not wait for them.

serve.py runs `start_in_background` from Streamlit's server lifespan. The warm-up shares the
server's caches (st.cache_data), so the first session finds its analysis already fitted."""

from __future__ import annotations

import logging
import threading

LOGGER = logging.getLogger(__name__)


def warm() -> None:
    """Import and compute what a fresh session's first page needs. Never raises: on failure the
    first page does the same work and reports any problem to the user as usual."""
    try:
        import PIL.Image  # noqa: F401  (set_page_config reads the favicon with it)

        import typology.charts  # noqa: F401  (plotly)
        from ui import loaders, state

        contexts = loaders.bundled_contexts()
        loaders.cached_analysis(contexts, state.default_params())
        loaders.bundled_data_version()
    except Exception:  # noqa: BLE001  (a warm-up must never take the server down)
        LOGGER.warning("warm-up failed; the first page will do this work", exc_info=True)


THREAD_NAME = "typology-warmup"


class _NotFromWarmup(logging.Filter):
    """Drops Streamlit's 'missing ScriptRunContext' warning for the warm-up thread: it runs
    outside any session on purpose, and the warning would alarm whoever reads the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD_NAME


_SILENCE_WARMUP = _NotFromWarmup()  # one instance: logging adds the same filter only once


def start_in_background() -> threading.Thread:
    """Warm up in a daemon thread: the server answers at once while the warm-up runs."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        _SILENCE_WARMUP
    )
    thread = threading.Thread(target=warm, name=THREAD_NAME, daemon=True)
    thread.start()
    return thread
