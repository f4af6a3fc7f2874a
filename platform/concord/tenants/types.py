from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from concord.kit.context import Info, ResolverContext
from concord.kit.errors import NotFound
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import Tenant as TenantModel
from concord.models.enums import Specialty, TenantKind, Tier

if TYPE_CHECKING:
    from concord.users.types import Member

TenantKindEnum = strawberry.enum(TenantKind, name="TenantKind", description="机构类型")
TierEnum = strawberry.enum(Tier, name="Tier", description="层级：区、街道、社区")
SpecialtyEnum = strawberry.enum(Specialty, name="Specialty", description="专业调解领域")


@strawberry.type(description="机构（租户）：法院、诉调对接中心、调委会、解纷中心、政府部门等。")
class Tenant(Node):
    db_id: strawberry.Private[uuid.UUID]
    parent_db_id: strawberry.Private[uuid.UUID | None]
    code: str
    name: str
    kind: TenantKind
    tier: Tier | None
    specialty: Specialty | None
    agency: str | None
    is_active: bool
    created_at: datetime

    @strawberry.field(description="上级机构")
    async def parent(self, info: Info) -> Tenant | None:
        if self.parent_db_id is None:
            return None
        row = await info.context.loaders.tenants.tenant.load(self.parent_db_id)
        return Tenant.from_row(row) if row else None

    @strawberry.field(description="成员及其角色（需用户管理权限，且该机构在管理范围内）")
    async def members(
        self, info: Info, first: int = 50
    ) -> list[Annotated[Member, strawberry.lazy("concord.users.types")]]:
        from concord.kit.errors import BadUserInput, Forbidden, NotFound
        from concord.tenants.service import in_scope

        ctx = info.context
        principal = ctx.require_principal()
        if not ctx.can("user", "manage"):
            raise Forbidden("当前角色无权查看机构成员", action="user:manage")
        if first < 0 or first > 200:
            raise BadUserInput("first 须在0到200之间", field="first")
        if not await in_scope(ctx.session, principal, self.db_id):
            raise NotFound("机构不在管理范围内")
        # The users feature's objects, through the request's loaders (users depends on tenants, not back).
        members: list[Member] = await ctx.loaders.users.members.load((self.db_id, first))
        return members

    @classmethod
    def from_row(cls, row: TenantModel) -> Tenant:
        return cls(
            id=strawberry.ID(to_global_id("Tenant", row.id)),
            db_id=row.id,
            parent_db_id=row.parent_id,
            code=row.code,
            name=row.name,
            kind=row.kind,
            tier=row.tier,
            specialty=row.specialty,
            agency=row.agency,
            is_active=row.is_active,
            created_at=row.created_at,
        )


def cached_node(ctx: ResolverContext, row: TenantModel) -> Tenant:
    """The request's one GraphQL object for a tenant (built once, however many rows point at it)."""
    memo: dict[uuid.UUID, Tenant] = ctx.loaders.tenants.nodes
    node = memo.get(row.id)
    if node is None:
        node = memo[row.id] = Tenant.from_row(row)
    return node


async def tenant_node(ctx: ResolverContext, id_: uuid.UUID) -> Tenant:
    node = ctx.loaders.tenants.nodes.get(id_)
    if node is not None:
        return node
    row = await ctx.loaders.tenants.tenant.load(id_)
    if row is None:  # tenants are never deleted; a missing one is a broken invariant
        raise NotFound()
    return cached_node(ctx, row)


async def tenant_nodes(ctx: ResolverContext, ids: set[uuid.UUID]) -> dict[uuid.UUID, Tenant]:
    """Several tenants' objects in one batch (one statement for those not built yet this request)."""
    rows = await ctx.loaders.tenants.tenant.load_many(list(ids))
    if any(row is None for row in rows):
        raise NotFound()
    return {row.id: cached_node(ctx, row) for row in rows if row is not None}
