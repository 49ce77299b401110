"""`python -m typology perspectives ...`: import, agreement, export, backup, restore, add-user.

Every command takes --db URL (else TYPOLOGY_DB, else the SQLite file var/perspectives.db).
`import` exits 0 when every row is stored, 1 with every problem listed by row and nothing stored.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date, datetime
from pathlib import Path

from typology.schema import VIOLENCE_TYPES

IMPORT_COLUMNS: tuple[str, ...] = (
    "coder",
    "context_id",
    "setting",
    *VIOLENCE_TYPES,
    "rationale",
    "sources",
)
MAX_IMPORT_BYTES = 50_000_000  # a file of codings is a few kB per row; beyond this, refuse
TABLES: tuple[str, ...] = ("coders", "codings", "consensus", "audit_log")  # insertion order


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="database URL, e.g. sqlite:///var/perspectives.db or "
        "postgresql+psycopg://user@host:5432/dbname "
        "(default: TYPOLOGY_DB, else var/perspectives.db)",
    )


def _report(problems) -> None:
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    import io

    import pandas as pd

    from typology.io import Problem
    from typology.perspectives.db import open_db
    from typology.perspectives.store import PerspectivesError, add_codings

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            rule = f"the file has {path.stat().st_size:,} bytes, at most {MAX_IMPORT_BYTES:,}"
            raise PerspectivesError([Problem(None, None, None, rule)])
        data = path.read_bytes()
    except FileNotFoundError:
        print(f"error: file not found: {path}", file=sys.stderr)
        return 1
    except PerspectivesError as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 1
    try:
        frame = pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        print(f"{path}: not a readable UTF-8 CSV file ({err}); nothing stored", file=sys.stderr)
        return 1
    missing = [c for c in IMPORT_COLUMNS if c not in frame.columns]
    if missing:
        print(
            f"{path}: missing column(s) {', '.join(missing)}; nothing stored. "
            f"Expected: {', '.join(IMPORT_COLUMNS)} (confidence optional)",
            file=sys.stderr,
        )
        return 1
    engine = open_db(args.db)
    try:
        stored = add_codings(engine, frame.to_dict("records"), actor=args.actor)
    except PerspectivesError as err:
        print(f"{path}: {len(err.problems)} problem(s), nothing stored", file=sys.stderr)
        _report(err.problems)
        return 1
    finally:
        engine.dispose()
    print(f"{stored} coding(s) stored from {path}")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from typology.perspectives.agreement import agreement_table, reading
    from typology.perspectives.db import open_db
    from typology.perspectives.store import codings_frame

    engine = open_db(args.db)
    table = agreement_table(codings_frame(engine))
    engine.dispose()
    table.to_csv(args.out, index=False)
    for row in table.itertuples():
        alpha = "missing" if row.alpha != row.alpha else f"{row.alpha:.3f}"
        print(
            f"{row.variable:<13} alpha {alpha:>7}  units {row.units:>4}  coders {row.coders:>3}"
            f"  {reading(row.alpha)}"
        )
    print(f"written to {args.out}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from typology.perspectives import store
    from typology.perspectives.db import open_db

    engine = open_db(args.db)
    frame = {
        "codings": store.codings_frame,
        "consensus": store.consensus_frame,
        "audit": store.audit_frame,
    }[args.table](engine)
    engine.dispose()
    frame.to_csv(args.out, index=False)
    print(f"{len(frame)} row(s) of {args.table} written to {args.out}")
    return 0


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def run_backup(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from typology.perspectives.db import open_db
    from typology.perspectives.models import Base

    engine = open_db(args.db)
    dump = {"format": "typology-perspectives-backup", "version": 1, "tables": {}}
    with engine.connect() as conn:  # one transaction: a consistent snapshot
        for name in TABLES:
            table = Base.metadata.tables[name]
            rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
            dump["tables"][name] = [dict(r) for r in rows]
    engine.dispose()
    Path(args.out).write_text(json.dumps(dump, default=_json_default, indent=1), encoding="utf-8")
    counts = ", ".join(f"{len(v)} {k}" for k, v in dump["tables"].items())
    print(f"backup of {counts} written to {args.out}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from typology.perspectives.db import open_db
    from typology.perspectives.models import Base, utcnow

    dump = json.loads(Path(args.file).read_text(encoding="utf-8"))
    if dump.get("format") != "typology-perspectives-backup":
        raise ValueError(f"{args.file} is not a perspectives backup")
    engine = open_db(args.db)
    with engine.begin() as conn:
        for name in TABLES:
            if conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar():
                raise ValueError(
                    f"the database already holds {name}: restore only into an empty database"
                )
        for name in TABLES:
            table = Base.metadata.tables[name]
            rows = dump["tables"].get(name, [])
            for row in rows:
                for column in table.columns:
                    if isinstance(column.type, sa.DateTime) and row.get(column.name):
                        row[column.name] = datetime.fromisoformat(row[column.name])
            if rows:
                conn.execute(table.insert(), rows)
            if rows and engine.dialect.name == "postgresql":
                # Explicit ids bypass the sequence: move it past them.
                conn.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), :n)"),
                    {"n": max(r["id"] for r in rows)},
                )
        conn.execute(
            Base.metadata.tables["audit_log"].insert(),
            {
                "at": utcnow(),
                "actor": "admin",
                "action": "restored",
                "detail": json.dumps({"file": str(args.file)}),
            },
        )
    engine.dispose()
    counts = ", ".join(f"{len(dump['tables'].get(k, []))} {k}" for k in TABLES)
    print(f"restored {counts} from {args.file}")
    return 0


def run_add_user(args: argparse.Namespace) -> int:
    from typology.perspectives.db import open_db
    from typology.perspectives.store import PerspectivesError, add_user

    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
    engine = open_db(args.db)
    try:
        add_user(engine, args.name, password, args.role)
    except PerspectivesError as err:
        _report(err.problems)
        return 1
    finally:
        engine.dispose()
    print(f"account {args.name!r} ({args.role}) created")
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    from typology.perspectives.db import open_db, resolve_url

    open_db(args.db).dispose()
    print(f"schema up to date: {resolve_url(args.db).split('@')[-1]}")
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from typology.perspectives.models import ROLES

    parser = subparsers.add_parser(
        "perspectives", help="members' codings in a database: import, agreement, export, backup"
    )
    sub = parser.add_subparsers(dest="perspectives_command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "import",
        help="store codings from a CSV file (all rows or none)",
        description=f"Columns: {', '.join(IMPORT_COLUMNS)} (confidence optional). Intensities "
        "0-3, empty = don't know. Exit 0 when every row is stored, 1 with every problem listed "
        "by row and nothing stored.",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--actor", default="import", help="name recorded in the audit log")
    _db_option(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("agreement", help="Krippendorff's alpha per item, as CSV")
    p.add_argument("--out", type=Path, required=True, help="CSV: variable, alpha, units, coders")
    _db_option(p)
    p.set_defaults(func=run_agreement)

    p = sub.add_parser("export", help="write the codings (or consensus, audit log) as CSV")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--table", choices=("codings", "consensus", "audit"), default="codings")
    _db_option(p)
    p.set_defaults(func=run_export)

    p = sub.add_parser("backup", help="write every table to one JSON file")
    p.add_argument("--out", type=Path, required=True)
    _db_option(p)
    p.set_defaults(func=run_backup)

    p = sub.add_parser("restore", help="load a backup into an empty database")
    p.add_argument("file", type=Path)
    _db_option(p)
    p.set_defaults(func=run_restore)

    p = sub.add_parser(
        "add-user",
        help="create an account (admin command); the password is read from stdin or a prompt",
    )
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES, default="contributor")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    _db_option(p)
    p.set_defaults(func=run_add_user)

    p = sub.add_parser("migrate", help="create or upgrade the schema (Alembic)")
    _db_option(p)
    p.set_defaults(func=run_migrate)
    return parser
