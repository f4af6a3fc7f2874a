from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.models import SubsidyRate as SubsidyRateModel
from concord.models import SubsidyScheme as SubsidySchemeModel
from concord.models.enums import CaseCategory, Complexity
from concord.subsidies import rules, service

if TYPE_CHECKING:
    from concord.cases.types import Case
    from concord.mediators.types import Mediator
    from concord.tenants.types import Tenant


@strawberry.type(description="补贴标准：按纠纷类型和难易程度（为空表示任意），最具体的标准优先")
class SubsidyRate:
    id: strawberry.ID
    category: CaseCategory | None = strawberry.field(description="纠纷类型（空：任意类型）")
    complexity: Complexity | None = strawberry.field(description="难易程度（空：任意难度）")
    amount: Decimal = strawberry.field(description="每件补贴金额（元，两位小数）")
    label: str = strawberry.field(description="标准名称，如“医疗纠纷·疑难”")

    @classmethod
    def from_row(cls, r: SubsidyRateModel) -> SubsidyRate:
        return cls(
            id=strawberry.ID(to_global_id("SubsidyRate", r.id)),
            category=r.category,
            complexity=r.complexity,
            amount=r.amount,
            label=rules.rate_label(r.category, r.complexity),
        )


@strawberry.type(description="以案定补方案：发放机构、每人每月封顶金额、生效期间和补贴标准")
class SubsidyScheme:
    id: strawberry.ID
    db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID]
    name: str
    monthly_cap: Decimal = strawberry.field(description="每名调解员每月封顶金额（元）")
    effective_from: date
    effective_to: date | None
    editable: bool = strawberry.field(description="本机构可否修改（方案属本机构或下级）")

    @strawberry.field(description="制定并发放补贴的机构")
    async def tenant(self, info: Info) -> Annotated[Tenant, strawberry.lazy("concord.tenants.types")]:
        from concord.tenants.types import tenant_node

        return await tenant_node(info.context, self.tenant_db_id)

    @strawberry.field(description="补贴标准")
    async def rates(self, info: Info) -> list[SubsidyRate]:
        rows = await info.context.loaders.subsidies.rates.load(self.db_id)
        return [SubsidyRate.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, s: SubsidySchemeModel, editable: bool = False) -> SubsidyScheme:
        return cls(
            id=strawberry.ID(to_global_id("SubsidyScheme", s.id)),
            db_id=s.id,
            tenant_db_id=s.tenant_id,
            name=s.name,
            monthly_cap=s.monthly_cap,
            effective_from=s.effective_from,
            effective_to=s.effective_to,
            editable=editable,
        )


@strawberry.type(description="补贴台账中的一件案件")
class SubsidyCase:
    case_db_id: strawberry.Private[uuid.UUID]
    case_number: str = strawberry.field(description="案号（对无权查看的案件只显示案号）")
    category: CaseCategory
    complexity: Complexity
    resolved_at: datetime = strawberry.field(description="结案时间")
    amount: Decimal = strawberry.field(description="补贴金额（元）")
    rate_rule: str = strawberry.field(description="适用的补贴标准及理由")

    @strawberry.field(description="案件（本机构无权查看时为 null，只显示案号）")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")] | None:
        from concord.cases.types import Case

        row = await info.context.loaders.cases.case.load(self.case_db_id)
        return Case.from_row(row) if row else None

    @classmethod
    def of(cls, c: service.CaseLine) -> SubsidyCase:
        return cls(
            case_db_id=c.case_id,
            case_number=c.number,
            category=c.category,
            complexity=c.complexity,
            resolved_at=c.resolved_at,
            amount=c.amount,
            rate_rule=c.rate_rule,
        )


@strawberry.type(description="一名调解员当月的补贴")
class SubsidyLine:
    mediator_db_id: strawberry.Private[uuid.UUID]
    organisation_db_id: strawberry.Private[uuid.UUID]
    cases: list[SubsidyCase]
    gross: Decimal = strawberry.field(description="按件合计（元）")
    payable: Decimal = strawberry.field(description="封顶后应发（元）")
    capped: bool = strawberry.field(description="是否触及每月封顶")

    @strawberry.field(description="调解员")
    async def mediator(self, info: Info) -> Annotated[Mediator, strawberry.lazy("concord.mediators.types")]:
        from concord.kit.errors import NotFound
        from concord.mediators.types import Mediator

        row = await info.context.loaders.mediators.mediator.load(self.mediator_db_id)
        if row is None:  # mediators are never deleted
            raise NotFound()
        return Mediator.from_row(row)

    @strawberry.field(description="所属机构（管理该调解员名册的机构）")
    async def organisation(self, info: Info) -> Annotated[Tenant, strawberry.lazy("concord.tenants.types")]:
        from concord.tenants.types import tenant_node

        return await tenant_node(info.context, self.organisation_db_id)

    @classmethod
    def of(cls, ln: service.Line) -> SubsidyLine:
        return cls(
            mediator_db_id=ln.mediator_id,
            organisation_db_id=ln.organisation_id,
            cases=[SubsidyCase.of(c) for c in ln.cases],
            gross=ln.gross,
            payable=ln.payable,
            capped=ln.capped,
        )


@strawberry.type(description="按机构汇总")
class SubsidyOrganisation:
    tenant_db_id: strawberry.Private[uuid.UUID]
    mediators: int = strawberry.field(description="获补贴调解员人数")
    cases: int = strawberry.field(description="案件数")
    payable: Decimal = strawberry.field(description="封顶后应发合计（元）")

    @strawberry.field(description="机构")
    async def tenant(self, info: Info) -> Annotated[Tenant, strawberry.lazy("concord.tenants.types")]:
        from concord.tenants.types import tenant_node

        return await tenant_node(info.context, self.tenant_db_id)


@strawberry.type(
    description="以案定补月度台账：当月结案（已记录履行和回访）的案件按牵头调解员计补，每人每月封顶；"
    "只列本机构管理（名册范围内）的调解员；每次按记录计算，不存储"
)
class SubsidyStatement:
    month: str = strawberry.field(description="月份（YYYY-MM，北京时间）")
    scheme: SubsidyScheme | None = strawberry.field(description="适用的方案（当月无适用方案时为空）")
    lines: list[SubsidyLine]
    organisations: list[SubsidyOrganisation]
    total: Decimal = strawberry.field(description="应发合计（元）")

    @classmethod
    def of(cls, st: service.Statement) -> SubsidyStatement:
        return cls(
            month=st.month,
            scheme=SubsidyScheme.from_row(st.scheme, st.editable) if st.scheme else None,
            lines=[SubsidyLine.of(ln) for ln in st.lines],
            organisations=[
                SubsidyOrganisation(
                    tenant_db_id=o.tenant_id, mediators=o.mediators, cases=o.cases, payable=o.payable
                )
                for o in st.organisations
            ],
            total=st.total,
        )
