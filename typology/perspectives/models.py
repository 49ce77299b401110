"""The tables. The schema itself is created by the Alembic migrations in migrations/; these
classes describe it for queries (a test checks both agree)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from typology.schema import VIOLENCE_TYPES

ROLES: tuple[str, ...] = ("contributor", "reviewer", "admin")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Coder(Base):
    """A TWG member. password_hash is an argon2 hash; empty for a coder known only from an
    imported file (who cannot log in)."""

    __tablename__ = "coders"
    __table_args__ = (
        CheckConstraint("role IN ('contributor', 'reviewer', 'admin')", name="ck_coder_role"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="contributor")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Coding(Base):
    """One coder's answers for one context. Missing ("don't know") is NULL, never 0."""

    __tablename__ = "codings"
    __table_args__ = (
        UniqueConstraint("coder_id", "context_id", name="uq_coding_coder_context"),
        *(CheckConstraint(f"{v} BETWEEN 0 AND 3", name=f"ck_coding_{v}") for v in VIOLENCE_TYPES),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    context_id: Mapped[str] = mapped_column(String(200), index=True)
    setting: Mapped[str | None] = mapped_column(String(40), nullable=True)
    large_scale: Mapped[int | None] = mapped_column(Integer, nullable=True)
    small_scale: Mapped[int | None] = mapped_column(Integer, nullable=True)
    public: Mapped[int | None] = mapped_column(Integer, nullable=True)
    domestic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    gender_based: Mapped[int | None] = mapped_column(Integer, nullable=True)
    organized: Mapped[int | None] = mapped_column(Integer, nullable=True)
    spontaneous: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Consensus(Base):
    """A reviewer's consensus for one item (a violence type or `setting`) of one context."""

    __tablename__ = "consensus"
    __table_args__ = (UniqueConstraint("context_id", "variable", name="uq_consensus_item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    context_id: Mapped[str] = mapped_column(String(200), index=True)
    variable: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(40), nullable=True)
    rationale: Mapped[str] = mapped_column(Text)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    coders: Mapped[str] = mapped_column(Text, default="")  # the coders whose codings it weighs
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Append-only: database triggers refuse UPDATE and DELETE (see the first migration)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    context_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


ITEMS: tuple[str, ...] = (*VIOLENCE_TYPES, "setting")


class AddedContext(Base):
    """A city-year a member added: a bundled city at another year (coordinates_from names the
    bundled row) or a city from the bundled gazetteer (coordinates_from `geonames`, with its
    geonameid). Nothing else is known until members code it."""

    __tablename__ = "added_contexts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    context_id: Mapped[str] = mapped_column(String(200), unique=True)
    city: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(200))
    iso3: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    coordinates_from: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(200))
    geonameid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
