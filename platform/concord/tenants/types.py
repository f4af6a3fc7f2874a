from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

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
        row = await info.context.loaders.tenant.load(self.parent_db_id)
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
        members: list[Member] = await ctx.loaders.members.load((self.db_id, first))
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
