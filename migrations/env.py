"""Alembic environment: runs on a connection handed in by typology.perspectives.db.migrate,
or on the URL of TYPOLOGY_DB / the default SQLite file when run as `alembic upgrade head`."""

from alembic import context

from typology.perspectives.db import make_engine
from typology.perspectives.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()
