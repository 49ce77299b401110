"""The `perspectives` command line on SQLite and PostgreSQL: import (exit 0 / 1, all or
nothing), agreement CSV, export, backup and restore, add-user, and concurrent writers."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tests.test_perspectives_db import db_url, engine  # noqa: F401 (fixtures)
from typology.cli import main
from typology.io import load_contexts
from typology.perspectives import store
from typology.perspectives.cli import IMPORT_COLUMNS
from typology.perspectives.db import open_db
from typology.schema import VIOLENCE_TYPES

ROOT = Path(__file__).resolve().parents[1]
CONTEXTS = list(load_contexts()["context_id"][:10])


def write_codings(path: Path, coders: list[str], contexts: list[str], **changes) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=IMPORT_COLUMNS)
        writer.writeheader()
        for c, coder in enumerate(coders):
            for u, context_id in enumerate(contexts):
                row = {"coder": coder, "context_id": context_id, "setting": "stable"}
                row.update({v: (c + u + i) % 4 for i, v in enumerate(VIOLENCE_TYPES)})
                row.update(rationale=f"coded by {coder}", sources="", **changes)
                writer.writerow(row)
    return path


def test_import_stores_every_row_and_exits_0(db_url, tmp_path, capsys):  # noqa: F811
    path = write_codings(tmp_path / "c.csv", ["Ana", "Ben"], CONTEXTS[:3])
    assert main(["perspectives", "import", str(path), "--db", db_url]) == 0
    assert "6 coding(s) stored" in capsys.readouterr().out
    engine = open_db(db_url)  # noqa: F811
    assert len(store.codings_frame(engine)) == 6
    engine.dispose()


def test_import_with_problems_lists_each_by_row_exits_1_stores_nothing(db_url, tmp_path, capsys):  # noqa: F811
    path = write_codings(tmp_path / "c.csv", ["Ana"], CONTEXTS[:2])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "domestic"] = "5"
    frame.loc[1, "context_id"] = "nowhere-xxx-1999"
    frame.to_csv(path, index=False)
    assert main(["perspectives", "import", str(path), "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert "row 1, column 'domestic'" in err and "row 2, column 'context_id'" in err
    assert "nothing stored" in err
    engine = open_db(db_url)  # noqa: F811
    assert store.codings_frame(engine).empty
    engine.dispose()


def test_import_names_missing_columns(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("coder,context_id\nAna,x\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert main(["perspectives", "import", str(path), "--db", url]) == 1
    assert "missing column(s) setting, large_scale" in capsys.readouterr().err


def test_agreement_writes_one_row_per_item(db_url, tmp_path):  # noqa: F811
    path = write_codings(tmp_path / "c.csv", ["Ana", "Ben", "Cy"], CONTEXTS[:5])
    assert main(["perspectives", "import", str(path), "--db", db_url]) == 0
    out = tmp_path / "alpha.csv"
    assert main(["perspectives", "agreement", "--db", db_url, "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["variable", "alpha", "units", "coders"]
    assert list(table["variable"]) == [*VIOLENCE_TYPES, "setting", "all"]
    assert list(table["units"]) == [5] * 8 + [35]
    assert set(table["coders"]) == {3}
    # Every coder chose "stable": no variation, so alpha is undefined (empty), not 1 or 0.
    assert pd.isna(table.set_index("variable").loc["setting", "alpha"])


def test_export_backup_and_restore_round_trip(db_url, tmp_path):  # noqa: F811
    """A backup of one database restores into another (here SQLite into each engine), the
    exports match, and the restored database takes new codings (ids continue after the
    restored ones)."""
    source = f"sqlite:///{tmp_path / 'source.db'}"
    path = write_codings(tmp_path / "c.csv", ["Ana", "Ben"], CONTEXTS[:2])
    assert main(["perspectives", "import", str(path), "--db", source]) == 0
    backup = tmp_path / "backup.json"
    assert main(["perspectives", "backup", "--db", source, "--out", str(backup)]) == 0
    assert main(["perspectives", "restore", str(backup), "--db", db_url]) == 0
    exports = []
    for url in (source, db_url):
        out = tmp_path / f"export{len(exports)}.csv"
        assert main(["perspectives", "export", "--db", url, "--out", str(out)]) == 0
        exports.append(pd.read_csv(out))
    pd.testing.assert_frame_equal(exports[0], exports[1])
    more = write_codings(tmp_path / "more.csv", ["Cy"], CONTEXTS[:1])
    assert main(["perspectives", "import", str(more), "--db", db_url]) == 0
    engine = open_db(db_url)  # noqa: F811
    actions = list(store.audit_frame(engine)["action"])
    assert actions == ["coding_added"] * 4 + ["restored", "coding_added"]
    assert len(store.codings_frame(engine)) == 5
    engine.dispose()
    # Restoring over data would mix two histories: refused.
    assert main(["perspectives", "restore", str(backup), "--db", db_url]) == 2


def test_add_user_reads_the_password_from_stdin(tmp_path, monkeypatch, capsys):
    import io

    url = f"sqlite:///{tmp_path / 'p.db'}"
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    args = ["perspectives", "add-user", "Rev", "--role", "reviewer", "--password-stdin"]
    assert main([*args, "--db", url]) == 0
    engine = open_db(url)  # noqa: F811
    assert store.authenticate(engine, "Rev", "a long password")["role"] == "reviewer"
    engine.dispose()
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["perspectives", "add-user", "Eve", "--password-stdin", "--db", url]) == 1
    assert "at least 10 characters" in capsys.readouterr().err


def test_concurrent_imports_lose_and_duplicate_nothing(db_url, tmp_path):  # noqa: F811
    """Two processes import different coders' files at once, and two more import the same
    file at once: every distinct row is stored exactly once. (Four processes: each one
    starts a Python with pandas and scikit-learn, which costs seconds on a shared machine.)"""
    open_db(db_url).dispose()  # the schema exists before the race, as on a server
    files = [
        write_codings(tmp_path / f"c{i}.csv", [f"coder{i}a", f"coder{i}b"], CONTEXTS)
        for i in range(2)
    ]
    same = write_codings(tmp_path / "same.csv", ["twin"], CONTEXTS)
    command = [sys.executable, "-m", "typology", "perspectives", "import"]
    procs = [
        subprocess.Popen(
            [*command, str(f), "--db", db_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in [*files, same, same]
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [code for code, _ in results[:2]] == [0] * 2, results
    assert sorted(code for code, _ in results[2:]) == [0, 1], results
    engine = open_db(db_url)  # noqa: F811
    codings = store.codings_frame(engine)
    assert len(codings) == 2 * 2 * len(CONTEXTS) + len(CONTEXTS)
    assert not codings.duplicated(["coder", "context_id"]).any()
    assert len(store.audit_frame(engine)) == len(codings)
    engine.dispose()
