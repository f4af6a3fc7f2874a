"""Training (队伍建设: 业务培训、案例分析、经验交流) and each mediator's hours per year.

An event is organised by a tenant of the actor's roster scope (its subtree and the subtrees it oversees: the
justice bureau trains the district's people's mediators, the court its 特邀调解员); attendance is recorded only
for mediators the actor manages. Deleting an event is refused while it has attendance (remove it first): the
hours it gave are part of each mediator's record, and they should not vanish as a side effect."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.config import get_settings
from concord.db.base import new_id, utcnow
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict
from concord.models import Mediator, TrainingAttendance, TrainingEvent
from concord.models.enums import MediatorStatus, TrainingKind
from concord.trail.recorder import created, diff, record
from concord.training import errors, repository

CHINA = ZoneInfo("Asia/Shanghai")
TITLE_MAX = 200
PLACE_MAX = 200
TEXT_MAX = 2000
MAX_HOURS = Decimal(24)
MAX_ATTENDEES = 200
FIRST_YEAR = 2000
# Training is recorded after it happened or while it is planned; more than a year ahead is a typo.
PLAN_AHEAD = timedelta(days=366)


@dataclass
class EventData:
    tenant_id: uuid.UUID
    title: str
    kind: TrainingKind
    held_on: date
    hours: Decimal
    place: str = ""
    description: str = ""


@dataclass
class EventChanges:
    title: str | None = None
    kind: TrainingKind | None = None
    held_on: date | None = None
    hours: Decimal | None = None
    place: str | None = None
    description: str | None = None


def today() -> date:
    return clock.now().astimezone(CHINA).date()


def minimum_hours() -> Decimal:
    return Decimal(get_settings().training_min_hours_per_year)


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= today().year + 1:
        raise BadUserInput(f"年份须在{FIRST_YEAR}年至{today().year + 1}年之间", field="year")
    return year


def _text(value: str | None, field: str, limit: int, label: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise BadUserInput(f"{label}不能为空", field=field)
    if len(value) > limit:
        raise BadUserInput(f"{label}不能超过{limit}个字", field=field)
    return value


def _hours(value: Decimal, field: str = "hours", ceiling: Decimal = MAX_HOURS) -> Decimal:
    """Hours are whole or tenths (the column keeps one decimal), above 0 and at most a day (or the event's)."""
    try:
        hours = Decimal(value)
        tenths = hours * 10
        whole = tenths == tenths.to_integral_value()
    except (InvalidOperation, ValueError) as exc:
        raise BadUserInput("学时须为数字", field=field) from exc
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise BadUserInput("学时须大于0且不超过24小时", field=field)
    if not whole:
        raise BadUserInput("学时最多保留一位小数", field=field)
    if hours > ceiling:
        raise BadUserInput(f"参训学时不能超过本次培训的学时（{ceiling}小时）", field=field)
    return hours.quantize(Decimal("0.1"))


def _held_on(value: date) -> date:
    if value < date(FIRST_YEAR, 1, 1) or value > today() + PLAN_AHEAD:
        raise BadUserInput(f"培训日期须在{FIRST_YEAR}年之后、一年之内", field="heldOn")
    return value


def _snapshot(e: TrainingEvent) -> dict[str, object]:
    return {
        "tenant_id": e.tenant_id,
        "title": e.title,
        "kind": e.kind,
        "held_on": e.held_on,
        "hours": e.hours,
        "place": e.place,
        "description": e.description,
    }


def _user(principal: Principal) -> uuid.UUID | None:
    return principal.id if principal.kind == "user" else None


async def _organised(session: AsyncSession, principal: Principal, event_id: uuid.UUID) -> TrainingEvent:
    event = await repository.lock_organised(session, VisibleTo.of(principal), event_id)
    if event is None:
        raise errors.event_not_found()
    return event


async def create_event(session: AsyncSession, principal: Principal, data: EventData) -> TrainingEvent:
    viewer = VisibleTo.of(principal)
    event = TrainingEvent(
        id=new_id(),
        tenant_id=data.tenant_id,
        title=_text(data.title, "title", TITLE_MAX, "培训名称", required=True),
        kind=data.kind,
        held_on=_held_on(data.held_on),
        hours=_hours(data.hours),
        place=_text(data.place, "place", PLACE_MAX, "培训地点"),
        description=_text(data.description, "description", TEXT_MAX, "培训内容"),
        created_by=_user(principal),
        created_at=utcnow(),
    )
    if not await repository.in_roster_scope_tenant(session, viewer, data.tenant_id):
        raise errors.organiser_outside_scope()
    await repository.add_event(session, event)
    record(session, "training.create", "TrainingEvent", event.id, changes=created(_snapshot(event)))
    return event


async def update_event(
    session: AsyncSession, principal: Principal, event_id: uuid.UUID, changes: EventChanges
) -> TrainingEvent:
    event = await _organised(session, principal, event_id)
    before = _snapshot(event)
    if changes.title is not None:
        event.title = _text(changes.title, "title", TITLE_MAX, "培训名称", required=True)
    if changes.kind is not None:
        event.kind = changes.kind
    if changes.held_on is not None:
        event.held_on = _held_on(changes.held_on)
    if changes.place is not None:
        event.place = _text(changes.place, "place", PLACE_MAX, "培训地点")
    if changes.description is not None:
        event.description = _text(changes.description, "description", TEXT_MAX, "培训内容")
    if changes.hours is not None:
        await _rehour(session, event, _hours(changes.hours))
    await session.flush()
    record(session, "training.update", "TrainingEvent", event.id, changes=diff(before, _snapshot(event)))
    return event


async def _rehour(session: AsyncSession, event: TrainingEvent, hours: Decimal) -> None:
    """Whoever attended in full follows the new hours; a partial attendance above them is refused."""
    rows = await repository.attendance_rows(session, event.id)
    for row in rows:
        if row.hours == event.hours:
            row.hours = hours
        elif row.hours > hours:
            raise BadUserInput("已有参训人员的学时超过新学时，请先调整其参训记录", field="hours")
    event.hours = hours


async def delete_event(session: AsyncSession, principal: Principal, event_id: uuid.UUID) -> uuid.UUID:
    event = await _organised(session, principal, event_id)
    if await repository.attendance_rows(session, event.id):
        raise Conflict("该培训已有参训记录，请先移除参训人员再删除", field="eventId")
    before = _snapshot(event)
    await repository.delete_event(session, event)
    record(session, "training.delete", "TrainingEvent", event_id, changes=diff(before, {}))
    return event_id


async def record_attendance(
    session: AsyncSession,
    principal: Principal,
    event_id: uuid.UUID,
    mediator_ids: Sequence[uuid.UUID],
    hours: Decimal | None,
) -> TrainingEvent:
    """Record (or correct) attendance: each mediator must be managed by the actor; hours default to the
    event's and may be less (attended in part)."""
    event = await _organised(session, principal, event_id)
    ids = list(dict.fromkeys(mediator_ids))
    if not ids:
        raise BadUserInput("请选择参训调解员", field="mediatorIds")
    if len(ids) > MAX_ATTENDEES:
        raise BadUserInput(f"一次最多记录{MAX_ATTENDEES}人", field="mediatorIds")
    attended = event.hours if hours is None else _hours(hours, ceiling=event.hours)
    managed = {m.id for m in await repository.managed_among(session, VisibleTo.of(principal), ids)}
    if any(i not in managed for i in ids):
        raise errors.mediator_not_managed()
    now = utcnow()
    rows = [TrainingAttendance(event_id=event.id, mediator_id=i, hours=attended, created_at=now) for i in ids]
    await repository.upsert_attendance(session, rows)
    record(
        session,
        "training.attend",
        "TrainingEvent",
        event.id,
        changes={"attendees": [None, [str(i) for i in ids]], "hours": [None, str(attended)]},
    )
    return event


async def remove_attendance(
    session: AsyncSession, principal: Principal, event_id: uuid.UUID, mediator_id: uuid.UUID
) -> TrainingEvent:
    event = await _organised(session, principal, event_id)
    if not await repository.remove_attendance(session, event.id, mediator_id):
        raise errors.mediator_not_managed("mediatorId")
    record(
        session,
        "training.unattend",
        "TrainingEvent",
        event.id,
        changes={"attendees": [[str(mediator_id)], None]},
    )
    return event


# --- the yearly minimum -------------------------------------------------------------------------------------


def counted_in_year(m: Mediator, year: int) -> bool:
    """Only a mediator on the roster (在册) through the year is held to its minimum: one put on the roster after
    the year, or suspended or retired before its end, is not flagged."""
    end = date(year, 12, 31)
    if m.created_at.astimezone(CHINA).date() > end:
        return False
    if m.status is MediatorStatus.ACTIVE:
        return True
    changed = m.status_changed_at
    return changed is not None and changed.astimezone(CHINA).date() > end


def below_minimum(m: Mediator, year: int, hours: Decimal) -> bool:
    return counted_in_year(m, year) and hours < minimum_hours()


async def year_totals(
    session: AsyncSession, viewer: VisibleTo, year: int, mediator_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, repository.YearTotal]:
    return await repository.year_totals(session, viewer, year, mediator_ids)
