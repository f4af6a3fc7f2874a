from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from concord.assignments.service import contact_due

# The cases feature registers the enums the Mediator type uses (CaseCategory): import it first.
from concord.cases.types import Case, Party
from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.mediators.types import Mediator
from concord.models import CaseMediator as CaseMediatorModel
from concord.models import RecusalRequest as RecusalRequestModel
from concord.models.enums import MediatorAssignmentEnd, MediatorAssignmentSource, RecusalStatus
from concord.tenants.types import Tenant, tenant_node

MediatorAssignmentSourceEnum = strawberry.enum(
    MediatorAssignmentSource,
    name="MediatorAssignmentSource",
    description="调解员来源：机构指派、当事人选定、法院委派时指定的特邀调解员",
)
MediatorAssignmentEndEnum = strawberry.enum(
    MediatorAssignmentEnd, name="MediatorAssignmentEnd", description="调解员离开案件的原因：更换、回避、退出"
)
RecusalStatusEnum = strawberry.enum(RecusalStatus, name="RecusalStatus", description="回避申请状态")


async def _mediator(info: Info, mediator_id: uuid.UUID) -> Mediator:
    row = await info.context.loaders.mediators.mediator.load(mediator_id)
    assert row is not None  # a mediator on a case is never deleted (RESTRICT)
    return Mediator.from_row(row)


async def _case(info: Info, case_id: uuid.UUID) -> Case | None:
    row = await info.context.loaders.cases.case.load(case_id)
    return Case.from_row(row) if row else None


@strawberry.type(description="案件调解员（调解小组成员）")
class CaseMediator:
    id: strawberry.ID
    db_id: strawberry.Private[uuid.UUID]
    case_db_id: strawberry.Private[uuid.UUID]
    mediator_db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID]
    is_lead: bool = strawberry.field(description="主办调解员")
    source: MediatorAssignmentSource
    assigned_at: datetime
    contacted_at: datetime | None = strawberry.field(description="联系当事人的时间（法院指定的特邀调解员）")
    contact_due_at: datetime | None = strawberry.field(
        description="应当联系当事人的截止时间（法院委派时指定的特邀调解员：指定后2日内，本地规则）"
    )
    ended_at: datetime | None
    end_reason: MediatorAssignmentEnd | None

    @strawberry.field(description="调解员")
    async def mediator(self, info: Info) -> Mediator:
        return await _mediator(info, self.mediator_db_id)

    @strawberry.field(description="指派（或登记）的机构")
    async def assigned_by(self, info: Info) -> Tenant:
        return await tenant_node(info.context, self.tenant_db_id)

    @strawberry.field(description="案件（当前用户可见时）")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")] | None:
        return await _case(info, self.case_db_id)

    @classmethod
    def from_row(cls, r: CaseMediatorModel) -> CaseMediator:
        return cls(
            id=strawberry.ID(to_global_id("CaseMediator", r.id)),
            db_id=r.id,
            case_db_id=r.case_id,
            mediator_db_id=r.mediator_id,
            tenant_db_id=r.tenant_id,
            is_lead=r.is_lead,
            source=r.source,
            assigned_at=r.assigned_at,
            contacted_at=r.contacted_at,
            contact_due_at=contact_due(r),
            ended_at=r.ended_at,
            end_reason=r.end_reason,
        )


@strawberry.type(description="回避申请：当事人申请调解员回避，由承办机构决定")
class RecusalRequest:
    id: strawberry.ID
    db_id: strawberry.Private[uuid.UUID]
    case_db_id: strawberry.Private[uuid.UUID]
    mediator_db_id: strawberry.Private[uuid.UUID]
    party_db_id: strawberry.Private[uuid.UUID]
    reason: str
    status: RecusalStatus
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str | None

    @strawberry.field(description="被申请回避的调解员")
    async def mediator(self, info: Info) -> Mediator:
        return await _mediator(info, self.mediator_db_id)

    @strawberry.field(description="提出申请的当事人")
    async def party(self, info: Info) -> Annotated[Party, strawberry.lazy("concord.cases.types")] | None:
        row = await info.context.loaders.cases.party.load(self.party_db_id)
        return Party.from_row(row) if row else None

    @strawberry.field(description="案件")
    async def case(self, info: Info) -> Annotated[Case, strawberry.lazy("concord.cases.types")] | None:
        return await _case(info, self.case_db_id)

    @classmethod
    def from_row(cls, r: RecusalRequestModel) -> RecusalRequest:
        return cls(
            id=strawberry.ID(to_global_id("RecusalRequest", r.id)),
            db_id=r.id,
            case_db_id=r.case_id,
            mediator_db_id=r.mediator_id,
            party_db_id=r.party_id,
            reason=r.reason,
            status=r.status,
            requested_at=r.requested_at,
            decided_at=r.decided_at,
            decision_note=r.decision_note,
        )


@strawberry.type(description="推荐的调解员：得分和中文理由（擅长领域、在办数量、调解成效、服务区域）")
class MediatorRecommendation:
    mediator: Mediator
    score: int
    reasons: list[str]


@strawberry.type(description="调解成效（仅统计当前用户可见的案件）")
class MediatorOutcomes:
    open_cases: int = strawberry.field(description="当前在办")
    led: int = strawberry.field(description="主办案件数")
    performed: int = strawberry.field(description="主办且协议履行完毕")
    failed: int = strawberry.field(description="主办且调解不成或协议未履行")
