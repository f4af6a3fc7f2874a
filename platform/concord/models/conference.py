"""Joint conferences (联席会议): the conference, who may see it, its cases, participants, agenda, minutes (versions,
comments, sign-offs, addenda), decisions and action items.

Sharing is explicit data, as for cases: `conference_access` holds one row per tenant that takes part (the
convenor included); every other conference table defers to it, and row-level security checks it against the
tenant tree only, so the policies never reference each other in a cycle."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow
from concord.models._types import str_enum
from concord.models.enums import (
    ActionItemStatus,
    Attendance,
    ConferenceStatus,
    InvitationStatus,
    MinutesStatus,
)

_CONF = "joint_conferences.id"


class JointConference(Base):
    __tablename__ = "joint_conferences"
    __table_args__ = (Index("ix_joint_conferences_created_at_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), index=True)  # the convenor
    status: Mapped[ConferenceStatus] = mapped_column(str_enum(ConferenceStatus, "conference_status"))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    online_link: Mapped[str | None] = mapped_column(String(500), nullable=True)
    lead_tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))  # 牵头单位
    chair: Mapped[str] = mapped_column(String(100))
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    minutes_status: Mapped[MinutesStatus] = mapped_column(
        str_enum(MinutesStatus, "minutes_status"), default=MinutesStatus.DRAFT
    )
    minutes_locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    held_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ConferenceAccess(Base):
    """Tenant T (and T's ancestors, through the closure) may see the conference. `granted_by` is the tenant that
    wrote the row (null for the convenor's own); a foreign key makes it a tenant that itself has access."""

    __tablename__ = "conference_access"
    __table_args__ = (
        ForeignKeyConstraint(
            ["conference_id", "granted_by"],
            ["conference_access.conference_id", "conference_access.tenant_id"],
            name="fk_conference_access_granted_by_conference_access",
        ),
    )

    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16))  # CONVENOR or PARTICIPANT
    granted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConferenceCase(Base):
    __tablename__ = "conference_cases"

    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ConferenceParticipant(Base):
    __tablename__ = "conference_participants"
    __table_args__ = (UniqueConstraint("conference_id", "tenant_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), index=True)
    status: Mapped[InvitationStatus] = mapped_column(str_enum(InvitationStatus, "invitation_status"))
    decline_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    delegated_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tenants.id"), nullable=True)
    invited_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    representative: Mapped[str | None] = mapped_column(String(100), nullable=True)
    attendance: Mapped[Attendance | None] = mapped_column(str_enum(Attendance, "attendance"), nullable=True)
    attendance_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MinutesVersion(Base):
    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("conference_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MinutesComment(Base):
    __tablename__ = "minutes_comments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("minutes_versions.id", ondelete="CASCADE"))
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MinutesSignoff(Base):
    __tablename__ = "minutes_signoffs"
    __table_args__ = (UniqueConstraint("version_id", "tenant_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("minutes_versions.id", ondelete="CASCADE"))
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    signer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signer_name: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MinutesAddendum(Base):
    """A correction after the minutes were locked: a new text signed by its author, never an edit."""

    __tablename__ = "minutes_addenda"
    __table_args__ = (UniqueConstraint("conference_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    signer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signer_name: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConferenceDecision(Base):
    __tablename__ = "conference_decisions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    responsible_tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))  # 牵头
    supporting_tenant_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)  # 配合
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_items.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConferenceActionItem(Base):
    """One owned task with a deadline; on issue it becomes an ASSIGNED referral (交办) to the responsible tenant."""

    __tablename__ = "conference_action_items"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    conference_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(_CONF, ondelete="CASCADE"), index=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conference_decisions.id", ondelete="CASCADE"))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    responsible_tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionItemStatus] = mapped_column(str_enum(ActionItemStatus, "action_item_status"))
    referral_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referrals.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
