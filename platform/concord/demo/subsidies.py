"""Demo data for 以案定补: the justice bureau's scheme, and a dozen resolved cases with a lead mediator each,
resolved in the current and the previous month (Asia/Shanghai) with performance and follow-up recorded, so the
subsidy ledger (补贴台账) has figures for both months; the medical committee's mediator passes the monthly cap in
the current month. One more case is resolved without a follow-up (回访): it earns nothing.

The cases are new RESOLVED/CLOSED cases of their own (numbered after the district's cases), so no open case
other features work on changes state. Mediators are taken from the roster demo (demo/roster.py) when it has run;
otherwise the few needed are created here, marked as such in their profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.cases import repository as cases_repo
from concord.cases.service import CHINA, format_number
from concord.db.base import new_id, utcnow
from concord.models import (
    Case,
    CaseMediator,
    Mediator,
    MediatorAffiliation,
    Party,
    SubsidyRate,
    SubsidyScheme,
    Tenant,
)
from concord.models.enums import (
    AccessReason,
    CaseCategory,
    CaseStatus,
    Complexity,
    MediatorAssignmentSource,
    MediatorKind,
    MediatorStatus,
)

SCHEME_NAME = "区司法局人民调解“以案定补”实施办法"
MONTHLY_CAP = Decimal("3000.00")
C, X = CaseCategory, Complexity
RATES: list[tuple[CaseCategory | None, Complexity | None, str]] = [
    (None, X.SIMPLE, "200.00"),
    (None, X.COMPLEX, "400.00"),
    (None, X.HARD, "800.00"),
    (C.MEDICAL, None, "600.00"),
    (C.MEDICAL, X.HARD, "1200.00"),
    (C.LABOUR, None, "500.00"),
    (C.LABOUR, X.HARD, "1000.00"),
]
# Stand-ins when the roster demo has not run: (organisation, name, kind, specialty).
FALLBACK = {
    "medical-committee": ("周建华", MediatorKind.FULL_TIME, C.MEDICAL),
    "labour-committee": ("吴秀兰", MediatorKind.FULL_TIME, C.LABOUR),
    "street-east": ("郑国强", MediatorKind.FULL_TIME, C.NEIGHBOUR),
    "community-e1": ("王桂芳", MediatorKind.PART_TIME, C.MARRIAGE_FAMILY),
}
MARK = "（以案定补演示：名册演示数据缺失时补建）"


@dataclass(frozen=True)
class DemoCase:
    org: str  # the owner, whose mediator leads
    title: str
    category: CaseCategory
    complexity: Complexity
    current_month: bool  # resolved this month (else the previous month)
    day: int  # how far into the month (days from the month start, or spread over what has passed)
    follow_up: bool = True


CASES = [
    DemoCase("medical-committee", "患者家属与区人民医院医疗损害赔偿纠纷", C.MEDICAL, X.HARD, True, 0),
    DemoCase("medical-committee", "张某与某口腔诊所种植牙医疗纠纷", C.MEDICAL, X.HARD, True, 1),
    DemoCase("medical-committee", "李某与区妇幼保健院分娩损害纠纷", C.MEDICAL, X.HARD, True, 2),
    DemoCase("labour-committee", "十二名务工人员与某建筑公司欠薪纠纷", C.LABOUR, X.HARD, True, 3),
    DemoCase("street-east", "东街道幸福里楼上漏水邻里纠纷", C.NEIGHBOUR, X.SIMPLE, True, 4),
    DemoCase("community-e1", "刘某夫妇赡养老人家庭纠纷", C.MARRIAGE_FAMILY, X.COMPLEX, True, 5),
    DemoCase("medical-committee", "王某与某医美机构消费医疗纠纷", C.MEDICAL, X.COMPLEX, False, 3),
    DemoCase("labour-committee", "某快递站点骑手工伤待遇纠纷", C.LABOUR, X.COMPLEX, False, 6),
    DemoCase("labour-committee", "某餐饮店员工加班费纠纷", C.LABOUR, X.SIMPLE, False, 9),
    DemoCase("street-east", "东街道菜市场摊位租赁合同纠纷", C.CONTRACT, X.SIMPLE, False, 12),
    DemoCase("street-east", "东街道两户宅基地通道相邻权纠纷", C.NEIGHBOUR, X.HARD, False, 15),
    DemoCase("community-e1", "陈某与邻居噪音扰民纠纷", C.NEIGHBOUR, X.SIMPLE, False, 18),
    DemoCase(
        "community-e1",
        "赵某与物业公司停车费纠纷（未回访）",
        C.PROPERTY_MANAGEMENT,
        X.SIMPLE,
        False,
        20,
        False,
    ),
]


def month_starts(now: datetime) -> tuple[datetime, datetime]:
    """The current and the previous month's first instant, Asia/Shanghai."""
    local = now.astimezone(CHINA)
    current = datetime(local.year, local.month, 1, tzinfo=CHINA)
    prev_day = current - timedelta(days=1)
    return current, datetime(prev_day.year, prev_day.month, 1, tzinfo=CHINA)


def resolved_at(c: DemoCase, now: datetime) -> datetime:
    current, previous = month_starts(now)
    if not c.current_month:
        return previous + timedelta(days=c.day, hours=10)
    # Spread over the part of this month that has passed (early in the month: an hour or so apart).
    passed = now - current
    return current + passed * (c.day + 1) / 8


async def _mediators(session: AsyncSession, tenants: dict[str, Tenant]) -> tuple[dict[str, Mediator], int]:
    found: dict[str, Mediator] = {}
    made = 0
    for code, (name, kind, specialty) in FALLBACK.items():
        stmt = (
            select(Mediator)
            .where(Mediator.tenant_id == tenants[code].id, Mediator.status == MediatorStatus.ACTIVE)
            .order_by(Mediator.created_at, Mediator.id)
            .limit(1)
        )
        m = (await session.execute(stmt)).scalar_one_or_none()
        if m is None:
            m = Mediator(
                id=new_id(),
                tenant_id=tenants[code].id,
                name=name,
                kind=kind,
                specialties=[specialty.value],
                status=MediatorStatus.ACTIVE,
                profile=MARK,
            )
            session.add(m)
            await session.flush()
            session.add(MediatorAffiliation(mediator_id=m.id, tenant_id=m.tenant_id))
            made += 1
        found[code] = m
    await session.flush()
    return found, made


async def _case(session: AsyncSession, owner: Tenant, c: DemoCase, mediator: Mediator, now: datetime) -> None:
    resolved = resolved_at(c, now)
    created = resolved - timedelta(days=25)
    year = created.astimezone(CHINA).year
    seq = await cases_repo.next_sequence(session, owner.id, year)
    case = Case(
        id=new_id(),
        tenant_id=owner.id,
        number=format_number(owner.case_prefix, year, seq),
        year=year,
        seq=seq,
        title=c.title,
        description=f"{c.title}。经调解双方达成协议并已履行完毕。",
        category=c.category,
        source_channel="PARTY_APPLICATION",
        status=CaseStatus.CLOSED if c.day % 3 == 0 else CaseStatus.RESOLVED,
        tier=owner.tier,
        complexity=c.complexity,
        people_involved=2,
        accepted_at=created + timedelta(hours=4),
        resolved_at=resolved,
        performance_recorded_at=resolved - timedelta(hours=2),
        performance_note="协议约定义务已全部履行。",
        follow_up_at=resolved + timedelta(hours=1) if c.follow_up else None,
        satisfaction=5 if c.follow_up else None,
        follow_up_note="电话回访，双方均表示满意。" if c.follow_up else None,
        created_at=created,
        updated_at=resolved,
        version=1,
    )
    session.add(case)
    await session.flush()
    await cases_repo.add_access(session, case.id, owner.id, AccessReason.OWNER)
    for i, (name, role) in enumerate([("申请人" + c.title[:2], "APPLICANT"), ("被申请人", "RESPONDENT")]):
        session.add(Party(id=new_id(), case_id=case.id, kind="PERSON", name=name, role=role, position=i))
    session.add(
        CaseMediator(
            id=new_id(),
            case_id=case.id,
            mediator_id=mediator.id,
            tenant_id=owner.id,
            is_lead=True,
            source=MediatorAssignmentSource.ASSIGNED,
            assigned_at=created + timedelta(hours=5),
            contacted_at=created + timedelta(hours=8),
        )
    )


async def load(session: AsyncSession, tenants: dict[str, Tenant]) -> dict[str, int]:
    now = utcnow()
    _, previous = month_starts(now)
    scheme = SubsidyScheme(
        id=new_id(),
        tenant_id=tenants["justice-bureau"].id,
        name=SCHEME_NAME,
        monthly_cap=MONTHLY_CAP,
        effective_from=date(previous.year, 1, 1),
        effective_to=None,
    )
    session.add(scheme)
    await session.flush()
    for category, complexity, amount in RATES:
        session.add(
            SubsidyRate(
                id=new_id(),
                scheme_id=scheme.id,
                category=category,
                complexity=complexity,
                amount=Decimal(amount),
            )
        )
    mediators, made = await _mediators(session, tenants)
    for c in CASES:
        await _case(session, tenants[c.org], c, mediators[c.org], now)
    await session.flush()
    return {"subsidy_schemes": 1, "subsidy_cases": len(CASES), "subsidy_demo_mediators": made}
