from __future__ import annotations

import uuid

import strawberry

from concord.authz.permissions import Can, IsAuthenticated
from concord.kit.context import Info, ResolverContext
from concord.kit.ids import decode_id
from concord.kit.node import register_node
from concord.kit.pagination import Connection, build_connection, page_args
from concord.models.enums import Specialty, TenantKind, Tier
from concord.tenants import repository, service
from concord.tenants.types import Tenant


async def _fetch_node(ctx: ResolverContext, id_: uuid.UUID) -> Tenant | None:
    row = await ctx.loaders.tenants.tenant.load(id_)
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


@strawberry.input(description="新建机构")
class CreateTenantInput:
    code: str
    name: str
    kind: TenantKind
    parent_id: strawberry.ID
    tier: Tier | None = None
    specialty: Specialty | None = None
    agency: str | None = None
    case_prefix: str | None = strawberry.field(default=None, description="案号前缀，如“清河东街调字第”")


@strawberry.input
class UpdateTenantInput:
    tenant_id: strawberry.ID
    name: str | None = None
    case_prefix: str | None = None
    specialty: Specialty | None = None
    agency: str | None = None


@strawberry.input
class MoveTenantInput:
    tenant_id: strawberry.ID
    parent_id: strawberry.ID


@strawberry.input
class TenantRefInput:
    tenant_id: strawberry.ID


@strawberry.type
class TenantPayload:
    tenant: Tenant


@strawberry.type
class TenantMutation:
    @strawberry.mutation(permission_classes=[Can("tenant", "manage")], description="在管理范围内新建机构")
    async def create_tenant(self, info: Info, input: CreateTenantInput) -> TenantPayload:
        ctx = info.context
        data = service.TenantData(
            code=input.code,
            name=input.name,
            kind=input.kind,
            parent_id=decode_id(input.parent_id, "Tenant", "parentId"),
            tier=input.tier,
            specialty=input.specialty,
            agency=input.agency,
            case_prefix=input.case_prefix,
        )
        return TenantPayload(
            tenant=Tenant.from_row(await service.create_tenant(ctx.session, ctx.require_principal(), data))
        )

    @strawberry.mutation(permission_classes=[Can("tenant", "manage")], description="修改机构名称等信息")
    async def update_tenant(self, info: Info, input: UpdateTenantInput) -> TenantPayload:
        ctx = info.context
        tid = decode_id(input.tenant_id, "Tenant", "tenantId")
        tenant = await service.update_tenant(
            ctx.session,
            ctx.require_principal(),
            tid,
            name=input.name,
            case_prefix=input.case_prefix,
            specialty=input.specialty,
            agency=input.agency,
        )
        return TenantPayload(tenant=Tenant.from_row(tenant))

    @strawberry.mutation(permission_classes=[Can("tenant", "manage")], description="调整机构的上级机构")
    async def move_tenant(self, info: Info, input: MoveTenantInput) -> TenantPayload:
        ctx = info.context
        tid = decode_id(input.tenant_id, "Tenant", "tenantId")
        pid = decode_id(input.parent_id, "Tenant", "parentId")
        return TenantPayload(
            tenant=Tenant.from_row(await service.move_tenant(ctx.session, ctx.require_principal(), tid, pid))
        )

    @strawberry.mutation(permission_classes=[Can("tenant", "manage")], description="停用机构")
    async def deactivate_tenant(self, info: Info, input: TenantRefInput) -> TenantPayload:
        ctx = info.context
        tid = decode_id(input.tenant_id, "Tenant", "tenantId")
        return TenantPayload(
            tenant=Tenant.from_row(await service.deactivate_tenant(ctx.session, ctx.require_principal(), tid))
        )
