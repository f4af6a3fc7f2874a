from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from concord.conferences.viewer_can import ConferenceViewerCan, viewer_can
from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.kit.pagination import Connection, build_connection, page_args
from concord.models import ConferenceActionItem as ActionItemModel
from concord.models import JointConference as ConferenceModel
from concord.models.enums import (
    ActionItemStatus,
    Attendance,
    ConferenceEvent,
    ConferenceStatus,
    InvitationResponse,
    InvitationStatus,
    MinutesStatus,
)
from concord.tenants.types import Tenant, tenant_node

if TYPE_CHECKING:
    from concord.audit.types import AuditEvent
    from concord.cases.types import Case
    from concord.referrals.types import Referral

ConferenceStatusEnum = strawberry.enum(ConferenceStatus, name="ConferenceStatus", description="联席会议状态")
ConferenceEventEnum = strawberry.enum(ConferenceEvent, name="ConferenceEvent", description="联席会议操作")
InvitationStatusEnum = strawberry.enum(InvitationStatus, name="InvitationStatus", description="参会邀请状态")
InvitationResponseEnum = strawberry.enum(
    InvitationResponse, name="InvitationResponse", description="对参会邀请的答复"
)
AttendanceEnum = strawberry.enum(
    Attendance, name="Attendance", description="到会情况：出席、缺席、迟到、视频参会"
)
MinutesStatusEnum = strawberry.enum(MinutesStatus, name="MinutesStatus", description="会议纪要状态")
ActionItemStatusEnum = strawberry.enum(ActionItemStatus, name="ActionItemStatus", description="办理事项状态")


def _gid(type_name: str, id_: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(to_global_id(type_name, id_))


async def _tenant(info: Info, id_: uuid.UUID) -> Tenant:
    return await tenant_node(info.context, id_)


async def _case(info: Info, id_: uuid.UUID | None) -> Case | None:
    from concord.cases.types import Case

    if id_ is None:
        return None
    row = await info.context.loaders.cases.case.load(id_)
    return Case.from_row(row) if row else None


async def _children(info: Info, kind: str, conference_id: uuid.UUID) -> list[Any]:
    rows: list[Any] = await info.context.loaders.conferences.children.load((kind, conference_id))
    return rows


@strawberry.type(description="参会单位：邀请状态、参会代表、到会情况")
class ConferenceParticipant:
    id: strawberry.ID
    tenant_db_id: strawberry.Private[uuid.UUID]
    delegated_db_id: strawberry.Private[uuid.UUID | None]
    status: InvitationStatus
    decline_reason: str | None
    representative: str | None = strawberry.field(description="参会代表")
    attendance: Attendance | None
    attendance_note: str | None
    invited_at: datetime
    responded_at: datetime | None

    @strawberry.field
    async def tenant(self, info: Info) -> Tenant:
        return await _tenant(info, self.tenant_db_id)

    @strawberry.field(description="转请参会的单位")
    async def delegated_to(self, info: Info) -> Tenant | None:
        return await _tenant(info, self.delegated_db_id) if self.delegated_db_id else None

    @classmethod
    def from_row(cls, r: Any) -> ConferenceParticipant:
        return cls(
            id=_gid("ConferenceParticipant", r.id),
            tenant_db_id=r.tenant_id,
            delegated_db_id=r.delegated_to_id,
            status=r.status,
            decline_reason=r.decline_reason,
            representative=r.representative,
            attendance=r.attendance,
            attendance_note=r.attendance_note,
            invited_at=r.invited_at,
            responded_at=r.responded_at,
        )


@strawberry.type(description="会议议题")
class AgendaItem:
    id: strawberry.ID
    case_db_id: strawberry.Private[uuid.UUID | None]
    position: int
    title: str

    @strawberry.field(description="关联案件（无权查看时为 null）")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")] | None:
        return await _case(info, self.case_db_id)


@strawberry.type(description="会议纪要的一个版本")
class MinutesVersion:
    id: strawberry.ID
    number: int
    body: str
    author_name: str
    created_at: datetime


@strawberry.type
class _ByTenant:
    """A minutes record a participating tenant made (a comment, a signature, an addendum) shows that tenant."""

    tenant_db_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def tenant(self, info: Info) -> Tenant:
        return await _tenant(info, self.tenant_db_id)


@strawberry.type(description="对纪要稿的意见")
class MinutesComment(_ByTenant):
    id: strawberry.ID
    version: int
    author_name: str
    body: str
    created_at: datetime


@strawberry.type(description="参会单位代表对纪要某一版本的会签")
class MinutesSignoff(_ByTenant):
    id: strawberry.ID
    version: int
    signer_name: str
    signed_at: datetime


@strawberry.type(description="纪要锁定后的补充说明（经签署，不改动原纪要）")
class MinutesAddendum(_ByTenant):
    id: strawberry.ID
    number: int
    body: str
    signer_name: str
    signed_at: datetime


@strawberry.type(description="办理事项：决定落实到责任单位的任务，印发后成为交办转介")
class ConferenceActionItem(Node):
    db_id: strawberry.Private[uuid.UUID]
    conference_db_id: strawberry.Private[uuid.UUID]
    case_db_id: strawberry.Private[uuid.UUID]
    responsible_db_id: strawberry.Private[uuid.UUID]
    referral_db_id: strawberry.Private[uuid.UUID | None]
    description: str
    due_date: date
    status: ActionItemStatus
    closed_at: datetime | None

    @strawberry.field(description="责任单位")
    async def responsible_tenant(self, info: Info) -> Tenant:
        return await _tenant(info, self.responsible_db_id)

    @strawberry.field(description="关联案件（无权查看时为 null）")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")] | None:
        return await _case(info, self.case_db_id)

    @strawberry.field(description="交办转介（印发决定后生成；其签收、受理、报告、审核、办结走转介流程）")
    async def referral(
        self, info: Info
    ) -> Annotated[Referral, strawberry.lazy("concord.referrals.types")] | None:
        from concord.referrals.types import Referral

        if self.referral_db_id is None:
            return None
        row = await info.context.loaders.referrals.referral.load(self.referral_db_id)
        return Referral.from_row(row) if row else None

    @strawberry.field(description="所属联席会议")
    async def conference(self, info: Info) -> JointConference | None:
        row = await info.context.loaders.conferences.conference.load(self.conference_db_id)
        return JointConference.from_row(row) if row else None

    @classmethod
    def from_row(cls, r: ActionItemModel) -> ConferenceActionItem:
        return cls(
            id=_gid("ConferenceActionItem", r.id),
            db_id=r.id,
            conference_db_id=r.conference_id,
            case_db_id=r.case_id,
            responsible_db_id=r.responsible_tenant_id,
            referral_db_id=r.referral_id,
            description=r.description,
            due_date=r.due_date,
            status=r.status,
            closed_at=r.closed_at,
        )


@strawberry.type(description="会议决定：谁牵头、谁配合，及其办理事项")
class ConferenceDecision:
    id: strawberry.ID
    db_id: strawberry.Private[uuid.UUID]
    conference_db_id: strawberry.Private[uuid.UUID]
    responsible_db_id: strawberry.Private[uuid.UUID]
    supporting_db_ids: strawberry.Private[list[uuid.UUID]]
    position: int
    text: str

    @strawberry.field(description="牵头单位")
    async def responsible_tenant(self, info: Info) -> Tenant:
        return await _tenant(info, self.responsible_db_id)

    @strawberry.field(description="配合单位")
    async def supporting_tenants(self, info: Info) -> list[Tenant]:
        return [await _tenant(info, t) for t in self.supporting_db_ids]

    @strawberry.field(description="办理事项")
    async def action_items(self, info: Info) -> list[ConferenceActionItem]:
        rows = await _children(info, "action_items", self.conference_db_id)
        return [ConferenceActionItem.from_row(r) for r in rows if r.decision_id == self.db_id]


@strawberry.type(description="联席会议：多部门共同研究复杂纠纷，形成纪要、决定和办理事项，全程留痕。")
class JointConference(Node):
    db_id: strawberry.Private[uuid.UUID]
    convenor_db_id: strawberry.Private[uuid.UUID]
    lead_db_id: strawberry.Private[uuid.UUID]
    status: ConferenceStatus
    title: str
    purpose: str
    starts_at: datetime | None
    place: str | None
    online_link: str | None
    chair: str = strawberry.field(description="主持人")
    cancel_reason: str | None
    minutes_status: MinutesStatus
    minutes_locked_at: datetime | None
    created_at: datetime
    updated_at: datetime
    held_at: datetime | None
    issued_at: datetime | None
    closed_at: datetime | None
    version: int

    @strawberry.field(description="召集单位")
    async def convenor(self, info: Info) -> Tenant:
        return await _tenant(info, self.convenor_db_id)

    @strawberry.field(description="牵头单位")
    async def lead_tenant(self, info: Info) -> Tenant:
        return await _tenant(info, self.lead_db_id)

    @strawberry.field(description="会议研究的案件（本机构可见的）")
    async def cases(self, info: Info) -> list[Annotated[Case, strawberry.lazy("concord.cases.types")]]:
        out = []
        for cc in await _children(info, "cases", self.db_id):
            case = await _case(info, cc.case_id)
            if case is not None:
                out.append(case)
        return out

    @strawberry.field(description="参会单位")
    async def participants(self, info: Info) -> list[ConferenceParticipant]:
        return [ConferenceParticipant.from_row(r) for r in await _children(info, "participants", self.db_id)]

    @strawberry.field(description="议题")
    async def agenda(self, info: Info) -> list[AgendaItem]:
        return [
            AgendaItem(id=_gid("AgendaItem", r.id), case_db_id=r.case_id, position=r.position, title=r.title)
            for r in await _children(info, "agenda", self.db_id)
        ]

    @strawberry.field(description="会议纪要的全部版本，旧的在前")
    async def minutes_versions(self, info: Info) -> list[MinutesVersion]:
        return [
            MinutesVersion(
                id=_gid("MinutesVersion", r.id),
                number=r.number,
                body=r.body,
                author_name=r.author_name,
                created_at=r.created_at,
            )
            for r in await _children(info, "minutes", self.db_id)
        ]

    @strawberry.field(description="当前（最新）纪要版本；锁定后即为定稿")
    async def minutes(self, info: Info) -> MinutesVersion | None:
        versions = await self.minutes_versions(info)
        return versions[-1] if versions else None

    async def _numbers(self, info: Info) -> dict[uuid.UUID, int]:
        return {r.id: r.number for r in await _children(info, "minutes", self.db_id)}

    @strawberry.field(description="对纪要稿的意见")
    async def minutes_comments(self, info: Info) -> list[MinutesComment]:
        numbers = await self._numbers(info)
        return [
            MinutesComment(
                id=_gid("MinutesComment", r.id),
                tenant_db_id=r.tenant_id,
                version=numbers[r.version_id],
                author_name=r.author_name,
                body=r.body,
                created_at=r.created_at,
            )
            for r in await _children(info, "comments", self.db_id)
        ]

    @strawberry.field(description="会签记录（各版本）")
    async def minutes_signoffs(self, info: Info) -> list[MinutesSignoff]:
        numbers = await self._numbers(info)
        return [
            MinutesSignoff(
                id=_gid("MinutesSignoff", r.id),
                tenant_db_id=r.tenant_id,
                version=numbers[r.version_id],
                signer_name=r.signer_name,
                signed_at=r.signed_at,
            )
            for r in await _children(info, "signoffs", self.db_id)
        ]

    @strawberry.field(description="尚未会签当前纪要版本的单位")
    async def pending_signers(self, info: Info) -> list[Tenant]:
        versions = await _children(info, "minutes", self.db_id)
        if not versions or self.minutes_status is MinutesStatus.LOCKED:
            return []
        latest = versions[-1].id
        signed = {
            r.tenant_id for r in await _children(info, "signoffs", self.db_id) if r.version_id == latest
        }
        parts = await _children(info, "participants", self.db_id)
        need = [self.convenor_db_id] + [p.tenant_id for p in parts if p.status is InvitationStatus.ACCEPTED]
        return [await _tenant(info, t) for t in need if t not in signed]

    @strawberry.field(description="纪要补充说明（锁定后的更正）")
    async def minutes_addenda(self, info: Info) -> list[MinutesAddendum]:
        return [
            MinutesAddendum(
                id=_gid("MinutesAddendum", r.id),
                tenant_db_id=r.tenant_id,
                number=r.number,
                body=r.body,
                signer_name=r.signer_name,
                signed_at=r.signed_at,
            )
            for r in await _children(info, "addenda", self.db_id)
        ]

    @strawberry.field(description="会议决定")
    async def decisions(self, info: Info) -> list[ConferenceDecision]:
        return [
            ConferenceDecision(
                id=_gid("ConferenceDecision", r.id),
                db_id=r.id,
                conference_db_id=r.conference_id,
                responsible_db_id=r.responsible_tenant_id,
                supporting_db_ids=list(r.supporting_tenant_ids or []),
                position=r.position,
                text=r.text,
            )
            for r in await _children(info, "decisions", self.db_id)
        ]

    @strawberry.field(description="全部办理事项")
    async def action_items(self, info: Info) -> list[ConferenceActionItem]:
        return [ConferenceActionItem.from_row(r) for r in await _children(info, "action_items", self.db_id)]

    async def _relations(self, info: Info) -> set[str]:
        """The relations the acting tenant holds to this conference (concord.authz.relations), from its own
        invitation among the (batched) participants."""
        from concord.authz.relations import conference_relations

        tenant_id = info.context.require_principal().tenant_id
        return conference_relations(tenant_id, self.convenor_db_id, await self._invitation(info, tenant_id))

    async def _invitation(self, info: Info, tenant_id: uuid.UUID) -> InvitationStatus | None:
        parts = await _children(info, "participants", self.db_id)
        return next((x.status for x in parts if x.tenant_id == tenant_id), None)

    @strawberry.field(description="当前用户对该会议可以执行的操作：角色权限与机构关系均满足时为真")
    async def viewer_can(self, info: Info) -> ConferenceViewerCan:
        p = info.context.principal
        invitation = await self._invitation(info, p.tenant_id) if p is not None else None
        return viewer_can(info, self.convenor_db_id, invitation)

    @strawberry.field(description="当前用户现在可以执行的会议操作（不含条件检查）")
    async def available_events(self, info: Info) -> list[ConferenceEvent]:
        from concord.conferences.machine import CONFERENCE_MACHINE

        if info.context.principal is None:
            return []
        return CONFERENCE_MACHINE.available(self.status, info.context.permits, await self._relations(info))

    @strawberry.field(description="可打印的会议卷宗（PDF）下载地址；以同一令牌（Bearer）访问")
    def record_pdf_url(self) -> str:
        return f"/conferences/{self.id}/record.pdf"

    @strawberry.field(description="会议全程审计轨迹（含办理事项转介的各步），旧的在前")
    async def audit_trail(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[AuditEvent, strawberry.lazy("concord.audit.types")]]:
        from concord.audit.types import AuditEvent
        from concord.conferences import repository

        page = page_args(first, after)
        items = await _children(info, "action_items", self.db_id)
        rows = await repository.trail(
            info.context.session, self.db_id, [i.referral_id for i in items if i.referral_id], page
        )
        return build_connection(rows, page, AuditEvent.from_row, lambda e: (e.occurred_at, e.id))

    @classmethod
    def from_row(cls, c: ConferenceModel) -> JointConference:
        return cls(
            id=_gid("JointConference", c.id),
            db_id=c.id,
            convenor_db_id=c.tenant_id,
            lead_db_id=c.lead_tenant_id,
            status=c.status,
            title=c.title,
            purpose=c.purpose,
            starts_at=c.starts_at,
            place=c.place,
            online_link=c.online_link,
            chair=c.chair,
            cancel_reason=c.cancel_reason,
            minutes_status=c.minutes_status,
            minutes_locked_at=c.minutes_locked_at,
            created_at=c.created_at,
            updated_at=c.updated_at,
            held_at=c.held_at,
            issued_at=c.issued_at,
            closed_at=c.closed_at,
            version=c.version,
        )
