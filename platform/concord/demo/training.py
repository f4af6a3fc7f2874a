"""Demo training (培训) and duty rosters (坐班), loaded after the roster.

- Training events over the demo year by the justice bureau (for the people's mediators it oversees), the
  district centre and the court (for its 特邀调解员), with attendance chosen so that some mediators stay below
  the yearly minimum (CONCORD_TRAINING_MIN_HOURS) and are flagged.
- Duty slots for the month containing "today" and a week either side, at the lawyer studio and the district
  centre, with consultations on the slots already past. Dates are relative to the real date, like the cases.

The mediators are read by tenant, so whichever roster demo is loaded before this one is used. Only an
organisation with no mediator at all gets a few placeholder ones (`_placeholders`, marked 【培训演示】 in their
profile) so that these pages are never empty on a branch without the roster demo."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.cases.service import CHINA
from concord.db.base import new_id, utcnow
from concord.models import (
    Case,
    DutyConsultation,
    DutySlot,
    Mediator,
    MediatorAffiliation,
    Tenant,
    TrainingAttendance,
    TrainingEvent,
)
from concord.models.enums import (
    CaseCategory,
    ConsultationOutcome,
    HalfDay,
    MediatorKind,
    MediatorStatus,
    TrainingKind,
)

PLACEHOLDER_MARK = "【培训演示】"
# (tenant code, kind, names) used only when the tenant has no mediator yet.
PLACEHOLDERS: list[tuple[str, MediatorKind, list[str]]] = [
    ("lawyer-studio", MediatorKind.LAWYER, ["王志明", "赵雅琴", "孙立新"]),
    ("district-centre", MediatorKind.FULL_TIME, ["陈建国", "刘淑芬"]),
    ("street-east", MediatorKind.FULL_TIME, ["李桂兰", "周海涛", "吴春梅"]),
    ("street-west", MediatorKind.PART_TIME, ["郑国强", "冯秀英"]),
    ("community-e1", MediatorKind.VOLUNTEER, ["何德明"]),
    ("medical-committee", MediatorKind.FULL_TIME, ["许文静"]),
    ("district-court", MediatorKind.INVITED, ["韩正阳", "曹丽华"]),
]

# (organiser, title, kind, month, day, hours, place, share of the organiser's mediators attending)
EVENTS: list[tuple[str, str, TrainingKind, int, int, str, str, float]] = [
    (
        "justice-bureau",
        "人民调解员岗前业务培训",
        TrainingKind.BUSINESS,
        1,
        16,
        "8",
        "区司法局三楼会议室",
        1.0,
    ),
    (
        "justice-bureau",
        "《人民调解法》与调解协议书制作",
        TrainingKind.BUSINESS,
        3,
        20,
        "6",
        "区司法局三楼会议室",
        0.8,
    ),
    (
        "district-centre",
        "邻里纠纷典型案例分析",
        TrainingKind.CASE_STUDY,
        4,
        17,
        "4",
        "区多元解纷中心培训室",
        0.6,
    ),
    ("justice-bureau", "婚姻家庭纠纷调解技巧", TrainingKind.BUSINESS, 5, 22, "6", "区司法局三楼会议室", 0.7),
    (
        "district-centre",
        "街道调解工作经验交流会",
        TrainingKind.EXPERIENCE,
        6,
        26,
        "3",
        "东街道办事处会议室",
        0.5,
    ),
    (
        "justice-bureau",
        "劳动争议与欠薪纠纷调解实务",
        TrainingKind.BUSINESS,
        9,
        11,
        "6",
        "区司法局三楼会议室",
        0.6,
    ),
    (
        "district-centre",
        "物业纠纷案例研讨",
        TrainingKind.CASE_STUDY,
        10,
        23,
        "4",
        "区多元解纷中心培训室",
        0.4,
    ),
    ("district-court", "特邀调解员年度业务培训", TrainingKind.BUSINESS, 3, 6, "8", "区法院诉调对接中心", 1.0),
    (
        "district-court",
        "诉前调解与司法确认衔接",
        TrainingKind.CASE_STUDY,
        8,
        14,
        "6",
        "区法院诉调对接中心",
        0.8,
    ),
]

DUTY_TENANTS = {"lawyer-studio": "律师调解工作室接待室", "district-centre": "区多元解纷中心一楼接待窗口"}
TOPICS = [
    CaseCategory.LOAN,
    CaseCategory.LABOUR,
    CaseCategory.MARRIAGE_FAMILY,
    CaseCategory.CONTRACT,
    CaseCategory.NEIGHBOUR,
    CaseCategory.CONSUMER,
    CaseCategory.PROPERTY_MANAGEMENT,
]
SUMMARIES = {
    ConsultationOutcome.ANSWERED: "当事人咨询{t}相关法律问题，已解答并告知证据准备要点",
    ConsultationOutcome.REFERRED: "当事人咨询{t}问题，已引导至相关部门或诉讼途径",
    ConsultationOutcome.MEDIATION_STARTED: "当事人咨询{t}问题，同意调解，已登记案件",
}
TOPIC_LABELS = {
    CaseCategory.LOAN: "民间借贷",
    CaseCategory.LABOUR: "劳动争议",
    CaseCategory.MARRIAGE_FAMILY: "婚姻家庭",
    CaseCategory.CONTRACT: "合同纠纷",
    CaseCategory.NEIGHBOUR: "邻里纠纷",
    CaseCategory.CONSUMER: "消费纠纷",
    CaseCategory.PROPERTY_MANAGEMENT: "物业纠纷",
    CaseCategory.MEDICAL: "医疗纠纷",
    CaseCategory.TRAFFIC: "交通事故",
    CaseCategory.LAND: "土地纠纷",
    CaseCategory.DEMOLITION: "征地拆迁",
    CaseCategory.OTHER: "其他纠纷",
}


async def load(session: AsyncSession, tenants: dict[str, Tenant]) -> dict[str, int]:
    rng = random.Random(15)  # the same demo every time
    today = utcnow().astimezone(CHINA).date()
    await _placeholders(session, tenants)
    events, attendance = await _training(session, tenants, rng, today)
    slots, consultations = await _duty(session, tenants, rng, today)
    await session.flush()
    return {
        "training_events": events,
        "training_attendance": attendance,
        "duty_slots": slots,
        "duty_consultations": consultations,
    }


async def _mediators_of(session: AsyncSession, tenant_ids: list[uuid.UUID]) -> list[Mediator]:
    stmt = (
        select(Mediator)
        .join(MediatorAffiliation, MediatorAffiliation.mediator_id == Mediator.id)
        .where(MediatorAffiliation.tenant_id.in_(tenant_ids), Mediator.status == MediatorStatus.ACTIVE)
        .distinct()
        .order_by(Mediator.created_at, Mediator.id)
    )
    return list((await session.execute(stmt)).scalars())


async def _placeholders(session: AsyncSession, tenants: dict[str, Tenant]) -> None:
    """A few mediators for an organisation the roster demo left without any (see the module's docstring)."""
    year_start = datetime(utcnow().year, 1, 1, tzinfo=CHINA) - timedelta(days=400)
    for code, kind, names in PLACEHOLDERS:
        tenant = tenants[code]
        if await _mediators_of(session, [tenant.id]):
            continue
        for i, name in enumerate(names):
            m = Mediator(
                id=new_id(),
                tenant_id=tenant.id,
                name=name,
                kind=kind,
                specialties=[TOPICS[i % len(TOPICS)].value],
                status=MediatorStatus.ACTIVE,
                practice_certificate_no=f"1110120{i + 1:010d}" if kind is MediatorKind.LAWYER else None,
                practice_years=8 + i if kind is MediatorKind.LAWYER else None,
                term_start=date(year_start.year + 1, 1, 1) if kind is MediatorKind.INVITED else None,
                term_end=date(year_start.year + 2, 12, 31) if kind is MediatorKind.INVITED else None,
                profile=f"{PLACEHOLDER_MARK}{tenant.name}调解员",
                created_at=year_start + timedelta(hours=i),
                updated_at=year_start + timedelta(hours=i),
                version=1,
            )
            session.add(m)
            await session.flush()
            session.add(MediatorAffiliation(mediator_id=m.id, tenant_id=tenant.id, created_at=m.created_at))
    await session.flush()


def _subtree(tenants: dict[str, Tenant], code: str) -> list[uuid.UUID]:
    root = tenants[code].id
    return [t.id for t in tenants.values() if t.id == root or t.parent_id == root or _below(tenants, t, root)]


def _below(tenants: dict[str, Tenant], t: Tenant, root: uuid.UUID) -> bool:
    by_id = {x.id: x for x in tenants.values()}
    parent = t.parent_id
    while parent is not None:
        if parent == root:
            return True
        parent = by_id[parent].parent_id
    return False


async def _training(
    session: AsyncSession, tenants: dict[str, Tenant], rng: random.Random, today: date
) -> tuple[int, int]:
    # The bureau and the district centre train the people's mediators of the district centre's subtree; the
    # court its 特邀 roster. Every fourth people's mediator is "busy" and attends little: below the minimum.
    people = await _mediators_of(session, _subtree(tenants, "district-centre"))
    court = await _mediators_of(session, _subtree(tenants, "district-court"))
    busy = {m.id for i, m in enumerate(people) if i % 4 == 3}
    events = attendance = 0
    for organiser, title, kind, month, dom, hours, place, share in EVENTS:
        held_on = date(today.year, month, dom)
        if held_on > today + timedelta(days=30):
            continue  # not yet planned
        event = TrainingEvent(
            id=new_id(),
            tenant_id=tenants[organiser].id,
            title=title,
            kind=kind,
            held_on=held_on,
            hours=Decimal(hours),
            place=place,
            description=f"{tenants[organiser].name}组织的{title}。",
            created_at=datetime(held_on.year, held_on.month, held_on.day, 9, tzinfo=CHINA)
            - timedelta(days=7),
        )
        session.add(event)
        await session.flush()
        events += 1
        if held_on > today:
            continue  # planned: nobody has attended yet
        pool = court if organiser == "district-court" else people
        for m in pool:
            if (m.id in busy and rng.random() < 0.8) or rng.random() > share:
                continue
            partial = rng.random() < 0.1
            got = (Decimal(hours) / 2).quantize(Decimal("0.1")) if partial else Decimal(hours)
            session.add(TrainingAttendance(event_id=event.id, mediator_id=m.id, hours=got))
            attendance += 1
    await session.flush()
    return events, attendance


def _duty_days(today: date) -> list[date]:
    """Weekdays from a week before the month of `today` to a week after it."""
    first = today.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    start, end = first - timedelta(days=7), next_month + timedelta(days=6)
    return [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if (start + timedelta(days=i)).weekday() < 5
    ]


async def _duty(
    session: AsyncSession, tenants: dict[str, Tenant], rng: random.Random, today: date
) -> tuple[int, int]:
    slots = consultations = 0
    for code, place in DUTY_TENANTS.items():
        tenant = tenants[code]
        on_duty = await _mediators_of(session, [tenant.id])
        if not on_duty:
            continue
        cases = await _cases_of(session, _subtree(tenants, code))
        published: list[DutySlot] = []
        for n, day in enumerate(_duty_days(today)):
            for h, half in enumerate((HalfDay.AM, HalfDay.PM)):
                mediator = on_duty[(n * 2 + h) % len(on_duty)]
                published.append(
                    DutySlot(
                        id=new_id(),
                        tenant_id=tenant.id,
                        on_date=day,
                        half_day=half,
                        place=place,
                        mediator_id=mediator.id,
                    )
                )
        session.add_all(published)
        await session.flush()  # the slots before the consultations that refer to them
        slots += len(published)
        for slot in published:
            if slot.on_date <= today:
                consultations += _consult(session, slot, rng, cases)
    await session.flush()
    return slots, consultations


async def _cases_of(session: AsyncSession, tenant_ids: list[uuid.UUID]) -> list[Case]:
    """Cases the duty tenant sees as owner or above the owner (a consultation may start a street's mediation)."""
    stmt = select(Case).where(Case.tenant_id.in_(tenant_ids)).order_by(Case.created_at)
    return list((await session.execute(stmt)).scalars())


def _consult(session: AsyncSession, slot: DutySlot, rng: random.Random, cases: list[Case]) -> int:
    """0–3 consultations; a mediation started names a case the tenant sees, registered on or after the day (its
    category is the consultation's topic)."""
    count = rng.choice((0, 1, 1, 2, 2, 3))
    for _ in range(count):
        topic = rng.choice(TOPICS)
        outcome = rng.choices(list(ConsultationOutcome), weights=(6, 2, 2))[0]
        case_id = None
        if outcome is ConsultationOutcome.MEDIATION_STARTED:
            later = [c for c in cases if c.created_at.astimezone(CHINA).date() >= slot.on_date]
            if later:
                started = rng.choice(later)
                case_id, topic = started.id, started.category
            else:
                outcome = ConsultationOutcome.REFERRED
        session.add(
            DutyConsultation(
                id=new_id(),
                slot_id=slot.id,
                topic=topic,
                outcome=outcome,
                case_id=case_id,
                summary=SUMMARIES[outcome].format(t=TOPIC_LABELS[topic]),
            )
        )
    return count
