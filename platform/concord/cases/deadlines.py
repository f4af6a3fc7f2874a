"""Where the case lifecycle meets the deadline engine: a clock starts when mediation starts, stretches by the
days a case spent paused, and is settled when the case ends. Computation lives in concord.deadlines."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.audit.service import created, diff, record
from concord.cases import repository
from concord.db.base import new_id
from concord.models import Case, Deadline
from concord.models.enums import DeadlineStatus

CHINA = ZoneInfo("Asia/Shanghai")
OPEN = (DeadlineStatus.ACTIVE, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE)


async def start_mediation_clock(session: AsyncSession, case: Case, now: datetime) -> Deadline | None:
    from concord.deadlines.service import compute_for

    if case.track is None:
        return None
    computed = await compute_for(session, case.track, "MEDIATION", now.astimezone(CHINA).date())
    if computed is None:
        return None
    rule, result = computed
    deadline = Deadline(
        id=new_id(), case_id=case.id, tenant_id=case.tenant_id, track=case.track, step="MEDIATION",
        start_date=now.astimezone(CHINA).date(), due_date=result.due_date, due_at=result.due_at, paused_days=0,
        extensions=0, status=DeadlineStatus.ACTIVE, rule=rule, explanation=result.explanation, created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(deadline)
    await session.flush()
    record(session, "deadline.start", "Deadline", deadline.id, case_id=case.id,
           changes=created({"step": "MEDIATION", "due_date": deadline.due_date, "explanation": deadline.explanation}))  # fmt: skip
    return deadline


async def extend_for_pause(session: AsyncSession, case: Case, paused_at: datetime, now: datetime) -> None:
    """A pause stops the clock where the rule allows it (e.g. medical appraisal): the days paused are added."""
    from concord.deadlines.service import compute_for

    days = (now.astimezone(CHINA).date() - paused_at.astimezone(CHINA).date()).days
    if days <= 0:
        return
    for d in await repository.open_deadlines(session, case.id):
        if not d.rule.get("pausable"):
            continue
        computed = await compute_for(
            session, d.track, d.step, d.start_date, d.paused_days + days, d.extensions
        )
        if computed is None:
            continue
        _, result = computed
        before = {"due_date": d.due_date, "paused_days": d.paused_days}
        d.paused_days += days
        d.due_date, d.due_at, d.explanation, d.updated_at = (
            result.due_date,
            result.due_at,
            result.explanation,
            now,
        )
        if d.status is not DeadlineStatus.ACTIVE and d.due_at > now:
            d.status = DeadlineStatus.ACTIVE
        record(session, "deadline.pause", "Deadline", d.id, case_id=case.id,
               changes=diff(before, {"due_date": d.due_date, "paused_days": d.paused_days}))  # fmt: skip
    await session.flush()


async def settle(session: AsyncSession, case: Case, now: datetime) -> None:
    for d in await repository.open_deadlines(session, case.id):
        before = {"status": d.status}
        d.status, d.updated_at, d.status_reason = DeadlineStatus.MET, now, f"案件状态：{case.status.value}"
        record(
            session,
            "deadline.settle",
            "Deadline",
            d.id,
            case_id=case.id,
            changes=diff(before, {"status": d.status}),
        )
    await session.flush()
