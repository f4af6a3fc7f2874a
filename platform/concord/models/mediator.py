"""Mediators as people: the roster (调解员名册), training (队伍建设), duty rosters (坐班), assignment to cases with
recusal (指派、回避), and the per-case subsidy scheme (以案定补).

Public roster fields (在线调解规则 Art. 5: name, organisation, disputes accepted, expertise, whether fees are
charged) live on `mediators`; identity data (ID number, phone) and declared relatives live in their own tables,
readable only where the mediator is managed (the organisations the mediator belongs to, their ancestors, and
the tenants overseeing them: the justice bureau over people's mediation, `roster_oversight`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Date,
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
    CaseCategory,
    Complexity,
    ConsultationOutcome,
    Gender,
    HalfDay,
    MediatorAssignmentEnd,
    MediatorAssignmentSource,
    MediatorKind,
    MediatorStatus,
    RecusalStatus,
    RelativeKind,
    TrainingKind,
)


class RosterOversight(Base):
    """指导: the overseer (the justice bureau, 人民调解法 Art. 5) sees the roster details, training and subsidies of
    the mediators of the overseen tenant's subtree, without seeing its cases or administering it."""

    __tablename__ = "roster_oversight"
    __table_args__ = (CheckConstraint("overseer_id <> overseen_id", name="not_self"),)

    overseer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    overseen_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Mediator(Base):
    __tablename__ = "mediators"
    __table_args__ = (
        Index("ix_mediators_tenant_name", "tenant_id", "name", "id"),
        CheckConstraint(
            "term_end IS NULL OR term_start IS NULL OR term_end >= term_start", name="term_order"
        ),
        CheckConstraint("practice_years IS NULL OR practice_years BETWEEN 0 AND 80", name="practice_years"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    # The organisation whose roster this is (it manages the record); for 特邀调解员 the court.
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, "gender"), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    education: Mapped[str | None] = mapped_column(String(50), nullable=True)
    kind: Mapped[MediatorKind] = mapped_column(str_enum(MediatorKind, "mediator_kind"))
    # Case categories the mediator is expert in (CaseCategory values).
    specialties: Mapped[list[str]] = mapped_column(
        ARRAY(String(32)), default=list, server_default=text("'{}'")
    )
    # Streets and communities served (tenant ids of STREET / COMMUNITY centres).
    area_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list, server_default=text("'{}'"))
    # 特邀调解员: term of appointment on the court's roster (usually two years, renewable).
    term_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    term_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 律师调解员: practice certificate (执业证号) and years of practice.
    practice_certificate_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    practice_years: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    status: Mapped[MediatorStatus] = mapped_column(
        str_enum(MediatorStatus, "mediator_status"), default=MediatorStatus.ACTIVE, server_default="ACTIVE"
    )
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Public roster (在线调解规则 Art. 5).
    disputes_accepted: Mapped[str] = mapped_column(Text, default="", server_default="")
    expertise: Mapped[str] = mapped_column(Text, default="", server_default="")
    charges_fees: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    profile: Mapped[str] = mapped_column(Text, default="", server_default="")  # 工作经历 / 简介
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class MediatorAffiliation(Base):
    """A mediator belongs to one or more organisations (the managing one included)."""

    __tablename__ = "mediator_affiliations"

    mediator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mediators.id", ondelete="CASCADE"), primary_key=True
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MediatorIdentity(Base):
    """Identity data, stored in full and masked on output unless the role may read identity data."""

    __tablename__ = "mediator_identities"

    mediator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mediators.id", ondelete="CASCADE"), primary_key=True
    )
    # One roster record per person: the same ID number twice is refused (CONFLICT), whoever's roster holds it.
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)


class MediatorCertificate(Base):
    __tablename__ = "mediator_certificates"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issued_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MediatorRelative(Base):
    """A declared relative or other interested person: a party with this ID number (or, without one, this name)
    makes the mediator conflicted (回避)."""

    __tablename__ = "mediator_relatives"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    relation: Mapped[RelativeKind] = mapped_column(str_enum(RelativeKind, "relative_kind"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MediatorConflict(Base):
    """A conflict the mediator (or the organisation) declared on one case."""

    __tablename__ = "mediator_conflicts"
    __table_args__ = (UniqueConstraint("mediator_id", "case_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseMediator(Base):
    """A mediator on a case: assigned by the handling organisation, chosen by a party, or named by the court on
    a 委派 (who must then contact the parties within the configured time, C10)."""

    __tablename__ = "case_mediators"
    __table_args__ = (
        Index(
            "uq_case_mediators_current",
            "case_id",
            "mediator_id",
            unique=True,
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_case_mediators_mediator_current", "mediator_id", postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediators.id", ondelete="RESTRICT"))
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))  # the organisation that assigned
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[MediatorAssignmentSource] = mapped_column(
        str_enum(MediatorAssignmentSource, "mediator_assignment_source")
    )
    referral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL"), nullable=True
    )
    assigned_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    contacted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    end_reason: Mapped[MediatorAssignmentEnd | None] = mapped_column(
        str_enum(MediatorAssignmentEnd, "mediator_assignment_end"), nullable=True
    )


class RecusalRequest(Base):
    """A party asks that a mediator step aside (申请回避); the handling organisation decides."""

    __tablename__ = "recusal_requests"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"))
    party_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RecusalStatus] = mapped_column(
        str_enum(RecusalStatus, "recusal_status"), default=RecusalStatus.PENDING
    )
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)


class TrainingEvent(Base):
    __tablename__ = "training_events"
    __table_args__ = (
        Index("ix_training_events_tenant_held", "tenant_id", "held_on", "id"),
        CheckConstraint("hours > 0 AND hours <= 24", name="hours_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), index=True)  # the organiser
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrainingKind] = mapped_column(str_enum(TrainingKind, "training_kind"))
    held_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TrainingAttendance(Base):
    __tablename__ = "training_attendance"
    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 24", name="hours_range"),)

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("training_events.id", ondelete="CASCADE"), primary_key=True
    )
    mediator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mediators.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))  # the event's hours unless attended in part
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DutySlot(Base):
    """坐班: a lawyer (or mediator) on duty at a studio or centre for half a day."""

    __tablename__ = "duty_slots"
    __table_args__ = (
        UniqueConstraint("tenant_id", "on_date", "half_day", "mediator_id"),
        Index("ix_duty_slots_tenant_date", "tenant_id", "on_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    on_date: Mapped[date] = mapped_column(Date)
    half_day: Mapped[HalfDay] = mapped_column(str_enum(HalfDay, "half_day"))
    place: Mapped[str] = mapped_column(String(200))
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediators.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DutyConsultation(Base):
    """A consultation given on duty, and what came of it."""

    __tablename__ = "duty_consultations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    slot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty_slots.id", ondelete="CASCADE"), index=True)
    topic: Mapped[CaseCategory] = mapped_column(str_enum(CaseCategory, "case_category"))
    outcome: Mapped[ConsultationOutcome] = mapped_column(
        str_enum(ConsultationOutcome, "consultation_outcome")
    )
    case_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True
    )
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SubsidyScheme(Base):
    """以案定补: the amounts a tenant (the district) pays per resolved case, and the monthly cap per mediator."""

    __tablename__ = "subsidy_schemes"
    __table_args__ = (
        CheckConstraint("monthly_cap >= 0", name="cap_nonnegative"),
        CheckConstraint("effective_to IS NULL OR effective_to >= effective_from", name="period_order"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    monthly_cap: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SubsidyRate(Base):
    """One amount of a scheme: by category and difficulty (NULL: any)."""

    __tablename__ = "subsidy_rates"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_nonnegative"),
        Index(
            "uq_subsidy_rates_key",
            "scheme_id",
            text("coalesce(category, '*')"),
            text("coalesce(complexity, '*')"),
            unique=True,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    scheme_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("subsidy_schemes.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[CaseCategory | None] = mapped_column(
        str_enum(CaseCategory, "case_category"), nullable=True
    )
    complexity: Mapped[Complexity | None] = mapped_column(str_enum(Complexity, "complexity"), nullable=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
