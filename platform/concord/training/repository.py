"""Training reads and writes (队伍建设). A tenant sees the events organised in its roster scope and those its
managed mediators attended; an event's attendance rows only where it organises the event or manages the
attendee (the same rule row-level security applies to `training_attendance`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import (
    VisibleTo,
    in_roster_scope,
    managed_mediator_ids,
    mediator_is_managed,
)
from concord.kit.pagination import Page, keyset
from concord.models import Mediator, MediatorAffiliation, Tenant, TrainingAttendance, TrainingEvent
from concord.models.enums import MediatorKind, TrainingKind


@dataclass(frozen=True)
class EventFilter:
    held_from: date | None = None
    held_to: date | None = None
    kind: TrainingKind | None = None
    tenant_id: uuid.UUID | None = None  # the organiser
    mediator_id: uuid.UUID | None = None  # an attendee (the viewer must see the attendance)


@dataclass(frozen=True)
class SummaryFilter:
    tenant_id: uuid.UUID | None = None  # mediators affiliated with this organisation
    kind: MediatorKind | None = None


@dataclass(frozen=True)
class YearTotal:
    hours: Decimal
    events: int


def event_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    attended = select(TrainingAttendance.event_id).where(
        mediator_is_managed(viewer, TrainingAttendance.mediator_id)
    )
    return or_(in_roster_scope(viewer, TrainingEvent.tenant_id), TrainingEvent.id.in_(attended))


def attendance_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    organised = select(TrainingEvent.id).where(in_roster_scope(viewer, TrainingEvent.tenant_id))
    return or_(
        mediator_is_managed(viewer, TrainingAttendance.mediator_id),
        TrainingAttendance.event_id.in_(organised),
    )


async def visible_by_ids(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> list[TrainingEvent]:
    stmt = select(TrainingEvent).where(TrainingEvent.id.in_(ids), event_is_visible(viewer))
    return list((await session.execute(stmt)).scalars())


async def lock_organised(
    session: AsyncSession, viewer: VisibleTo, event_id: uuid.UUID
) -> TrainingEvent | None:
    """An event organised in the viewer's roster scope, locked for a change (None otherwise)."""
    stmt = (
        select(TrainingEvent)
        .where(TrainingEvent.id == event_id, in_roster_scope(viewer, TrainingEvent.tenant_id))
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def page(session: AsyncSession, viewer: VisibleTo, p: Page, f: EventFilter) -> list[TrainingEvent]:
    where: list[ColumnElement[bool]] = [event_is_visible(viewer)]
    if f.held_from is not None:
        where.append(TrainingEvent.held_on >= f.held_from)
    if f.held_to is not None:
        where.append(TrainingEvent.held_on <= f.held_to)
    if f.kind is not None:
        where.append(TrainingEvent.kind == f.kind)
    if f.tenant_id is not None:
        where.append(TrainingEvent.tenant_id == f.tenant_id)
    if f.mediator_id is not None:
        attended = select(TrainingAttendance.event_id).where(
            TrainingAttendance.mediator_id == f.mediator_id, attendance_is_visible(viewer)
        )
        where.append(TrainingEvent.id.in_(attended))
    stmt = select(TrainingEvent).where(*where)
    # Newest training first; the cursor is (created_at, id) like every connection.
    stmt = keyset(stmt, p, TrainingEvent.created_at, TrainingEvent.id)
    return list((await session.execute(stmt)).scalars())


async def attendance_of(
    session: AsyncSession, viewer: VisibleTo, event_ids: Sequence[uuid.UUID]
) -> list[TrainingAttendance]:
    stmt = (
        select(TrainingAttendance)
        .join(Mediator, Mediator.id == TrainingAttendance.mediator_id)
        .where(TrainingAttendance.event_id.in_(event_ids), attendance_is_visible(viewer))
        .order_by(TrainingAttendance.event_id, Mediator.name, Mediator.id)
    )
    return list((await session.execute(stmt)).scalars())


async def attendance_rows(session: AsyncSession, event_id: uuid.UUID) -> list[TrainingAttendance]:
    """All attendance of an event the caller has locked as its organiser."""
    stmt = select(TrainingAttendance).where(TrainingAttendance.event_id == event_id)
    return list((await session.execute(stmt)).scalars())


def _year_totals(year: int) -> Select[uuid.UUID, Decimal, int]:
    return (
        select(
            TrainingAttendance.mediator_id,
            func.coalesce(func.sum(TrainingAttendance.hours), 0).label("hours"),
            func.count(TrainingAttendance.event_id).label("events"),
        )
        .join(TrainingEvent, TrainingEvent.id == TrainingAttendance.event_id)
        .where(TrainingEvent.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(TrainingAttendance.mediator_id)
    )


async def year_totals(
    session: AsyncSession, viewer: VisibleTo, year: int, mediator_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, YearTotal]:
    """Hours and events per managed mediator in the year (a managed mediator with none is absent)."""
    stmt = _year_totals(year).where(
        TrainingAttendance.mediator_id.in_(mediator_ids),
        mediator_is_managed(viewer, TrainingAttendance.mediator_id),
    )
    return {m: YearTotal(Decimal(h), int(n)) for m, h, n in (await session.execute(stmt)).all()}


async def managed_among(session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]) -> list[Mediator]:
    stmt = select(Mediator).where(Mediator.id.in_(ids), mediator_is_managed(viewer))
    return list((await session.execute(stmt)).scalars())


async def summary_page(
    session: AsyncSession, viewer: VisibleTo, year: int, p: Page, f: SummaryFilter
) -> list[tuple[Mediator, Decimal, int]]:
    """Every mediator the viewer manages, with the year's hours and events (zero when none), roster order."""
    totals = _year_totals(year).subquery("totals")
    where: list[ColumnElement[bool]] = [Mediator.id.in_(managed_mediator_ids(viewer))]
    if f.kind is not None:
        where.append(Mediator.kind == f.kind)
    if f.tenant_id is not None:
        where.append(
            Mediator.id.in_(
                select(MediatorAffiliation.mediator_id).where(MediatorAffiliation.tenant_id == f.tenant_id)
            )
        )
    cols = totals.c
    stmt = (
        select(Mediator, func.coalesce(cols.hours, 0), func.coalesce(cols.events, 0))
        .outerjoin(totals, cols.mediator_id == Mediator.id)
        .where(and_(*where))
    )
    stmt = keyset(stmt, p, Mediator.created_at, Mediator.id, newest_first=False)
    return [(m, Decimal(h), int(n)) for m, h, n in (await session.execute(stmt)).all()]


async def in_roster_scope_tenant(session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID) -> bool:
    """The tenant is active and in the viewer's roster scope (it may organise training there)."""
    stmt = select(Tenant.id).where(
        Tenant.id == tenant_id, Tenant.is_active.is_(True), in_roster_scope(viewer, Tenant.id)
    )
    return (await session.execute(stmt)).first() is not None


async def in_roster_scope_among(
    session: AsyncSession, viewer: VisibleTo, tenant_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    stmt = select(Tenant.id).where(Tenant.id.in_(tenant_ids), in_roster_scope(viewer, Tenant.id))
    return set((await session.execute(stmt)).scalars())


async def add_event(session: AsyncSession, event: TrainingEvent) -> None:
    session.add(event)
    await session.flush()


async def delete_event(session: AsyncSession, event: TrainingEvent) -> None:
    await session.delete(event)
    await session.flush()


async def upsert_attendance(session: AsyncSession, rows: Sequence[TrainingAttendance]) -> None:
    """Insert the attendance, or correct the hours of one already recorded (one statement)."""
    stmt = insert(TrainingAttendance).values(
        [
            {
                "event_id": r.event_id,
                "mediator_id": r.mediator_id,
                "hours": r.hours,
                "created_at": r.created_at,
            }
            for r in rows
        ]
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[TrainingAttendance.event_id, TrainingAttendance.mediator_id],
        set_={"hours": stmt.excluded.hours},
    )
    await session.execute(stmt)


async def remove_attendance(session: AsyncSession, event_id: uuid.UUID, mediator_id: uuid.UUID) -> bool:
    stmt = delete(TrainingAttendance).where(
        TrainingAttendance.event_id == event_id, TrainingAttendance.mediator_id == mediator_id
    )
    result = await session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]
