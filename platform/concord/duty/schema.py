from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry

from concord.authz.permissions import Can
from concord.duty import service
from concord.duty.types import DutyConsultation, DutySlot, DutyStatisticsRow
from concord.kit.context import Info, ResolverContext
from concord.kit.ids import decode_id
from concord.kit.node import register_node
from concord.models.enums import CaseCategory, ConsultationOutcome, HalfDay


async def _fetch_node(ctx: ResolverContext, id_: uuid.UUID) -> DutySlot | None:
    row = await ctx.loaders.duty.slot.load(id_)
    return DutySlot.from_row(row) if row else None


register_node("DutySlot", _fetch_node)


@strawberry.input(description="一个坐班安排")
class DutySlotInput:
    on_date: date = strawberry.field(name="date", description="坐班日期")
    half_day: HalfDay
    place: str
    mediator_id: strawberry.ID = strawberry.field(description="坐班律师或调解员（须在册且属于该机构）")


@strawberry.input(description="发布坐班表（一周或一个月）；已发布过的同一安排跳过")
class PublishDutySlotsInput:
    tenant_id: strawberry.ID = strawberry.field(description="坐班机构（本机构或下级机构）")
    slots: list[DutySlotInput]


@strawberry.input(description="删除坐班（已登记咨询的不能删除）")
class RemoveDutySlotInput:
    slot_id: strawberry.ID


@strawberry.input(description="登记坐班咨询")
class LogDutyConsultationInput:
    slot_id: strawberry.ID
    topic: CaseCategory = strawberry.field(description="咨询事项类别")
    outcome: ConsultationOutcome
    summary: str
    case_id: strawberry.ID | None = strawberry.field(
        default=None, description="启动调解时：由本次咨询登记的案件"
    )


@strawberry.type
class PublishDutySlotsPayload:
    slots: list[DutySlot] = strawberry.field(description="新发布的坐班")
    skipped: int = strawberry.field(description="已发布过（或重复给出）而跳过的安排数")


@strawberry.type
class RemoveDutySlotPayload:
    removed_slot_id: strawberry.ID


@strawberry.type
class DutyConsultationPayload:
    consultation: DutyConsultation
    slot: DutySlot


@strawberry.type
class DutyQuery:
    @strawberry.field(
        permission_classes=[Can("duty", "read")],
        description="坐班表：某机构在期间内（最多62天）的坐班，按日期、上下午排列；区内公开",
    )
    async def duty_slots(
        self,
        info: Info,
        tenant_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from", description="起始日期")],
        to: Annotated[date, strawberry.argument(description="结束日期")],
    ) -> list[DutySlot]:
        ctx = info.context
        ctx.require_principal()
        tid = decode_id(tenant_id, "Tenant", "tenantId")
        rows = await service.slots_between(ctx.session, tid, from_, to)
        return [DutySlot.from_row(r) for r in rows]

    @strawberry.field(
        permission_classes=[Can("duty", "read")],
        description="坐班统计：期间内每名律师（调解员）的坐班数和咨询数（按结果）；仅坐班机构及其上级、指导机构",
    )
    async def duty_statistics(
        self,
        info: Info,
        tenant_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from", description="起始日期")],
        to: Annotated[date, strawberry.argument(description="结束日期")],
    ) -> list[DutyStatisticsRow]:
        ctx = info.context
        tid = decode_id(tenant_id, "Tenant", "tenantId")
        rows = await service.statistics(ctx.session, ctx.require_principal(), tid, from_, to)
        return [
            DutyStatisticsRow(
                mediator_db_id=r.mediator_id,
                slots=r.slots,
                consultations=r.consultations,
                answered=r.answered,
                mediation_started=r.mediation_started,
                referred=r.referred,
            )
            for r in rows
        ]


@strawberry.type
class DutyMutation:
    @strawberry.mutation(permission_classes=[Can("duty", "manage")], description="发布坐班表")
    async def publish_duty_slots(self, info: Info, input: PublishDutySlotsInput) -> PublishDutySlotsPayload:
        ctx = info.context
        tid = decode_id(input.tenant_id, "Tenant", "tenantId")
        slots = [
            service.SlotData(
                on_date=s.on_date,
                half_day=s.half_day,
                place=s.place,
                mediator_id=decode_id(s.mediator_id, "Mediator", f"slots.{i}.mediatorId"),
            )
            for i, s in enumerate(input.slots)
        ]
        rows, skipped = await service.publish_slots(ctx.session, ctx.require_principal(), tid, slots)
        return PublishDutySlotsPayload(slots=[DutySlot.from_row(r) for r in rows], skipped=skipped)

    @strawberry.mutation(permission_classes=[Can("duty", "manage")], description="删除坐班")
    async def remove_duty_slot(self, info: Info, input: RemoveDutySlotInput) -> RemoveDutySlotPayload:
        ctx = info.context
        slot_id = decode_id(input.slot_id, "DutySlot", "slotId")
        await service.remove_slot(ctx.session, ctx.require_principal(), slot_id)
        return RemoveDutySlotPayload(removed_slot_id=input.slot_id)

    @strawberry.mutation(permission_classes=[Can("duty", "log")], description="登记坐班咨询")
    async def log_duty_consultation(
        self, info: Info, input: LogDutyConsultationInput
    ) -> DutyConsultationPayload:
        ctx = info.context
        data = service.ConsultationData(
            slot_id=decode_id(input.slot_id, "DutySlot", "slotId"),
            topic=input.topic,
            outcome=input.outcome,
            summary=input.summary,
            case_id=decode_id(input.case_id, "Case", "caseId") if input.case_id else None,
        )
        row = await service.log_consultation(ctx.session, ctx.require_principal(), data)
        slot = await ctx.loaders.duty.slot.load(row.slot_id)
        assert slot is not None  # just read in the same transaction
        return DutyConsultationPayload(
            consultation=DutyConsultation.from_row(row), slot=DutySlot.from_row(slot)
        )
