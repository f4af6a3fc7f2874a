"""Decisions of a joint conference and their action items. The convenor records each decision with a lead
tenant, supporting tenants and at least one action item; issuing the decisions turns every action item into an
ASSIGNED referral (交办) with a deadline of its own, and closing the conference settles them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.conferences import guards, repository
from concord.conferences.machine import DECISIONS_IN
from concord.db.base import new_id
from concord.deadlines import clocks
from concord.kit import clock
from concord.kit.errors import BadUserInput, NotFound
from concord.models import AgendaItem, ConferenceActionItem, ConferenceDecision, JointConference
from concord.models.enums import ActionItemStatus, InvitationStatus, ReferralKind
from concord.referrals.service import NewReferral, refer_case
from concord.tenants import service as tenants
from concord.trail.recorder import created, diff, record

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass
class NewActionItem:
    description: str
    due_date: date
    responsible_tenant_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


@dataclass
class NewDecision:
    text: str
    responsible_tenant_id: uuid.UUID
    supporting_tenant_ids: list[uuid.UUID] = field(default_factory=list)
    agenda_item_id: uuid.UUID | None = None
    action_items: list[NewActionItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Bounds:
    """What every action item of one decision is checked against."""

    accepted: set[uuid.UUID]  # tenants that accepted the invitation
    case_ids: list[uuid.UUID]  # the conference's cases
    default_case: uuid.UUID
    default_responsible: uuid.UUID
    today: date


async def add_decision(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, data: NewDecision
) -> ConferenceDecision:
    conf = await guards.load(session, p, conference_id)
    guards.require_convenor(conf, p)
    guards.stage(conf, DECISIONS_IN, "记录会议决定")
    text = guards.text(data.text, "text", "决定内容", 5000)
    parts = await repository.children(session, "participants", [conf.id])
    accepted = {x.tenant_id for x in parts if x.status is InvitationStatus.ACCEPTED}
    supporting = _supporting(conf, data, accepted)
    case_ids = [cc.case_id for cc in await repository.children(session, "cases", [conf.id])]
    default_case = await _default_case(session, conf, data.agenda_item_id, case_ids[0])
    if not data.action_items:
        raise BadUserInput("每项决定须至少有一项办理事项", field="actionItems")
    now = clock.now()  # the business clock: action items become deadlines, and may not be due before today
    today = now.astimezone(CHINA).date()
    decision = await _add(session, conf, data, text, supporting, now)
    bounds = _Bounds(accepted, case_ids, default_case, data.responsible_tenant_id, today)
    for i, a in enumerate(data.action_items):
        await _add_action_item(session, conf, decision, i, a, bounds, now)
    guards.touch(conf, now)
    await session.flush()
    return decision


def _supporting(conf: JointConference, data: NewDecision, accepted: set[uuid.UUID]) -> list[uuid.UUID]:
    """The supporting tenants, once each; the lead must have accepted, and may not also support."""
    if data.responsible_tenant_id not in accepted:
        raise BadUserInput("牵头办理单位须为已接受邀请的参会单位", field="responsibleTenantId")
    supporting = list(dict.fromkeys(data.supporting_tenant_ids))
    if any(t not in accepted and t != conf.tenant_id for t in supporting):
        raise BadUserInput("配合单位须为参会单位", field="supportingTenantIds")
    if data.responsible_tenant_id in supporting:
        raise BadUserInput("牵头单位不能同时为配合单位", field="supportingTenantIds")
    return supporting


async def _default_case(
    session: AsyncSession, conf: JointConference, agenda_item_id: uuid.UUID | None, first_case: uuid.UUID
) -> uuid.UUID:
    """An action item without a case concerns its decision's agenda item's case, else the first case."""
    if agenda_item_id is None:
        return first_case
    item = await repository.one_child(session, AgendaItem, conf.id, agenda_item_id)
    if item is None:
        raise NotFound("议题不存在", field="agendaItemId")
    return item.case_id or first_case


async def _add(
    session: AsyncSession,
    conf: JointConference,
    data: NewDecision,
    text: str,
    supporting: list[uuid.UUID],
    now: datetime,
) -> ConferenceDecision:
    position = len(await repository.children(session, "decisions", [conf.id])) + 1
    decision = ConferenceDecision(
        id=new_id(),
        conference_id=conf.id,
        position=position,
        text=text,
        responsible_tenant_id=data.responsible_tenant_id,
        supporting_tenant_ids=supporting,
        agenda_item_id=data.agenda_item_id,
        created_at=now,
    )
    session.add(decision)
    await session.flush()
    named = await tenants.by_ids(session, [data.responsible_tenant_id, *supporting])
    codes = {t.id: t.code for t in named}
    values = {
        "position": position,
        "text": text,
        "responsible": codes[data.responsible_tenant_id],
        "supporting": [codes[t] for t in supporting],
    }
    record(
        session,
        "conference.decision.add",
        "ConferenceDecision",
        decision.id,
        conference_id=conf.id,
        changes=created(values),
    )
    return decision


async def _add_action_item(
    session: AsyncSession,
    conf: JointConference,
    decision: ConferenceDecision,
    i: int,
    a: NewActionItem,
    bounds: _Bounds,
    now: datetime,
) -> None:
    description = guards.text(a.description, f"actionItems.{i}.description", "办理事项", 2000)
    responsible = a.responsible_tenant_id or bounds.default_responsible
    if responsible not in bounds.accepted:
        raise BadUserInput(
            "办理事项的责任单位须为已接受邀请的参会单位", field=f"actionItems.{i}.responsibleTenantId"
        )
    case_id = a.case_id or bounds.default_case
    if case_id not in bounds.case_ids:
        raise BadUserInput("办理事项关联的案件须为本次会议的案件", field=f"actionItems.{i}.caseId")
    if a.due_date < bounds.today:
        raise BadUserInput("办理期限不能早于今天", field=f"actionItems.{i}.dueDate")
    action = ConferenceActionItem(
        id=new_id(),
        conference_id=conf.id,
        decision_id=decision.id,
        case_id=case_id,
        responsible_tenant_id=responsible,
        description=description,
        due_date=a.due_date,
        status=ActionItemStatus.DRAFT,
        created_at=now,
    )
    session.add(action)
    await session.flush()
    values = {"description": description, "due_date": a.due_date, "status": action.status}
    record(
        session,
        "conference.action_item.add",
        "ConferenceActionItem",
        action.id,
        conference_id=conf.id,
        case_id=case_id,
        changes=created(values),
    )


async def issue_action_items(
    session: AsyncSession, p: Principal, conf: JointConference, now: datetime
) -> None:
    """Issue: every action item becomes an ASSIGNED referral (交办) with its own deadline, which the watcher
    sweeps like any other (overdue → the case's supervision rises)."""
    for item in await repository.children(session, "action_items", [conf.id]):
        if item.status is not ActionItemStatus.DRAFT:
            continue
        reason = f"联席会议“{conf.title}”交办：{item.description}（办理期限：{item.due_date.isoformat()}）"
        referral = await refer_case(
            session,
            p,
            NewReferral(item.case_id, item.responsible_tenant_id, ReferralKind.ASSIGNED, reason),
            through_conference=True,
        )
        item.referral_id, item.status = referral.id, ActionItemStatus.OPEN
        await clocks.start_action_item_clock(session, referral, item.due_date, conf.title, now)
        after = {"status": item.status, "referral_id": referral.id, "due_date": item.due_date}
        record(
            session,
            "conference.action_item.assign",
            "ConferenceActionItem",
            item.id,
            conference_id=conf.id,
            case_id=item.case_id,
            changes=diff({"status": ActionItemStatus.DRAFT}, after),
        )


async def close_action_items(session: AsyncSession, conf: JointConference, now: datetime) -> None:
    """Closing the conference closes its action items and settles their deadlines."""
    items = await repository.children(session, "action_items", [conf.id])
    referral_ids = [i.referral_id for i in items if i.referral_id]
    for item in items:
        if item.status is ActionItemStatus.CLOSED:
            continue
        item.status, item.closed_at = ActionItemStatus.CLOSED, now
        record(
            session,
            "conference.action_item.close",
            "ConferenceActionItem",
            item.id,
            conference_id=conf.id,
            case_id=item.case_id,
            changes=diff({"status": ActionItemStatus.OPEN}, {"status": item.status}),
        )
    await clocks.settle_action_items(session, referral_ids, now)
