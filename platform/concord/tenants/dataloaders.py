from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.kit.errors import NotFound
from concord.models import Tenant
from concord.tenants import repository

if TYPE_CHECKING:
    from concord.tenants.types import Tenant as TenantNode


async def load_tenants(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[Tenant | None]:
    found = {t.id: t for t in await repository.by_ids(session, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_in_subtree(
    session: AsyncSession, ancestor_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> list[bool]:
    """Whether each tenant is the acting tenant or below it (supervision reaches down the tree)."""
    inside = await repository.ids_in_subtree(session, ancestor_id, list(set(keys)))
    return [k in inside for k in keys]


def cached_node(ctx: Any, row: Tenant) -> TenantNode:
    """The request's one GraphQL object for a tenant (built once, however many rows point at it)."""
    from concord.tenants.types import Tenant as TenantNode

    memo: dict[uuid.UUID, TenantNode] = ctx.loaders.tenant_nodes
    node = memo.get(row.id)
    if node is None:
        node = memo[row.id] = TenantNode.from_row(row)
    return node


async def tenant_node(ctx: Any, id_: uuid.UUID) -> TenantNode:
    node: TenantNode | None = ctx.loaders.tenant_nodes.get(id_)
    if node is not None:
        return node
    row = await ctx.loaders.tenant.load(id_)
    if row is None:  # tenants are never deleted; a missing one is a broken invariant
        raise NotFound()
    return cached_node(ctx, row)
