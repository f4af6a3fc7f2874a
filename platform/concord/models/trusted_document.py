from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow


class TrustedDocument(Base):
    """A GraphQL document an administrator registered for one external app (a persisted operation). The app
    may then send `documentId` (`sha256:<hex of the text's UTF-8 bytes>`) instead of the text, and, when the
    app is trusted-documents-only, nothing else."""

    __tablename__ = "trusted_documents"
    __table_args__ = (UniqueConstraint("api_client_id", "document_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    # The client's tenant, repeated here so row-level security needs no join (and Citus could co-locate it).
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    api_client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id", ondelete="CASCADE"))
    document_id: Mapped[str] = mapped_column(String(71))
    operation_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
