from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow
from concord.models._types import str_enum
from concord.models.enums import (
    AccessReason,
    CaseCategory,
    CaseStatus,
    Complexity,
    PartyKind,
    PartyRole,
    PauseReason,
    SourceChannel,
    SupervisionLevel,
    Tier,
    Track,
)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        # Newest-first keyset pagination.
        Index("ix_cases_created_at_id", "created_at", "id"),
        # A tenant's newest owned cases (scanned backwards): one arm of the newest-visible-cases list.
        Index("ix_cases_tenant_newest", "tenant_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[CaseCategory] = mapped_column(str_enum(CaseCategory, "case_category"))
    source_channel: Mapped[SourceChannel] = mapped_column(str_enum(SourceChannel, "source_channel"))
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus, "case_status"), index=True)
    tier: Mapped[Tier | None] = mapped_column(str_enum(Tier, "tier"), nullable=True)
    complexity: Mapped[Complexity] = mapped_column(
        str_enum(Complexity, "complexity"), default=Complexity.SIMPLE
    )
    amount_in_dispute: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    people_involved: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Overlays (not states): the legal track, risk flags, supervision, referral bounces, conference flag.
    track: Mapped[Track | None] = mapped_column(str_enum(Track, "track"), nullable=True)
    risk_flags: Mapped[list[str]] = mapped_column(
        ARRAY(String(32)), default=list, server_default=text("'{}'")
    )
    supervision_level: Mapped[SupervisionLevel] = mapped_column(
        str_enum(SupervisionLevel, "supervision_level"), default=SupervisionLevel.NONE, server_default="NONE"
    )
    supervision_leader: Mapped[str | None] = mapped_column(String(100), nullable=True)
    supervision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    bounce_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    needs_conference: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    conference_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    performance_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    performance_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    follow_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    follow_up_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Why the case is paused (中止): checked against the rule of every running clock (concord.deadlines.clocks).
    pause_reason: Mapped[PauseReason | None] = mapped_column(
        str_enum(PauseReason, "pause_reason"), nullable=True
    )
    # 受理: the day acceptance-triggered clocks (人民调解, 信访 handling, ...) count from, even when the track is
    # set later.
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # 结案: when the case reached RESOLVED (performance complete, R15); the month a per-case subsidy falls in.
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CaseCounter(Base):
    """Last sequence number used per tenant and year, for human-readable case numbers without gaps."""

    __tablename__ = "case_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class Party(Base):
    __tablename__ = "parties"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PartyKind] = mapped_column(str_enum(PartyKind, "party_kind"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[PartyRole] = mapped_column(str_enum(PartyRole, "party_role"))
    # Stored in full; masked on output unless the role may read identity data.
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseAccess(Base):
    """Explicit sharing: tenant T (and T's ancestors, through the closure) may see the case, and why."""

    __tablename__ = "case_access"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    reason: Mapped[AccessReason] = mapped_column(str_enum(AccessReason, "access_reason"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Copy of cases.created_at, written by a trigger (concord.db.security.VISIBILITY_FUNCTIONS): with the index
    # below, a tenant's newest visible cases are one backward index range instead of all of its cases.
    case_created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_case_access_tenant_newest", "tenant_id", "case_created_at", "case_id"),)
