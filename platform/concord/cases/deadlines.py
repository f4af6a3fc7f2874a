"""Where the case lifecycle meets the deadline engine: a clock starts when mediation starts, stretches by the
days a case spent paused, and is settled when the case ends. Computation lives in concord.deadlines."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.audit.service import created, diff, record
from concord.cases import repository
from concord.db.base import new_id
from concord.models import Case, Deadline, Referral
from concord.models.enums import Complexity, DeadlineStatus, ReferralKind, Track

CHINA = ZoneInfo("Asia/Shanghai")
OPEN = (DeadlineStatus.ACTIVE, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE)


def mediation_step(case: Case) -> str:
    """The step whose clock starts with mediation (or handling) on each track."""
    if case.track is Track.COURT_ENTRUSTED:
        return "MEDIATION_SIMPLE" if case.complexity is Complexity.SIMPLE else "MEDIATION_ORDINARY"
    if case.track in (Track.PETITION, Track.HOTLINE_12345):
        return "HANDLING"
    return "MEDIATION"


async def start_mediation_clock(session: AsyncSession, case: Case, now: datetime) -> Deadline | None:
    from concord.deadlines.service import compute_for

    if case.track is None:
        return None
    step = mediation_step(case)
    computed = await compute_for(session, case.track, step, now.astimezone(CHINA).date())
    if computed is None:
        return None
    rule, result = computed
    deadline = Deadline(
        id=new_id(), case_id=case.id, tenant_id=case.tenant_id, track=case.track, step=step,
        start_date=now.astimezone(CHINA).date(), due_date=result.due_date, due_at=result.due_at, paused_days=0,
        extensions=0, status=DeadlineStatus.ACTIVE, rule=rule, explanation=result.explanation, created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(deadline)
    await session.flush()
    record(session, "deadline.start", "Deadline", deadline.id, case_id=case.id,
           changes=created({"step": step, "due_date": deadline.due_date, "explanation": deadline.explanation}))  # fmt: skip
    return deadline


async def extend_for_pause(session: AsyncSession, case: Case, paused_at: datetime, now: datetime) -> None:
    """A pause stops the clock where the rule allows it (e.g. medical appraisal): the days paused are added."""
    from concord.deadlines.rules import national_rules
    from concord.deadlines.service import compute_for, load_calendar, paused_units
    from concord.deadlines.types import DeadlineStep

    first, resumed = paused_at.astimezone(CHINA).date(), now.astimezone(CHINA).date()
    calendar = await load_calendar(session)
    for d in await repository.open_deadlines(session, case.id):
        rule = national_rules().get(d.track, DeadlineStep(d.step))
        if rule is None or not d.rule.get("pausable"):
            continue
        # counted in the rule's own unit: a pause over a holiday week adds no working days
        days = paused_units(rule, first, resumed, calendar)
        if days <= 0:
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


async def start_referral_clock(
    session: AsyncSession, referral: Referral, case: Case, now: datetime
) -> Deadline | None:
    """A court's 委派 (DELEGATED) starts the 30-day pre-filing mediation clock when the receiver accepts it;
    the clock belongs to the receiving tenant and is linked to the referral."""
    from concord.deadlines.service import compute_for

    if referral.kind is not ReferralKind.DELEGATED:
        return None
    start = now.astimezone(CHINA).date()
    computed = await compute_for(session, Track.COURT_DELEGATED, "MEDIATION", start)
    if computed is None:
        return None
    rule, result = computed
    deadline = Deadline(
        id=new_id(), case_id=case.id, referral_id=referral.id, tenant_id=referral.to_tenant_id,
        track=Track.COURT_DELEGATED, step="MEDIATION", start_date=start, due_date=result.due_date, due_at=result.due_at,
        paused_days=0, extensions=0, status=DeadlineStatus.ACTIVE, rule=rule, explanation=result.explanation,
        created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(deadline)
    await session.flush()
    record(session, "deadline.start", "Deadline", deadline.id, case_id=case.id,
           changes=created({"step": "MEDIATION", "track": "COURT_DELEGATED", "due_date": deadline.due_date}))  # fmt: skip
    return deadline
