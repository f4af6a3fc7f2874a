from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Row
from strawberry.types.enum import has_enum_definition

from concord.kit import identity
from concord.kit.context import Info
from concord.kit.errors import Forbidden
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.kit.pagination import Connection, Edge, PageInfo, build_connection, encode_cursor, page_args
from concord.kit.selection import later
from concord.models import Case as CaseModel
from concord.models import Party as PartyModel
from concord.models.enums import (
    CaseCategory,
    CaseEvent,
    CaseStatus,
    Complexity,
    PartyKind,
    PartyRole,
    PauseReason,
    RiskFlag,
    SourceChannel,
    SupervisionLevel,
    Track,
)
from concord.tenants.types import Tenant, tenant_node

if TYPE_CHECKING:
    from concord.assignments.types import CaseMediator, RecusalRequest
    from concord.audit.types import AuditEvent
    from concord.cases.access import AccessExplanation
    from concord.cases.lifecycle_types import CaseDeadline
    from concord.cases.viewer_can import CaseViewerCan
    from concord.referrals.types import Referral, TriageSuggestion

CaseCategoryEnum = strawberry.enum(CaseCategory, name="CaseCategory", description="纠纷类型")
CaseStatusEnum = strawberry.enum(CaseStatus, name="CaseStatus", description="案件状态")
ComplexityEnum = strawberry.enum(Complexity, name="Complexity", description="难易程度：简单、复杂、疑难")
SourceChannelEnum = strawberry.enum(SourceChannel, name="SourceChannel", description="案件来源")
PartyKindEnum = strawberry.enum(PartyKind, name="PartyKind", description="自然人或组织")
PartyRoleEnum = strawberry.enum(PartyRole, name="PartyRole", description="当事人地位")

TrackEnum = strawberry.enum(Track, name="Track", description="办理程序（决定适用的法定期限）")
CaseEventEnum = strawberry.enum(CaseEvent, name="CaseEvent", description="案件操作")
RiskFlagEnum = strawberry.enum(RiskFlag, name="RiskFlag", description="风险标记")
if not has_enum_definition(PauseReason):  # shared with concord.deadlines.schema (DeadlineRule.pauseReasons)
    strawberry.enum(
        PauseReason,
        name="PauseReason",
        description="中止事由：法定期限只因其规则允许的事由停止计算（如医疗纠纷调解的鉴定、复核的听证）",
    )
SupervisionLevelEnum = strawberry.enum(SupervisionLevel, name="SupervisionLevel", description="督办级别")

MAX_NESTED_REFERRALS = 50


def referral_connection(referrals: list[Referral], first: int) -> Connection[Referral]:
    """A case's newest referrals, given up to first+1 of them (the extra one only tells there is more)."""
    edges = [Edge(cursor=encode_cursor(r.sent_at, r.db_id), node=r) for r in referrals[:first]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(referrals) > first,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


def _reveal(info: Info, party: Party, field: str) -> None:
    """Unmasked identity data needs `party:read_identity`; every unmasked read is recorded."""
    ctx = info.context
    if not ctx.can("party", "read_identity"):
        raise Forbidden("当前角色无权查看完整身份信息", field=field)
    ctx.sensitive_reads.append(("party", party.db_id, party.case_db_id, field))


@strawberry.type(description="当事人。身份证号和电话默认脱敏显示。")
class Party(Node):
    db_id: strawberry.Private[uuid.UUID]
    case_db_id: strawberry.Private[uuid.UUID]
    full_id_number: strawberry.Private[str | None]
    full_phone: strawberry.Private[str | None]
    name: str
    kind: PartyKind
    role: PartyRole

    @strawberry.field(
        description="身份证号或统一社会信用代码；reveal 为真时显示完整号码（需相应权限，并留痕）"
    )
    def id_number(self, info: Info, reveal: bool = False) -> str | None:
        if reveal and self.full_id_number:
            _reveal(info, self, "idNumber")
            return self.full_id_number
        return identity.mask_id_number(self.full_id_number)

    @strawberry.field(description="联系电话；reveal 为真时显示完整号码（需相应权限，并留痕）")
    def phone(self, info: Info, reveal: bool = False) -> str | None:
        if reveal and self.full_phone:
            _reveal(info, self, "phone")
            return self.full_phone
        return identity.mask_phone(self.full_phone)

    @classmethod
    def from_row(cls, p: PartyModel | Row[Any]) -> Party:
        """From the model or from a plain row with the same columns."""
        return cls(
            id=strawberry.ID(to_global_id("Party", p.id)),
            db_id=p.id,
            case_db_id=p.case_id,
            full_id_number=p.id_number,
            full_phone=p.phone,
            name=p.name,
            kind=p.kind,
            role=p.role,
        )


@strawberry.type(description="案件（纠纷）：案件图谱的中心节点。")
class Case(Node):
    db_id: strawberry.Private[uuid.UUID]
    owner_db_id: strawberry.Private[uuid.UUID]
    number: str = strawberry.field(description="案号，如（2026）清河诉前调12号")
    title: str
    description: str
    category: CaseCategory
    status: CaseStatus
    source_channel: SourceChannel
    complexity: Complexity
    amount_in_dispute: Decimal | None
    people_involved: int
    created_at: datetime
    updated_at: datetime
    version: int
    track: Track | None = strawberry.field(description="办理程序，决定适用的法定期限")
    accepted_at: datetime | None = strawberry.field(description="受理时间：自受理起算的期限从这一天起算")
    pause_reason: PauseReason | None = strawberry.field(description="中止事由（中止期间）")
    risk_flags: list[RiskFlag]
    supervision_level: SupervisionLevel = strawberry.field(
        description="督办级别：催办、督办、挂牌督办、领导包案"
    )
    supervision_leader: str | None
    supervision_reason: str | None
    bounce_count: int = strawberry.field(description="被退回（踢皮球）次数")
    needs_conference: bool = strawberry.field(description="是否建议召开联席会议")
    conference_reason: str | None
    status_reason: str | None = strawberry.field(
        description="进入当前状态时填写的理由或说明（如达成协议的说明、不予受理的理由）；历次说明见操作留痕"
    )
    performance_recorded_at: datetime | None
    performance_note: str | None
    follow_up_at: datetime | None
    satisfaction: int | None = strawberry.field(description="当事人满意度（1-5）")
    follow_up_note: str | None
    # Filled by a list's look-ahead (cases/prefetch.py) so that these fields answer without awaiting; a case
    # fetched any other way leaves them unset and the fields go through the dataloaders.
    pre_owner: strawberry.Private[Tenant | None] = None
    pre_parties: strawberry.Private[list[Party] | None] = None
    pre_referrals: strawberry.Private[tuple[int, list[Any]] | None] = None  # referrals.types.Referral

    @strawberry.field(description="当前用户现在可以对案件执行的操作")
    async def available_events(self, info: Info) -> list[CaseEvent]:
        from concord.cases.machine import CASE_MACHINE

        p = info.context.principal
        if p is None or not info.context.can("case", "transition"):
            return []
        handler = self.owner_db_id == p.tenant_id or await info.context.loaders.cases.is_handler.load(
            self.db_id
        )
        row = await info.context.loaders.cases.case.load(self.db_id)
        return CASE_MACHINE.available(
            self.status, info.context.permits, {"handler"} if handler else set(), row
        )

    @strawberry.field(description="当前用户对该案件可以执行的操作：角色权限与机构关系均满足时为真")
    async def viewer_can(
        self, info: Info
    ) -> Annotated[CaseViewerCan, strawberry.lazy("concord.cases.viewer_can")]:
        from concord.cases.viewer_can import viewer_can

        return await viewer_can(info, self.db_id, self.owner_db_id, self.status)

    @strawberry.field(description="法定期限及其计算说明")
    async def deadlines(
        self, info: Info
    ) -> list[Annotated[CaseDeadline, strawberry.lazy("concord.cases.lifecycle_types")]]:
        from concord.cases.lifecycle_types import CaseDeadline

        return [
            CaseDeadline.from_row(d) for d in await info.context.loaders.deadlines.of_case.load(self.db_id)
        ]

    @strawberry.field(description="分流建议：适合办理的机构，负荷低的在前")
    async def triage_suggestions(
        self, info: Info, first: int = 5
    ) -> list[Annotated[TriageSuggestion, strawberry.lazy("concord.referrals.types")]]:
        row = await info.context.loaders.cases.case.load(self.db_id)
        if row is None:
            return []
        # Triage ranks bodies by their referral load: the referrals feature's (through the request's loaders).
        suggestions: list[TriageSuggestion] = await info.context.loaders.referrals.triage.load(
            (row, max(1, min(first, 20)))
        )
        return suggestions

    @strawberry.field(description="主办机构")
    def owner_tenant(self, info: Info) -> Tenant:
        return self.pre_owner or later(tenant_node(info.context, self.owner_db_id))

    @strawberry.field(description="当事人")
    def parties(self, info: Info) -> list[Party]:
        if self.pre_parties is not None:
            return self.pre_parties
        return later(self._load_parties(info))

    async def _load_parties(self, info: Info) -> list[Party]:
        return [Party.from_row(p) for p in await info.context.loaders.cases.parties.load(self.db_id)]

    @strawberry.field(description="转介记录，最新的在前")
    def referrals(
        self, info: Info, first: int = 10
    ) -> Connection[Annotated[Referral, strawberry.lazy("concord.referrals.types")]]:
        from concord.kit.errors import BadUserInput

        if first < 0 or first > MAX_NESTED_REFERRALS:
            raise BadUserInput(f"first 须在0到{MAX_NESTED_REFERRALS}之间", field="first")
        if self.pre_referrals is not None and self.pre_referrals[0] == first:
            return referral_connection(self.pre_referrals[1], first)
        return later(self._load_referrals(info, first))

    async def _load_referrals(self, info: Info, first: int) -> Connection[Referral]:
        # One more than asked tells whether there is a next page.
        return referral_connection(
            await info.context.loaders.referrals.of_case.load((self.db_id, first + 1)), first
        )

    @strawberry.field(description="调解员（当前调解小组，主办调解员在前）")
    async def mediators(
        self, info: Info
    ) -> list[Annotated[CaseMediator, strawberry.lazy("concord.assignments.types")]]:
        team: list[CaseMediator] = await info.context.loaders.assignments.team.load(self.db_id)
        return team

    @strawberry.field(description="主办调解员回避后尚未指定新的主办调解员（需重新指派）")
    async def lead_mediator_recused(self, info: Info) -> bool:
        recused: bool = await info.context.loaders.assignments.lead_recused.load(self.db_id)
        return recused

    @strawberry.field(description="回避申请，最新的在前")
    async def recusal_requests(
        self, info: Info
    ) -> list[Annotated[RecusalRequest, strawberry.lazy("concord.assignments.types")]]:
        requests: list[RecusalRequest] = await info.context.loaders.assignments.recusals.load(self.db_id)
        return requests

    @strawberry.field(description="本机构为何能看到此案件，以及本机构角色在此案件上可以做什么")
    async def access_explanation(
        self, info: Info
    ) -> Annotated[AccessExplanation, strawberry.lazy("concord.cases.access")]:
        from concord.cases.access import explain

        return await explain(info, self.db_id)

    @strawberry.field(description="案件的完整操作记录（审计轨迹），按时间先后")
    async def audit_trail(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[AuditEvent, strawberry.lazy("concord.audit.types")]]:
        from concord.audit.types import AuditEvent

        page = page_args(first, after)
        rows = await info.context.loaders.audit.case_trails.load((self.db_id, page.first + 1, page.after))
        return build_connection(rows, page, AuditEvent.from_row, lambda e: (e.occurred_at, e.id))

    @classmethod
    def from_row(cls, c: CaseModel | Row[Any]) -> Case:
        """From the model or from a plain row with the same columns."""
        return cls(
            id=strawberry.ID(to_global_id("Case", c.id)),
            db_id=c.id,
            owner_db_id=c.tenant_id,
            number=c.number,
            title=c.title,
            description=c.description,
            category=c.category,
            status=c.status,
            source_channel=c.source_channel,
            complexity=c.complexity,
            amount_in_dispute=c.amount_in_dispute,
            people_involved=c.people_involved,
            created_at=c.created_at,
            updated_at=c.updated_at,
            version=c.version,
            track=c.track,
            accepted_at=c.accepted_at,
            pause_reason=c.pause_reason,
            risk_flags=[RiskFlag(f) for f in c.risk_flags],
            supervision_level=c.supervision_level,
            supervision_leader=c.supervision_leader,
            supervision_reason=c.supervision_reason,
            bounce_count=c.bounce_count,
            needs_conference=c.needs_conference,
            conference_reason=c.conference_reason,
            status_reason=c.status_reason,
            performance_recorded_at=c.performance_recorded_at,
            performance_note=c.performance_note,
            follow_up_at=c.follow_up_at,
            satisfaction=c.satisfaction,
            follow_up_note=c.follow_up_note,
        )
