"""Fit time and peak memory per method and table size: the `scale` part of `python -m typology
bench` (typology/bench.py).

Performance is measured here and reported, never asserted by timed tests. Each case runs in a
fresh process so that its peak memory (VmHWM) is its own. The rows are made up
('Benchville N', four planted profiles with noise): the bundled data has only 189 contexts.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from typology.schema import SETTINGS, VIOLENCE_TYPES

SIZES: tuple[int, ...] = (200, 5_000, 50_000)
PROFILES = {
    "armed_conflict": (3, 2, 2, 1, 2, 3, 1),
    "post_conflict": (1, 2, 1, 2, 2, 1, 2),
    "criminal_violence": (0, 3, 3, 1, 1, 3, 1),
    "stable": (0, 1, 1, 1, 1, 0, 1),
}


def synthetic_contexts(n: int, seed: int = 0) -> pd.DataFrame:
    """n made-up contexts around four planted profiles (for benchmarks and scale tests only)."""
    rng = np.random.default_rng(seed)
    settings = rng.choice(list(SETTINGS), size=n)
    base = np.array([PROFILES[s] for s in settings])
    noise = rng.integers(-1, 2, size=base.shape) * (rng.random(base.shape) < 0.3)
    intensities = np.clip(base + noise, 0, 3)
    frame = pd.DataFrame(intensities, columns=list(VIOLENCE_TYPES))
    frame.insert(0, "context_id", [f"benchville-{i}" for i in range(n)])
    frame.insert(1, "city", [f"Benchville {i}" for i in range(n)])
    frame.insert(2, "country", "Benchland")
    frame.insert(3, "iso3", "BNV")
    frame.insert(4, "year", 2015 + rng.integers(0, 8, size=n))
    frame.insert(5, "latitude", rng.uniform(-50, 60, size=n))
    frame.insert(6, "longitude", rng.uniform(-170, 170, size=n))
    frame.insert(7, "population", rng.integers(50_000, 5_000_000, size=n))
    frame.insert(8, "setting", settings)
    frame["homicide_rate"] = rng.lognormal(1.5, 1.0, size=n)
    return frame


def _case(what: str, method: str, n: int) -> dict:
    """Run one case in this process and measure it (called in a fresh child process)."""
    from typology.analysis import analyse
    from typology.diagnostics import diagnostics_by_k
    from typology.features import feature_matrix
    from typology.model import TypologyModel

    contexts = synthetic_contexts(n)
    X = feature_matrix(contexts).to_numpy()
    import sklearn.cluster  # noqa: F401  (import time is not fit time)
    import sklearn.mixture  # noqa: F401

    start = time.perf_counter()
    notes: list[str] = []
    if what == "fit":
        TypologyModel(method=method, n_clusters=4, random_state=0).fit(X)
    elif what == "analyse":
        notes = analyse(contexts, method=method, k=4).notes
    elif what == "analyse_auto":
        notes = analyse(contexts, method=method, k="auto").notes
    elif what == "diagnostics":
        diagnostics_by_k(X, method=method)
    seconds = time.perf_counter() - start
    peak_mib = _peak_rss_mib()
    return {
        "what": what,
        "method": method,
        "rows": n,
        "seconds": round(seconds, 3),
        "peak_mib": round(peak_mib),
        "notes": notes,
    }


def _peak_rss_mib() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: Linux carries
    ru_maxrss over from the parent across fork and exec, so a child would report the parent's
    peak when the parent is the larger."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(args: tuple[str, str, int]) -> dict:
    return _case(*args)


def run(cases: list[tuple[str, str, int]]) -> list[dict]:
    import multiprocessing

    results = []
    context = multiprocessing.get_context("spawn")
    for case in cases:
        with context.Pool(1, maxtasksperchild=1) as pool:
            result = pool.apply(_child, (case,))
        print(
            f"{result['what']:<14}{result['method']:<8}{result['rows']:>8,} rows "
            f"{result['seconds']:>9.3f} s {result['peak_mib']:>7,} MiB"
            + (f"  note: {result['notes'][-1]}" if result["notes"] else ""),
            flush=True,
        )
        results.append(result)
    return results


def default_cases(sizes: tuple[int, ...] = SIZES) -> list[tuple[str, str, int]]:
    from typology.model import METHODS

    cases = [("fit", m, n) for n in sizes for m in METHODS]
    cases += [("analyse", m, max(sizes)) for m in METHODS]
    cases += [("analyse_auto", "kmeans", max(sizes))]
    cases += [("diagnostics", m, n) for n in sizes for m in METHODS]
    return cases
