from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from concord.kit.pagination import Page
from concord.models import Tenant
from concord.models.enums import TenantKind


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Tenant]:
    return list((await session.execute(select(Tenant).where(Tenant.id.in_(ids)))).scalars())


async def by_id(session: AsyncSession, id_: uuid.UUID) -> Tenant | None:
    return await session.get(Tenant, id_)


async def list_page(session: AsyncSession, page: Page, kind: TenantKind | None) -> list[Tenant]:
    """The tenant directory (every body in the district is public to signed-in users), oldest first."""
    stmt = select(Tenant).where(Tenant.is_active.is_(True))
    if kind is not None:
        stmt = stmt.where(Tenant.kind == kind)
    if page.after is not None:
        stmt = stmt.where(tuple_(Tenant.created_at, Tenant.id) > tuple_(*page.after))
    stmt = stmt.order_by(Tenant.created_at, Tenant.id).limit(page.first + 1)
    return list((await session.execute(stmt)).scalars())


async def add_to_tree(session: AsyncSession, tenant_id: uuid.UUID, parent_id: uuid.UUID | None) -> None:
    """Closure rows for a new tenant: itself at depth 0, and every ancestor of its parent one level further."""
    await session.execute(
        text(
            "INSERT INTO tenant_closure (ancestor_id, descendant_id, depth) "
            "SELECT ancestor_id, CAST(:id AS uuid), depth + 1 FROM tenant_closure "
            "WHERE descendant_id = CAST(:parent AS uuid) UNION ALL SELECT CAST(:id AS uuid), CAST(:id AS uuid), 0"
        ),
        {"id": tenant_id, "parent": parent_id},
    )
