"""Where the database is and how to open it.

The URL comes from `--db`, else TYPOLOGY_DB, else a SQLite file var/perspectives.db under the
project root (created on demand; var/ is ignored by git). SQLite runs in WAL mode and takes its
write lock at BEGIN, so two members saving at once wait for each other instead of failing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[2]
DB_ENV = "TYPOLOGY_DB"
SUPPORTED = ("sqlite", "postgresql")


def default_path() -> Path:
    return ROOT / "var" / "perspectives.db"


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: the argument, else TYPOLOGY_DB, else the default SQLite file."""
    from sqlalchemy.engine import make_url

    url = url or os.environ.get(DB_ENV) or f"sqlite:///{default_path()}"
    try:
        parsed = make_url(url)
    except Exception:
        raise ValueError(
            f"not a database URL: {url!r} (use sqlite:///path/file.db or "
            "postgresql+psycopg://user@host:5432/dbname)"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise ValueError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
        )
    return url


def sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def exists(url: str | None = None) -> bool:
    """Whether the database has been set up, without creating anything (pages read this)."""
    from sqlalchemy import inspect

    url = resolve_url(url)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return False
    engine = make_engine(url, create=False)
    try:
        return inspect(engine).has_table("coders")
    except Exception:
        return False
    finally:
        engine.dispose()


def make_engine(url: str | None = None, create: bool = True) -> Engine:
    from sqlalchemy import create_engine, event

    url = resolve_url(url)
    path = sqlite_file(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Take the write lock up front: a deferred transaction that reads then writes can fail
        # at once with "database is locked" instead of waiting for the other writer.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(url: str):
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two processes upgrading at once would both create the tables: take turns.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7215)")
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_db(url: str | None = None) -> Engine:
    """An engine on a migrated database (creates the SQLite file and its folder if needed)."""
    engine = make_engine(url)
    migrate(engine)
    return engine
