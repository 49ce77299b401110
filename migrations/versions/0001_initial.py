"""The first schema: coders, codings, consensus and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

VIOLENCE_TYPES = (
    "large_scale",
    "small_scale",
    "public",
    "domestic",
    "gender_based",
    "organized",
    "spontaneous",
)


def upgrade() -> None:
    op.create_table(
        "coders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("role IN ('contributor', 'reviewer', 'admin')", name="ck_coder_role"),
    )
    op.create_table(
        "codings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("coder_id", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
        sa.Column("context_id", sa.String(200), nullable=False, index=True),
        sa.Column("setting", sa.String(40), nullable=True),
        *(sa.Column(v, sa.Integer, nullable=True) for v in VIOLENCE_TYPES),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("confidence", sa.String(10), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("coder_id", "context_id", name="uq_coding_coder_context"),
        *(
            sa.CheckConstraint(f"{v} BETWEEN 0 AND 3", name=f"ck_coding_{v}")
            for v in VIOLENCE_TYPES
        ),
    )
    op.create_table(
        "consensus",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("context_id", sa.String(200), nullable=False, index=True),
        sa.Column("variable", sa.String(40), nullable=False),
        sa.Column("value", sa.String(40), nullable=True),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
        sa.Column("coders", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("context_id", "variable", name="uq_consensus_item"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("context_id", sa.String(200), nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
    )
    # Append-only in the database itself, not only by convention in the code.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    for table in ("audit_log", "consensus", "codings", "coders"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
