"""Members' perspectives in a real browser: a member codes a city-year with nothing but the
page, a second member codes it, a reviewer sees the agreement and sets a consensus, the
typologies refit on it, and the audit log records each step."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import start_server, wait_for_app
from typology.perspectives import store
from typology.perspectives.db import open_db
from typology.perspectives.questions import load_questions

pytestmark = pytest.mark.e2e
PASSWORD = "a long password"  # noqa: S105 (test accounts in a tmp database)
FIRST = "abidjan-civ-2004"  # the first city-year in the list: the page's default choice


@pytest.fixture
def perspectives_server(chromium_path, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'perspectives.db'}"
    engine = open_db(url)
    for name, role in (("Ana", "contributor"), ("Ben", "contributor"), ("Rev", "reviewer")):
        store.add_user(engine, name, PASSWORD, role)
    monkeypatch.setenv("TYPOLOGY_DB", url)  # the server inherits it
    server, app_url = start_server()
    yield engine, app_url
    server.terminate()
    server.wait(timeout=10)
    engine.dispose()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.external_requests = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("data:", "blob:", "about:", "http://127.0.0.1", "ws://127.0.0.1"))
            else page.external_requests.append(r.url)
        ),
    )
    return page


def go_to(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()
    wait_for_app(page)


def log_in(page, name: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_for_app(page)


def answer(page, item: str, level: int | str) -> None:
    question = load_questions()[item]
    chosen = next(lv for lv in question.levels if lv.value == level)
    prefix = f"{chosen.label if item == 'setting' else chosen.value}: {chosen.anchor}"
    radio = page.locator("[data-testid='stRadio']").filter(has_text=question.text)
    radio.locator("label").filter(has_text=prefix).first.click()


def choose(page, label: str, option: str) -> None:
    """Pick an option of a select box in a form by typing it, as a keyboard user would."""
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def contribute(page, app_url: str, name: str, domestic: int, rationale: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    go_to(page, "Contribute")
    log_in(page, name)
    answer(page, "domestic", domestic)
    answer(page, "small_scale", 2)
    answer(page, "setting", "stable")
    page.get_by_label("Why? (what you know of the city that year; plain text)").fill(rationale)
    page.get_by_role("button", name="Save my coding").click()
    page.get_by_text("Your coding is added.").wait_for(timeout=30_000)
    wait_for_app(page)


def test_two_members_code_a_reviewer_reconciles_and_the_fit_follows(browser, perspectives_server):
    engine, app_url = perspectives_server
    ana, ben, rev = new_page(browser), new_page(browser), new_page(browser)

    contribute(ana, app_url, "Ana", 2, "The IPV survey for the country says medium.")
    contribute(ben, app_url, "Ben", 3, "Shelters in the city report more cases.")
    # Ben saved, so he now sees both codings; Ana's own page showed only hers before.
    codings = store.codings_frame(engine, FIRST)
    assert sorted(codings["coder"]) == ["Ana", "Ben"]
    assert list(codings.sort_values("coder")["domestic"]) == [2, 3]
    assert codings["public"].isna().all()  # left at "don't know": missing, not 0

    rev.goto(app_url)
    wait_for_app(rev)
    go_to(rev, "Review")
    assert rev.get_by_text("alpha ≥ 0.8 reliable").count() >= 1
    log_in(rev, "Rev")
    choose(rev, "Item", "domestic")
    choose(rev, "Consensus value", "2")
    rev.get_by_label("Rationale (required)").fill("The survey is the better evidence here.")
    rev.get_by_role("button", name="Save the consensus").click()
    rev.get_by_text("Consensus for domestic saved").wait_for(timeout=30_000)
    wait_for_app(rev)

    # The sidebar now offers the consensus; the typologies refit on it without an error.
    sidebar = rev.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("consensus where it exists, else desk research", exact=True).click()
    wait_for_app(rev)
    go_to(rev, "Explore")
    assert rev.locator("[data-testid='stException']").count() == 0

    actions = list(store.audit_frame(engine)["action"])
    assert actions == ["user_added"] * 3 + ["coding_added"] * 2 + ["consensus_set"]
    for page in (ana, ben, rev):
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.external_requests == []
        page.context.close()
