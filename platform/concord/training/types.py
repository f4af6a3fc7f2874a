from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import TrainingEvent as TrainingEventModel
from concord.models.enums import TrainingKind

if TYPE_CHECKING:
    from concord.mediators.types import Mediator
    from concord.tenants.types import Tenant

TrainingKindEnum = strawberry.enum(
    TrainingKind, name="TrainingKind", description="培训类别：业务培训、案例分析、经验交流"
)


async def mediator_node(info: Info, mediator_id: uuid.UUID) -> Mediator:
    from concord.mediators.types import Mediator

    row = await info.context.loaders.mediators.mediator.load(mediator_id)
    if row is None:  # attendance and slots cascade with the mediator: a missing one is a broken invariant
        raise LookupError(f"mediator {mediator_id} vanished")
    return Mediator.from_row(row)


@strawberry.type(description="一名调解员的参训记录")
class TrainingAttendee:
    mediator_db_id: strawberry.Private[uuid.UUID]
    hours: Decimal = strawberry.field(description="计入的学时（全程参加为培训学时）")

    @strawberry.field
    async def mediator(self, info: Info) -> Annotated[Mediator, strawberry.lazy("concord.mediators.types")]:
        return await mediator_node(info, self.mediator_db_id)


@strawberry.type(description="培训活动（队伍建设：业务培训、案例分析、经验交流）")
class TrainingEvent(Node):
    db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID]
    title: str
    kind: TrainingKind
    held_on: date = strawberry.field(description="培训日期")
    hours: Decimal = strawberry.field(description="学时（小时）")
    place: str
    description: str
    created_at: datetime

    @strawberry.field(description="组织机构")
    async def organiser(self, info: Info) -> Annotated[Tenant, strawberry.lazy("concord.tenants.types")]:
        from concord.tenants.types import tenant_node

        return await tenant_node(info.context, self.tenant_db_id)

    @strawberry.field(description="参训调解员（仅本机构组织的培训或本机构管理的调解员）")
    async def attendees(self, info: Info) -> list[TrainingAttendee]:
        rows = await info.context.loaders.training.attendance.load(self.db_id)
        return [TrainingAttendee(mediator_db_id=r.mediator_id, hours=r.hours) for r in rows]

    @strawberry.field(
        description="当前用户可否修改本培训、记录参训（training:manage 且组织机构在本机构管理范围内）"
    )
    async def viewer_can_manage(self, info: Info) -> bool:
        if not info.context.can("training", "manage"):
            return False
        return await info.context.loaders.training.organiser_in_scope.load(self.tenant_db_id)

    @classmethod
    def from_row(cls, e: TrainingEventModel) -> TrainingEvent:
        return cls(
            id=strawberry.ID(to_global_id("TrainingEvent", e.id)),
            db_id=e.id,
            tenant_db_id=e.tenant_id,
            title=e.title,
            kind=e.kind,
            held_on=e.held_on,
            hours=e.hours,
            place=e.place,
            description=e.description,
            created_at=e.created_at,
        )


@strawberry.type(description="一名调解员一年的培训学时")
class TrainingSummaryRow:
    mediator_db_id: strawberry.Private[uuid.UUID]
    year: int
    hours: Decimal = strawberry.field(description="全年参训学时")
    events_count: int = strawberry.field(description="参加培训次数")
    counted: bool = strawberry.field(description="全年在册（计入最低学时要求）")
    below_minimum: bool = strawberry.field(description="全年在册且学时低于年度最低要求")

    @strawberry.field
    async def mediator(self, info: Info) -> Annotated[Mediator, strawberry.lazy("concord.mediators.types")]:
        return await mediator_node(info, self.mediator_db_id)
