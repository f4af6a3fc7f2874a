"""Administration scope: a tenant administrator manages its own tenant and its descendants; the platform
tenant is the root of the tree, so its administrators manage everything. Outside the scope, objects answer
NOT_FOUND (as for reads), so an administrator cannot probe other branches."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.kit.errors import NotFound
from concord.models import Membership, TenantClosure


async def in_scope(session: AsyncSession, principal: Principal, tenant_id: uuid.UUID) -> bool:
    stmt = select(
        exists().where(
            TenantClosure.ancestor_id == principal.tenant_id, TenantClosure.descendant_id == tenant_id
        )
    )
    return bool((await session.execute(stmt)).scalar())


async def require_in_scope(
    session: AsyncSession, principal: Principal, tenant_id: uuid.UUID, field: str
) -> None:
    if not await in_scope(session, principal, tenant_id):
        raise NotFound("机构不存在或不在管理范围内", field=field)


async def user_in_scope(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> bool:
    """A user is managed through a membership in a tenant of the administrator's subtree."""
    stmt = select(
        exists().where(
            Membership.user_id == user_id,
            Membership.tenant_id.in_(
                select(TenantClosure.descendant_id).where(TenantClosure.ancestor_id == principal.tenant_id)
            ),
        )
    )
    return bool((await session.execute(stmt)).scalar())
