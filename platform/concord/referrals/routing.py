"""Routing a case by tier: 上报 (escalation up to the parent centre) and 交办 (assignment down or across by a
street or district centre). Both are hand-offs kept as referrals, so they live here; what happens to the case
itself (its owner and tier, its access edges) is the cases service's (`locked_for_owner`, `hand_up`,
`locked_for_handler`). Services flush, never commit."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz import relations
from concord.cases import lifecycle as cases
from concord.kit import clock
from concord.kit.errors import BadUserInput, Forbidden, NotFound
from concord.models import Case, Referral, Tenant
from concord.models.enums import ReferralKind, TenantKind, Tier
from concord.referrals.service import NewReferral, new_referral, refer_case
from concord.tenants import service as tenants
from concord.trail.recorder import record

NEXT_TIER = {Tier.COMMUNITY: Tier.STREET, Tier.STREET: Tier.DISTRICT}
ASSIGNABLE_KINDS = {TenantKind.COMMITTEE, TenantKind.LAWYER_STUDIO, TenantKind.DEPARTMENT, TenantKind.CENTRE}
RANK = {Tier.COMMUNITY: 0, Tier.STREET: 1, Tier.DISTRICT: 2}


async def _parent_centre(session: AsyncSession, me: Tenant) -> Tenant:
    if me.kind is not TenantKind.CENTRE or me.tier not in NEXT_TIER or me.parent_id is None:
        raise BadUserInput("只有社区、街道解纷中心可以向上一级上报", field="caseId")
    parent = await tenants.by_id(session, me.parent_id)
    if (
        parent is None
        or parent.kind is not TenantKind.CENTRE
        or parent.tier is not NEXT_TIER[me.tier]
        or not parent.is_active
    ):
        raise BadUserInput("上级机构不是上一级解纷中心，无法上报", field="caseId")
    return parent


async def escalate(session: AsyncSession, principal: Principal, case_id: uuid.UUID, reason: str) -> Case:
    """上报: ownership moves one tier up (community → street → district) to the parent centre."""
    reason = (reason or "").strip()
    if not reason:
        raise BadUserInput("上报须说明理由", field="reason")
    case = await cases.locked_for_owner(session, principal, case_id)
    me = await tenants.by_id(session, principal.tenant_id)
    assert me is not None
    parent = await _parent_centre(session, me)
    assert parent.tier is not None
    now = clock.now()
    # The hand-off is kept as an ESCALATED referral, accepted on arrival: the upper tier owns the case now.
    session.add(
        new_referral(
            principal, case.id, ReferralKind.ESCALATED, parent.id, reason, now, accepted_on_arrival=True
        )
    )
    changes = await cases.hand_up(session, case, me.id, parent.id, parent.tier)
    changes |= {"reason": [None, reason], "to_tenant": [None, parent.code]}
    record(session, "case.escalate", "Case", case.id, case_id=case.id, changes=changes)
    return case


async def assign(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, to_tenant_id: uuid.UUID, reason: str
) -> Referral:
    """交办: a street or district centre hands a case down or across (committee, lawyer studio, department, or a
    lower-tier centre), as an ASSIGNED referral the receiver signs for and accepts."""
    me = await tenants.by_id(session, principal.tenant_id)
    assert me is not None
    if not (decision := relations.may_assign(me.kind, me.tier)) or me.tier is None:
        raise Forbidden(decision.reason)
    target = await tenants.by_id(session, to_tenant_id)
    if target is None or not target.is_active:
        raise NotFound("接收机构不存在", field="toTenantId")
    lower_centre = (
        target.kind is TenantKind.CENTRE and target.tier is not None and RANK[target.tier] < RANK[me.tier]
    )
    if target.kind not in ASSIGNABLE_KINDS or (target.kind is TenantKind.CENTRE and not lower_centre):
        raise BadUserInput("只能交办给调解委员会、律师调解工作室、政府部门或下级解纷中心", field="toTenantId")
    case = await cases.locked_for_handler(session, principal, case_id)
    return await refer_case(
        session, principal, NewReferral(case.id, target.id, ReferralKind.ASSIGNED, reason)
    )
