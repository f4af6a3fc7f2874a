"""Case lifecycle rules: transitions through the table in cases/machine.py, performance and follow-up,
overlays, supervision; and the case-side half of escalation (`hand_up`), whose referral the referrals feature
writes (concord.referrals.routing). Services flush, never commit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz import relations
from concord.authz.enforcer import permits
from concord.authz.visibility import VisibleTo
from concord.cases import repository
from concord.cases.machine import CASE_MACHINE
from concord.deadlines import clocks
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict, Forbidden, NotFound
from concord.models import Case
from concord.models.enums import (
    AccessReason,
    CaseEvent,
    CaseStatus,
    Complexity,
    PauseReason,
    RiskFlag,
    SupervisionLevel,
    Tier,
    Track,
)
from concord.tenants import service as tenants
from concord.trail.recorder import Actor, diff, record

TERMINAL_FOR_DEADLINES = {CaseStatus.CLOSED, CaseStatus.RESOLVED, CaseStatus.FAILED, CaseStatus.WITHDRAWN}
BEFORE_ACCEPTANCE = {
    CaseStatus.DRAFT,
    CaseStatus.REGISTERED,
    CaseStatus.TRIAGED,
    CaseStatus.NOT_ACCEPTED,
    CaseStatus.DIVERTED,
    CaseStatus.MERGED,
}


async def case_relations(session: AsyncSession, principal: Principal, case: Case) -> set[str]:
    """The relations the acting tenant holds to the case (concord.authz.relations)."""
    if case.tenant_id == principal.tenant_id:
        return relations.case_relations(principal.tenant_id, case.tenant_id, ())
    edges = await repository.access_reasons(session, case.id, principal.tenant_id)
    return relations.case_relations(principal.tenant_id, case.tenant_id, edges)


async def _locked(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, expected_version: int | None = None
) -> Case:
    case = await repository.get_visible(session, VisibleTo.of(principal), case_id, for_update=True)
    if case is None:
        raise NotFound(field="caseId")
    if expected_version is not None and expected_version != case.version:
        raise Conflict("案件已被他人修改，请刷新后重试", version=case.version, status=case.status.value)
    return case


async def locked_for_handler(session: AsyncSession, principal: Principal, case_id: uuid.UUID) -> Case:
    """The case, locked, when the acting tenant is its handler (for other features' operations on it)."""
    case = await _locked(session, principal, case_id)
    await _require_handler(session, principal, case)
    return case


async def locked_for_owner(session: AsyncSession, principal: Principal, case_id: uuid.UUID) -> Case:
    """The case, locked, when the acting tenant owns it now (上报 is the owner's)."""
    case = await _locked(session, principal, case_id)
    if not (decision := relations.may_escalate(principal.tenant_id, case.tenant_id)):
        raise Forbidden(decision.reason)
    return case


async def hand_up(
    session: AsyncSession, case: Case, from_id: uuid.UUID, parent_id: uuid.UUID, parent_tier: Tier
) -> dict[str, list[Any]]:
    """上报's case side: the owner gives the case to its parent centre (ownership and tier move up, the access
    edges follow). Returns the changed fields, for the escalation's audit event."""
    before = _snapshot(case, "tenant_id", "tier")
    case.tenant_id, case.tier = parent_id, parent_tier
    _bump(case, clock.now())
    await session.flush()
    await repository.add_access(session, case.id, from_id, AccessReason.REFERRAL_FROM)
    await repository.add_access(session, case.id, parent_id, AccessReason.OWNER)
    return diff(before, _snapshot(case, "tenant_id", "tier"))


async def _require_handler(session: AsyncSession, principal: Principal, case: Case) -> None:
    if "handler" not in await case_relations(session, principal, case):
        raise Forbidden(relations.handler(principal.tenant_id, case.tenant_id, ()).reason)


def _bump(case: Case, now: datetime) -> None:
    case.updated_at = now
    case.version += 1


def _snapshot(case: Case, *fields: str) -> dict[str, object]:
    return {f: getattr(case, f) for f in (*fields, "status", "version")}


async def transition(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    event: CaseEvent,
    reason: str | None = None,
    expected_version: int | None = None,
    reason_code: PauseReason | None = None,
) -> Case:
    """Fire one event of the case machine. Clocks start at the events the law names (concord.deadlines.clocks):
    ACCEPT records the 受理 day and starts the acceptance-triggered clocks; START_MEDIATION starts none. A
    PAUSE needs a reason code that every running legal clock allows (BAD_USER_INPUT on reasonCode)."""
    case = await _locked(session, principal, case_id, expected_version)
    rel = await case_relations(session, principal, case)
    t = CASE_MACHINE.check(case.status, event, permits(principal), rel, reason, subject=case)
    if event is CaseEvent.PAUSE:
        await clocks.check_pause(session, case, reason_code)
    now = clock.now()
    fields = ("status_reason", "paused_at", "pause_reason", "accepted_at", "resolved_at")
    before = _snapshot(case, *fields)
    case.status = t.target
    # The text given with the event belongs to the status it leads to (the terms agreed with AGREE, the ground
    # of a refusal…): kept whether the row requires it or not, and cleared when the new status came without one,
    # so an earlier status's reason never reads as this one's. The audit event keeps every version.
    case.status_reason = (reason or "").strip()[:2000] or None
    if event is CaseEvent.PAUSE:
        case.paused_at, case.pause_reason = now, reason_code
    if event is CaseEvent.ACCEPT:
        case.accepted_at = now
    if t.target is CaseStatus.RESOLVED:
        case.resolved_at = now
    _bump(case, now)
    if event is CaseEvent.RESUME and case.paused_at is not None:
        await clocks.extend_for_pause(session, case, case.paused_at, case.pause_reason, now)
        case.paused_at, case.pause_reason = None, None
    await session.flush()
    record(
        session,
        f"case.{event.value.lower()}",
        "Case",
        case.id,
        case_id=case.id,
        changes=diff(before, _snapshot(case, *fields)),
    )
    if event is CaseEvent.ACCEPT:
        await clocks.start_on_acceptance(session, case, now)
    if t.target in TERMINAL_FOR_DEADLINES:
        await clocks.settle(session, case, now)
    return case


async def record_performance(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, note: str
) -> Case:
    note = (note or "").strip()
    if not note:
        raise BadUserInput("请填写履行情况", field="note")
    case = await _locked(session, principal, case_id)
    await _require_handler(session, principal, case)
    if case.status is not CaseStatus.PERFORMING:
        raise BadUserInput("只有履行中的案件可以登记履行情况", field="caseId", status=case.status.value)
    now = clock.now()
    before = _snapshot(case, "performance_recorded_at", "performance_note")
    case.performance_recorded_at, case.performance_note = now, note[:2000]
    _bump(case, now)
    await session.flush()
    record(
        session,
        "case.performance.record",
        "Case",
        case.id,
        case_id=case.id,
        changes=diff(before, _snapshot(case, "performance_recorded_at", "performance_note")),
    )
    return case


async def record_follow_up(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, satisfaction: int, note: str | None
) -> Case:
    """回访: the satisfaction rating is the party's own answer, collected by the handler on the call or visit."""
    if not 1 <= satisfaction <= 5:
        raise BadUserInput("满意度须为1到5", field="satisfaction")
    case = await _locked(session, principal, case_id)
    await _require_handler(session, principal, case)
    if case.status not in (CaseStatus.PERFORMING, CaseStatus.RESOLVED):
        raise BadUserInput("只有履行中或已化解的案件可以回访", field="caseId", status=case.status.value)
    now = clock.now()
    before = _snapshot(case, "follow_up_at", "satisfaction", "follow_up_note")
    case.follow_up_at, case.satisfaction, case.follow_up_note = (
        now,
        satisfaction,
        (note or "").strip()[:2000] or None,
    )
    _bump(case, now)
    await session.flush()
    record(
        session,
        "case.follow_up.record",
        "Case",
        case.id,
        case_id=case.id,
        changes=diff(before, _snapshot(case, "follow_up_at", "satisfaction", "follow_up_note")),
    )
    return case


async def update_overlays(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    *,
    track: Track | None = None,
    complexity: Complexity | None = None,
    risk_flags: list[RiskFlag] | None = None,
    expected_version: int | None = None,
) -> Case:
    case = await _locked(session, principal, case_id, expected_version)
    await _require_handler(session, principal, case)
    before = _snapshot(case, "track", "complexity", "risk_flags")
    previous = case.track
    if track is not None:
        case.track = track
    if complexity is not None:
        case.complexity = complexity
    if risk_flags is not None:
        case.risk_flags = sorted({f.value for f in risk_flags})
    _bump(case, clock.now())
    await session.flush()
    record(
        session,
        "case.overlays.update",
        "Case",
        case.id,
        case_id=case.id,
        changes=diff(before, _snapshot(case, "track", "complexity", "risk_flags")),
    )
    if case.track is not previous and case.status not in TERMINAL_FOR_DEADLINES:
        # The new track's clocks count from the registration (and 受理) day the case recorded, not from today.
        accepted = case.accepted_at is not None and case.status not in BEFORE_ACCEPTANCE
        await clocks.track_changed(session, case, previous, accepted, clock.now())
    return case


async def supervise(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    level: SupervisionLevel,
    reason: str,
    leader: str | None = None,
) -> Case:
    """催办 / 督办 / 挂牌督办 / 领导包案, by the owner, a tenant above it in the tree, or the centre that
    coordinates the owner (统筹协调); never on a closed case."""
    reason = (reason or "").strip()
    if not reason:
        raise BadUserInput("请填写督办理由", field="reason")
    if level is SupervisionLevel.LEADER_OWNED and not (leader or "").strip():
        raise BadUserInput("领导包案须填写包案领导", field="leader")
    case = await _locked(session, principal, case_id)
    viewer = VisibleTo.of(principal)
    above = await tenants.is_descendant(session, viewer, case.tenant_id)
    coordination = relations.coordinates(
        case.tenant_id, await tenants.coordinated_among(session, viewer, [case.tenant_id])
    )
    if not (decision := relations.may_supervise(above, coordination)):
        raise Forbidden(decision.reason)
    if case.status is CaseStatus.CLOSED:
        raise Conflict("案件已结案，不能再督办；如需继续办理，请先重新启动案件", status=case.status.value)
    return await set_supervision(session, case, level, reason, (leader or "").strip() or None)


async def set_supervision(
    session: AsyncSession,
    case: Case,
    level: SupervisionLevel,
    reason: str,
    leader: str | None = None,
    actor: Actor | None = None,
) -> Case:
    before = _snapshot(case, "supervision_level", "supervision_reason", "supervision_leader")
    case.supervision_level, case.supervision_reason, case.supervision_leader = level, reason, leader
    _bump(case, clock.now())
    await session.flush()
    record(
        session,
        "case.supervise",
        "Case",
        case.id,
        case_id=case.id,
        changes=diff(
            before, _snapshot(case, "supervision_level", "supervision_reason", "supervision_leader")
        ),
        actor=actor,
    )
    return case
