from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Row
from strawberry.types.enum import has_enum_definition

from concord.kit.context import Info
from concord.kit.errors import NotFound
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.kit.selection import later
from concord.models import Referral as ReferralModel
from concord.models.enums import CivilProcedure, ReferralEvent, ReferralKind, ReferralStatus, ReturnReasonCode
from concord.tenants.types import Tenant, tenant_node


@strawberry.type(description="当前用户对该转介可以执行的操作（角色权限与机构关系均满足）")
class ReferralViewerCan:
    sign: bool = strawberry.field(description="签收")
    accept: bool = strawberry.field(description="受理")
    return_: bool = strawberry.field(name="return", description="退回")
    recall: bool = strawberry.field(description="撤回（发出方，签收前）")
    work: bool = strawberry.field(description="办理：开始办理、报告办结、重新办理")
    review: bool = strawberry.field(description="审核：审核通过、退回重办、办结（发出方）")


@dataclass(frozen=True)
class _Ends:
    """A referral's two ends and status, as the relation rules read them (concord.authz.relations)."""

    from_tenant_id: uuid.UUID
    to_tenant_id: uuid.UUID
    status: ReferralStatus


if TYPE_CHECKING:
    from concord.cases.lifecycle_types import CaseDeadline
    from concord.cases.types import Case

ReferralKindEnum = strawberry.enum(
    ReferralKind, name="ReferralKind", description="转介方式：委派、委托、转送、交办、上报、协办"
)
ReferralStatusEnum = strawberry.enum(ReferralStatus, name="ReferralStatus", description="转介状态")
ReferralEventEnum = strawberry.enum(ReferralEvent, name="ReferralEvent", description="转介操作")
ReturnReasonCodeEnum = strawberry.enum(ReturnReasonCode, name="ReturnReasonCode", description="退回理由代码")
if not has_enum_definition(CivilProcedure):  # shared with concord.deadlines.schema (DeadlineRule.procedure)
    strawberry.enum(
        CivilProcedure,
        name="CivilProcedure",
        description="法院适用的审理程序：简易程序或普通程序（决定委托调解期限）",
    )


async def _tenant(info: Info, id_: uuid.UUID) -> Tenant:
    return await tenant_node(info.context, id_)


@strawberry.type(description="转介：案件在机构之间的一次流转。")
class Referral(Node):
    db_id: strawberry.Private[uuid.UUID]
    case_db_id: strawberry.Private[uuid.UUID]
    from_db_id: strawberry.Private[uuid.UUID]
    to_db_id: strawberry.Private[uuid.UUID]
    kind: ReferralKind
    status: ReferralStatus
    reason: str
    return_reason: str | None
    sent_at: datetime
    signed_at: datetime | None
    accepted_at: datetime | None
    returned_at: datetime | None
    updated_at: datetime
    version: int
    return_code: ReturnReasonCode | None
    procedure: CivilProcedure | None = strawberry.field(
        description="委托调解：法院登记的审理程序（简易程序7日、普通程序15日）"
    )
    report: str | None
    reported_at: datetime | None
    approved_at: datetime | None
    closed_at: datetime | None
    recalled_at: datetime | None
    send_back_reason: str | None
    # Filled by a list's look-ahead (cases/prefetch.py); the tenant fields then answer without awaiting.
    pre_from: strawberry.Private[Tenant | None] = None
    pre_to: strawberry.Private[Tenant | None] = None

    @strawberry.field(description="该转介的期限（如委派的30日诉前调解期限）及计算说明")
    async def deadlines(
        self, info: Info
    ) -> list[Annotated[CaseDeadline, strawberry.lazy("concord.cases.lifecycle_types")]]:
        from concord.cases.lifecycle_types import CaseDeadline

        rows = await info.context.loaders.deadlines.of_case.load(self.case_db_id)
        return [CaseDeadline.from_row(d) for d in rows if d.referral_id == self.db_id]

    @strawberry.field(description="当前用户现在可以执行的操作")
    def available_events(self, info: Info) -> list[ReferralEvent]:
        from concord.referrals.machine import REFERRAL_MACHINE

        p = info.context.principal
        if p is None:
            return []
        return REFERRAL_MACHINE.available(self.status, info.context.permits, self._relations(p.tenant_id))

    @strawberry.field(description="当前用户对该转介可以执行的操作（由 availableEvents 归并）")
    def viewer_can(self, info: Info) -> ReferralViewerCan:
        events = set(self.available_events(info))
        return ReferralViewerCan(
            sign=ReferralEvent.SIGN in events,
            accept=ReferralEvent.ACCEPT in events,
            return_=ReferralEvent.RETURN in events,
            recall=ReferralEvent.RECALL in events,
            work=bool(events & {ReferralEvent.START, ReferralEvent.REPORT, ReferralEvent.RESUME}),
            review=bool(events & {ReferralEvent.APPROVE, ReferralEvent.SEND_BACK, ReferralEvent.CLOSE}),
        )

    def _relations(self, tenant_id: uuid.UUID) -> set[str]:
        from concord.authz.relations import referral_relations

        return referral_relations(tenant_id, _Ends(self.from_db_id, self.to_db_id, self.status))

    @strawberry.field(description="发出机构")
    def from_tenant(self, info: Info) -> Tenant:
        return self.pre_from or later(_tenant(info, self.from_db_id))

    @strawberry.field(description="接收机构")
    def to_tenant(self, info: Info) -> Tenant:
        return self.pre_to or later(_tenant(info, self.to_db_id))

    @strawberry.field(description="所属案件")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")]:
        from concord.cases.types import Case

        row = await info.context.loaders.cases.case.load(self.case_db_id)
        if row is None:
            raise NotFound()
        return Case.from_row(row)

    @classmethod
    def from_row(cls, r: ReferralModel | Row[Any]) -> Referral:
        """From the model or from a plain row with the same columns."""
        return cls(
            id=strawberry.ID(to_global_id("Referral", r.id)),
            db_id=r.id,
            case_db_id=r.case_id,
            from_db_id=r.from_tenant_id,
            to_db_id=r.to_tenant_id,
            kind=r.kind,
            status=r.status,
            reason=r.reason,
            return_reason=r.return_reason,
            sent_at=r.sent_at,
            signed_at=r.signed_at,
            accepted_at=r.accepted_at,
            returned_at=r.returned_at,
            updated_at=r.updated_at,
            version=r.version,
            return_code=r.return_code,
            procedure=r.procedure,
            report=r.report,
            reported_at=r.reported_at,
            approved_at=r.approved_at,
            closed_at=r.closed_at,
            recalled_at=r.recalled_at,
            send_back_reason=r.send_back_reason,
        )


@strawberry.type(description="分流建议：适合办理该案件的机构，负荷低的在前")
class TriageSuggestion:
    tenant: Tenant
    reason: str
    open_referrals: int
