"""Server-side script time of the Explore page after a k change, with Streamlit's AppTest.

Run as `python -m ui.bench_rerun`: prints one JSON object. It lives in ui/ because it drives
Streamlit; `python -m typology bench` calls it in a subprocess so the library stays
Streamlit-free.
"""

from __future__ import annotations

import json
import time

from streamlit.testing.v1 import AppTest

from ui.registry import ROOT

K_SEQUENCE = (3, 5, 6, 3, 5)  # the last two values hit the cache


def measure() -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    timings = []
    for k in K_SEQUENCE:
        start = time.perf_counter()
        at.selectbox(key="k").set_value(k).run()
        timings.append(round(time.perf_counter() - start, 4))
    return {"k_change_script_seconds": timings, "note": "the last two k values hit the cache"}


if __name__ == "__main__":
    print(json.dumps(measure()))
