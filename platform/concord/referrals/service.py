"""Rules for hand-offs between tenants: refer, sign for, accept, return.

Who may act: only the case's owner or handler refers it; only the receiving tenant signs for, accepts or
returns. Concurrency: the referral row is locked (SELECT … FOR UPDATE) before its status is read, so of two
concurrent accepts exactly one succeeds and the other is told CONFLICT."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from concord.assignments import service as assignments
from concord.auth.principal import Principal
from concord.authz import relations
from concord.authz.enforcer import permits
from concord.authz.visibility import VisibleTo
from concord.cases import service as cases
from concord.db.base import new_id
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict, Forbidden, NotFound
from concord.models import Referral
from concord.models.enums import (
    AccessReason,
    CivilProcedure,
    ReferralEvent,
    ReferralKind,
    ReferralStatus,
    ReturnReasonCode,
    TenantKind,
)
from concord.referrals import bounces, repository
from concord.referrals.machine import REFERRAL_MACHINE
from concord.tenants import service as tenants
from concord.trail.recorder import created, diff, record

REASON_MAX = 2000
COURT_KINDS = {ReferralKind.DELEGATED, ReferralKind.ENTRUSTED}
COURT_SENDERS = {TenantKind.COURT, TenantKind.DOCKING_CENTRE}


@dataclass
class NewReferral:
    case_id: uuid.UUID
    to_tenant_id: uuid.UUID
    kind: ReferralKind
    reason: str
    procedure: CivilProcedure | None = None
    invited_mediator_id: uuid.UUID | None = None  # 委派: the court names a 特邀调解员 from its roster


def new_referral(
    principal: Principal,
    case_id: uuid.UUID,
    kind: ReferralKind,
    to_tenant_id: uuid.UUID,
    reason: str,
    now: datetime,
    *,
    accepted_on_arrival: bool = False,
) -> Referral:
    """A referral from the acting tenant: SENT, or (an escalation, which hands ownership over at once)
    ACCEPTED on arrival with its sign-for and acceptance stamped now."""
    return Referral(
        id=new_id(),
        case_id=case_id,
        kind=kind,
        from_tenant_id=principal.tenant_id,
        to_tenant_id=to_tenant_id,
        status=ReferralStatus.ACCEPTED if accepted_on_arrival else ReferralStatus.SENT,
        reason=reason,
        created_by=principal.id if principal.kind == "user" else None,
        sent_at=now,
        signed_at=now if accepted_on_arrival else None,
        accepted_at=now if accepted_on_arrival else None,
        updated_at=now,
        version=1,
    )


def _reason(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BadUserInput("请填写理由", field=field)
    if len(value) > REASON_MAX:
        raise BadUserInput(f"理由不能超过{REASON_MAX}个字", field=field)
    return value


async def refer_case(
    session: AsyncSession, principal: Principal, data: NewReferral, *, through_conference: bool = False
) -> Referral:
    """`through_conference`: a joint conference's decision issues the referral (交办) in the convenor's name,
    which may also be the centre that coordinates the case's owner (relations.may_assign_through_conference)."""
    reason = _reason(data.reason, "reason")
    viewer = VisibleTo.of(principal)
    case = await cases.get_visible(session, viewer, data.case_id, for_update=True)
    if case is None:
        raise NotFound(field="caseId")
    # The current owner or a handler refers; a former owner (after escalation) keeps sight, not say.
    edges = await cases.access_reasons(session, case.id, principal.tenant_id)
    decision = relations.may_refer(principal.tenant_id, case.tenant_id, edges)
    if not decision and through_conference:
        coordination = relations.coordinates(
            case.tenant_id, await tenants.coordinated_among(session, viewer, [case.tenant_id])
        )
        decision = relations.may_assign_through_conference(
            principal.tenant_id, case.tenant_id, edges, coordination
        )
    if not decision:
        raise Forbidden(decision.reason)
    target = await tenants.by_id(session, data.to_tenant_id)
    if target is None or not target.is_active:
        raise NotFound("接收机构不存在", field="toTenantId")
    if target.id == principal.tenant_id:
        raise BadUserInput("不能转介给本机构", field="toTenantId")
    if data.kind in COURT_KINDS and principal.tenant_kind not in COURT_SENDERS:
        raise BadUserInput("委派、委托只能由法院或诉调对接中心发起", field="kind")
    # 委托's period follows the procedure the court applies (简易 7 days, 普通 15), so the court records it.
    if data.kind is ReferralKind.ENTRUSTED and data.procedure is None:
        raise BadUserInput("委托调解须登记法院适用的审理程序（简易程序或普通程序）", field="procedure")
    if data.kind is not ReferralKind.ENTRUSTED and data.procedure is not None:
        raise BadUserInput("只有委托调解登记审理程序", field="procedure")
    if await repository.open_to(session, case.id, target.id) is not None:
        raise Conflict("该案件已有一条待处理的转介发往该机构", field="toTenantId")
    referral = new_referral(principal, case.id, data.kind, target.id, reason, clock.now())
    referral.procedure = data.procedure
    session.add(referral)
    await session.flush()
    await cases.add_access(session, case.id, principal.tenant_id, AccessReason.REFERRAL_FROM)
    await cases.add_access(session, case.id, target.id, AccessReason.REFERRAL_TO)
    await bounces.after_refer(session, referral)
    if data.invited_mediator_id is not None:
        await assignments.name_by_court(
            session, principal, case, referral.id, data.kind, data.invited_mediator_id
        )
    record(
        session,
        "referral.create",
        "Referral",
        referral.id,
        case_id=case.id,
        changes=created(
            {
                "kind": referral.kind,
                "status": referral.status,
                "to_tenant": target.code,
                "reason": reason,
                "procedure": referral.procedure,
            }
        ),
    )
    return referral


# What each event stamps on the referral, besides its status.
STAMPS: dict[ReferralEvent, str] = {
    ReferralEvent.SIGN: "signed_at",
    ReferralEvent.ACCEPT: "accepted_at",
    ReferralEvent.RETURN: "returned_at",
    ReferralEvent.RECALL: "recalled_at",
    ReferralEvent.REPORT: "reported_at",
    ReferralEvent.APPROVE: "approved_at",
    ReferralEvent.CLOSE: "closed_at",
}


async def transition(
    session: AsyncSession,
    principal: Principal,
    referral_id: uuid.UUID,
    event: ReferralEvent,
    reason: str | None = None,
    *,
    return_code: ReturnReasonCode | None = None,
    expected_version: int | None = None,
    field: str = "event",
) -> Referral:
    """Fire one event of the referral machine. The row is locked first, so concurrent events serialise."""
    referral = await repository.get_visible(session, VisibleTo.of(principal), referral_id, for_update=True)
    if referral is None:
        raise NotFound(field="referralId")
    if expected_version is not None and expected_version != referral.version:
        raise Conflict(
            "转介已被他人修改，请刷新后重试", version=referral.version, status=referral.status.value
        )
    t = REFERRAL_MACHINE.check(
        referral.status,
        event,
        permits(principal),
        relations.referral_relations(principal.tenant_id, referral),
        reason,
        field=field,
    )
    if t.needs_reason:
        reason = _reason(reason, "reason")
    if event is ReferralEvent.RETURN and return_code is None:
        raise BadUserInput("退回须选择理由代码", field="reasonCode")
    now = clock.now()
    extra: dict[str, object] = {}
    if event in STAMPS:
        extra[STAMPS[event]] = now
    if event is ReferralEvent.RETURN:
        extra |= {"return_reason": reason, "return_code": return_code}
    elif event is ReferralEvent.REPORT:
        extra["report"] = reason
    elif event is ReferralEvent.SEND_BACK:
        extra["send_back_reason"] = reason
    _touch(session, referral, t.target, now, f"referral.{event.value.lower()}", **extra)
    await session.flush()
    if event is ReferralEvent.SIGN:
        # 签收 is the day the receiver has the court's materials (委派/委托) or the transferred matter (转送):
        # the legal clock counts from it (concord.deadlines.clocks.start_on_sign_for).
        from concord.deadlines.clocks import start_on_sign_for

        case = await cases.get_by_id(session, referral.case_id)
        assert case is not None
        await start_on_sign_for(session, referral, case, now)
    if event is ReferralEvent.ACCEPT:
        # The receiver now works the case: it may refer it on, and sees it as its own.
        await cases.add_access(session, referral.case_id, principal.tenant_id, AccessReason.HANDLER)
    if event is ReferralEvent.RETURN:
        await bounces.after_return(session, referral)
    return referral


def _touch(
    session: AsyncSession,
    referral: Referral,
    status: ReferralStatus,
    now: datetime,
    action: str,
    **extra: object,
) -> None:
    before = {
        "status": referral.status,
        "version": referral.version,
        **{k: getattr(referral, k) for k in extra},
    }
    referral.status = status
    referral.updated_at = now
    referral.version += 1
    for k, v in extra.items():
        setattr(referral, k, v)
    after = {"status": referral.status, "version": referral.version, **extra}
    record(session, action, "Referral", referral.id, case_id=referral.case_id, changes=diff(before, after))


async def sign_for(session: AsyncSession, principal: Principal, referral_id: uuid.UUID) -> Referral:
    return await transition(session, principal, referral_id, ReferralEvent.SIGN, field="referralId")


async def accept(session: AsyncSession, principal: Principal, referral_id: uuid.UUID) -> Referral:
    return await transition(session, principal, referral_id, ReferralEvent.ACCEPT, field="referralId")


async def return_referral(
    session: AsyncSession,
    principal: Principal,
    referral_id: uuid.UUID,
    reason: str,
    code: ReturnReasonCode = ReturnReasonCode.OTHER,
) -> Referral:
    _reason(reason, "reason")
    return await transition(
        session, principal, referral_id, ReferralEvent.RETURN, reason, return_code=code, field="referralId"
    )
