"""Triage suggestions (分流建议): which bodies fit a case's category, below or beside its owner, least loaded
first, never a tenant that escalated or returned the case. A suggestion, not a rule: the centre decides and
assigns."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo
from concord.models import Case, Tenant
from concord.models.enums import CaseCategory as C
from concord.models.enums import Specialty, TenantKind
from concord.referrals import repository
from concord.tenants import service as tenants

# category -> (committee specialties, department agencies, other tenant kinds)
FIT: dict[C, tuple[tuple[Specialty, ...], tuple[str, ...], tuple[TenantKind, ...]]] = {
    C.MEDICAL: ((Specialty.MEDICAL,), ("卫健",), ()),
    C.LABOUR: ((Specialty.LABOUR,), ("人社",), ()),
    C.PROPERTY_MANAGEMENT: ((Specialty.PROPERTY,), ("住建",), ()),
    C.CONSUMER: ((Specialty.CONSUMER,), ("市场监管",), ()),
    C.TRAFFIC: ((Specialty.TRAFFIC,), ("公安",), ()),
    C.MARRIAGE_FAMILY: ((Specialty.FAMILY,), ("民政",), ()),
    C.DEMOLITION: ((), ("住建", "信访"), ()),
    C.LAND: ((), ("住建",), ()),
    C.CONTRACT: ((), ("市场监管",), (TenantKind.LAWYER_STUDIO,)),
    C.LOAN: ((), (), (TenantKind.LAWYER_STUDIO,)),
    C.NEIGHBOUR: ((), ("公安",), ()),
    C.OTHER: ((), ("司法",), (TenantKind.LAWYER_STUDIO,)),
}

KIND_REASON = {
    TenantKind.COMMITTEE: "专业调解委员会，对口该纠纷类型",
    TenantKind.DEPARTMENT: "主管部门（谁主管谁负责）",
    TenantKind.LAWYER_STUDIO: "律师调解，适合合同、借贷等法律关系清楚的纠纷",
    TenantKind.CENTRE: "下级解纷中心，就地化解",
}


async def suggest(session: AsyncSession, case: Case, limit: int) -> list[tuple[Tenant, str, int]]:
    specialties, agencies, kinds = FIT.get(case.category, ((), (), ()))
    pool = {t.id: t for t in await tenants.candidates(session, specialties, agencies, kinds)}
    # Lower-tier centres under the owner can resolve on the spot (就地化解).
    for t in await tenants.descendants(session, VisibleTo.for_job(case.tenant_id, "triage: below the owner")):
        if t.kind is TenantKind.CENTRE:
            pool[t.id] = t
    pool.pop(case.tenant_id, None)
    # Not back to a tenant that already passed the case on: the community that escalated it (上报) handed it up
    # because it could not resolve it there; a tenant that returned it (退回) said it is not theirs.
    for tenant_id in await repository.passed_on_by(session, case.id):
        pool.pop(tenant_id, None)
    load = await repository.active_counts(session, list(pool))
    ranked = sorted(pool.values(), key=lambda t: (load.get(t.id, 0), t.kind is TenantKind.CENTRE, t.name))
    return [(t, KIND_REASON.get(t.kind, ""), load.get(t.id, 0)) for t in ranked[:limit]]
