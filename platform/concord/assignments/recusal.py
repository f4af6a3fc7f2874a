"""回避: a declared conflict (by the mediator or the organisation), a party's request recorded by staff, and the
handling organisation's decision. A granted request ends the assignment (RECUSED) and declares the conflict on
the case, so the mediator is refused and never recommended there again. Services flush, never commit."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from concord.assignments import repository
from concord.assignments.service import (
    acting_on_mediator,
    close_contact_clock,
    open_case_for_handler,
    team_snapshot,
)
from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.cases import lifecycle as case_lifecycle
from concord.db.base import new_id
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict, NotFound
from concord.models import Case, MediatorConflict, RecusalRequest
from concord.models.enums import MediatorAssignmentEnd, RecusalStatus
from concord.trail.recorder import created, diff, record

REASON_MAX = 500
NOTE_MAX = 2000


def _text(value: str | None, field: str, limit: int, required: bool, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise BadUserInput(f"请填写{label}", field=field)
    if len(value) > limit:
        raise BadUserInput(f"{label}不能超过{limit}个字", field=field)
    return value


async def _recuse(
    session: AsyncSession, case: Case, mediator_id: uuid.UUID, reason: str, by: uuid.UUID | None
) -> dict[str, list[object]]:
    """End the mediator's assignment (RECUSED) and declare the conflict on the case (once)."""
    team = await repository.current_team(session, case.id, lock=True)
    before = team_snapshot(team)
    now = clock.now()
    for row in team:
        if row.mediator_id == mediator_id:
            await close_contact_clock(session, case, row, "特邀调解员已回避")
            row.ended_at, row.end_reason = now, MediatorAssignmentEnd.RECUSED
    if await repository.declared(session, case.id, mediator_id) is None:
        repository.add(
            session,
            MediatorConflict(
                id=new_id(),
                mediator_id=mediator_id,
                case_id=case.id,
                reason=reason,
                declared_by=by,
                created_at=now,
            ),
        )
    await session.flush()
    return diff(before, team_snapshot(team))


async def declare_conflict(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, mediator_id: uuid.UUID, reason: str
) -> Case:
    """The mediator (or the handling organisation) declares a conflict on the case: the mediator steps aside."""
    reason = _text(reason, "reason", REASON_MAX, True, "回避事由")
    case, mediator = await acting_on_mediator(session, principal, case_id, mediator_id)
    if await repository.declared(session, case.id, mediator.id) is not None:
        raise Conflict(f"已登记{mediator.name}在本案的回避事由", field="mediatorId")
    by = principal.id if principal.kind == "user" else None
    changes = await _recuse(session, case, mediator.id, reason, by)
    changes["declared_conflict"] = [None, {"mediator_id": str(mediator.id), "reason": reason}]
    record(session, "case.mediator_conflict.declare", "Case", case.id, case_id=case.id, changes=changes)
    return case


async def request_recusal(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    mediator_id: uuid.UUID,
    party_id: uuid.UUID,
    reason: str,
) -> RecusalRequest:
    """申请回避: staff of the handling organisation record a party's request against a mediator on the case."""
    reason = _text(reason, "reason", REASON_MAX, True, "申请理由")
    case = await open_case_for_handler(session, principal, case_id)
    team = await repository.current_team(session, case.id)
    if not any(r.mediator_id == mediator_id for r in team):
        raise BadUserInput("该调解员不是本案调解员", field="mediatorId")
    if await repository.party_of_case(session, case.id, party_id) is None:
        raise NotFound("当事人不存在", field="partyId")
    if await repository.pending_request(session, case.id, mediator_id, party_id) is not None:
        raise Conflict("该当事人对该调解员的回避申请尚待决定", field="mediatorId")
    row = RecusalRequest(
        id=new_id(),
        case_id=case.id,
        mediator_id=mediator_id,
        party_id=party_id,
        reason=reason,
        status=RecusalStatus.PENDING,
        recorded_by=principal.id if principal.kind == "user" else None,
        requested_at=clock.now(),
    )
    repository.add(session, row)
    await session.flush()
    record(
        session,
        "case.recusal.request",
        "RecusalRequest",
        row.id,
        case_id=case.id,
        changes=created(
            {
                "mediator_id": str(mediator_id),
                "party_id": str(party_id),
                "reason": reason,
                "status": row.status,
            }
        ),
    )
    return row


async def decide_recusal(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID, granted: bool, note: str | None
) -> RecusalRequest:
    """The handling organisation decides: granted ends the assignment and declares the conflict."""
    note = _text(note, "note", NOTE_MAX, False, "决定意见")
    request = await repository.lock_request(session, VisibleTo.of(principal), request_id)
    if request is None:
        raise NotFound("回避申请不存在", field="requestId")
    case = await case_lifecycle.locked_for_handler(session, principal, request.case_id)
    if request.status is not RecusalStatus.PENDING:
        raise Conflict("该回避申请已作出决定", field="requestId", status=request.status.value)
    by = principal.id if principal.kind == "user" else None
    changes: dict[str, list[object]] = {}
    if granted:
        changes = await _recuse(
            session, case, request.mediator_id, f"当事人申请回避，经决定准予：{request.reason}", by
        )
    before = {"status": request.status, "decision_note": None}
    request.status = RecusalStatus.GRANTED if granted else RecusalStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = by, clock.now(), note or None
    await session.flush()
    changes.update(diff(before, {"status": request.status, "decision_note": request.decision_note}))
    record(session, "case.recusal.decide", "RecusalRequest", request.id, case_id=case.id, changes=changes)
    return request
