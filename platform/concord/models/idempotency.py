from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow


class IdempotencyKey(Base):
    """A mutation's `Idempotency-Key`, claimed by the first request that carries it and holding that request's
    answer for replay. Scoped to the acting tenant and principal (user or API client): the same key from
    someone else is a different key. The row is written inside the mutation's own transaction, so a mutation
    that fails (and is rolled back) leaves no key behind, and a concurrent retry waits on the unique index."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("tenant_id", "principal_kind", "principal_id", "key"),
        # Purging a tenant's expired keys walks this index (row-level security adds the tenant).
        Index("ix_idempotency_keys_tenant_id_expires_at", "tenant_id", "expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    # "user" or "client"; no foreign key on principal_id because it names a row of either table.
    principal_kind: Mapped[str] = mapped_column(String(16))
    principal_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    key: Mapped[str] = mapped_column(String(255))
    # SHA-256 (hex) of the operation text, operation name and canonical variables.
    fingerprint: Mapped[str] = mapped_column(String(64))
    operation_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # {"data": …, "errors": …} as first answered. Plain JSON, not JSONB: JSONB reorders object keys, and a
    # replay must keep the response's field order (the selection-set order). NULL while the first request runs.
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
