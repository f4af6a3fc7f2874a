"""以案定补 (per-case subsidies): schemes and their rates, and the monthly statement computed from the record.

A scheme belongs to a tenant (the justice bureau) and pays the mediators of that tenant's roster scope. A viewer
sees the statement lines of the mediators it manages itself (its roster scope) among those. Nothing of a
statement is stored: it is computed from cases, their lead mediators and the rates each time (docs/subsidies.md)."""

from __future__ import annotations

import calendar
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, Conflict
from concord.mediators import service as mediators
from concord.models import SubsidyRate, SubsidyScheme
from concord.models.enums import CaseCategory, Complexity
from concord.subsidies import errors, repository, rules
from concord.subsidies.rules import Month
from concord.tenants import service as tenants
from concord.trail.recorder import created, jsonable, record

NAME_MAX = 200
CAP_LIMIT = Decimal(1_000_000)  # 元 per mediator per month
RATE_LIMIT = Decimal(100_000)  # 元 per case
RATES_MAX = 100


@dataclass
class RateData:
    category: CaseCategory | None
    complexity: Complexity | None
    amount: Decimal


@dataclass
class SchemeData:
    tenant_id: uuid.UUID
    name: str
    monthly_cap: Decimal
    effective_from: date
    effective_to: date | None
    rates: Sequence[RateData] = ()


@dataclass
class CaseLine:
    case_id: uuid.UUID
    number: str
    category: CaseCategory
    complexity: Complexity
    resolved_at: datetime
    amount: Decimal
    rate_rule: str


@dataclass
class Line:
    mediator_id: uuid.UUID
    mediator_name: str
    organisation_id: uuid.UUID
    organisation_name: str
    cases: list[CaseLine]
    gross: Decimal
    payable: Decimal
    capped: bool


@dataclass
class OrganisationTotal:
    tenant_id: uuid.UUID
    name: str
    mediators: int
    cases: int
    payable: Decimal


@dataclass
class Statement:
    month: str
    scheme: SubsidyScheme | None
    lines: list[Line] = field(default_factory=list)
    organisations: list[OrganisationTotal] = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    editable: bool = False  # the viewer may change the scheme (its tenant is in the viewer's subtree)


# --- schemes ---------------------------------------------------------------------------------------------


def _period(first: date, last: date | None) -> tuple[date, date | None]:
    """Schemes run in whole months, so a month's statement has at most one scheme per tenant."""
    if first.day != 1:
        raise BadUserInput("生效日期须为某月1日（方案按整月执行）", field="effectiveFrom")
    if last is not None:
        if last < first:
            raise BadUserInput("失效日期不能早于生效日期", field="effectiveTo")
        if last.day != calendar.monthrange(last.year, last.month)[1]:
            raise BadUserInput("失效日期须为某月最后一天（方案按整月执行）", field="effectiveTo")
    return first, last


def _rate_data(r: RateData, i: int | None = None) -> RateData:
    amount_field = "amount" if i is None else "rates"
    return RateData(
        r.category, r.complexity, rules.clean_amount(r.amount, amount_field, "补贴标准", RATE_LIMIT)
    )


def _rate_snapshot(rate: SubsidyRate) -> dict[str, Any]:
    return {"category": rate.category, "complexity": rate.complexity, "amount": rate.amount}


async def create_scheme(session: AsyncSession, principal: Principal, data: SchemeData) -> SubsidyScheme:
    name = (data.name or "").strip()
    if not name:
        raise BadUserInput("方案名称不能为空", field="name")
    if len(name) > NAME_MAX:
        raise BadUserInput(f"方案名称不能超过{NAME_MAX}个字", field="name")
    cap = rules.clean_amount(data.monthly_cap, "monthlyCap", "每月封顶金额", CAP_LIMIT)
    first, last = _period(data.effective_from, data.effective_to)
    if len(data.rates) > RATES_MAX:
        raise BadUserInput(f"补贴标准不能超过{RATES_MAX}条", field="rates")
    rates = [_rate_data(r, i) for i, r in enumerate(data.rates)]
    keys = [(r.category, r.complexity) for r in rates]
    if len(set(keys)) != len(keys):
        raise BadUserInput("同一纠纷类型和难易程度只能有一条补贴标准", field="rates")
    if not await repository.tenant_in_subtree(session, VisibleTo.of(principal), data.tenant_id):
        raise errors.tenant_outside_scope()
    if await repository.overlapping(session, data.tenant_id, first, last) is not None:
        raise Conflict("该机构在这段时间已有以案定补方案（同一时间只能有一个方案）", field="effectiveFrom")
    scheme = SubsidyScheme(
        id=new_id(),
        tenant_id=data.tenant_id,
        name=name,
        monthly_cap=cap,
        effective_from=first,
        effective_to=last,
        created_by=principal.id if principal.kind == "user" else None,
        created_at=utcnow(),
    )
    rows = [
        SubsidyRate(
            id=new_id(), scheme_id=scheme.id, category=r.category, complexity=r.complexity, amount=r.amount
        )
        for r in rates
    ]
    await repository.add(session, scheme)
    await repository.add(session, *rows)
    snapshot = {
        "tenant_id": scheme.tenant_id,
        "name": name,
        "monthly_cap": cap,
        "effective_from": first,
        "effective_to": last,
        "rates": [_rate_snapshot(r) for r in rows],
    }
    record(session, "subsidy.scheme.create", "SubsidyScheme", scheme.id, changes=created(snapshot))
    return scheme


async def _managed_scheme(session: AsyncSession, principal: Principal, scheme_id: uuid.UUID) -> SubsidyScheme:
    scheme = await repository.scheme_in_subtree(session, VisibleTo.of(principal), scheme_id, lock=True)
    if scheme is None:
        raise errors.scheme_not_found()
    return scheme


async def set_rate(
    session: AsyncSession, principal: Principal, scheme_id: uuid.UUID, data: RateData
) -> SubsidyScheme:
    """Adds the rate for (category, complexity), or changes its amount."""
    r = _rate_data(data)
    scheme = await _managed_scheme(session, principal, scheme_id)
    rate = await repository.rate_by_key(session, scheme.id, r.category, r.complexity)
    before = rate.amount if rate is not None else None
    if rate is None:
        rate = SubsidyRate(
            id=new_id(), scheme_id=scheme.id, category=r.category, complexity=r.complexity, amount=r.amount
        )
        await repository.add(session, rate)
    else:
        rate.amount = r.amount
    changes: dict[str, list[Any]] = {
        "category": [None, r.category],
        "complexity": [None, r.complexity],
        "amount": [before, r.amount],
    }
    record(session, "subsidy.rate.set", "SubsidyScheme", scheme.id, changes=jsonable(changes))
    return scheme


async def remove_rate(session: AsyncSession, principal: Principal, rate_id: uuid.UUID) -> SubsidyScheme:
    rate = await repository.rate_by_id(session, rate_id)
    if rate is None:
        raise errors.rate_not_found()
    scheme = await repository.scheme_in_subtree(session, VisibleTo.of(principal), rate.scheme_id, lock=True)
    if scheme is None:
        raise errors.rate_not_found()
    await repository.remove_rate(session, rate.id)
    changes = {k: [v, None] for k, v in _rate_snapshot(rate).items()}
    record(session, "subsidy.rate.remove", "SubsidyScheme", scheme.id, changes=jsonable(changes))
    return scheme


async def _relevance(
    session: AsyncSession, viewer: VisibleTo, schemes: Sequence[SubsidyScheme]
) -> dict[uuid.UUID, tuple[bool, bool]]:
    """Per scheme tenant: (the viewer administers it, its schemes pay mediators of the viewer's tenant). Asked
    once per distinct tenant (a handful: the overseers and the viewer's subtree)."""
    tenant_ids = list(dict.fromkeys(s.tenant_id for s in schemes))
    own = await repository.tenants_in_subtree(session, viewer, tenant_ids)
    out = {}
    for tenant_id in tenant_ids:
        view = VisibleTo.for_job(tenant_id, "subsidy statement")
        out[tenant_id] = (tenant_id in own, await repository.covers(session, view, viewer.tenant_id))
    return out


async def schemes(session: AsyncSession, principal: Principal) -> list[tuple[SubsidyScheme, bool]]:
    """The schemes that concern the viewer (its subtree's, and those paying its mediators), with whether the
    viewer may change each."""
    viewer = VisibleTo.of(principal)
    found = await repository.all_schemes(session)
    relevance = await _relevance(session, viewer, found)
    return [(s, relevance[s.tenant_id][0]) for s in found if any(relevance[s.tenant_id])]


async def rates_of(
    session: AsyncSession, scheme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SubsidyRate]]:
    return await repository.rates_of(session, scheme_ids)


# --- the statement ---------------------------------------------------------------------------------------


async def _statement_scheme(
    session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID | None, month: Month
) -> SubsidyScheme | None:
    """The scheme of `tenant_id` (or, without one, the viewer's own tenant's, else one paying the viewer's
    mediators) in force in the month. A tenant whose scheme does not concern the viewer answers NOT_FOUND."""
    if tenant_id is not None and not (
        await repository.tenant_in_subtree(session, viewer, tenant_id)
        or await repository.covers(
            session, VisibleTo.for_job(tenant_id, "subsidy statement"), viewer.tenant_id
        )
    ):
        raise errors.tenant_outside_scope()
    ranked: list[tuple[int, SubsidyScheme]] = []
    found = [
        s
        for s in await repository.schemes_in_force(session, month.first, month.last)
        if tenant_id is None or s.tenant_id == tenant_id
    ]
    relevance = await _relevance(session, viewer, found)
    for scheme in found:
        own, covering = relevance[scheme.tenant_id]
        if scheme.tenant_id == viewer.tenant_id:
            ranked.append((0, scheme))
        elif covering:
            ranked.append((1, scheme))
        elif own:
            ranked.append((2, scheme))
    return min(ranked, key=lambda p: p[0])[1] if ranked else None


async def statement(
    session: AsyncSession, principal: Principal, month_text: str, tenant_id: uuid.UUID | None = None
) -> Statement:
    month = rules.parse_month(month_text)
    viewer = VisibleTo.of(principal)
    scheme = await _statement_scheme(session, viewer, tenant_id, month)
    if scheme is None:
        return Statement(month.text, None)
    rows = await repository.lead_rows(session, viewer, month.start, month.end)
    # Whose rows these are is decided on the whole case first (one lead paid), then who is shown.
    mediator_ids = list({r.mediator_id for r in rows})
    # The scheme pays its tenant's roster scope; the viewer sees its own roster scope: both must hold.
    covered = await repository.managed_among(
        session, VisibleTo.for_job(scheme.tenant_id, "subsidy statement"), mediator_ids
    )
    covered &= await repository.managed_among(session, viewer, mediator_ids)
    by_case: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for r in rows:
        by_case[r.case_id].append(r)
    rates = (await repository.rates_of(session, [scheme.id])).get(scheme.id, [])
    earned: dict[uuid.UUID, list[CaseLine]] = defaultdict(list)
    for case_rows in by_case.values():
        lead = rules.paid_lead(case_rows)
        if lead is None or lead.mediator_id not in covered or not rules.earns(lead):
            continue
        resolved_on = lead.resolved_at.astimezone(rules.CHINA).date()
        if resolved_on < scheme.effective_from or (scheme.effective_to and resolved_on > scheme.effective_to):
            continue
        rate = rules.pick_rate(rates, lead.category, lead.complexity)
        earned[lead.mediator_id].append(
            CaseLine(
                case_id=lead.case_id,
                number=lead.case_number,
                category=CaseCategory(lead.category),
                complexity=Complexity(lead.complexity),
                resolved_at=lead.resolved_at,
                amount=rate.amount if rate is not None else Decimal("0.00"),
                rate_rule=rules.describe(rate),
            )
        )
    st = await _assemble(session, month, scheme, earned)
    st.editable = await repository.tenant_in_subtree(session, viewer, scheme.tenant_id)
    return st


async def _assemble(
    session: AsyncSession, month: Month, scheme: SubsidyScheme, earned: dict[uuid.UUID, list[CaseLine]]
) -> Statement:
    people = {m.id: m for m in await mediators.by_ids(session, list(earned))}
    orgs = {t.id: t for t in await tenants.by_ids(session, list({m.tenant_id for m in people.values()}))}
    lines = []
    for mediator_id, cases in earned.items():
        m = people[mediator_id]
        cases.sort(key=lambda c: (c.resolved_at, c.number))
        gross = sum((c.amount for c in cases), Decimal("0.00"))
        payable, was_capped = rules.capped(gross, scheme.monthly_cap)
        org = orgs[m.tenant_id]
        lines.append(Line(m.id, m.name, org.id, org.name, cases, gross, payable, was_capped))
    lines.sort(key=lambda ln: (ln.organisation_name, ln.mediator_name, str(ln.mediator_id)))
    totals: dict[uuid.UUID, OrganisationTotal] = {}
    for ln in lines:
        t = totals.setdefault(
            ln.organisation_id,
            OrganisationTotal(ln.organisation_id, ln.organisation_name, 0, 0, Decimal("0.00")),
        )
        t.mediators += 1
        t.cases += len(ln.cases)
        t.payable += ln.payable
    total = sum((ln.payable for ln in lines), Decimal("0.00"))
    return Statement(month.text, scheme, lines, list(totals.values()), total)


def export_recorded(session: AsyncSession, st: Statement, size: int) -> None:
    """The export is audited (subsidy.export): who took which month's figures, and how many."""
    changes: dict[str, list[Any]] = {
        "month": [None, st.month],
        "lines": [None, len(st.lines)],
        "total": [None, st.total],
        "bytes": [None, size],
    }
    record(
        session,
        "subsidy.export",
        "SubsidyScheme",
        st.scheme.id if st.scheme else None,
        changes=jsonable(changes),
    )
