"""A joint conference from convening to its end: PROPOSED → SCHEDULED → HELD → DECISIONS_ISSUED → CLOSED (or
CANCELLED with a reason), through the table in conferences/machine.py; and the meeting itself, its agenda and
who attended. Issuing the decisions and closing hand over to concord.conferences.decisions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.enforcer import permits
from concord.authz.visibility import VisibleTo
from concord.cases import service as cases
from concord.conferences import decisions, guards, invitations, repository
from concord.conferences.machine import AGENDA_IN, ATTENDANCE_IN, CONFERENCE_MACHINE, ConferenceState
from concord.db.base import new_id, utcnow
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict, NotFound
from concord.models import AgendaItem, Case, ConferenceCase, JointConference
from concord.models.enums import (
    Attendance,
    ConferenceEvent,
    ConferenceStatus,
    InvitationStatus,
    MinutesStatus,
    ReferralStatus,
)
from concord.trail.recorder import created, diff, record

# --- convene ----------------------------------------------------------------------------------------------------


@dataclass
class NewConference:
    title: str
    purpose: str
    case_ids: list[uuid.UUID]
    chair: str
    lead_tenant_id: uuid.UUID | None = None
    starts_at: datetime | None = None
    place: str | None = None
    online_link: str | None = None
    participant_ids: list[uuid.UUID] = field(default_factory=list)


async def convene(session: AsyncSession, p: Principal, data: NewConference) -> JointConference:
    """A PROPOSED conference on the acting tenant's visible cases, convened (and led, by default) by it."""
    title = guards.text(data.title, "title", "会议名称", 200)
    chair = guards.text(data.chair, "chair", "主持人", 100)
    case_rows = await _visible_cases(session, p, data.case_ids)
    now = utcnow()
    conf = JointConference(
        id=new_id(),
        tenant_id=p.tenant_id,
        status=ConferenceStatus.PROPOSED,
        title=title,
        purpose=(data.purpose or "").strip(),
        starts_at=data.starts_at,
        place=guards.optional(data.place),
        online_link=guards.optional(data.online_link),
        lead_tenant_id=p.tenant_id,
        chair=chair,
        minutes_status=MinutesStatus.DRAFT,
        created_by=guards.user_id(p),
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(conf)
    await session.flush()
    await repository.add_access(session, conf.id, p.tenant_id, "CONVENOR", None)
    for i, case in enumerate(case_rows):
        session.add(ConferenceCase(conference_id=conf.id, case_id=case.id, position=i))
    _record_convened(session, conf, case_rows)
    await session.flush()
    if data.participant_ids:
        await invitations.invite_tenants(session, p, conf, data.participant_ids, now)
    if data.lead_tenant_id is not None and data.lead_tenant_id != p.tenant_id:
        if await repository.participant_of(session, conf.id, data.lead_tenant_id) is None:
            raise BadUserInput("牵头单位须为召集单位或受邀单位", field="leadTenantId")
        conf.lead_tenant_id = data.lead_tenant_id
    await session.flush()
    return conf


async def _visible_cases(session: AsyncSession, p: Principal, case_ids: list[uuid.UUID]) -> list[Case]:
    """The cases, once each in the order given; every one must be visible to the acting tenant."""
    if not case_ids:
        raise BadUserInput("联席会议须至少关联一件案件", field="caseIds")
    rows = []
    for cid in dict.fromkeys(case_ids):
        case = await cases.get_visible(session, VisibleTo.of(p), cid)
        if case is None:
            raise NotFound(field="caseIds")
        rows.append(case)
    return rows


def _record_convened(session: AsyncSession, conf: JointConference, case_rows: list[Case]) -> None:
    values = {
        "status": conf.status,
        "title": conf.title,
        "purpose": conf.purpose,
        "chair": conf.chair,
        "starts_at": conf.starts_at,
        "place": conf.place,
        "online_link": conf.online_link,
        "cases": [c.number for c in case_rows],
    }
    record(
        session,
        "conference.convene",
        "JointConference",
        conf.id,
        conference_id=conf.id,
        case_id=case_rows[0].id,
        changes=created(values),
    )


# --- the meeting ------------------------------------------------------------------------------------------------


@dataclass
class AttendanceEntry:
    tenant_id: uuid.UUID
    attendance: Attendance
    representative: str | None = None
    note: str | None = None


async def record_attendance(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, entries: list[AttendanceEntry]
) -> JointConference:
    conf = await guards.load(session, p, conference_id)
    guards.require_convenor(conf, p)
    guards.stage(conf, ATTENDANCE_IN, "记录到会情况")
    if not entries:
        raise BadUserInput("请填写到会情况", field="entries")
    for e in entries:
        part = await repository.participant_of(session, conf.id, e.tenant_id, for_update=True)
        if part is None or part.status is not InvitationStatus.ACCEPTED:
            raise BadUserInput("只能为已接受邀请的参会单位记录到会情况", field="entries.tenantId")
        before = {
            "attendance": part.attendance,
            "representative": part.representative,
            "note": part.attendance_note,
        }
        part.attendance = e.attendance
        part.representative = guards.optional(e.representative) or part.representative
        part.attendance_note = guards.optional(e.note)
        part.version += 1
        after = {
            "attendance": part.attendance,
            "representative": part.representative,
            "note": part.attendance_note,
        }
        record(
            session,
            "conference.attendance.record",
            "ConferenceParticipant",
            part.id,
            conference_id=conf.id,
            changes=diff(before, after),
        )
    guards.touch(conf, utcnow())
    await session.flush()
    return conf


async def add_agenda_item(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, title: str, case_id: uuid.UUID | None
) -> AgendaItem:
    conf = await guards.load(session, p, conference_id)
    guards.require_convenor(conf, p)
    guards.stage(conf, AGENDA_IN, "增加议题")
    title = guards.text(title, "title", "议题", 200)
    if case_id is not None:
        linked = {cc.case_id for cc in await repository.children(session, "cases", [conf.id])}
        if case_id not in linked:
            raise BadUserInput("议题关联的案件须为本次会议的案件", field="caseId")
    position = len(await repository.children(session, "agenda", [conf.id])) + 1
    item = AgendaItem(id=new_id(), conference_id=conf.id, position=position, title=title, case_id=case_id)
    session.add(item)
    guards.touch(conf, utcnow())
    await session.flush()
    record(
        session,
        "conference.agenda.add",
        "AgendaItem",
        item.id,
        conference_id=conf.id,
        case_id=case_id,
        changes=created({"position": position, "title": title}),
    )
    return item


# --- status -----------------------------------------------------------------------------------------------------


async def state_of(session: AsyncSession, conf: JointConference) -> ConferenceState:
    """What the machine's conditions read: time and place, acceptances, attendance, minutes, decisions, and
    action items whose referral is not closed yet."""
    parts = await repository.children(session, "participants", [conf.id])
    items = await repository.children(session, "action_items", [conf.id])
    statuses = await repository.referral_statuses(session, [i.referral_id for i in items if i.referral_id])
    open_items = sum(
        1 for i in items if i.referral_id is None or statuses.get(i.referral_id) is not ReferralStatus.CLOSED
    )
    return ConferenceState(
        has_time_and_place=conf.starts_at is not None and bool(conf.place or conf.online_link),
        accepted=sum(1 for x in parts if x.status is InvitationStatus.ACCEPTED),
        attendance_recorded=sum(1 for x in parts if x.attendance is not None),
        minutes_locked=conf.minutes_status is MinutesStatus.LOCKED,
        decisions=len(await repository.children(session, "decisions", [conf.id])),
        open_action_items=open_items,
    )


@dataclass
class Schedule:
    starts_at: datetime | None = None
    place: str | None = None
    online_link: str | None = None


SCHEDULE_FIELDS = ("starts_at", "place", "online_link")


async def transition(
    session: AsyncSession,
    p: Principal,
    conference_id: uuid.UUID,
    event: ConferenceEvent,
    reason: str | None = None,
    *,
    expected_version: int | None = None,
    schedule: Schedule | None = None,
) -> JointConference:
    conf = await guards.load(session, p, conference_id)
    if expected_version is not None and expected_version != conf.version:
        raise Conflict("会议已被他人修改，请刷新后重试", version=conf.version, status=conf.status.value)
    rel = await guards.relations(session, conf, p.tenant_id)
    now = clock.now()  # issuing decisions starts the action items' deadlines; closing settles them
    before: dict[str, object] = {"status": conf.status, "version": conf.version}
    if event is ConferenceEvent.SCHEDULE and schedule is not None and "convenor" in rel:
        before |= _reschedule(conf, schedule)
    state = await state_of(session, conf)
    t = CONFERENCE_MACHINE.check(conf.status, event, permits(p), rel, reason, subject=state, field="event")
    if t.needs_reason:
        reason = guards.text(reason, "reason", "理由", 2000)
    conf.status = t.target
    guards.touch(conf, now)
    after = _stamp(conf, event, reason, now)
    record(
        session,
        f"conference.{event.value.lower()}",
        "JointConference",
        conf.id,
        conference_id=conf.id,
        changes=diff(before, after),
    )
    await session.flush()
    if event is ConferenceEvent.ISSUE_DECISIONS:
        await decisions.issue_action_items(session, p, conf, now)
    elif event is ConferenceEvent.CLOSE:
        await decisions.close_action_items(session, conf, now)
    await session.flush()
    return conf


def _reschedule(conf: JointConference, schedule: Schedule) -> dict[str, object]:
    """Apply the convenor's new time, place or link (blank keeps the old); returns the old values."""
    old: dict[str, object] = {f: getattr(conf, f) for f in SCHEDULE_FIELDS}
    conf.starts_at = schedule.starts_at or conf.starts_at
    conf.place = guards.optional(schedule.place) or conf.place
    conf.online_link = guards.optional(schedule.online_link) or conf.online_link
    return old


def _stamp(
    conf: JointConference, event: ConferenceEvent, reason: str | None, now: datetime
) -> dict[str, object]:
    """Stamp the event's moment (or the cancel reason) on the conference; returns what the audit event shows."""
    after: dict[str, object] = {"status": conf.status, "version": conf.version}
    if event is ConferenceEvent.SCHEDULE:
        after |= {f: getattr(conf, f) for f in SCHEDULE_FIELDS}
    elif event is ConferenceEvent.HOLD:
        conf.held_at = now
    elif event is ConferenceEvent.ISSUE_DECISIONS:
        conf.issued_at = now
    elif event is ConferenceEvent.CLOSE:
        conf.closed_at = now
    elif event is ConferenceEvent.CANCEL:
        conf.cancel_reason = after["cancel_reason"] = reason
    return after
