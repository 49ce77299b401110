"""City-years added from the bundled gazetteer: the GeoNames id of the city (empty for a bundled
city added at another year, whose coordinates come from its bundled row).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("added_contexts", sa.Column("geonameid", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("added_contexts") as batch:
        batch.drop_column("geonameid")
