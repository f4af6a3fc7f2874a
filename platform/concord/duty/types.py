from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import strawberry

from concord.kit import clock
from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import DutyConsultation as ConsultationModel
from concord.models import DutySlot as DutySlotModel
from concord.models.enums import CaseCategory, ConsultationOutcome, HalfDay

CHINA = ZoneInfo("Asia/Shanghai")

if TYPE_CHECKING:
    from concord.cases.types import Case
    from concord.mediators.types import Mediator
    from concord.tenants.types import Tenant

HalfDayEnum = strawberry.enum(HalfDay, name="HalfDay", description="半天：上午、下午")
ConsultationOutcomeEnum = strawberry.enum(
    ConsultationOutcome,
    name="ConsultationOutcome",
    description="坐班咨询结果：解答完毕、启动调解（登记案件）、引导至其他途径",
)


async def _mediator(info: Info, mediator_id: uuid.UUID) -> Mediator:
    from concord.mediators.types import Mediator

    row = await info.context.loaders.mediators.mediator.load(mediator_id)
    if row is None:  # slots cascade with the mediator: a missing one is a broken invariant
        raise LookupError(f"mediator {mediator_id} vanished")
    return Mediator.from_row(row)


@strawberry.type(description="坐班时的一次咨询（仅坐班机构及其上级、指导机构可见）")
class DutyConsultation:
    id: strawberry.ID
    case_db_id: strawberry.Private[uuid.UUID | None]
    topic: CaseCategory = strawberry.field(description="咨询事项类别")
    outcome: ConsultationOutcome
    summary: str
    created_at: datetime

    @strawberry.field(description="由本次咨询登记的案件（启动调解时；本机构不可见时为空）")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")] | None:
        from concord.cases.types import Case

        if self.case_db_id is None:
            return None
        row = await info.context.loaders.cases.case.load(self.case_db_id)
        return Case.from_row(row) if row else None

    @classmethod
    def from_row(cls, c: ConsultationModel) -> DutyConsultation:
        return cls(
            id=strawberry.ID(to_global_id("DutyConsultation", c.id)),
            case_db_id=c.case_id,
            topic=c.topic,
            outcome=c.outcome,
            summary=c.summary,
            created_at=c.created_at,
        )


@strawberry.type(description="当前用户对一个坐班可做的操作（与服务端的检查一致）")
class DutySlotViewerCan:
    remove: bool = strawberry.field(
        description="删除坐班（duty:manage，坐班机构为本机构或下级，且尚无咨询记录）"
    )
    log: bool = strawberry.field(description="登记咨询（duty:log，坐班机构在本机构管理范围内，且坐班已开始）")


@strawberry.type(description="坐班：一名律师或调解员在某机构值班半天")
class DutySlot(Node):
    db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID]
    mediator_db_id: strawberry.Private[uuid.UUID]
    on_date: date = strawberry.field(name="date", description="坐班日期")
    half_day: HalfDay = strawberry.field(description="上午或下午")
    place: str = strawberry.field(description="坐班地点")
    created_at: datetime

    @strawberry.field(description="坐班机构")
    async def tenant(self, info: Info) -> Annotated[Tenant, strawberry.lazy("concord.tenants.types")]:
        from concord.tenants.types import tenant_node

        return await tenant_node(info.context, self.tenant_db_id)

    @strawberry.field(description="坐班律师或调解员")
    async def mediator(self, info: Info) -> Annotated[Mediator, strawberry.lazy("concord.mediators.types")]:
        return await _mediator(info, self.mediator_db_id)

    @strawberry.field(description="本次坐班登记的咨询（坐班机构的管理范围外为空列表）")
    async def consultations(self, info: Info) -> list[DutyConsultation]:
        rows = await info.context.loaders.duty.consultations.load(self.db_id)
        return [DutyConsultation.from_row(r) for r in rows]

    @strawberry.field(description="当前用户可对本坐班执行的操作")
    async def viewer_can(self, info: Info) -> DutySlotViewerCan:
        ctx = info.context
        in_subtree, in_scope = await ctx.loaders.duty.reach.load(self.tenant_db_id)
        begun = self.on_date <= clock.now().astimezone(CHINA).date()
        consulted = bool(await ctx.loaders.duty.consultations.load(self.db_id)) if in_subtree else True
        return DutySlotViewerCan(
            remove=ctx.can("duty", "manage") and in_subtree and not consulted,
            log=ctx.can("duty", "log") and in_scope and begun,
        )

    @classmethod
    def from_row(cls, s: DutySlotModel) -> DutySlot:
        return cls(
            id=strawberry.ID(to_global_id("DutySlot", s.id)),
            db_id=s.id,
            tenant_db_id=s.tenant_id,
            mediator_db_id=s.mediator_id,
            on_date=s.on_date,
            half_day=s.half_day,
            place=s.place,
            created_at=s.created_at,
        )


@strawberry.type(description="坐班统计：一名律师（调解员）在期间内的坐班和咨询")
class DutyStatisticsRow:
    mediator_db_id: strawberry.Private[uuid.UUID]
    slots: int = strawberry.field(description="坐班（半天）数")
    consultations: int = strawberry.field(description="咨询总数")
    answered: int = strawberry.field(description="解答完毕")
    mediation_started: int = strawberry.field(description="启动调解")
    referred: int = strawberry.field(description="引导至其他途径")

    @strawberry.field
    async def mediator(self, info: Info) -> Annotated[Mediator, strawberry.lazy("concord.mediators.types")]:
        return await _mediator(info, self.mediator_db_id)
