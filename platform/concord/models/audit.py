from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow

# Events with no acting tenant (a failed login for an unknown user) go to this chain.
SYSTEM_CHAIN = uuid.UUID(int=0)
GENESIS_HASH = "0" * 64


class AuditEvent(Base):
    """One recorded action. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained per
    acting tenant: hash = SHA-256(prev_hash || canonical JSON of the event)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("chain_id", "seq"),
        Index("ix_audit_events_case_id_occurred_at", "case_id", "occurred_at"),
        Index("ix_audit_events_tenant_id_occurred_at", "tenant_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    chain_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    seq: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tenants.id"), nullable=True)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    conference_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    client_addr: Mapped[str | None] = mapped_column(String(64), nullable=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The last link of each chain. Locked (row lock) while a transaction appends, so chains grow without gaps
    under concurrency, one tenant at a time — never a global lock."""

    __tablename__ = "audit_chain_heads"

    chain_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tenants.id"), nullable=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
