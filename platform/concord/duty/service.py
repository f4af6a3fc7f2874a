"""Duty rosters (坐班): a lawyer studio or resolution centre publishes who is on duty (date, half-day, place),
and the consultations given on duty are logged with what came of them.

- Publishing is for the tenant itself or one below it (its subtree), each mediator 在册 (ACTIVE) and affiliated
  with that tenant. A slot that already exists (same tenant, day, half-day and mediator), or appears twice in one
  request, is skipped and counted — a week or month can be published again after adding a few lines.
- A slot with logged consultations cannot be removed (the record would lose them).
- Consultations are logged in the roster scope of the slot's tenant (the tenant, its ancestors, its overseer);
  MEDIATION_STARTED names the case registered from the consultation, which the actor must see."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.cases import service as cases
from concord.db.base import new_id, utcnow
from concord.duty import errors, repository
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict
from concord.models import DutyConsultation, DutySlot
from concord.models.enums import CaseCategory, ConsultationOutcome, HalfDay
from concord.trail.recorder import created, diff, record

CHINA = ZoneInfo("Asia/Shanghai")
PLACE_MAX = 200
SUMMARY_MAX = 2000
MAX_SLOTS = 200  # a month of two half-days with three lawyers each
# A roster is published ahead; a recent week may still be corrected.
PUBLISH_BACK = timedelta(days=31)
PUBLISH_AHEAD = timedelta(days=183)
MAX_RANGE = timedelta(days=62)  # the week grid, or two months of statistics


@dataclass(frozen=True)
class SlotData:
    on_date: date
    half_day: HalfDay
    place: str
    mediator_id: uuid.UUID


@dataclass(frozen=True)
class ConsultationData:
    slot_id: uuid.UUID
    topic: CaseCategory
    outcome: ConsultationOutcome
    summary: str
    case_id: uuid.UUID | None = None


def today() -> date:
    return clock.now().astimezone(CHINA).date()


def check_range(start: date, end: date) -> None:
    if end < start:
        raise BadUserInput("结束日期不能早于开始日期", field="to")
    if end - start > MAX_RANGE:
        raise BadUserInput(f"查询区间不能超过{MAX_RANGE.days}天", field="to")


def _user(principal: Principal) -> uuid.UUID | None:
    return principal.id if principal.kind == "user" else None


def _slot(s: SlotData, i: int) -> SlotData:
    place = (s.place or "").strip()
    if not place:
        raise BadUserInput("坐班地点不能为空", field=f"slots.{i}.place")
    if len(place) > PLACE_MAX:
        raise BadUserInput(f"坐班地点不能超过{PLACE_MAX}个字", field=f"slots.{i}.place")
    now = today()
    if not now - PUBLISH_BACK <= s.on_date <= now + PUBLISH_AHEAD:
        raise BadUserInput("坐班日期须在近一个月至未来半年之内", field=f"slots.{i}.date")
    return SlotData(s.on_date, s.half_day, place, s.mediator_id)


def _snapshot(s: DutySlot) -> dict[str, object]:
    return {
        "tenant_id": s.tenant_id,
        "date": s.on_date,
        "half_day": s.half_day,
        "place": s.place,
        "mediator_id": s.mediator_id,
    }


async def publish_slots(
    session: AsyncSession, principal: Principal, tenant_id: uuid.UUID, slots: Sequence[SlotData]
) -> tuple[list[DutySlot], int]:
    """The new slots, and how many were skipped as already published (or given twice)."""
    if not slots:
        raise BadUserInput("请至少安排一个坐班", field="slots")
    if len(slots) > MAX_SLOTS:
        raise BadUserInput(f"一次最多发布{MAX_SLOTS}个坐班", field="slots")
    cleaned = [_slot(s, i) for i, s in enumerate(slots)]
    if not await repository.tenant_in_subtree(session, VisibleTo.of(principal), tenant_id):
        raise errors.tenant_not_found()
    on_roster = await repository.on_duty_candidates(session, tenant_id, [s.mediator_id for s in cleaned])
    for i, s in enumerate(cleaned):
        if s.mediator_id not in on_roster:
            raise errors.not_on_roster(f"slots.{i}.mediatorId")
    seen = await repository.existing_keys(
        session, tenant_id, min(s.on_date for s in cleaned), max(s.on_date for s in cleaned)
    )
    rows: list[DutySlot] = []
    now, by = utcnow(), _user(principal)
    for s in cleaned:
        key = (s.on_date, s.half_day, s.mediator_id)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            DutySlot(
                id=new_id(),
                tenant_id=tenant_id,
                on_date=s.on_date,
                half_day=s.half_day,
                place=s.place,
                mediator_id=s.mediator_id,
                created_by=by,
                created_at=now,
            )
        )
    await repository.add_all(session, rows)
    for row in rows:
        record(session, "duty.publish", "DutySlot", row.id, changes=created(_snapshot(row)))
    return rows, len(cleaned) - len(rows)


async def remove_slot(session: AsyncSession, principal: Principal, slot_id: uuid.UUID) -> uuid.UUID:
    slot = await repository.lock_in_subtree(session, VisibleTo.of(principal), slot_id)
    if slot is None:
        raise errors.slot_not_found()
    if await repository.consultation_count(session, slot.id):
        raise Conflict("该坐班已登记咨询记录，不能删除", field="slotId")
    before = _snapshot(slot)
    await repository.delete_slot(session, slot)
    record(session, "duty.remove", "DutySlot", slot_id, changes=diff(before, {}))
    return slot_id


async def _started_case(
    session: AsyncSession, principal: Principal, slot: DutySlot, data: ConsultationData
) -> uuid.UUID | None:
    if data.outcome is not ConsultationOutcome.MEDIATION_STARTED:
        if data.case_id is not None:
            raise BadUserInput("只有“启动调解”的咨询才关联案件", field="caseId")
        return None
    if data.case_id is None:
        raise BadUserInput("启动调解须关联由本次咨询登记的案件", field="caseId")
    found = await cases.get_visible(session, VisibleTo.of(principal), data.case_id)
    if found is None:
        raise errors.case_not_found()
    if found.created_at.astimezone(CHINA).date() < slot.on_date:
        raise BadUserInput("关联的案件须为本次咨询之后登记的案件", field="caseId")
    return found.id


async def log_consultation(
    session: AsyncSession, principal: Principal, data: ConsultationData
) -> DutyConsultation:
    slot = await repository.in_roster_scope_slot(session, VisibleTo.of(principal), data.slot_id)
    if slot is None:
        raise errors.slot_not_found()
    if slot.on_date > today():
        raise BadUserInput("坐班尚未开始，不能登记咨询", field="slotId")
    summary = (data.summary or "").strip()
    if not summary:
        raise BadUserInput("咨询摘要不能为空", field="summary")
    if len(summary) > SUMMARY_MAX:
        raise BadUserInput(f"咨询摘要不能超过{SUMMARY_MAX}个字", field="summary")
    case_id = await _started_case(session, principal, slot, data)
    row = DutyConsultation(
        id=new_id(),
        slot_id=slot.id,
        topic=data.topic,
        outcome=data.outcome,
        case_id=case_id,
        summary=summary,
        recorded_by=_user(principal),
        created_at=utcnow(),
    )
    await repository.add_all(session, [row])
    values = {"slot_id": slot.id, "topic": row.topic, "outcome": row.outcome, "summary": summary}
    record(session, "duty.consultation", "DutyConsultation", row.id, case_id=case_id, changes=created(values))
    return row


async def slots_between(
    session: AsyncSession, tenant_id: uuid.UUID, start: date, end: date
) -> list[DutySlot]:
    """The week grid: public within the district (any signed-in principal with duty:read)."""
    check_range(start, end)
    if not await repository.tenant_is_active(session, tenant_id):
        raise errors.tenant_not_found()
    return await repository.slots_between(session, tenant_id, start, end)


async def statistics(
    session: AsyncSession, principal: Principal, tenant_id: uuid.UUID, start: date, end: date
) -> list[repository.MediatorStats]:
    """Per lawyer: only in the roster scope of the tenant (its consultations are not public)."""
    check_range(start, end)
    viewer = VisibleTo.of(principal)
    if not await repository.tenant_in_roster_scope(session, viewer, tenant_id):
        raise errors.tenant_not_found()
    return await repository.statistics(session, viewer, tenant_id, start, end)
