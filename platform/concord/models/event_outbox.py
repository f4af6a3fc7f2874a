from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, utcnow


class EventOutbox(Base):
    """One change a subscriber may be told about, written in the transaction that made the change (so nothing
    is lost while no one listens). `id` orders the feed and is the resume cursor: a statement trigger makes
    every writer take a shared advisory lock before its ids are drawn, so a reader that briefly takes the lock
    exclusively knows which ids are final (see concord/events/repository.py). Payload: ids, status, version —
    never personal data."""

    __tablename__ = "event_outbox"
    __table_args__ = (Index("ix_event_outbox_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id"))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    referral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EventOutboxHorizon(Base):
    """One row: the last outbox id pruned (concord_prune_event_outbox). A cursor before it names events that
    are gone, and resuming from it is refused rather than silently skipping them."""

    __tablename__ = "event_outbox_horizon"
    __table_args__ = (CheckConstraint("singleton", name="singleton"),)

    singleton: Mapped[bool] = mapped_column(Boolean, primary_key=True, server_default=text("true"))
    pruned_through: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
