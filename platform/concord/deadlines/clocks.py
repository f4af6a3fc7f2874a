"""The only functions that start, pause-extend and settle a deadline. The case lifecycle starts a clock when
mediation starts, stretches it by the days a case spent paused and settles it when the case ends; a referral's
acceptance and a conference's issued action items start clocks of their own. Computation lives in
concord.deadlines.engine; the watcher (concord.deadlines.watcher) moves open clocks to DUE_SOON and OVERDUE.

Every clock starts on the business clock's day in China (the caller passes `now` from concord.kit.clock)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.deadlines import repository
from concord.deadlines.repository import NewDeadline
from concord.deadlines.rules import national_rules
from concord.deadlines.service import compute_for, load_calendar, paused_units
from concord.deadlines.types import DeadlineStep
from concord.models import Case, Deadline, Referral
from concord.models.enums import Complexity, DeadlineStatus, ReferralKind, Track
from concord.trail.recorder import created, diff, record

CHINA = ZoneInfo("Asia/Shanghai")
ACTION_ITEM_STEP = "ACTION_ITEM"


def mediation_step(case: Case) -> str:
    """The step whose clock starts with mediation (or handling) on each track."""
    if case.track is Track.COURT_ENTRUSTED:
        return "MEDIATION_SIMPLE" if case.complexity is Complexity.SIMPLE else "MEDIATION_ORDINARY"
    if case.track in (Track.PETITION, Track.HOTLINE_12345):
        return "HANDLING"
    return "MEDIATION"


async def _start_by_rule(
    session: AsyncSession,
    case_id: uuid.UUID,
    tenant_id: uuid.UUID,
    track: Track,
    step: str,
    now: datetime,
    referral_id: uuid.UUID | None = None,
) -> Deadline | None:
    """A clock whose period the rule pack computes from today (China); None when the track has no such step."""
    start = now.astimezone(CHINA).date()
    computed = await compute_for(session, track, step, start)
    if computed is None:
        return None
    rule, result = computed
    new = NewDeadline(
        case_id=case_id,
        referral_id=referral_id,
        tenant_id=tenant_id,
        track=track,
        step=step,
        start_date=start,
        due_date=result.due_date,
        due_at=result.due_at,
        rule=rule,
        explanation=result.explanation,
    )
    return await repository.add(session, new, now)


async def start_mediation_clock(session: AsyncSession, case: Case, now: datetime) -> Deadline | None:
    """The case's track's mediation (or handling) period, owned by the case's tenant; None when the case has no
    track or the track has no such step."""
    if case.track is None:
        return None
    step = mediation_step(case)
    deadline = await _start_by_rule(session, case.id, case.tenant_id, case.track, step, now)
    if deadline is None:
        return None
    started = {"step": step, "due_date": deadline.due_date, "explanation": deadline.explanation}
    record(session, "deadline.start", "Deadline", deadline.id, case_id=case.id, changes=created(started))
    return deadline


async def start_referral_clock(
    session: AsyncSession, referral: Referral, case: Case, now: datetime
) -> Deadline | None:
    """A court's 委派 (DELEGATED) starts the 30-day pre-filing mediation clock when the receiver accepts it;
    the clock belongs to the receiving tenant and is linked to the referral."""
    if referral.kind is not ReferralKind.DELEGATED:
        return None
    deadline = await _start_by_rule(
        session, case.id, referral.to_tenant_id, Track.COURT_DELEGATED, "MEDIATION", now, referral.id
    )
    if deadline is None:
        return None
    started = {"step": "MEDIATION", "track": "COURT_DELEGATED", "due_date": deadline.due_date}
    record(session, "deadline.start", "Deadline", deadline.id, case_id=case.id, changes=created(started))
    return deadline


async def start_action_item_clock(
    session: AsyncSession,
    referral: Referral,
    due_date: date,
    conference_title: str,
    now: datetime,
) -> Deadline:
    """A conference's action item is due on the day the conference set (no legal rule computes it), at the end
    of that day in China. The caller records the action item's own audit event; the clock adds none."""
    new = NewDeadline(
        case_id=referral.case_id,
        referral_id=referral.id,
        tenant_id=referral.to_tenant_id,
        track=Track.ADMINISTRATIVE,
        step=ACTION_ITEM_STEP,
        start_date=now.astimezone(CHINA).date(),
        due_date=due_date,
        due_at=datetime.combine(due_date, time(23, 59, 59), tzinfo=CHINA),
        rule={"legal_basis": f"联席会议决定（{conference_title}）"},
        explanation=f"联席会议确定的办理期限：{due_date.isoformat()}",
    )
    return await repository.add(session, new, now)


async def extend_for_pause(session: AsyncSession, case: Case, paused_at: datetime, now: datetime) -> None:
    """A pause stops the clock where the rule allows it (e.g. medical appraisal): the days paused are added."""
    first, resumed = paused_at.astimezone(CHINA).date(), now.astimezone(CHINA).date()
    calendar = await load_calendar(session)
    for d in await repository.open_for_case(session, case.id):
        rule = national_rules().get(d.track, DeadlineStep(d.step))
        if rule is None or not d.rule.get("pausable"):
            continue
        # counted in the rule's own unit: a pause over a holiday week adds no working days
        days = paused_units(rule, first, resumed, calendar)
        if days > 0:
            await _extend(session, case, d, days, now)
    await session.flush()


async def _extend(session: AsyncSession, case: Case, d: Deadline, days: int, now: datetime) -> None:
    computed = await compute_for(session, d.track, d.step, d.start_date, d.paused_days + days, d.extensions)
    if computed is None:
        return
    _, result = computed
    before = {"due_date": d.due_date, "paused_days": d.paused_days}
    d.paused_days += days
    d.due_date, d.due_at = result.due_date, result.due_at
    d.explanation, d.updated_at = result.explanation, now
    if d.status is not DeadlineStatus.ACTIVE and d.due_at > now:
        d.status = DeadlineStatus.ACTIVE  # the extra days moved it out of the watcher's windows
    after = {"due_date": d.due_date, "paused_days": d.paused_days}
    record(session, "deadline.pause", "Deadline", d.id, case_id=case.id, changes=diff(before, after))


async def settle(session: AsyncSession, case: Case, now: datetime) -> None:
    """The case ended: every open clock on it is met, with the case's status as the reason."""
    for d in await repository.open_for_case(session, case.id):
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


async def settle_action_items(
    session: AsyncSession, referral_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """The conference closed: its action items' open clocks are met. (No audit event of their own: closing
    records one per action item.)"""
    if not referral_ids:
        return
    for d in await repository.open_for_referrals(session, referral_ids, ACTION_ITEM_STEP):
        d.status, d.updated_at, d.status_reason = DeadlineStatus.MET, now, "办理事项已办结"
