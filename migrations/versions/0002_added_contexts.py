"""City-years added by members: a bundled city at another year, with the bundled coordinates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "added_contexts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("context_id", sa.String(200), nullable=False, unique=True),
        sa.Column("city", sa.String(200), nullable=False),
        sa.Column("country", sa.String(200), nullable=False),
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
        sa.Column("coordinates_from", sa.String(200), nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("added_contexts")
