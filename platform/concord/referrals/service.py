"""Rules for hand-offs between tenants: refer, sign for, accept, return.

Who may act: only the case's owner or handler refers it; only the receiving tenant signs for, accepts or
returns. Concurrency: the referral row is locked (SELECT … FOR UPDATE) before its status is read, so of two
concurrent accepts exactly one succeeds and the other is told CONFLICT."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from concord.audit.service import created, diff, record
from concord.auth.principal import Principal
from concord.cases import repository as cases
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, Conflict, NotFound
from concord.models import Referral
from concord.models.enums import AccessReason, ReferralKind, ReferralStatus, TenantKind
from concord.referrals import errors, repository
from concord.tenants import repository as tenants

REASON_MAX = 2000
COURT_KINDS = {ReferralKind.DELEGATED, ReferralKind.ENTRUSTED}
COURT_SENDERS = {TenantKind.COURT, TenantKind.DOCKING_CENTRE}


@dataclass
class NewReferral:
    case_id: uuid.UUID
    to_tenant_id: uuid.UUID
    kind: ReferralKind
    reason: str


def _reason(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BadUserInput("请填写理由", field=field)
    if len(value) > REASON_MAX:
        raise BadUserInput(f"理由不能超过{REASON_MAX}个字", field=field)
    return value


async def refer_case(session: AsyncSession, principal: Principal, data: NewReferral) -> Referral:
    reason = _reason(data.reason, "reason")
    case = await cases.get_visible(session, principal.tenant_id, data.case_id, for_update=True)
    if case is None:
        raise NotFound(field="caseId")
    edges = await cases.access_reasons(session, case.id, principal.tenant_id)
    if not edges & {AccessReason.OWNER, AccessReason.HANDLER}:
        raise errors.not_handler()
    target = await tenants.by_id(session, data.to_tenant_id)
    if target is None or not target.is_active:
        raise NotFound("接收机构不存在", field="toTenantId")
    if target.id == principal.tenant_id:
        raise BadUserInput("不能转介给本机构", field="toTenantId")
    if data.kind in COURT_KINDS and principal.tenant_kind not in COURT_SENDERS:
        raise BadUserInput("委派、委托只能由法院或诉调对接中心发起", field="kind")
    if await repository.open_to(session, case.id, target.id) is not None:
        raise Conflict("该案件已有一条待处理的转介发往该机构", field="toTenantId")
    now = utcnow()
    referral = Referral(
        id=new_id(),
        case_id=case.id,
        kind=data.kind,
        from_tenant_id=principal.tenant_id,
        to_tenant_id=target.id,
        status=ReferralStatus.SENT,
        reason=reason,
        created_by=principal.id if principal.kind == "user" else None,
        sent_at=now,
        updated_at=now,
        version=1,
    )
    session.add(referral)
    await session.flush()
    await cases.add_access(session, case.id, principal.tenant_id, AccessReason.REFERRAL_FROM)
    await cases.add_access(session, case.id, target.id, AccessReason.REFERRAL_TO)
    record(
        session,
        "referral.create",
        "Referral",
        referral.id,
        case_id=case.id,
        changes=created(
            {"kind": referral.kind, "status": referral.status, "to_tenant": target.code, "reason": reason}
        ),
    )
    return referral


async def _for_receiver(session: AsyncSession, principal: Principal, referral_id: uuid.UUID) -> Referral:
    referral = await repository.get_visible(session, principal.tenant_id, referral_id, for_update=True)
    if referral is None:
        raise NotFound(field="referralId")
    if referral.to_tenant_id != principal.tenant_id:
        raise errors.not_receiver()
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
    referral = await _for_receiver(session, principal, referral_id)
    if referral.status is not ReferralStatus.SENT:
        raise errors.already_moved(referral.status)
    now = utcnow()
    _touch(session, referral, ReferralStatus.SIGNED_FOR, now, "referral.sign", signed_at=now)
    await session.flush()
    return referral


async def accept(session: AsyncSession, principal: Principal, referral_id: uuid.UUID) -> Referral:
    referral = await _for_receiver(session, principal, referral_id)
    if referral.status is ReferralStatus.SENT:
        raise errors.premature(referral.status, "签收")
    if referral.status is not ReferralStatus.SIGNED_FOR:
        raise errors.already_moved(referral.status)
    now = utcnow()
    _touch(session, referral, ReferralStatus.ACCEPTED, now, "referral.accept", accepted_at=now)
    await session.flush()
    # The receiver now works the case: it may refer it on, and sees it as its own.
    await cases.add_access(session, referral.case_id, principal.tenant_id, AccessReason.HANDLER)
    return referral


async def return_referral(
    session: AsyncSession, principal: Principal, referral_id: uuid.UUID, reason: str
) -> Referral:
    reason = _reason(reason, "reason")
    referral = await _for_receiver(session, principal, referral_id)
    if referral.status not in repository.OPEN_STATUSES:
        raise errors.already_moved(referral.status)
    now = utcnow()
    _touch(
        session,
        referral,
        ReferralStatus.RETURNED,
        now,
        "referral.return",
        returned_at=now,
        return_reason=reason,
    )
    await session.flush()
    return referral
