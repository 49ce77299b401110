"""The Data page in a real browser: a semicolon Latin-1 CSV upload changes the contexts on
Explore, and the CSV download of the current view has the expected header."""

import io

import pandas as pd
import pytest

from tests.conftest import make_contexts
from tests.e2e.conftest import ROOT, wait_for_app

pytestmark = pytest.mark.e2e
BUNDLED = len(pd.read_csv(ROOT / "data" / "cities.csv"))


def latin1_semicolon_csv() -> bytes:
    frame = make_contexts()
    frame.loc[0, "city"] = "Testvillé"
    return frame.to_csv(index=False, sep=";").encode("latin-1")


def go_to(page, title: str) -> None:
    """Use the navigation (a new URL would start a new session and forget the upload)."""
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_role("link", name=title, exact=True).click()
    wait_for_app(page)


def contexts_metric(page) -> int:
    metric = page.locator("[data-testid='stMetric']", has_text="Contexts")
    return int(metric.locator("[data-testid='stMetricValue']").inner_text().strip())


def test_upload_changes_explore_and_download_has_the_header(page, app_url):
    # Start at the root: on a fresh server a deep link to /data is served before app.py has
    # registered st.navigation (Streamlit then shows the pages/ folder); see the report.
    page.goto(app_url)
    wait_for_app(page)
    go_to(page, "Data")
    assert page.locator("h1", has_text="Data").count() == 1
    # The upload limit of .streamlit/config.toml holds when serve.py starts the app.
    assert page.get_by_text("20 MB").count() >= 1

    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        {"name": "mine.csv", "mimeType": "text/csv", "buffer": latin1_semicolon_csv()}
    )
    page.wait_for_selector("text=uploaded contexts from", timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0

    go_to(page, "Explore")
    assert contexts_metric(page) == BUNDLED + 24

    go_to(page, "Data")
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name="CSV", exact=True).click()
    download = caught.value
    assert download.suggested_filename == "typologies.csv"
    data = download.path().read_bytes()
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["context_id", "city", "country", "iso3"]
    assert header[-7:] == [
        "typology",
        "typology_name",
        "confidence_typology",
        "membership",
        "runner_up",
        "runner_up_name",
        "borderline",
    ]
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(rows) == BUNDLED + 24
    assert "Testvillé" in set(rows["city"])  # the Latin-1 accent arrived intact
    assert page.external_requests == []


def test_invalid_upload_shows_the_problems_and_explore_still_works(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    go_to(page, "Data")
    bad = make_contexts()
    bad.loc[2, "large_scale"] = 7
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.to_csv(index=False).encode()}
    )
    page.wait_for_selector("text=cannot be used yet", timeout=30_000)
    wait_for_app(page)
    assert "row 4, column 'large_scale'" in page.locator("[data-testid='stCode']").inner_text()
    go_to(page, "Explore")
    assert contexts_metric(page) == BUNDLED
    assert page.locator("[data-testid='stException']").count() == 0
