"""The only functions that start, pause-extend and settle a deadline.

Each legal clock starts at the event its rule names (rule pack key `starts_on`, concord.deadlines.types.
ClockTrigger) and counts from the day that event was recorded, never from the day a later event fires:

- CASE_REGISTERED (labour mediation: the committee receives the application; 信访 registration; consumer and
  administrative acceptance decisions; 12345 handling): the case's registration day, also when the track is
  set later;
- CASE_ACCEPTED (人民调解, 信访 handling, medical, consumer, lawyer and administrative mediation): the 受理 day
  the case recorded (cases.accepted_at);
- COURT_MATERIALS_SIGNED_FOR (委派, 委托): the day the receiving body signs for the court's referral; handing
  the case on inside the period keeps the one clock; 委托 picks its period by the procedure the court recorded;
- TRANSFER_SIGNED_FOR (a 转送 of a 信访 matter): the day the competent body signs for it; each transfer its own.

A conference's issued action items start clocks of their own. A pause stops a clock only for the reasons its
rule lists (`pause_reasons`); the case lifecycle refuses any other reason while such a clock runs. Computation
lives in concord.deadlines.engine; the watcher (concord.deadlines.watcher) moves open clocks to DUE_SOON and
OVERDUE."""

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
from concord.deadlines.types import ClockTrigger, DeadlineStep, Rule
from concord.kit.errors import BadUserInput
from concord.models import Case, Deadline, Referral
from concord.models.enums import DeadlineStatus, PauseReason, ReferralKind, Track
from concord.trail.recorder import created, diff, record

CHINA = ZoneInfo("Asia/Shanghai")
ACTION_ITEM_STEP = "ACTION_ITEM"
# The named 特邀调解员's contact clock runs beside the case's legal clocks: it neither stands for the
# mediation period (sign-for still starts that) nor takes part in pauses.
CONTACT_STEP = DeadlineStep.MEDIATOR_CONTACT.value
BESIDE_CASE_CLOCKS = {ACTION_ITEM_STEP, CONTACT_STEP}
COURT_TRACKS = {ReferralKind.DELEGATED: Track.COURT_DELEGATED, ReferralKind.ENTRUSTED: Track.COURT_ENTRUSTED}
PAUSE_LABELS = {
    PauseReason.APPRAISAL: "鉴定",
    PauseReason.HEARING: "听证",
    PauseReason.SUPPLEMENTARY_MATERIALS: "补充材料",
    PauseReason.PARTY_REQUEST: "当事人申请",
    PauseReason.OTHER: "其他",
}


def china_day(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


async def _start_by_rule(
    session: AsyncSession,
    case: Case,
    tenant_id: uuid.UUID,
    rule: Rule,
    start: date,
    now: datetime,
    trigger: ClockTrigger,
    referral_id: uuid.UUID | None = None,
) -> Deadline | None:
    """A clock whose period the rule pack computes from `start` (the day the triggering event was recorded)."""
    computed = await compute_for(session, rule.track, rule.step, start)
    if computed is None:
        return None
    rule_dict, result = computed
    new = NewDeadline(
        case_id=case.id,
        referral_id=referral_id,
        tenant_id=tenant_id,
        track=rule.track,
        step=rule.step.value,
        start_date=start,
        due_date=result.due_date,
        due_at=result.due_at,
        rule=rule_dict,
        explanation=result.explanation,
    )
    deadline = await repository.add(session, new, now)
    started = {
        "track": rule.track.value,
        "step": rule.step.value,
        "trigger": trigger.value,
        "start_date": start,
        "due_date": deadline.due_date,
        "legal_basis": rule.legal_basis,
        "explanation": deadline.explanation,
    }
    record(session, "deadline.start", "Deadline", deadline.id, case_id=case.id, changes=created(started))
    return deadline


async def _start_case_clocks(
    session: AsyncSession, case: Case, trigger: ClockTrigger, start: date, now: datetime
) -> list[Deadline]:
    """The case's track's clocks `trigger` starts, owned by the case's tenant; a (track, step) already running
    on the case is not started twice."""
    if case.track is None:
        return []
    running = {(d.track, d.step) for d in await repository.open_for_case(session, case.id)}
    started = []
    for rule in national_rules().started_by(case.track, trigger):
        if (rule.track, rule.step.value) in running:
            continue
        d = await _start_by_rule(session, case, case.tenant_id, rule, start, now, trigger)
        if d is not None:
            started.append(d)
    return started


async def start_on_registration(session: AsyncSession, case: Case, now: datetime) -> list[Deadline]:
    """Clocks that count from the day the application was received and registered (the case's creation day)."""
    return await _start_case_clocks(
        session, case, ClockTrigger.CASE_REGISTERED, china_day(case.created_at), now
    )


async def start_on_acceptance(session: AsyncSession, case: Case, now: datetime) -> list[Deadline]:
    """Clocks that count from 受理, the day recorded in cases.accepted_at (set by the ACCEPT event)."""
    if case.accepted_at is None:
        return []
    return await _start_case_clocks(
        session, case, ClockTrigger.CASE_ACCEPTED, china_day(case.accepted_at), now
    )


async def track_changed(
    session: AsyncSession, case: Case, previous: Track | None, accepted: bool, now: datetime
) -> None:
    """The case's track was set or changed: clocks of the previous track's case-level rules are cancelled, and
    the new track's clocks whose triggering event already happened start from the day it was recorded."""
    if previous is not None and previous != case.track:
        for d in await repository.open_for_case(session, case.id):
            if d.track is previous and d.referral_id is None and d.step != ACTION_ITEM_STEP:
                before = {"status": d.status}
                d.status, d.updated_at = DeadlineStatus.CANCELLED, now
                d.status_reason = f"办理程序变更为{case.track.value if case.track else '未定'}"
                record(
                    session,
                    "deadline.cancel",
                    "Deadline",
                    d.id,
                    case_id=case.id,
                    changes=diff(before, {"status": d.status}),
                )
    await start_on_registration(session, case, now)
    if accepted:
        await start_on_acceptance(session, case, now)
    await session.flush()


async def start_on_sign_for(
    session: AsyncSession, referral: Referral, case: Case, now: datetime
) -> Deadline | None:
    """A receiver signed for a referral. 委派/委托: the court's mediation clock starts today (the sign-for day),
    owned by the receiver and linked to the referral, unless the case already has that clock running (handing
    the case on inside the period keeps the one clock). 转送 of a case whose track has a transfer-triggered
    rule (信访): the competent body's own clock starts."""
    if referral.signed_at is None:
        return None
    start = china_day(referral.signed_at)
    if referral.kind in COURT_TRACKS:
        track, trigger = COURT_TRACKS[referral.kind], ClockTrigger.COURT_MATERIALS_SIGNED_FOR
        rules = national_rules().started_by(track, trigger, referral.procedure)
        running = [
            d
            for d in await repository.open_for_case(session, case.id)
            if d.track is track and d.step not in BESIDE_CASE_CLOCKS
        ]
        if running:
            return running[0]
    elif referral.kind is ReferralKind.TRANSFERRED and case.track is not None:
        trigger = ClockTrigger.TRANSFER_SIGNED_FOR
        rules = national_rules().started_by(case.track, trigger)
    else:
        return None
    deadline = None
    for rule in rules:
        deadline = await _start_by_rule(
            session, case, referral.to_tenant_id, rule, start, now, trigger, referral.id
        )
    return deadline


async def check_pause(session: AsyncSession, case: Case, reason: PauseReason | None) -> None:
    """A pause must give its reason code, and every legal clock running on the case must allow it: a period
    that the law does not suspend for this reason (medical mediation excludes appraisal time, not time spent
    gathering materials) is not silently left running behind a paused case."""
    if reason is None:
        raise BadUserInput("中止须选择中止事由", field="reasonCode")
    for d in await repository.open_for_case(session, case.id):
        if d.step in BESIDE_CASE_CLOCKS:
            continue
        rule = national_rules().get(d.track, DeadlineStep(d.step))
        if rule is None or reason in rule.pause_reasons:
            continue
        allowed = "、".join(PAUSE_LABELS[r] for r in rule.pause_reasons)
        because = f"只因{allowed}中止计算" if allowed else "不因中止而停止计算（无法定中止事由）"
        raise BadUserInput(
            f"“{rule.name}”{because}；“{PAUSE_LABELS[reason]}”不能中止该期限",
            field="reasonCode",
            allowedReasonCodes=[r.value for r in rule.pause_reasons],
            rule=rule.name,
        )


async def start_on_invited_mediator_named(
    session: AsyncSession, case: Case, referral_id: uuid.UUID, tenant_id: uuid.UUID, now: datetime
) -> Deadline | None:
    """The court named a 特邀调解员 on its 委派: the mediator's contact clock (a local rule) starts today,
    owned by the court and linked to the referral."""
    trigger = ClockTrigger.INVITED_MEDIATOR_NAMED
    deadline = None
    for rule in national_rules().started_by(Track.COURT_DELEGATED, trigger):
        deadline = await _start_by_rule(
            session, case, tenant_id, rule, china_day(now), now, trigger, referral_id
        )
    return deadline


async def end_mediator_contact(
    session: AsyncSession, case: Case, referral_id: uuid.UUID, met: bool, reason: str, now: datetime
) -> None:
    """The named mediator contacted the parties (met), or left the case before doing so (cancelled)."""
    for d in await repository.open_for_referrals(session, [referral_id], CONTACT_STEP):
        before = {"status": d.status}
        d.status = DeadlineStatus.MET if met else DeadlineStatus.CANCELLED
        d.updated_at, d.status_reason = now, reason
        record(
            session,
            "deadline.settle" if met else "deadline.cancel",
            "Deadline",
            d.id,
            case_id=case.id,
            changes=diff(before, {"status": d.status}),
        )
    await session.flush()


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


async def extend_for_pause(
    session: AsyncSession, case: Case, paused_at: datetime, reason: PauseReason | None, now: datetime
) -> None:
    """A pause stops a clock only for a reason its rule lists (e.g. medical mediation: appraisal): the time
    paused, in the rule's unit, is added to those clocks."""
    first, resumed = china_day(paused_at), china_day(now)
    calendar = await load_calendar(session)
    for d in await repository.open_for_case(session, case.id):
        if d.step in BESIDE_CASE_CLOCKS:
            continue
        rule = national_rules().get(d.track, DeadlineStep(d.step))
        if rule is None or reason is None or reason not in rule.pause_reasons:
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
