"""Mediators on cases (指派): the handling organisation assigns a team with one lead, a party chooses a mediator
from the public roster (当事人选定), the court names a 特邀调解员 on a 委派, who must then contact the parties
(rules.md §3.2 C10). A conflicted mediator (回避: a party, a party's relative, a declared conflict) is refused
with the reason. Every change is recorded on the case; services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.assignments import errors, repository
from concord.auth.principal import Principal
from concord.authz import relations
from concord.authz.enforcer import permits
from concord.authz.visibility import VisibleTo
from concord.cases import lifecycle as case_lifecycle
from concord.cases import service as cases
from concord.db.base import new_id
from concord.deadlines import DeadlineStep, Track, clocks, compute, national_rules
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict, Forbidden, NotFound
from concord.models import Case, CaseMediator, Mediator
from concord.models.enums import (
    MediatorAssignmentEnd,
    MediatorAssignmentSource,
    MediatorKind,
    MediatorStatus,
    ReferralKind,
)
from concord.trail.recorder import diff, record

CHINA = ZoneInfo("Asia/Shanghai")
MAX_TEAM = 7  # a mediation team (调解小组) is small; more is a mistake in the form


def today() -> date:
    return clock.now().astimezone(CHINA).date()


def contact_due(row: CaseMediator) -> datetime | None:
    """A court-named 特邀调解员 contacts the parties within the days the rule pack gives (C10, a local rule:
    the MEDIATOR_CONTACT clock the naming starts), counted from the day of the naming."""
    if row.source is not MediatorAssignmentSource.COURT_NAMED:
        return None
    rule = national_rules().get(Track.COURT_DELEGATED, DeadlineStep.MEDIATOR_CONTACT)
    return compute(rule, clocks.china_day(row.assigned_at)).due_at if rule else None


async def close_contact_clock(session: AsyncSession, case: Case, row: CaseMediator, reason: str) -> None:
    """A named mediator who leaves before contacting the parties no longer owes the contact."""
    if row.source is MediatorAssignmentSource.COURT_NAMED and row.referral_id and row.contacted_at is None:
        await clocks.end_mediator_contact(session, case, row.referral_id, False, reason, clock.now())


def team_snapshot(team: Sequence[CaseMediator]) -> dict[str, object]:
    current = [r for r in team if r.ended_at is None]
    return {
        "mediator_ids": sorted(str(r.mediator_id) for r in current),
        "lead_mediator_id": next((str(r.mediator_id) for r in current if r.is_lead), None),
    }


def _user_id(principal: Principal) -> uuid.UUID | None:
    return principal.id if principal.kind == "user" else None


async def open_case_for_handler(session: AsyncSession, principal: Principal, case_id: uuid.UUID) -> Case:
    """The case, locked, when the acting tenant handles it and it is still being worked on."""
    case = await case_lifecycle.locked_for_handler(session, principal, case_id)
    if case.status in repository.TERMINAL:
        raise errors.case_ended()
    return case


async def refuse_conflicted(
    session: AsyncSession, case_id: uuid.UUID, mediators: Sequence[Mediator], field: str
) -> None:
    found = await repository.conflicts(session, case_id)
    for m in mediators:
        if m.id in found:
            raise errors.conflicted(m, found[m.id], field)


async def assign(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    mediator_ids: Sequence[uuid.UUID],
    lead_id: uuid.UUID,
) -> Case:
    """指派: the team replaces the current one (who stays keeps the row; who leaves ends REPLACED)."""
    ids = list(dict.fromkeys(mediator_ids))
    if not ids:
        raise BadUserInput("请至少选择一名调解员", field="mediatorIds")
    if len(ids) > MAX_TEAM:
        raise BadUserInput(f"一个案件的调解员不能超过{MAX_TEAM}名", field="mediatorIds")
    if lead_id not in ids:
        raise BadUserInput("主办调解员须在所选调解员之中", field="leadMediatorId")
    case = await open_case_for_handler(session, principal, case_id)
    pool = {m.id: m for m in await repository.assignable(session, VisibleTo.of(principal), case.id, today())}
    outside = [i for i in ids if i not in pool]
    if outside:
        known = await repository.mediators_by_ids(session, outside)
        if outside[0] not in known:
            raise NotFound("调解员不存在", field="mediatorIds")
        raise errors.not_assignable(known[outside[0]])
    await refuse_conflicted(session, case.id, [pool[i] for i in ids], "mediatorIds")
    team = await repository.current_team(session, case.id, lock=True)
    before = team_snapshot(team)
    now = clock.now()
    kept = set()
    for row in team:
        if row.mediator_id in ids:
            row.is_lead = row.mediator_id == lead_id
            kept.add(row.mediator_id)
        else:
            await close_contact_clock(session, case, row, "特邀调解员已更换")
            row.ended_at, row.end_reason, row.is_lead = now, MediatorAssignmentEnd.REPLACED, False
    added = [
        CaseMediator(
            id=new_id(),
            case_id=case.id,
            mediator_id=i,
            tenant_id=principal.tenant_id,
            is_lead=i == lead_id,
            source=MediatorAssignmentSource.ASSIGNED,
            assigned_by=_user_id(principal),
            assigned_at=now,
        )
        for i in ids
        if i not in kept
    ]
    await session.flush()  # the ended rows first: a mediator re-added must not meet its own current row
    for row in added:
        repository.add(session, row)
    await session.flush()
    after = team_snapshot([r for r in team if r.ended_at is None] + added)
    record(session, "case.mediators.assign", "Case", case.id, case_id=case.id, changes=diff(before, after))
    return case


async def name_by_court(
    session: AsyncSession,
    principal: Principal,
    case: Case,
    referral_id: uuid.UUID,
    kind: ReferralKind,
    mediator_id: uuid.UUID,
) -> CaseMediator:
    """The court names a 特邀调解员 from its roster on a 委派 (the referrals feature calls this when it sends
    one): the named mediator leads and must contact the parties within the configured days."""
    if kind is not ReferralKind.DELEGATED:
        raise BadUserInput("只有委派时可以指定特邀调解员", field="invitedMediatorId")
    mediator = await repository.court_invited(session, principal.tenant_id, mediator_id, today())
    if mediator is None:
        known = await repository.mediators_by_ids(session, [mediator_id])
        if mediator_id not in known:
            raise NotFound("调解员不存在", field="invitedMediatorId")
        raise BadUserInput(
            f"{known[mediator_id].name}不是本院特邀调解名册上在任的特邀调解员", field="invitedMediatorId"
        )
    await refuse_conflicted(session, case.id, [mediator], "invitedMediatorId")
    team = await repository.current_team(session, case.id, lock=True)
    if any(r.mediator_id == mediator.id for r in team):
        raise Conflict(f"{mediator.name}已是本案调解员", field="invitedMediatorId")
    before = team_snapshot(team)
    for r in team:
        r.is_lead = False
    row = CaseMediator(
        id=new_id(),
        case_id=case.id,
        mediator_id=mediator.id,
        tenant_id=principal.tenant_id,
        is_lead=True,
        source=MediatorAssignmentSource.COURT_NAMED,
        referral_id=referral_id,
        assigned_by=_user_id(principal),
        assigned_at=clock.now(),
    )
    repository.add(session, row)
    await session.flush()
    changes = diff(before, team_snapshot([*team, row]))
    changes["contact_due_at"] = [None, contact_due(row).isoformat()]  # type: ignore[union-attr]
    # Recorded on the case: the outbox tells caseEvents subscribers (action case.mediators.court_named).
    record(session, "case.mediators.court_named", "Case", case.id, case_id=case.id, changes=changes)
    await clocks.start_on_invited_mediator_named(
        session, case, referral_id, principal.tenant_id, row.assigned_at
    )
    return row


async def record_party_choice(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    party_id: uuid.UUID,
    mediator_id: uuid.UUID,
) -> Case:
    """当事人选定: a party picks a mediator from the public roster; staff record it. The chosen mediator joins
    the team (as lead when the team has none)."""
    case = await open_case_for_handler(session, principal, case_id)
    if await repository.party_of_case(session, case.id, party_id) is None:
        raise NotFound("当事人不存在", field="partyId")
    mediator = (await repository.mediators_by_ids(session, [mediator_id])).get(mediator_id)
    if mediator is None:
        raise NotFound("调解员不存在", field="mediatorId")
    if mediator.status is not MediatorStatus.ACTIVE or (
        mediator.kind is MediatorKind.INVITED and not _on_term(mediator, today())
    ):
        raise BadUserInput(f"{mediator.name}目前不在册，不能选定", field="mediatorId")
    await refuse_conflicted(session, case.id, [mediator], "mediatorId")
    team = await repository.current_team(session, case.id, lock=True)
    if any(r.mediator_id == mediator.id for r in team):
        raise Conflict(f"{mediator.name}已是本案调解员", field="mediatorId")
    before = team_snapshot(team)
    row = CaseMediator(
        id=new_id(),
        case_id=case.id,
        mediator_id=mediator.id,
        tenant_id=principal.tenant_id,
        is_lead=not any(r.is_lead for r in team),
        source=MediatorAssignmentSource.PARTY_CHOSEN,
        assigned_by=_user_id(principal),
        assigned_at=clock.now(),
    )
    repository.add(session, row)
    await session.flush()
    changes = diff(before, team_snapshot([*team, row]))
    changes["chosen_by_party_id"] = [None, str(party_id)]
    record(session, "case.mediators.party_choice", "Case", case.id, case_id=case.id, changes=changes)
    return case


def _on_term(m: Mediator, day: date) -> bool:
    return (m.term_start is None or m.term_start <= day) and (m.term_end is None or m.term_end >= day)


async def acting_on_mediator(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, mediator_id: uuid.UUID
) -> tuple[Case, Mediator]:
    """The case (locked) and the mediator, when the acting user is that mediator, or the handling organisation
    with `mediator:assign`; otherwise FORBIDDEN (another tenant's case: NOT_FOUND)."""
    case = await cases.get_visible(session, VisibleTo.of(principal), case_id, for_update=True)
    if case is None:
        raise NotFound(field="caseId")
    mediator = (await repository.mediators_by_ids(session, [mediator_id])).get(mediator_id)
    if mediator is None:
        raise NotFound("调解员不存在", field="mediatorId")
    if relations.mediator_self(_user_id(principal), mediator.user_id):
        return case, mediator
    if not permits(principal)("mediator", "assign"):
        raise Forbidden("只有调解员本人或案件承办机构可以办理", action="mediator:assign")
    if "handler" not in await case_lifecycle.case_relations(session, principal, case):
        raise Forbidden(relations.handler(principal.tenant_id, case.tenant_id, ()).reason)
    return case, mediator


async def record_parties_contacted(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, mediator_id: uuid.UUID
) -> Case:
    """The named mediator has contacted the parties: settles the contact deadline."""
    case, mediator = await acting_on_mediator(session, principal, case_id, mediator_id)
    team = await repository.current_team(session, case.id, lock=True)
    row = next((r for r in team if r.mediator_id == mediator.id), None)
    if row is None:
        raise BadUserInput(f"{mediator.name}不是本案调解员", field="mediatorId")
    if row.contacted_at is not None:
        raise Conflict("已登记联系当事人", field="mediatorId")
    row.contacted_at = clock.now()
    await session.flush()
    if row.referral_id is not None:
        await clocks.end_mediator_contact(
            session, case, row.referral_id, True, "调解员已联系当事人", row.contacted_at
        )
    due = contact_due(row)
    record(
        session,
        "case.mediators.parties_contacted",
        "Case",
        case.id,
        case_id=case.id,
        changes={
            "mediator_id": [None, str(mediator.id)],
            "contacted_at": [None, row.contacted_at.isoformat()],
            "late": [None, bool(due and row.contacted_at > due)],
        },
    )
    return case
