from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow
from concord.models._types import str_enum
from concord.models.enums import DeadlineStatus, Track


class Deadline(Base):
    """A legal or hand-off time limit on a case (or one of its referrals), with the rule that made it and a
    human-readable account of how the date was computed. The watcher moves it to DUE_SOON and OVERDUE."""

    __tablename__ = "deadlines"
    __table_args__ = (Index("ix_deadlines_status_due_at", "status", "due_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), nullable=True
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"), index=True)  # who must act
    track: Mapped[Track] = mapped_column(str_enum(Track, "track"))
    step: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paused_days: Mapped[int] = mapped_column(Integer, default=0)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[DeadlineStatus] = mapped_column(
        str_enum(DeadlineStatus, "deadline_status"), default=DeadlineStatus.ACTIVE
    )
    rule: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    explanation: Mapped[str] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CalendarOverride(Base):
    """Administrator-entered official calendar days for years the holiday package does not know yet."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column()
    name: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
