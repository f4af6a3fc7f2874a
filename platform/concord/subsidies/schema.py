from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from concord.authz.permissions import Can
from concord.kit.context import Info
from concord.kit.ids import decode_id
from concord.models.enums import CaseCategory, Complexity
from concord.subsidies import service
from concord.subsidies.types import SubsidyScheme, SubsidyStatement


@strawberry.input(description="一条补贴标准：纠纷类型和难易程度为空表示任意")
class SubsidyRateInput:
    category: CaseCategory | None = None
    complexity: Complexity | None = None
    amount: Decimal = strawberry.field(description="每件补贴金额（元，最多两位小数）")


@strawberry.input(description="新建以案定补方案（按整月执行：生效日为某月1日，失效日为某月最后一天）")
class CreateSubsidySchemeInput:
    tenant_id: strawberry.ID = strawberry.field(description="发放补贴的机构（本机构或下级）")
    name: str
    monthly_cap: Decimal = strawberry.field(description="每名调解员每月封顶金额（元）")
    effective_from: date
    effective_to: date | None = None
    rates: list[SubsidyRateInput] = strawberry.field(default_factory=list)


@strawberry.input(description="设置一条补贴标准（同一纠纷类型和难易程度已有则修改金额）")
class SetSubsidyRateInput:
    scheme_id: strawberry.ID
    category: CaseCategory | None = None
    complexity: Complexity | None = None
    amount: Decimal


@strawberry.input(description="删除一条补贴标准")
class RemoveSubsidyRateInput:
    rate_id: strawberry.ID


@strawberry.type
class SubsidySchemePayload:
    scheme: SubsidyScheme


@strawberry.type
class SubsidyQuery:
    @strawberry.field(
        permission_classes=[Can("subsidy", "read")],
        description="与本机构有关的以案定补方案：本机构及下级制定的，和为本机构调解员发放补贴的",
    )
    async def subsidy_schemes(self, info: Info) -> list[SubsidyScheme]:
        ctx = info.context
        found = await service.schemes(ctx.session, ctx.require_principal())
        return [SubsidyScheme.from_row(s, editable) for s, editable in found]

    @strawberry.field(
        permission_classes=[Can("subsidy", "read")],
        description="以案定补月度台账（本机构管理的调解员）；tenantId 为方案所属机构，缺省时取适用于本机构的方案",
    )
    async def subsidy_statement(
        self,
        info: Info,
        month: Annotated[str, strawberry.argument(description="月份，如 2026-11（北京时间）")],
        tenant_id: strawberry.ID | None = None,
    ) -> SubsidyStatement:
        ctx = info.context
        tenant = decode_id(tenant_id, "Tenant", "tenantId") if tenant_id else None
        st = await service.statement(ctx.session, ctx.require_principal(), month[:20], tenant)
        return SubsidyStatement.of(st)


@strawberry.type
class SubsidyMutation:
    @strawberry.mutation(permission_classes=[Can("subsidy", "manage")], description="新建以案定补方案")
    async def create_subsidy_scheme(
        self, info: Info, input: CreateSubsidySchemeInput
    ) -> SubsidySchemePayload:
        ctx = info.context
        data = service.SchemeData(
            tenant_id=decode_id(input.tenant_id, "Tenant", "tenantId"),
            name=input.name,
            monthly_cap=input.monthly_cap,
            effective_from=input.effective_from,
            effective_to=input.effective_to,
            rates=[service.RateData(r.category, r.complexity, r.amount) for r in input.rates],
        )
        scheme = await service.create_scheme(ctx.session, ctx.require_principal(), data)
        return SubsidySchemePayload(scheme=SubsidyScheme.from_row(scheme, True))

    @strawberry.mutation(
        permission_classes=[Can("subsidy", "manage")], description="设置（新增或修改）补贴标准"
    )
    async def set_subsidy_rate(self, info: Info, input: SetSubsidyRateInput) -> SubsidySchemePayload:
        ctx = info.context
        scheme_id = decode_id(input.scheme_id, "SubsidyScheme", "schemeId")
        data = service.RateData(input.category, input.complexity, input.amount)
        scheme = await service.set_rate(ctx.session, ctx.require_principal(), scheme_id, data)
        return SubsidySchemePayload(scheme=SubsidyScheme.from_row(scheme, True))

    @strawberry.mutation(permission_classes=[Can("subsidy", "manage")], description="删除补贴标准")
    async def remove_subsidy_rate(self, info: Info, input: RemoveSubsidyRateInput) -> SubsidySchemePayload:
        ctx = info.context
        rate_id = decode_id(input.rate_id, "SubsidyRate", "rateId")
        scheme = await service.remove_rate(ctx.session, ctx.require_principal(), rate_id)
        return SubsidySchemePayload(scheme=SubsidyScheme.from_row(scheme, True))
