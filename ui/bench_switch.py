"""Server-side script time of a warm page switch and a Practices filter change, with AppTest.

Run as a file, `python ui/bench_switch.py [--root DIR] [--repeats N]`: prints one JSON object,
the median and every timing in seconds. `--root` runs another checkout's app.py (its own `ui` and
`typology` imported), so two branches can be compared on the same machine in the same minute.
AppTest runs the whole script for every interaction, a fragment's widget too: the filter row is a
whole-page rerun, an upper bound of what the fragment costs in a browser session.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

PAGES = ("views/present.py", "views/practices.py", "views/compare.py")
FILTER_VALUES = (["post_conflict"], [])  # alternated: both are warm after the first round


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(root: Path, repeats: int) -> dict:
    # The checkout's own ui/ and typology/, not this file's folder (run as a file, not -m).
    here = Path(__file__).resolve().parent
    sys.path[:] = [str(root)] + [p for p in sys.path if Path(p or ".").resolve() != here]
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "app.py"), default_timeout=300).run()
    for page in PAGES:  # warm every cache once: the timings below are warm reruns
        at.switch_page(page).run()
        at.switch_page("views/explore.py").run()
    switches: dict[str, list[float]] = {page: [] for page in PAGES}
    for _ in range(repeats):
        for page in PAGES:
            switches[page].append(_timed(lambda p=page: at.switch_page(p).run()))
            at.switch_page("views/explore.py").run()
    at.switch_page("views/practices.py").run()
    for values in FILTER_VALUES:  # warm
        at.multiselect(key="p_setting").set_value(values).run()
    filter_runs = []
    for i in range(2 * repeats):
        values = FILTER_VALUES[i % 2]
        filter_runs.append(
            _timed(lambda v=values: at.multiselect(key="p_setting").set_value(v).run())
        )
    assert not at.exception, at.exception
    timings = {f"switch to {Path(p).stem}": t for p, t in switches.items()}
    timings["practices filter change"] = filter_runs
    return {
        "root": str(root),
        "median_seconds": {name: round(statistics.median(t), 3) for name, t in timings.items()},
        "seconds": {name: [round(x, 3) for x in t] for name, t in timings.items()},
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(measure(args.root.resolve(), args.repeats)))
