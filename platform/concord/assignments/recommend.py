"""推荐调解员: the assignable mediators for a case, minus the conflicted ones (never recommended), ranked by
specialty fit, open workload, past outcomes (the share of led cases whose agreement was performed, not raw
counts), and the area served. A fixed number of statements whatever the roster size; deterministic order
(score, then name, then id)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from concord.assignments import repository
from concord.assignments.service import today
from concord.auth.principal import Principal
from concord.authz import relations
from concord.authz.visibility import VisibleTo
from concord.cases import service as cases
from concord.kit import clock
from concord.kit.errors import BadUserInput, Forbidden, NotFound
from concord.models import Mediator
from concord.models.enums import CaseCategory, MediatorKind, Tier

CATEGORY_LABELS = {
    CaseCategory.MARRIAGE_FAMILY: "婚姻家庭纠纷",
    CaseCategory.NEIGHBOUR: "邻里纠纷",
    CaseCategory.PROPERTY_MANAGEMENT: "物业纠纷",
    CaseCategory.LABOUR: "劳动争议",
    CaseCategory.MEDICAL: "医疗纠纷",
    CaseCategory.CONSUMER: "消费纠纷",
    CaseCategory.TRAFFIC: "交通事故纠纷",
    CaseCategory.LAND: "土地纠纷",
    CaseCategory.DEMOLITION: "征收拆迁纠纷",
    CaseCategory.CONTRACT: "合同纠纷",
    CaseCategory.LOAN: "民间借贷纠纷",
    CaseCategory.OTHER: "其他纠纷",
}
AREA_LABELS = {Tier.STREET: "服务本街道", Tier.COMMUNITY: "服务本社区"}
# Weights: expertise matters most, then a record of agreements actually performed, then proximity; each open
# case costs a little, so that work spreads (about 50 cases a year per mediator is the local target, C10).
SPECIALTY_POINTS = 40
OUTCOME_POINTS = 30
AREA_POINTS = 20
OPEN_CASE_COST = 4
OPEN_CASE_COST_CAP = 32
OUTCOME_YEARS = 2
MAX_FIRST = 50


@dataclass
class Recommendation:
    mediator: Mediator
    score: int
    reasons: list[str] = field(default_factory=list)


def _outcome_points(o: repository.Outcomes) -> int:
    """The performed share, smoothed (a mediator with one case is not judged on it alone)."""
    return round(OUTCOME_POINTS * (o.performed + 1) / (o.led + 2))


def _score(
    m: Mediator,
    category: CaseCategory,
    open_cases: int,
    outcome: repository.Outcomes,
    areas: dict[uuid.UUID, Tier | None],
) -> Recommendation:
    rec = Recommendation(mediator=m, score=0)
    if category.value in (m.specialties or []):
        rec.score += SPECIALTY_POINTS
        rec.reasons.append(f"擅长{CATEGORY_LABELS[category]}")
    served = [areas[a] for a in (m.area_ids or []) if a in areas]
    if served:
        rec.score += AREA_POINTS
        tier = served[0]
        rec.reasons.append(AREA_LABELS.get(tier, "服务本区域") if tier is not None else "服务本区域")
    rec.score -= min(open_cases * OPEN_CASE_COST, OPEN_CASE_COST_CAP)
    rec.reasons.append(f"当前在办 {open_cases} 件" if open_cases else "当前无在办案件")
    rec.score += _outcome_points(outcome)
    if outcome.led:
        rec.reasons.append(f"近两年主办调解 {outcome.led} 件，履行完毕 {outcome.performed} 件")
    if m.kind is MediatorKind.INVITED and m.term_end is not None:
        rec.reasons.append(f"法院特邀调解员，任期至{m.term_end.year}年{m.term_end.month}月{m.term_end.day}日")
    return rec


async def recommend(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, first: int
) -> list[Recommendation]:
    if not 1 <= first <= MAX_FIRST:
        raise BadUserInput(f"first 须在1到{MAX_FIRST}之间", field="first")
    viewer = VisibleTo.of(principal)
    case = await cases.get_visible(session, viewer, case_id)
    if case is None:
        raise NotFound(field="caseId")
    edges = (
        set()
        if case.tenant_id == principal.tenant_id
        else await cases.access_reasons(session, case.id, principal.tenant_id)
    )
    if not (decision := relations.handler(principal.tenant_id, case.tenant_id, edges)):
        raise Forbidden(decision.reason)
    conflicted = await repository.conflicts(session, case.id)
    pool = [
        m for m in await repository.assignable(session, viewer, case.id, today()) if m.id not in conflicted
    ]
    ids = [m.id for m in pool]
    workload = await repository.open_workload(session, ids) if ids else {}
    since = clock.now() - timedelta(days=365 * OUTCOME_YEARS)
    outcomes = await repository.outcomes(session, ids, since) if ids else {}
    areas = await repository.area_chain(session, case.tenant_id)
    ranked = [
        _score(m, case.category, workload.get(m.id, 0), outcomes.get(m.id, repository.Outcomes()), areas)
        for m in pool
    ]
    ranked.sort(key=lambda r: (-r.score, r.mediator.name, str(r.mediator.id)))
    return ranked[:first]
