"""Rules for joint conferences (联席会议): convene, invite, answer, attend, minutes (drafts, comments, sign-offs,
lock, addenda), decisions and action items, and the lifecycle PROPOSED → SCHEDULED → HELD → DECISIONS_ISSUED →
CLOSED (or CANCELLED with a reason).

Who may act: the convenor runs the conference; accepted participants comment on and sign the minutes; an
invited tenant answers its own invitation. Every step records an audit event carrying the conference id (and
the case id where a case is involved). The conference row is locked (SELECT … FOR UPDATE) before its state is
read, so concurrent steps serialise."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.audit.service import created, diff, record
from concord.auth.principal import Principal
from concord.cases import repository as cases
from concord.conferences import errors, repository
from concord.conferences.machine import (
    ADDENDA_IN,
    AGENDA_IN,
    ATTENDANCE_IN,
    CONFERENCE_MACHINE,
    DECISIONS_IN,
    INVITE_IN,
    MINUTES_IN,
    MINUTES_MACHINE,
    ConferenceState,
)
from concord.db.base import new_id, utcnow
from concord.deadlines import clocks
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict, NotFound
from concord.models import (
    AgendaItem,
    ConferenceActionItem,
    ConferenceCase,
    ConferenceDecision,
    ConferenceParticipant,
    JointConference,
    MinutesAddendum,
    MinutesComment,
    MinutesSignoff,
    MinutesVersion,
    Referral,
)
from concord.models.enums import (
    AccessReason,
    ActionItemStatus,
    Attendance,
    ConferenceEvent,
    ConferenceStatus,
    InvitationResponse,
    InvitationStatus,
    MinutesEvent,
    MinutesStatus,
    ReferralKind,
    ReferralStatus,
)
from concord.tenants import repository as tenants

CHINA = ZoneInfo("Asia/Shanghai")
TEXT_MAX = 20000
STAGE_ORDER = [
    ConferenceStatus.PROPOSED,
    ConferenceStatus.SCHEDULED,
    ConferenceStatus.HELD,
    ConferenceStatus.DECISIONS_ISSUED,
    ConferenceStatus.CLOSED,
]


def _text(value: str | None, field_: str, what: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise BadUserInput(f"请填写{what}", field=field_)
    if len(value) > limit:
        raise BadUserInput(f"{what}不能超过{limit}个字", field=field_)
    return value


def _opt(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _user_id(p: Principal) -> uuid.UUID | None:
    return p.id if p.kind == "user" else None


def _stage(conf: JointConference, allowed: frozenset[ConferenceStatus], what: str) -> None:
    if conf.status in allowed:
        return
    later = conf.status in (ConferenceStatus.CANCELLED, ConferenceStatus.CLOSED) or (
        conf.status in STAGE_ORDER
        and STAGE_ORDER.index(conf.status) > max(STAGE_ORDER.index(s) for s in allowed)
    )
    raise errors.wrong_stage(conf.status, what, later)


async def _load(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, field_: str = "conferenceId"
) -> JointConference:
    conf = await repository.get_visible(session, p.tenant_id, conference_id, for_update=True)
    if conf is None:
        raise NotFound(field=field_)
    return conf


def _require_convenor(conf: JointConference, p: Principal) -> None:
    if conf.tenant_id != p.tenant_id:
        raise errors.not_convenor()


async def relations(session: AsyncSession, conf: JointConference, tenant_id: uuid.UUID) -> set[str]:
    rel: set[str] = set()
    if conf.tenant_id == tenant_id:
        rel |= {"convenor", "participant"}
    else:
        part = await repository.participant_of(session, conf.id, tenant_id)
        if part is not None and part.status is InvitationStatus.ACCEPTED:
            rel.add("participant")
    return rel


def _touch(conf: JointConference, now: datetime) -> None:
    conf.updated_at = now
    conf.version += 1


# --- convene and invite -----------------------------------------------------------------------------------------


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
    title = _text(data.title, "title", "会议名称", 200)
    chair = _text(data.chair, "chair", "主持人", 100)
    if not data.case_ids:
        raise BadUserInput("联席会议须至少关联一件案件", field="caseIds")
    case_rows = []
    for cid in dict.fromkeys(data.case_ids):
        case = await cases.get_visible(session, p.tenant_id, cid)
        if case is None:
            raise NotFound(field="caseIds")
        case_rows.append(case)
    now = utcnow()
    conf = JointConference(
        id=new_id(), tenant_id=p.tenant_id, status=ConferenceStatus.PROPOSED, title=title,
        purpose=(data.purpose or "").strip(), starts_at=data.starts_at, place=_opt(data.place),
        online_link=_opt(data.online_link), lead_tenant_id=p.tenant_id, chair=chair,
        minutes_status=MinutesStatus.DRAFT, created_by=_user_id(p), created_at=now, updated_at=now, version=1,
    )  # fmt: skip
    session.add(conf)
    await session.flush()
    await repository.add_access(session, conf.id, p.tenant_id, "CONVENOR", None)
    for i, case in enumerate(case_rows):
        session.add(ConferenceCase(conference_id=conf.id, case_id=case.id, position=i))
    record(
        session,
        "conference.convene",
        "JointConference",
        conf.id,
        conference_id=conf.id,
        case_id=case_rows[0].id,
        changes=created(
            {
                "status": conf.status, "title": title, "purpose": conf.purpose, "chair": chair,
                "starts_at": conf.starts_at, "place": conf.place, "online_link": conf.online_link,
                "cases": [c.number for c in case_rows],
            }
        ),
    )  # fmt: skip
    await session.flush()
    if data.participant_ids:
        await _invite(session, p, conf, data.participant_ids, now)
    if data.lead_tenant_id is not None and data.lead_tenant_id != p.tenant_id:
        if await repository.participant_of(session, conf.id, data.lead_tenant_id) is None:
            raise BadUserInput("牵头单位须为召集单位或受邀单位", field="leadTenantId")
        conf.lead_tenant_id = data.lead_tenant_id
    await session.flush()
    return conf


async def _invite(
    session: AsyncSession, p: Principal, conf: JointConference, tenant_ids: list[uuid.UUID], now: datetime
) -> list[ConferenceParticipant]:
    out = []
    for tid in dict.fromkeys(tenant_ids):
        target = await tenants.by_id(session, tid)
        if target is None or not target.is_active:
            raise NotFound("受邀单位不存在", field="tenantIds")
        if tid == conf.tenant_id:
            raise BadUserInput("召集单位无需邀请自己", field="tenantIds")
        if await repository.participant_of(session, conf.id, tid) is not None:
            raise Conflict(f"{target.name}已在邀请名单中", field="tenantIds")
        part = ConferenceParticipant(
            id=new_id(), conference_id=conf.id, tenant_id=tid, status=InvitationStatus.INVITED,
            invited_by_id=p.tenant_id, invited_at=now, version=1,
        )  # fmt: skip
        await repository.add_access(session, conf.id, tid, "PARTICIPANT", p.tenant_id)
        session.add(part)
        await session.flush()
        record(
            session,
            "conference.participant.invite",
            "ConferenceParticipant",
            part.id,
            conference_id=conf.id,
            changes=created({"tenant": target.code, "status": part.status}),
        )
        out.append(part)
    return out


async def invite(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, tenant_ids: list[uuid.UUID]
) -> JointConference:
    conf = await _load(session, p, conference_id)
    _require_convenor(conf, p)
    _stage(conf, INVITE_IN, "邀请参会单位")
    if not tenant_ids:
        raise BadUserInput("请选择受邀单位", field="tenantIds")
    now = utcnow()
    await _invite(session, p, conf, tenant_ids, now)
    _touch(conf, now)
    await session.flush()
    return conf


async def respond(
    session: AsyncSession,
    p: Principal,
    conference_id: uuid.UUID,
    response: InvitationResponse,
    *,
    reason: str | None = None,
    representative: str | None = None,
    delegate_to: uuid.UUID | None = None,
) -> ConferenceParticipant:
    conf = await _load(session, p, conference_id)
    part = await repository.participant_of(session, conf.id, p.tenant_id, for_update=True)
    if part is None:
        raise errors.not_participant() if conf.tenant_id == p.tenant_id else NotFound(field="conferenceId")
    if part.status is not InvitationStatus.INVITED:
        raise Conflict(f"已答复该邀请（{part.status.value}）", status=part.status.value)
    _stage(conf, INVITE_IN | {ConferenceStatus.HELD}, "答复邀请")
    now = utcnow()
    before = {"status": part.status, "representative": part.representative}
    extra: dict[str, object] = {}
    if response is InvitationResponse.ACCEPT:
        part.status = InvitationStatus.ACCEPTED
        part.representative = _text(representative, "representative", "参会代表", 100)
        # The participant now sees the cases on the agenda (read only: a CONFERENCE edge never makes a handler).
        for cc in await repository.children(session, "cases", [conf.id]):
            await cases.add_access(session, cc.case_id, p.tenant_id, AccessReason.CONFERENCE)
    elif response is InvitationResponse.DECLINE:
        part.status = InvitationStatus.DECLINED
        part.decline_reason = _text(reason, "reason", "谢绝理由", 2000)
        extra["decline_reason"] = part.decline_reason
    else:
        if delegate_to is None:
            raise BadUserInput("请选择代为参会的单位", field="delegateTenantId")
        target = await tenants.by_id(session, delegate_to)
        if target is None or not target.is_active:
            raise NotFound("代为参会的单位不存在", field="delegateTenantId")
        if delegate_to == conf.tenant_id or await repository.participant_of(session, conf.id, delegate_to):
            raise Conflict(f"{target.name}已在参会名单中", field="delegateTenantId")
        part.status = InvitationStatus.DELEGATED
        part.delegated_to_id = delegate_to
        part.decline_reason = _opt(reason)
        extra["delegated_to"] = target.code
        await _invite(session, p, conf, [delegate_to], now)
    part.responded_at = now
    part.version += 1
    record(
        session,
        f"conference.invitation.{response.value.lower()}",
        "ConferenceParticipant",
        part.id,
        conference_id=conf.id,
        changes=diff(before, {"status": part.status, "representative": part.representative, **extra}),
    )
    await session.flush()
    return part


# --- the meeting ----------------------------------------------------------------------------------------------


@dataclass
class AttendanceEntry:
    tenant_id: uuid.UUID
    attendance: Attendance
    representative: str | None = None
    note: str | None = None


async def record_attendance(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, entries: list[AttendanceEntry]
) -> JointConference:
    conf = await _load(session, p, conference_id)
    _require_convenor(conf, p)
    _stage(conf, ATTENDANCE_IN, "记录到会情况")
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
        part.representative = _opt(e.representative) or part.representative
        part.attendance_note = _opt(e.note)
        part.version += 1
        record(
            session,
            "conference.attendance.record",
            "ConferenceParticipant",
            part.id,
            conference_id=conf.id,
            changes=diff(
                before,
                {
                    "attendance": part.attendance,
                    "representative": part.representative,
                    "note": part.attendance_note,
                },
            ),
        )
    _touch(conf, utcnow())
    await session.flush()
    return conf


async def add_agenda_item(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, title: str, case_id: uuid.UUID | None
) -> AgendaItem:
    conf = await _load(session, p, conference_id)
    _require_convenor(conf, p)
    _stage(conf, AGENDA_IN, "增加议题")
    title = _text(title, "title", "议题", 200)
    if case_id is not None:
        linked = {cc.case_id for cc in await repository.children(session, "cases", [conf.id])}
        if case_id not in linked:
            raise BadUserInput("议题关联的案件须为本次会议的案件", field="caseId")
    position = len(await repository.children(session, "agenda", [conf.id])) + 1
    item = AgendaItem(id=new_id(), conference_id=conf.id, position=position, title=title, case_id=case_id)
    session.add(item)
    _touch(conf, utcnow())
    await session.flush()
    record(
        session, "conference.agenda.add", "AgendaItem", item.id, conference_id=conf.id, case_id=case_id,
        changes=created({"position": position, "title": title}),
    )  # fmt: skip
    return item


# --- minutes --------------------------------------------------------------------------------------------------


async def _minutes_check(
    session: AsyncSession, p: Principal, conf: JointConference, event: MinutesEvent, what: str
) -> None:
    rel = await relations(session, conf, p.tenant_id)
    MINUTES_MACHINE.check(conf.minutes_status, event, p.roles, rel, None, field="conferenceId")
    if event is not MinutesEvent.ADDEND:
        _stage(conf, MINUTES_IN, what)
    else:
        _stage(conf, ADDENDA_IN, what)


async def _latest(session: AsyncSession, conf: JointConference) -> MinutesVersion | None:
    versions = await repository.children(session, "minutes", [conf.id])
    return versions[-1] if versions else None


async def save_minutes(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, body: str, expected_number: int | None
) -> MinutesVersion:
    conf = await _load(session, p, conference_id)
    await _minutes_check(session, p, conf, MinutesEvent.EDIT, "修改会议纪要")
    body = _text(body, "body", "纪要内容")
    latest = await _latest(session, conf)
    current = latest.number if latest else 0
    if expected_number is not None and expected_number != current:
        raise Conflict("会议纪要已有新版本，请刷新后重试", version=current)
    now = utcnow()
    version = MinutesVersion(
        id=new_id(), conference_id=conf.id, number=current + 1, body=body, tenant_id=p.tenant_id,
        author_id=_user_id(p), author_name=p.display_name, created_at=now,
    )  # fmt: skip
    session.add(version)
    _touch(conf, now)
    await session.flush()
    record(
        session, "conference.minutes.save", "MinutesVersion", version.id, conference_id=conf.id,
        changes=diff({"number": current, "body": latest.body if latest else None}, {"number": version.number, "body": body}),
    )  # fmt: skip
    return version


async def comment_minutes(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, body: str
) -> MinutesComment:
    conf = await _load(session, p, conference_id)
    await _minutes_check(session, p, conf, MinutesEvent.COMMENT, "对纪要提出意见")
    body = _text(body, "body", "意见", 5000)
    latest = await _latest(session, conf)
    if latest is None:
        raise BadUserInput("尚无会议纪要稿", field="conferenceId")
    comment = MinutesComment(
        id=new_id(), conference_id=conf.id, version_id=latest.id, tenant_id=p.tenant_id, author_id=_user_id(p),
        author_name=p.display_name, body=body, created_at=utcnow(),
    )  # fmt: skip
    session.add(comment)
    await session.flush()
    record(
        session, "conference.minutes.comment", "MinutesComment", comment.id, conference_id=conf.id,
        changes=created({"version": latest.number, "body": body}),
    )  # fmt: skip
    return comment


async def required_signers(session: AsyncSession, conf: JointConference) -> set[uuid.UUID]:
    parts = await repository.children(session, "participants", [conf.id])
    return {conf.tenant_id} | {x.tenant_id for x in parts if x.status is InvitationStatus.ACCEPTED}


async def sign_minutes(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, expected_number: int | None
) -> MinutesSignoff:
    conf = await _load(session, p, conference_id)
    await _minutes_check(session, p, conf, MinutesEvent.SIGN, "会签纪要")
    latest = await _latest(session, conf)
    if latest is None:
        raise BadUserInput("尚无会议纪要稿", field="conferenceId")
    if expected_number is not None and expected_number != latest.number:
        raise Conflict("会议纪要已有新版本，请阅读后再会签", version=latest.number)
    signed = {
        s.tenant_id
        for s in await repository.children(session, "signoffs", [conf.id])
        if s.version_id == latest.id
    }
    if p.tenant_id in signed:
        raise Conflict("本单位已会签该版本")
    part = await repository.participant_of(session, conf.id, p.tenant_id)
    now = utcnow()
    signer = (part.representative if part and part.representative else None) or p.display_name
    signoff = MinutesSignoff(
        id=new_id(), conference_id=conf.id, version_id=latest.id, tenant_id=p.tenant_id, signer_id=_user_id(p),
        signer_name=signer, signed_at=now,
    )  # fmt: skip
    session.add(signoff)
    await session.flush()
    record(
        session, "conference.minutes.sign", "MinutesSignoff", signoff.id, conference_id=conf.id,
        changes=created({"version": latest.number, "signer": signer}),
    )  # fmt: skip
    if (signed | {p.tenant_id}) >= await required_signers(session, conf):
        MINUTES_MACHINE.check(conf.minutes_status, MinutesEvent.LOCK, p.roles, {"participant"}, None)
        before = {"minutes_status": conf.minutes_status, "minutes_locked_at": None}
        conf.minutes_status, conf.minutes_locked_at = MinutesStatus.LOCKED, now
        _touch(conf, now)
        record(
            session, "conference.minutes.lock", "JointConference", conf.id, conference_id=conf.id,
            changes=diff(before, {"minutes_status": conf.minutes_status, "minutes_locked_at": now, "version": latest.number}),
        )  # fmt: skip
        await session.flush()
    return signoff


async def add_addendum(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, body: str
) -> MinutesAddendum:
    conf = await _load(session, p, conference_id)
    await _minutes_check(session, p, conf, MinutesEvent.ADDEND, "追加补充说明")
    body = _text(body, "body", "补充说明")
    number = len(await repository.children(session, "addenda", [conf.id])) + 1
    now = utcnow()
    addendum = MinutesAddendum(
        id=new_id(), conference_id=conf.id, number=number, body=body, tenant_id=p.tenant_id,
        signer_id=_user_id(p), signer_name=p.display_name, signed_at=now,
    )  # fmt: skip
    session.add(addendum)
    _touch(conf, now)
    await session.flush()
    record(
        session, "conference.minutes.addendum", "MinutesAddendum", addendum.id, conference_id=conf.id,
        changes=created({"number": number, "body": body, "signer": p.display_name}),
    )  # fmt: skip
    return addendum


# --- decisions and action items -----------------------------------------------------------------------------------


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


async def add_decision(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, data: NewDecision
) -> ConferenceDecision:
    conf = await _load(session, p, conference_id)
    _require_convenor(conf, p)
    _stage(conf, DECISIONS_IN, "记录会议决定")
    text = _text(data.text, "text", "决定内容", 5000)
    parts = {x.tenant_id: x for x in await repository.children(session, "participants", [conf.id])}
    accepted = {t for t, x in parts.items() if x.status is InvitationStatus.ACCEPTED}
    if data.responsible_tenant_id not in accepted:
        raise BadUserInput("牵头办理单位须为已接受邀请的参会单位", field="responsibleTenantId")
    supporting = list(dict.fromkeys(data.supporting_tenant_ids))
    if any(t not in accepted and t != conf.tenant_id for t in supporting):
        raise BadUserInput("配合单位须为参会单位", field="supportingTenantIds")
    if data.responsible_tenant_id in supporting:
        raise BadUserInput("牵头单位不能同时为配合单位", field="supportingTenantIds")
    case_ids = [cc.case_id for cc in await repository.children(session, "cases", [conf.id])]
    default_case = case_ids[0]
    if data.agenda_item_id is not None:
        item = await repository.one_child(session, AgendaItem, conf.id, data.agenda_item_id)
        if item is None:
            raise NotFound("议题不存在", field="agendaItemId")
        default_case = item.case_id or default_case
    if not data.action_items:
        raise BadUserInput("每项决定须至少有一项办理事项", field="actionItems")
    now = clock.now()  # the business clock: action items become deadlines, and may not be due before today
    today = now.astimezone(CHINA).date()
    position = len(await repository.children(session, "decisions", [conf.id])) + 1
    decision = ConferenceDecision(
        id=new_id(), conference_id=conf.id, position=position, text=text,
        responsible_tenant_id=data.responsible_tenant_id, supporting_tenant_ids=supporting,
        agenda_item_id=data.agenda_item_id, created_at=now,
    )  # fmt: skip
    session.add(decision)
    await session.flush()
    codes = {t.id: t.code for t in await tenants.by_ids(session, [data.responsible_tenant_id, *supporting])}
    record(
        session, "conference.decision.add", "ConferenceDecision", decision.id, conference_id=conf.id,
        changes=created({"position": position, "text": text, "responsible": codes[data.responsible_tenant_id],
                         "supporting": [codes[t] for t in supporting]}),
    )  # fmt: skip
    for i, a in enumerate(data.action_items):
        description = _text(a.description, f"actionItems.{i}.description", "办理事项", 2000)
        responsible = a.responsible_tenant_id or data.responsible_tenant_id
        if responsible not in accepted:
            raise BadUserInput(
                "办理事项的责任单位须为已接受邀请的参会单位", field=f"actionItems.{i}.responsibleTenantId"
            )
        case_id = a.case_id or default_case
        if case_id not in case_ids:
            raise BadUserInput("办理事项关联的案件须为本次会议的案件", field=f"actionItems.{i}.caseId")
        if a.due_date < today:
            raise BadUserInput("办理期限不能早于今天", field=f"actionItems.{i}.dueDate")
        action = ConferenceActionItem(
            id=new_id(), conference_id=conf.id, decision_id=decision.id, case_id=case_id,
            responsible_tenant_id=responsible, description=description, due_date=a.due_date,
            status=ActionItemStatus.DRAFT, created_at=now,
        )  # fmt: skip
        session.add(action)
        await session.flush()
        record(
            session, "conference.action_item.add", "ConferenceActionItem", action.id, conference_id=conf.id,
            case_id=case_id, changes=created({"description": description, "due_date": a.due_date, "status": action.status}),
        )  # fmt: skip
    _touch(conf, now)
    await session.flush()
    return decision


async def _assign(session: AsyncSession, p: Principal, conf: JointConference, now: datetime) -> None:
    """Issue: every action item becomes an ASSIGNED referral (交办) with its own deadline, which the watcher
    sweeps like any other (overdue → the case's supervision rises)."""
    from concord.referrals.service import NewReferral, refer_case

    for item in await repository.children(session, "action_items", [conf.id]):
        if item.status is not ActionItemStatus.DRAFT:
            continue
        reason = f"联席会议“{conf.title}”交办：{item.description}（办理期限：{item.due_date.isoformat()}）"
        referral = await refer_case(
            session, p, NewReferral(item.case_id, item.responsible_tenant_id, ReferralKind.ASSIGNED, reason)
        )
        item.referral_id, item.status = referral.id, ActionItemStatus.OPEN
        await clocks.start_action_item_clock(session, referral, item.due_date, conf.title, now)
        record(
            session, "conference.action_item.assign", "ConferenceActionItem", item.id, conference_id=conf.id,
            case_id=item.case_id,
            changes=diff({"status": ActionItemStatus.DRAFT}, {"status": item.status, "referral_id": referral.id, "due_date": item.due_date}),
        )  # fmt: skip


async def _referral_statuses(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, ReferralStatus]:
    if not ids:
        return {}
    rows = await session.execute(select(Referral.id, Referral.status).where(Referral.id.in_(ids)))
    return {rid: status for rid, status in rows.all()}


async def _close_items(session: AsyncSession, conf: JointConference, now: datetime) -> None:
    items = await repository.children(session, "action_items", [conf.id])
    referral_ids = [i.referral_id for i in items if i.referral_id]
    for item in items:
        if item.status is ActionItemStatus.CLOSED:
            continue
        item.status, item.closed_at = ActionItemStatus.CLOSED, now
        record(
            session, "conference.action_item.close", "ConferenceActionItem", item.id, conference_id=conf.id,
            case_id=item.case_id, changes=diff({"status": ActionItemStatus.OPEN}, {"status": item.status}),
        )  # fmt: skip
    await clocks.settle_action_items(session, referral_ids, now)


async def state_of(session: AsyncSession, conf: JointConference) -> ConferenceState:
    parts = await repository.children(session, "participants", [conf.id])
    items = await repository.children(session, "action_items", [conf.id])
    statuses = await _referral_statuses(session, [i.referral_id for i in items if i.referral_id])
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
    conf = await _load(session, p, conference_id)
    if expected_version is not None and expected_version != conf.version:
        raise Conflict("会议已被他人修改，请刷新后重试", version=conf.version, status=conf.status.value)
    rel = await relations(session, conf, p.tenant_id)
    now = clock.now()  # issuing decisions starts the action items' deadlines; closing settles them
    before: dict[str, object] = {"status": conf.status, "version": conf.version}
    if event is ConferenceEvent.SCHEDULE and schedule is not None and "convenor" in rel:
        before |= {"starts_at": conf.starts_at, "place": conf.place, "online_link": conf.online_link}
        conf.starts_at = schedule.starts_at or conf.starts_at
        conf.place = _opt(schedule.place) or conf.place
        conf.online_link = _opt(schedule.online_link) or conf.online_link
    t = CONFERENCE_MACHINE.check(
        conf.status, event, p.roles, rel, reason, subject=await state_of(session, conf), field="event"
    )
    if t.needs_reason:
        reason = _text(reason, "reason", "理由", 2000)
    conf.status = t.target
    _touch(conf, now)
    after: dict[str, object] = {"status": conf.status, "version": conf.version}
    if event is ConferenceEvent.SCHEDULE:
        after |= {"starts_at": conf.starts_at, "place": conf.place, "online_link": conf.online_link}
    elif event is ConferenceEvent.HOLD:
        conf.held_at = now
    elif event is ConferenceEvent.ISSUE_DECISIONS:
        conf.issued_at = now
    elif event is ConferenceEvent.CLOSE:
        conf.closed_at = now
    elif event is ConferenceEvent.CANCEL:
        conf.cancel_reason = after["cancel_reason"] = reason
    record(
        session, f"conference.{event.value.lower()}", "JointConference", conf.id, conference_id=conf.id,
        changes=diff(before, after),
    )  # fmt: skip
    await session.flush()
    if event is ConferenceEvent.ISSUE_DECISIONS:
        await _assign(session, p, conf, now)
    elif event is ConferenceEvent.CLOSE:
        await _close_items(session, conf, now)
    await session.flush()
    return conf
