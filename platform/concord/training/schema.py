from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import strawberry

from concord.authz.permissions import Can
from concord.authz.visibility import VisibleTo
from concord.kit.context import Info, ResolverContext
from concord.kit.errors import BadUserInput
from concord.kit.ids import decode_id
from concord.kit.node import register_node
from concord.kit.pagination import Connection, build_connection, page_args
from concord.models import Mediator as MediatorModel
from concord.models.enums import MediatorKind, TrainingKind
from concord.training import repository, service
from concord.training.types import TrainingEvent, TrainingSummaryRow


async def _fetch_node(ctx: ResolverContext, id_: uuid.UUID) -> TrainingEvent | None:
    row = await ctx.loaders.training.event.load(id_)
    return TrainingEvent.from_row(row) if row else None


register_node("TrainingEvent", _fetch_node)


@strawberry.input(description="培训筛选条件")
class TrainingEventFilter:
    from_: date | None = strawberry.field(default=None, name="from", description="培训日期起")
    to: date | None = strawberry.field(default=None, description="培训日期止")
    kind: TrainingKind | None = None
    tenant_id: strawberry.ID | None = strawberry.field(default=None, description="组织机构")
    mediator_id: strawberry.ID | None = strawberry.field(default=None, description="参训调解员")


@strawberry.input(description="年度学时汇总的筛选条件")
class TrainingSummaryFilter:
    tenant_id: strawberry.ID | None = strawberry.field(default=None, description="调解员所属机构")
    kind: MediatorKind | None = None


@strawberry.input(description="新建培训")
class CreateTrainingEventInput:
    tenant_id: strawberry.ID = strawberry.field(description="组织机构（本机构管理范围内）")
    title: str
    kind: TrainingKind
    held_on: date
    hours: Decimal = strawberry.field(description="学时（大于0，不超过24，最多一位小数）")
    place: str = ""
    description: str = ""


@strawberry.input(description="修改培训（未给出的字段不变）")
class UpdateTrainingEventInput:
    event_id: strawberry.ID
    title: str | None = None
    kind: TrainingKind | None = None
    held_on: date | None = None
    hours: Decimal | None = None
    place: str | None = None
    description: str | None = None


@strawberry.input(description="删除培训（仅限尚无参训记录的培训）")
class DeleteTrainingEventInput:
    event_id: strawberry.ID


@strawberry.input(description="记录参训：学时默认为培训学时，部分参加时可少于培训学时")
class RecordTrainingAttendanceInput:
    event_id: strawberry.ID
    mediator_ids: list[strawberry.ID]
    hours: Decimal | None = None


@strawberry.input(description="移除一名调解员的参训记录")
class RemoveTrainingAttendanceInput:
    event_id: strawberry.ID
    mediator_id: strawberry.ID


@strawberry.type
class TrainingEventPayload:
    event: TrainingEvent


@strawberry.type
class DeleteTrainingEventPayload:
    deleted_event_id: strawberry.ID


def _filter(f: TrainingEventFilter) -> repository.EventFilter:
    if f.from_ and f.to and f.to < f.from_:
        raise BadUserInput("结束日期不能早于开始日期", field="filter.to")
    return repository.EventFilter(
        held_from=f.from_,
        held_to=f.to,
        kind=f.kind,
        tenant_id=decode_id(f.tenant_id, "Tenant", "filter.tenantId") if f.tenant_id else None,
        mediator_id=decode_id(f.mediator_id, "Mediator", "filter.mediatorId") if f.mediator_id else None,
    )


@strawberry.type
class TrainingQuery:
    @strawberry.field(
        permission_classes=[Can("training", "read")],
        description="培训列表：本机构管理范围内组织的培训，以及本机构管理的调解员参加的培训；新的在前",
    )
    async def training_events(
        self,
        info: Info,
        filter: TrainingEventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TrainingEvent]:
        ctx = info.context
        page = page_args(first, after)
        viewer = VisibleTo.of(ctx.require_principal())
        rows = await repository.page(ctx.session, viewer, page, _filter(filter or TrainingEventFilter()))
        return build_connection(rows, page, TrainingEvent.from_row, lambda r: (r.created_at, r.id))

    @strawberry.field(
        permission_classes=[Can("training", "read")],
        description="年度培训学时汇总：本机构管理的每名调解员（含指导范围）的学时、次数和是否低于最低要求",
    )
    async def training_summary(
        self,
        info: Info,
        year: int,
        filter: TrainingSummaryFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TrainingSummaryRow]:
        ctx = info.context
        service.check_year(year)
        page = page_args(first, after)
        f = filter or TrainingSummaryFilter()
        criteria = repository.SummaryFilter(
            tenant_id=decode_id(f.tenant_id, "Tenant", "filter.tenantId") if f.tenant_id else None,
            kind=f.kind,
        )
        viewer = VisibleTo.of(ctx.require_principal())
        rows = await repository.summary_page(ctx.session, viewer, year, page, criteria)

        def row(r: tuple[MediatorModel, Decimal, int]) -> TrainingSummaryRow:
            m, hours, events = r
            return TrainingSummaryRow(
                mediator_db_id=m.id,
                year=year,
                hours=hours,
                events_count=events,
                counted=service.counted_in_year(m, year),
                below_minimum=service.below_minimum(m, year, hours),
            )

        return build_connection(rows, page, row, lambda r: (r[0].created_at, r[0].id))

    @strawberry.field(
        permission_classes=[Can("training", "read")],
        description="每名在册调解员每年须完成的最低培训学时（配置项 CONCORD_TRAINING_MIN_HOURS）",
    )
    def training_minimum_hours(self) -> Decimal:
        return service.minimum_hours()


@strawberry.type
class TrainingMutation:
    @strawberry.mutation(permission_classes=[Can("training", "manage")], description="新建培训")
    async def create_training_event(
        self, info: Info, input: CreateTrainingEventInput
    ) -> TrainingEventPayload:
        ctx = info.context
        data = service.EventData(
            tenant_id=decode_id(input.tenant_id, "Tenant", "tenantId"),
            title=input.title,
            kind=input.kind,
            held_on=input.held_on,
            hours=input.hours,
            place=input.place,
            description=input.description,
        )
        event = await service.create_event(ctx.session, ctx.require_principal(), data)
        return TrainingEventPayload(event=TrainingEvent.from_row(event))

    @strawberry.mutation(permission_classes=[Can("training", "manage")], description="修改培训")
    async def update_training_event(
        self, info: Info, input: UpdateTrainingEventInput
    ) -> TrainingEventPayload:
        ctx = info.context
        changes = service.EventChanges(
            title=input.title,
            kind=input.kind,
            held_on=input.held_on,
            hours=input.hours,
            place=input.place,
            description=input.description,
        )
        event_id = decode_id(input.event_id, "TrainingEvent", "eventId")
        event = await service.update_event(ctx.session, ctx.require_principal(), event_id, changes)
        return TrainingEventPayload(event=TrainingEvent.from_row(event))

    @strawberry.mutation(
        permission_classes=[Can("training", "manage")], description="删除培训（已有参训记录的须先移除）"
    )
    async def delete_training_event(
        self, info: Info, input: DeleteTrainingEventInput
    ) -> DeleteTrainingEventPayload:
        ctx = info.context
        event_id = decode_id(input.event_id, "TrainingEvent", "eventId")
        await service.delete_event(ctx.session, ctx.require_principal(), event_id)
        return DeleteTrainingEventPayload(deleted_event_id=input.event_id)

    @strawberry.mutation(permission_classes=[Can("training", "manage")], description="记录参训调解员")
    async def record_training_attendance(
        self, info: Info, input: RecordTrainingAttendanceInput
    ) -> TrainingEventPayload:
        ctx = info.context
        event_id = decode_id(input.event_id, "TrainingEvent", "eventId")
        ids = [decode_id(i, "Mediator", "mediatorIds") for i in input.mediator_ids]
        event = await service.record_attendance(
            ctx.session, ctx.require_principal(), event_id, ids, input.hours
        )
        return TrainingEventPayload(event=TrainingEvent.from_row(event))

    @strawberry.mutation(permission_classes=[Can("training", "manage")], description="移除参训记录")
    async def remove_training_attendance(
        self, info: Info, input: RemoveTrainingAttendanceInput
    ) -> TrainingEventPayload:
        ctx = info.context
        event_id = decode_id(input.event_id, "TrainingEvent", "eventId")
        mediator_id = decode_id(input.mediator_id, "Mediator", "mediatorId")
        event = await service.remove_attendance(ctx.session, ctx.require_principal(), event_id, mediator_id)
        return TrainingEventPayload(event=TrainingEvent.from_row(event))
