from __future__ import annotations

import uuid
from typing import Any

import strawberry
from strawberry.types import Info

from concord.authz.permissions import IsAuthenticated
from concord.graphql.node import register_node
from concord.kit.pagination import Connection, build_connection, page_args
from concord.models.enums import TenantKind
from concord.tenants import repository
from concord.tenants.types import Tenant


async def _fetch_node(ctx: Any, id_: uuid.UUID) -> Tenant | None:
    row = await ctx.loaders.tenant.load(id_)
    return Tenant.from_row(row) if row else None


register_node("Tenant", _fetch_node)


@strawberry.type
class TenantQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="机构名录（可按类型筛选）")
    async def tenants(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kind: TenantKind | None = None,
    ) -> Connection[Tenant]:
        page = page_args(first, after)
        rows = await repository.list_page(info.context.session, page, kind)
        return build_connection(rows, page, Tenant.from_row, lambda r: (r.created_at, r.id))
