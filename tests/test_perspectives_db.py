"""The database layer on both engines: migrations, SQLite's WAL, the append-only audit log.

The `db_url` fixture (imported by the other perspectives tests) gives a fresh, empty database:
a SQLite file in tmp_path, or a fresh schema in the PostgreSQL server at TYPOLOGY_TEST_PG
(default 127.0.0.1:5432, database `test`). Without a server the PostgreSQL cases skip, unless
TYPOLOGY_REQUIRE_PG=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from typology.perspectives.db import make_engine, open_db, resolve_url

PG_URL = os.environ.get("TYPOLOGY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_or_skip() -> None:
    try:
        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as err:
        if os.environ.get("TYPOLOGY_REQUIRE_PG") == "1":
            pytest.fail(f"TYPOLOGY_REQUIRE_PG=1 but no PostgreSQL at {PG_URL}: {err}")
        pytest.skip(f"no PostgreSQL server at {PG_URL}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'perspectives.db'}"
        return
    _pg_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(db_url):
    engine = open_db(db_url)
    yield engine
    engine.dispose()


def test_migration_creates_the_tables_and_is_idempotent(db_url):
    engine = open_db(db_url)
    open_db(db_url).dispose()  # a second upgrade finds nothing to do
    tables = set(sa.inspect(engine).get_table_names())
    assert {
        "coders",
        "codings",
        "consensus",
        "audit_log",
        "added_contexts",
        "alembic_version",
    } <= tables
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    engine.dispose()


def test_models_match_the_migrated_columns(engine):
    from typology.perspectives.models import Base

    inspector = sa.inspect(engine)
    for table in Base.metadata.sorted_tables:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == set(table.columns.keys()), table.name


def test_audit_log_refuses_update_and_delete(engine):
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (at, actor, action, detail) "
                "VALUES (CURRENT_TIMESTAMP, 'a', 'test', '{}')"
            )
        )
    for statement in ("UPDATE audit_log SET actor = 'b'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(sa.text(statement))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT actor FROM audit_log")).scalars().all() == ["a"]


def test_database_refuses_an_intensity_outside_0_to_3(engine):
    """Defence in depth: even a write that skips the store's validation cannot store 5."""
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO coders (name, role, created_at) VALUES ('x', 'contributor', "
                "CURRENT_TIMESTAMP)"
            )
        )
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO codings (coder_id, context_id, domestic, rationale, sources, "
                    "created_at, updated_at) SELECT id, 'c', 5, '', '', CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP FROM coders"
                )
            )


def test_sqlite_runs_in_wal_mode_and_creates_its_folder(tmp_path):
    url = f"sqlite:///{tmp_path / 'var' / 'p.db'}"
    engine = open_db(url)
    assert (tmp_path / "var" / "p.db").exists()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_url_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TYPOLOGY_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url(None).endswith("env.db")
    monkeypatch.delenv("TYPOLOGY_DB")
    assert resolve_url(None).endswith("var/perspectives.db")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_get_a_clear_error(url):
    with pytest.raises(ValueError, match="database"):
        make_engine(url)
