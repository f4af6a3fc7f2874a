"""Every query on deadlines and on the administrator's calendar overrides.

Row-level security shows a deadline exactly when its case is visible, so these statements carry no tenant
filter of their own."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.db.base import new_id, utcnow
from concord.models import CalendarOverride, Case, Deadline
from concord.models.enums import DeadlineStatus, Track

# A deadline still running: the clock functions settle these and the watcher sweeps them.
OPEN_STATUSES = (DeadlineStatus.ACTIVE, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE)

# One sweep at a time per deployment: the watcher's transaction-level advisory lock ("concord").
SWEEP_LOCK_KEY = 0x636F6E636F7264


@dataclass(frozen=True)
class NewDeadline:
    """What a clock knows when it starts: the row gets its id, ACTIVE status, no pause and no extension here."""

    case_id: uuid.UUID
    tenant_id: uuid.UUID  # who must act
    track: Track
    step: str
    start_date: date
    due_date: date
    due_at: datetime
    rule: dict[str, Any]
    explanation: str
    referral_id: uuid.UUID | None = None


async def add(session: AsyncSession, new: NewDeadline, now: datetime) -> Deadline:
    deadline = Deadline(
        id=new_id(),
        case_id=new.case_id,
        referral_id=new.referral_id,
        tenant_id=new.tenant_id,
        track=new.track,
        step=new.step,
        start_date=new.start_date,
        due_date=new.due_date,
        due_at=new.due_at,
        paused_days=0,
        extensions=0,
        status=DeadlineStatus.ACTIVE,
        rule=new.rule,
        explanation=new.explanation,
        created_at=now,
        updated_at=now,
    )
    session.add(deadline)
    await session.flush()
    return deadline


async def open_for_case(session: AsyncSession, case_id: uuid.UUID) -> list[Deadline]:
    stmt = select(Deadline).where(Deadline.case_id == case_id, Deadline.status.in_(OPEN_STATUSES))
    return list((await session.execute(stmt)).scalars())


async def open_for_referrals(
    session: AsyncSession, referral_ids: Sequence[uuid.UUID], step: str
) -> list[Deadline]:
    stmt = select(Deadline).where(
        Deadline.referral_id.in_(referral_ids),
        Deadline.step == step,
        Deadline.status.in_(OPEN_STATUSES),
    )
    return list((await session.execute(stmt)).scalars())


async def by_case_ids(session: AsyncSession, case_ids: Sequence[uuid.UUID]) -> list[Deadline]:
    stmt = select(Deadline).where(Deadline.case_id.in_(case_ids)).order_by(Deadline.case_id, Deadline.due_at)
    return list((await session.execute(stmt)).scalars())


async def try_sweep_lock(session: AsyncSession) -> bool:
    """Whether this transaction took the sweep lock (False: another process is sweeping now)."""
    taken = await session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": SWEEP_LOCK_KEY})
    return bool(taken.scalar())


async def open_due_by(session: AsyncSession, until: datetime) -> list[tuple[Deadline, Case]]:
    """Open deadlines due at or before `until`, with their cases; the deadline rows are locked."""
    stmt = (
        select(Deadline, Case)
        .join(Case, Case.id == Deadline.case_id)
        .where(Deadline.status.in_(OPEN_STATUSES))
        .where(Deadline.due_at <= until)
        .with_for_update(of=Deadline)
    )
    return [(d, c) for d, c in (await session.execute(stmt)).all()]


# --- calendar overrides ---------------------------------------------------------------------------------------


async def calendar_overrides(session: AsyncSession) -> Sequence[CalendarOverride]:
    return (await session.scalars(select(CalendarOverride))).all()


async def override_on(session: AsyncSession, day: date) -> CalendarOverride | None:
    stmt = select(CalendarOverride).where(CalendarOverride.day == day)
    return (await session.execute(stmt)).scalar_one_or_none()


async def upsert_override(session: AsyncSession, day: date, is_workday: bool, name: str) -> CalendarOverride:
    """Insert or replace the day's entry; returns the stored row."""
    stmt = insert(CalendarOverride).values(day=day, is_workday=is_workday, name=name, created_at=utcnow())
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[CalendarOverride.day], set_={"is_workday": is_workday, "name": name}
        )
    )
    stored = select(CalendarOverride).where(CalendarOverride.day == day)
    return (await session.execute(stored)).scalar_one()
