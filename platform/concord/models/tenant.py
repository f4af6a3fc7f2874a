from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow
from concord.models._types import str_enum
from concord.models.enums import Specialty, TenantKind, Tier


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TenantKind] = mapped_column(str_enum(TenantKind, "tenant_kind"))
    tier: Mapped[Tier | None] = mapped_column(str_enum(Tier, "tier"), nullable=True)
    specialty: Mapped[Specialty | None] = mapped_column(str_enum(Specialty, "specialty"), nullable=True)
    agency: Mapped[str | None] = mapped_column(String(64), nullable=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    # Prefix of the human-readable case number: （2026）{case_prefix}{seq}号
    case_prefix: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TenantClosure(Base):
    """Every (ancestor, descendant) pair of the tenant tree, including (t, t) at depth 0."""

    __tablename__ = "tenant_closure"

    ancestor_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    descendant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    depth: Mapped[int] = mapped_column(Integer)


class TenantCoordination(Base):
    """统筹协调: the coordinator (the district centre) supervises the coordinated tenant's dispute work (a
    government department's) without being its parent in the tree: it sees and supervises the cases the
    coordinated tenant and its subtree see, and assigns work on them through joint conferences, but does not
    administer the tenant (users, roles, clients stay with the tree)."""

    __tablename__ = "tenant_coordination"
    __table_args__ = (CheckConstraint("coordinator_id <> coordinated_id", name="not_self"),)

    coordinator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    coordinated_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
