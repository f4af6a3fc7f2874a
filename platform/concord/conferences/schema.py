from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import strawberry

from concord.authz.permissions import Can
from concord.authz.visibility import VisibleTo
from concord.conferences import repository, service
from concord.conferences.types import (
    AgendaItem,
    ConferenceActionItem,
    ConferenceDecision,
    ConferenceParticipant,
    JointConference,
    MinutesAddendum,
    MinutesComment,
    MinutesSignoff,
    MinutesVersion,
)
from concord.kit.context import Info, ResolverContext
from concord.kit.ids import decode_id, to_global_id
from concord.kit.node import register_node
from concord.kit.pagination import Connection, build_connection, page_args
from concord.models.enums import Attendance, ConferenceEvent, ConferenceStatus, InvitationResponse


async def _fetch_conference(ctx: ResolverContext, id_: uuid.UUID) -> JointConference | None:
    row = await ctx.loaders.conferences.conference.load(id_)
    return JointConference.from_row(row) if row else None


async def _fetch_action_item(ctx: ResolverContext, id_: uuid.UUID) -> ConferenceActionItem | None:
    row = await repository.action_item(ctx.session, id_)
    if row is None or await ctx.loaders.conferences.conference.load(row.conference_id) is None:
        return None
    return ConferenceActionItem.from_row(row)


register_node("JointConference", _fetch_conference)
register_node("ConferenceActionItem", _fetch_action_item)


def _conf_id(value: strawberry.ID) -> uuid.UUID:
    return decode_id(value, "JointConference", "conferenceId")


def _tenant_ids(values: list[strawberry.ID] | None, field: str) -> list[uuid.UUID]:
    return [decode_id(v, "Tenant", field) for v in values or []]


@strawberry.input(description="发起联席会议")
class ConveneConferenceInput:
    title: str
    purpose: str = ""
    case_ids: list[strawberry.ID] = strawberry.field(description="会议研究的案件（至少一件）")
    chair: str = strawberry.field(description="主持人")
    participant_tenant_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    lead_tenant_id: strawberry.ID | None = strawberry.field(
        default=None, description="牵头单位，默认为召集单位"
    )
    starts_at: datetime | None = None
    place: str | None = None
    online_link: str | None = None


@strawberry.input
class InviteParticipantsInput:
    conference_id: strawberry.ID
    tenant_ids: list[strawberry.ID]


@strawberry.input(description="答复参会邀请：接受（须填参会代表）、谢绝（须说明理由）、转请其他单位参会")
class RespondToInvitationInput:
    conference_id: strawberry.ID
    response: InvitationResponse
    representative: str | None = None
    reason: str | None = None
    delegate_tenant_id: strawberry.ID | None = None


@strawberry.input
class AttendanceEntryInput:
    tenant_id: strawberry.ID
    attendance: Attendance
    representative: str | None = None
    note: str | None = None


@strawberry.input
class RecordAttendanceInput:
    conference_id: strawberry.ID
    entries: list[AttendanceEntryInput]


@strawberry.input
class AddAgendaItemInput:
    conference_id: strawberry.ID
    title: str
    case_id: strawberry.ID | None = None


@strawberry.input
class SaveMinutesInput:
    conference_id: strawberry.ID
    body: str
    expected_version: int | None = strawberry.field(
        default=None, description="乐观锁：当前最新版本号（无稿时为0），不符时返回 CONFLICT"
    )


@strawberry.input
class MinutesCommentInput:
    conference_id: strawberry.ID
    body: str


@strawberry.input
class SignOffMinutesInput:
    conference_id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description="会签的纪要版本号")


@strawberry.input
class MinutesAddendumInput:
    conference_id: strawberry.ID
    body: str


@strawberry.input
class ActionItemInput:
    description: str
    due_date: date
    responsible_tenant_id: strawberry.ID | None = strawberry.field(
        default=None, description="默认为决定的牵头单位"
    )
    case_id: strawberry.ID | None = None


@strawberry.input
class AddDecisionInput:
    conference_id: strawberry.ID
    text: str
    responsible_tenant_id: strawberry.ID
    supporting_tenant_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    agenda_item_id: strawberry.ID | None = None
    action_items: list[ActionItemInput] = strawberry.field(default_factory=list)


@strawberry.input(description="联席会议状态变更：安排、召开、印发决定、办结、取消（须说明理由）")
class TransitionConferenceInput:
    conference_id: strawberry.ID
    event: ConferenceEvent
    reason: str | None = None
    expected_version: int | None = None
    starts_at: datetime | None = strawberry.field(default=None, description="安排会议时可一并填写")
    place: str | None = None
    online_link: str | None = None


@strawberry.type
class ConferencePayload:
    conference: JointConference


@strawberry.type
class ParticipantPayload:
    participant: ConferenceParticipant
    conference: JointConference


@strawberry.type
class AgendaItemPayload:
    agenda_item: AgendaItem
    conference: JointConference


@strawberry.type
class MinutesPayload:
    minutes: MinutesVersion
    conference: JointConference


@strawberry.type
class MinutesCommentPayload:
    comment: MinutesComment
    conference: JointConference


@strawberry.type
class MinutesSignoffPayload:
    signoff: MinutesSignoff
    conference: JointConference


@strawberry.type
class MinutesAddendumPayload:
    addendum: MinutesAddendum
    conference: JointConference


@strawberry.type
class DecisionPayload:
    decision: ConferenceDecision
    conference: JointConference


@strawberry.type
class ConferenceQuery:
    @strawberry.field(
        permission_classes=[Can("conference", "read")],
        description="本机构（及下级机构）参与的联席会议，最新的在前",
    )
    async def conferences(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: ConferenceStatus | None = None,
    ) -> Connection[JointConference]:
        ctx = info.context
        page = page_args(first, after)
        rows = await repository.list_visible(ctx.session, VisibleTo.of(ctx.require_principal()), page, status)
        return build_connection(rows, page, JointConference.from_row, lambda c: (c.created_at, c.id))


def _conf(row: Any) -> JointConference:
    return JointConference.from_row(row)


async def _reload(info: Info, conference_id: uuid.UUID) -> JointConference:
    row = await info.context.loaders.conferences.conference.load(conference_id)
    return _conf(row)


@strawberry.type
class ConferenceMutation:
    @strawberry.mutation(permission_classes=[Can("conference", "convene")], description="发起联席会议")
    async def convene_conference(self, info: Info, input: ConveneConferenceInput) -> ConferencePayload:
        ctx = info.context
        data = service.NewConference(
            title=input.title,
            purpose=input.purpose,
            case_ids=[decode_id(c, "Case", "caseIds") for c in input.case_ids],
            chair=input.chair,
            lead_tenant_id=decode_id(input.lead_tenant_id, "Tenant", "leadTenantId")
            if input.lead_tenant_id
            else None,
            starts_at=input.starts_at,
            place=input.place,
            online_link=input.online_link,
            participant_ids=_tenant_ids(input.participant_tenant_ids, "participantTenantIds"),
        )
        return ConferencePayload(
            conference=_conf(await service.convene(ctx.session, ctx.require_principal(), data))
        )

    @strawberry.mutation(permission_classes=[Can("conference", "convene")], description="邀请参会单位")
    async def invite_conference_participants(
        self, info: Info, input: InviteParticipantsInput
    ) -> ConferencePayload:
        ctx = info.context
        conf = await service.invite(
            ctx.session,
            ctx.require_principal(),
            _conf_id(input.conference_id),
            _tenant_ids(input.tenant_ids, "tenantIds"),
        )
        return ConferencePayload(conference=_conf(conf))

    @strawberry.mutation(permission_classes=[Can("conference", "participate")], description="答复参会邀请")
    async def respond_to_conference_invitation(
        self, info: Info, input: RespondToInvitationInput
    ) -> ParticipantPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        part = await service.respond(
            ctx.session,
            ctx.require_principal(),
            cid,
            input.response,
            reason=input.reason,
            representative=input.representative,
            delegate_to=decode_id(input.delegate_tenant_id, "Tenant", "delegateTenantId")
            if input.delegate_tenant_id
            else None,
        )
        return ParticipantPayload(
            participant=ConferenceParticipant.from_row(part), conference=await _reload(info, cid)
        )

    @strawberry.mutation(permission_classes=[Can("conference", "convene")], description="记录到会情况")
    async def record_conference_attendance(
        self, info: Info, input: RecordAttendanceInput
    ) -> ConferencePayload:
        ctx = info.context
        entries = [
            service.AttendanceEntry(
                tenant_id=decode_id(e.tenant_id, "Tenant", "entries.tenantId"),
                attendance=e.attendance,
                representative=e.representative,
                note=e.note,
            )
            for e in input.entries
        ]
        conf = await service.record_attendance(
            ctx.session, ctx.require_principal(), _conf_id(input.conference_id), entries
        )
        return ConferencePayload(conference=_conf(conf))

    @strawberry.mutation(permission_classes=[Can("conference", "convene")], description="增加会议议题")
    async def add_conference_agenda_item(self, info: Info, input: AddAgendaItemInput) -> AgendaItemPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        item = await service.add_agenda_item(
            ctx.session,
            ctx.require_principal(),
            cid,
            input.title,
            decode_id(input.case_id, "Case", "caseId") if input.case_id else None,
        )
        return AgendaItemPayload(
            agenda_item=AgendaItem(
                id=strawberry.ID(to_global_id("AgendaItem", item.id)),
                case_db_id=item.case_id,
                position=item.position,
                title=item.title,
            ),
            conference=await _reload(info, cid),
        )

    @strawberry.mutation(
        permission_classes=[Can("conference", "convene")],
        description="保存会议纪要稿（每次保存为一个新版本）",
    )
    async def save_conference_minutes(self, info: Info, input: SaveMinutesInput) -> MinutesPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        v = await service.save_minutes(
            ctx.session, ctx.require_principal(), cid, input.body, input.expected_version
        )
        return MinutesPayload(
            minutes=MinutesVersion(
                id=strawberry.ID(to_global_id("MinutesVersion", v.id)),
                number=v.number,
                body=v.body,
                author_name=v.author_name,
                created_at=v.created_at,
            ),
            conference=await _reload(info, cid),
        )

    @strawberry.mutation(
        permission_classes=[Can("conference", "participate")], description="对纪要稿提出意见"
    )
    async def comment_on_conference_minutes(
        self, info: Info, input: MinutesCommentInput
    ) -> MinutesCommentPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        await service.comment_minutes(ctx.session, ctx.require_principal(), cid, input.body)
        conf = await _reload(info, cid)
        comments = await conf.minutes_comments(info)
        return MinutesCommentPayload(comment=comments[-1], conference=conf)

    @strawberry.mutation(
        permission_classes=[Can("conference", "participate")],
        description="会签会议纪要当前版本；全部参会单位会签后纪要锁定",
    )
    async def sign_off_conference_minutes(
        self, info: Info, input: SignOffMinutesInput
    ) -> MinutesSignoffPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        s = await service.sign_minutes(ctx.session, ctx.require_principal(), cid, input.expected_version)
        conf = await _reload(info, cid)
        signoff = next(
            x for x in await conf.minutes_signoffs(info) if x.id == to_global_id("MinutesSignoff", s.id)
        )
        return MinutesSignoffPayload(signoff=signoff, conference=conf)

    @strawberry.mutation(
        permission_classes=[Can("conference", "convene")], description="纪要锁定后追加经签署的补充说明"
    )
    async def add_conference_minutes_addendum(
        self, info: Info, input: MinutesAddendumInput
    ) -> MinutesAddendumPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        await service.add_addendum(ctx.session, ctx.require_principal(), cid, input.body)
        conf = await _reload(info, cid)
        return MinutesAddendumPayload(addendum=(await conf.minutes_addenda(info))[-1], conference=conf)

    @strawberry.mutation(
        permission_classes=[Can("conference", "convene")],
        description="记录会议决定（谁牵头、谁配合）及办理事项",
    )
    async def add_conference_decision(self, info: Info, input: AddDecisionInput) -> DecisionPayload:
        ctx = info.context
        cid = _conf_id(input.conference_id)
        data = service.NewDecision(
            text=input.text,
            responsible_tenant_id=decode_id(input.responsible_tenant_id, "Tenant", "responsibleTenantId"),
            supporting_tenant_ids=_tenant_ids(input.supporting_tenant_ids, "supportingTenantIds"),
            agenda_item_id=decode_id(input.agenda_item_id, "AgendaItem", "agendaItemId")
            if input.agenda_item_id
            else None,
            action_items=[
                service.NewActionItem(
                    description=a.description,
                    due_date=a.due_date,
                    responsible_tenant_id=decode_id(a.responsible_tenant_id, "Tenant", "responsibleTenantId")
                    if a.responsible_tenant_id
                    else None,
                    case_id=decode_id(a.case_id, "Case", "caseId") if a.case_id else None,
                )
                for a in input.action_items
            ],
        )
        d = await service.add_decision(ctx.session, ctx.require_principal(), cid, data)
        conf = await _reload(info, cid)
        decision = next(x for x in await conf.decisions(info) if x.db_id == d.id)
        return DecisionPayload(decision=decision, conference=conf)

    @strawberry.mutation(
        permission_classes=[Can("conference", "convene")],
        description="联席会议状态变更（安排、召开、印发决定、办结、取消）",
    )
    async def transition_conference(self, info: Info, input: TransitionConferenceInput) -> ConferencePayload:
        ctx = info.context
        conf = await service.transition(
            ctx.session,
            ctx.require_principal(),
            _conf_id(input.conference_id),
            input.event,
            input.reason,
            expected_version=input.expected_version,
            schedule=service.Schedule(input.starts_at, input.place, input.online_link),
        )
        return ConferencePayload(conference=_conf(conf))
