"""The briefing with the members' perspectives database (issue 15, item 8): the agreement
table as the TWG reads it, the values that come from member consensus marked, and the fit on
the consensus when asked, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.test_perspectives_cli import CONTEXTS, write_codings
from tests.test_perspectives_db import db_url  # noqa: F401 (fixture)
from typology.cli import main
from typology.perspectives import store
from typology.perspectives.agreement import agreement_table
from typology.perspectives.db import open_db


def _coded(db_url: str, tmp_path) -> None:  # noqa: F811
    path = write_codings(tmp_path / "c.csv", ["Ana", "Ben"], CONTEXTS[:4])
    assert main(["perspectives", "import", str(path), "--db", db_url]) == 0
    engine = open_db(db_url)
    store.add_user(engine, "Rev", "a long password", "reviewer")
    reviewer = store.authenticate(engine, "Rev", "a long password")
    store.set_consensus(engine, reviewer, CONTEXTS[0], "domestic", 3, "shelter records")
    engine.dispose()


def test_briefing_shows_the_agreement_and_marks_consensus(db_url, tmp_path):  # noqa: F811
    _coded(db_url, tmp_path)
    out = tmp_path / "b.html"
    argv = ["briefing", "--out", str(out), "--db", db_url, "--coding", "both", "--k", "3"]
    assert main(argv) == 0
    html = out.read_text(encoding="utf-8")
    assert "Agreement between members" in html
    engine = open_db(db_url)
    expected = agreement_table(store.codings_frame(engine))
    engine.dispose()
    # The slide's alpha values are those of the agreement table (as the table shows them).
    for alpha in expected["alpha"].dropna():
        assert f"<td>{alpha:.2f}</td>" in html
    assert "member consensus for domestic" in html


def test_without_consensus_the_briefing_says_so(db_url, tmp_path):  # noqa: F811
    path = write_codings(tmp_path / "c.csv", ["Ana", "Ben"], CONTEXTS[:3])
    assert main(["perspectives", "import", str(path), "--db", db_url]) == 0
    out = tmp_path / "b.html"
    assert main(["briefing", "--out", str(out), "--db", db_url, "--k", "3"]) == 0
    assert "No value in this briefing comes from a member consensus" in out.read_text("utf-8")


def test_consensus_coding_needs_a_database(tmp_path, capsys):
    out = tmp_path / "b.html"
    assert main(["briefing", "--out", str(out), "--coding", "both", "--k", "3"]) != 0
    assert "--db" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_sqlite_file_is_not_created(tmp_path, capsys):
    missing = tmp_path / "none.db"
    out = tmp_path / "b.html"
    assert main(["briefing", "--out", str(out), "--db", f"sqlite:///{missing}"]) != 0
    assert "no perspectives database" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize("fmt", ["pptx"])
def test_the_powerpoint_carries_the_agreement_slide(db_url, tmp_path, fmt):  # noqa: F811
    from pptx import Presentation

    _coded(db_url, tmp_path)
    out = tmp_path / f"b.{fmt}"
    monkey = ["briefing", "--out", str(out), "--db", db_url, "--coding", "both", "--k", "3"]
    assert main(monkey) == 0
    texts = [
        shape.text_frame.text
        for slide in Presentation(out).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert any("Agreement between members" in t for t in texts)
    assert any("member consensus for domestic" in t for t in texts)
