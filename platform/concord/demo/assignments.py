"""Demo data for mediators on cases (指派、推荐、回避): teams on open cases, a court's 委派 naming a 特邀调解员, the
回避 cases (a declared relative who is a party, a conflict declared on another case), a pending recusal request.

Mediators come from the roster (`demo/roster.py`, when it is loaded first); where the roster has too few, this
module puts a handful on it itself (FALLBACK_*: only then), so the pages are filled either way. Only OPEN cases
get mediators: the resolved and closed ones are the subsidy demo's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import any_, select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.db.base import new_id, utcnow
from concord.deadlines import DeadlineStep, Track, compute, national_rules
from concord.deadlines import repository as deadlines_repo
from concord.deadlines.clocks import china_day
from concord.deadlines.repository import NewDeadline
from concord.deadlines.service import rule_as_dict
from concord.demo.data import CASES
from concord.models import (
    Case,
    CaseMediator,
    Mediator,
    MediatorAffiliation,
    MediatorConflict,
    MediatorRelative,
    Party,
    RecusalRequest,
    Referral,
    Tenant,
)
from concord.models.enums import (
    CaseCategory,
    DeadlineStatus,
    MediatorAssignmentSource,
    MediatorKind,
    MediatorStatus,
    RecusalStatus,
    ReferralKind,
    RelativeKind,
)

# Used only when the roster has fewer than three MEDICAL mediators at the medical committee / no 特邀调解员.
FALLBACK_MEDICAL = [
    (
        "周明华",
        MediatorKind.FULL_TIME,
        ["MEDICAL"],
        "医疗损害赔偿纠纷",
        "原三甲医院医务处处长，从事医患沟通二十年",
    ),
    ("孙立新", MediatorKind.PART_TIME, ["MEDICAL"], "医疗纠纷", "执业医师，兼职人民调解员"),
    ("韩雪梅", MediatorKind.FULL_TIME, ["MEDICAL", "CONSUMER"], "医疗、医美纠纷", "法学硕士，专职人民调解员"),
    ("邓建国", MediatorKind.VOLUNTEER, ["NEIGHBOUR"], "邻里纠纷", "退休社区干部，志愿调解员"),
]
FALLBACK_INVITED = [
    ("王振华", ["MEDICAL", "CONTRACT"], "医疗损害责任、合同纠纷", "退休法官，法院特邀调解员"),
    ("李淑芬", ["MARRIAGE_FAMILY", "NEIGHBOUR"], "婚姻家庭、邻里纠纷", "妇联干部，法院特邀调解员"),
]
# The 回避 demo: cases by their demo key.
RELATIVE_CASE = "med-misdiag-rmyy"  # a mediator's declared relative is its applicant (by ID number)
DECLARED_CASE = "med-death-zhongyi"  # another mediator declared a conflict on it
TEAM_CASES = ("med-death-zhongyi", "med-infection-fuyou")
COURT_CASE = "court-medical-renmin"  # the court's 委派 named a 特邀调解员
STREET_OWNERS = ("street-east", "street-west", "labour-committee", "property-committee")
OPEN = ("REGISTERED", "TRIAGED", "ACCEPTED", "IN_MEDIATION", "PAUSED", "AGREED", "PERFORMING")


def _case_spec(key: str) -> dict[str, Any]:
    return next(c for c in CASES if c["key"] == key)


async def _case(session: AsyncSession, key: str) -> Case:
    return (await session.execute(select(Case).where(Case.title == _case_spec(key)["title"]))).scalar_one()


async def _roster(
    session: AsyncSession, tenant: Tenant, kinds: tuple[MediatorKind, ...], specialty: str | None = None
) -> list[Mediator]:
    stmt = (
        select(Mediator)
        .join(MediatorAffiliation, MediatorAffiliation.mediator_id == Mediator.id)
        .where(
            MediatorAffiliation.tenant_id == tenant.id,
            Mediator.kind.in_(kinds),
            Mediator.status == MediatorStatus.ACTIVE,
        )
        .order_by(Mediator.name, Mediator.id)
    )
    if specialty is not None:
        stmt = stmt.where(any_(Mediator.specialties) == specialty)
    return list((await session.execute(stmt)).scalars())


async def _put_on_roster(session: AsyncSession, tenant: Tenant, **fields: Any) -> Mediator:
    now = utcnow()
    m = Mediator(id=new_id(), tenant_id=tenant.id, created_at=now, updated_at=now, version=1, **fields)
    session.add(m)
    await session.flush()
    session.add(MediatorAffiliation(mediator_id=m.id, tenant_id=tenant.id, created_at=now))
    return m


async def _medical_mediators(session: AsyncSession, committee: Tenant) -> tuple[list[Mediator], int]:
    kinds = (MediatorKind.FULL_TIME, MediatorKind.PART_TIME, MediatorKind.VOLUNTEER)
    found = await _roster(session, committee, kinds, "MEDICAL")
    if len(found) >= 3:
        return found, 0
    for name, kind, specialties, disputes, profile in FALLBACK_MEDICAL:
        await _put_on_roster(
            session,
            committee,
            name=name,
            kind=kind,
            specialties=specialties,
            disputes_accepted=disputes,
            expertise=disputes,
            profile=profile,
        )
    await session.flush()
    return await _roster(session, committee, kinds, "MEDICAL"), len(FALLBACK_MEDICAL)


async def _invited(session: AsyncSession, court: Tenant) -> tuple[list[Mediator], int]:
    today = utcnow().date()
    on_term = [
        m
        for m in await _roster(session, court, (MediatorKind.INVITED,))
        if (m.term_start is None or m.term_start <= today) and (m.term_end is None or m.term_end >= today)
    ]
    if on_term:
        return on_term, 0
    start = today - timedelta(days=400)
    for name, specialties, disputes, profile in FALLBACK_INVITED:
        await _put_on_roster(
            session,
            court,
            name=name,
            kind=MediatorKind.INVITED,
            specialties=specialties,
            disputes_accepted=disputes,
            expertise=disputes,
            profile=profile,
            term_start=start,
            term_end=start.replace(year=start.year + 2) - timedelta(days=1),
        )
    await session.flush()
    return await _roster(session, court, (MediatorKind.INVITED,)), len(FALLBACK_INVITED)


def _on_case(case: Case, m: Mediator, by: Tenant, lead: bool, **extra: Any) -> CaseMediator:
    return CaseMediator(
        id=new_id(),
        case_id=case.id,
        mediator_id=m.id,
        tenant_id=by.id,
        is_lead=lead,
        source=extra.pop("source", MediatorAssignmentSource.ASSIGNED),
        assigned_at=extra.pop("assigned_at", case.created_at + timedelta(days=1)),
        **extra,
    )


async def _street_teams(session: AsyncSession, tenants: dict[str, Tenant]) -> int:
    """A mediator of the organisation's own roster on up to two of its open cases (when the roster has one)."""
    n = 0
    for code in STREET_OWNERS:
        owner = tenants[code]
        kinds = (MediatorKind.FULL_TIME, MediatorKind.PART_TIME, MediatorKind.LAWYER)
        mediators = await _roster(session, owner, kinds)
        if not mediators:
            continue
        stmt = (
            select(Case)
            .where(Case.tenant_id == owner.id, Case.status.in_(OPEN))
            .order_by(Case.created_at, Case.id)
            .limit(2)
        )
        for i, case in enumerate((await session.execute(stmt)).scalars()):
            session.add(_on_case(case, mediators[i % len(mediators)], owner, True))
            n += 1
    return n


async def _contact_clock(session: AsyncSession, case: Case, referral: Referral, court: Tenant) -> None:
    """The named mediator's contact clock (rule pack MEDIATOR_CONTACT), met by the contact the next day."""
    rule = national_rules().get(Track.COURT_DELEGATED, DeadlineStep.MEDIATOR_CONTACT)
    if rule is None:
        return
    start = china_day(referral.sent_at)
    result = compute(rule, start)
    new = NewDeadline(
        case_id=case.id,
        referral_id=referral.id,
        tenant_id=court.id,
        track=rule.track,
        step=rule.step.value,
        start_date=start,
        due_date=result.due_date,
        due_at=result.due_at,
        rule=rule_as_dict(rule),
        explanation=result.explanation,
    )
    deadline = await deadlines_repo.add(session, new, referral.sent_at)
    deadline.status, deadline.status_reason = DeadlineStatus.MET, "调解员已联系当事人"


async def load(session: AsyncSession, tenants: dict[str, Tenant]) -> dict[str, int]:
    committee, court = tenants["medical-committee"], tenants["district-court"]
    medical, created_medical = await _medical_mediators(session, committee)
    invited, created_invited = await _invited(session, court)
    lead, related, declaring = medical[0], medical[1], medical[2]

    # 回避: the related mediator's brother is the applicant of an open medical case (same ID number).
    applicant = _case_spec(RELATIVE_CASE)["parties"][0]
    session.add(
        MediatorRelative(
            id=new_id(),
            mediator_id=related.id,
            name=applicant["name"],
            id_number=applicant["id_number"],
            relation=RelativeKind.SIBLING,
            created_at=utcnow(),
        )
    )
    death = await _case(session, DECLARED_CASE)
    session.add(
        MediatorConflict(
            id=new_id(),
            mediator_id=declaring.id,
            case_id=death.id,
            reason="本人曾任清河区中医医院法律顾问，与被申请人存在利害关系",
            created_at=utcnow(),
        )
    )

    # Teams on open medical cases (the misdiagnosis case is left for the console's 指派 to fill).
    rows = [_on_case(death, lead, committee, True)]
    infection = await _case(session, TEAM_CASES[1])
    rows += [_on_case(infection, related, committee, True), _on_case(infection, lead, committee, False)]

    # The court's 委派 of the 人民医院 case named a 特邀调解员, who contacted the parties the next day.
    renmin = await _case(session, COURT_CASE)
    delegated = (
        await session.execute(
            select(Referral).where(
                Referral.case_id == renmin.id,
                Referral.kind == ReferralKind.DELEGATED,
                Referral.from_tenant_id == court.id,
            )
        )
    ).scalar_one()
    named = [m for m in invited if CaseCategory.MEDICAL.value in (m.specialties or [])] or invited
    rows.append(
        _on_case(
            renmin,
            named[0],
            court,
            True,
            source=MediatorAssignmentSource.COURT_NAMED,
            referral_id=delegated.id,
            assigned_at=delegated.sent_at,
            contacted_at=delegated.sent_at + timedelta(days=1),
        )
    )
    session.add_all(rows)
    await session.flush()
    await _contact_clock(session, renmin, delegated, court)

    # A party of the 中医医院 case asks that the lead mediator step aside; the committee has not decided yet.
    party = (
        await session.execute(select(Party).where(Party.case_id == death.id, Party.name == "严红军"))
    ).scalar_one()
    session.add(
        RecusalRequest(
            id=new_id(),
            case_id=death.id,
            mediator_id=lead.id,
            party_id=party.id,
            reason="申请人认为该调解员曾在医院系统任职，担心调解不公正",
            status=RecusalStatus.PENDING,
            requested_at=utcnow() - timedelta(days=2),
        )
    )
    street = await _street_teams(session, tenants)
    await session.flush()
    return {
        "case_mediators": len(rows) + street,
        "mediator_conflicts": 1,
        "mediator_relatives": 1,
        "recusal_requests": 1,
        "mediators_added_by_assignments_demo": created_medical + created_invited,
    }
