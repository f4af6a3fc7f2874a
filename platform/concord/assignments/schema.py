from __future__ import annotations

import strawberry

from concord.assignments import recommend, recusal, service
from concord.assignments.types import MediatorRecommendation, RecusalRequest
from concord.authz.permissions import Can, IsAuthenticated
from concord.cases.types import Case
from concord.kit.context import Info
from concord.kit.ids import decode_id
from concord.mediators.types import Mediator


@strawberry.input(description="指派调解员：组成调解小组，指定一名主办调解员（替换当前小组）")
class AssignMediatorInput:
    case_id: strawberry.ID
    mediator_ids: list[strawberry.ID] = strawberry.field(description="调解小组成员（至多7名）")
    lead_mediator_id: strawberry.ID = strawberry.field(description="主办调解员（须在成员之中）")


@strawberry.input(description="登记调解员回避事由（调解员本人或承办机构）")
class DeclareMediatorConflictInput:
    case_id: strawberry.ID
    mediator_id: strawberry.ID
    reason: str = strawberry.field(description="回避事由（至多500字）")


@strawberry.input(description="登记当事人的回避申请")
class RequestRecusalInput:
    case_id: strawberry.ID
    mediator_id: strawberry.ID
    party_id: strawberry.ID
    reason: str = strawberry.field(description="申请理由（至多500字）")


@strawberry.input(description="对回避申请作出决定")
class DecideRecusalInput:
    request_id: strawberry.ID
    granted: bool = strawberry.field(description="准予回避为真，驳回为假")
    note: str | None = strawberry.field(default=None, description="决定意见（至多2000字）")


@strawberry.input(description="登记当事人选定的调解员（从公开名册中选定）")
class PartyMediatorChoiceInput:
    case_id: strawberry.ID
    party_id: strawberry.ID
    mediator_id: strawberry.ID


@strawberry.input(description="登记调解员已联系当事人")
class PartiesContactedInput:
    case_id: strawberry.ID
    mediator_id: strawberry.ID


@strawberry.type
class CaseMediatorsPayload:
    case: Case


@strawberry.type
class RecusalRequestPayload:
    recusal_request: RecusalRequest


@strawberry.type
class AssignmentQuery:
    @strawberry.field(
        permission_classes=[Can("mediator", "assign")],
        description="为案件推荐调解员（承办机构）：可指派的在册调解员，排除应当回避者，按得分排序并附理由",
    )
    async def mediator_recommendations(
        self, info: Info, case_id: strawberry.ID, first: int = 10
    ) -> list[MediatorRecommendation]:
        ctx = info.context
        cid = decode_id(case_id, "Case", "caseId")
        ranked = await recommend.recommend(ctx.session, ctx.require_principal(), cid, first)
        return [
            MediatorRecommendation(mediator=Mediator.from_row(r.mediator), score=r.score, reasons=r.reasons)
            for r in ranked
        ]


@strawberry.type
class AssignmentMutation:
    @strawberry.mutation(permission_classes=[Can("mediator", "assign")], description="指派调解员（承办机构）")
    async def assign_mediator(self, info: Info, input: AssignMediatorInput) -> CaseMediatorsPayload:
        ctx = info.context
        case = await service.assign(
            ctx.session,
            ctx.require_principal(),
            decode_id(input.case_id, "Case", "caseId"),
            [decode_id(i, "Mediator", "mediatorIds") for i in input.mediator_ids],
            decode_id(input.lead_mediator_id, "Mediator", "leadMediatorId"),
        )
        return CaseMediatorsPayload(case=Case.from_row(case))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="登记回避事由：调解员本人，或有指派权限的承办机构；该调解员即退出本案并不再被推荐",
    )
    async def declare_mediator_conflict(
        self, info: Info, input: DeclareMediatorConflictInput
    ) -> CaseMediatorsPayload:
        ctx = info.context
        case = await recusal.declare_conflict(
            ctx.session,
            ctx.require_principal(),
            decode_id(input.case_id, "Case", "caseId"),
            decode_id(input.mediator_id, "Mediator", "mediatorId"),
            input.reason,
        )
        return CaseMediatorsPayload(case=Case.from_row(case))

    @strawberry.mutation(permission_classes=[Can("mediator", "assign")], description="登记当事人的回避申请")
    async def request_recusal(self, info: Info, input: RequestRecusalInput) -> RecusalRequestPayload:
        ctx = info.context
        row = await recusal.request_recusal(
            ctx.session,
            ctx.require_principal(),
            decode_id(input.case_id, "Case", "caseId"),
            decode_id(input.mediator_id, "Mediator", "mediatorId"),
            decode_id(input.party_id, "Party", "partyId"),
            input.reason,
        )
        return RecusalRequestPayload(recusal_request=RecusalRequest.from_row(row))

    @strawberry.mutation(
        permission_classes=[Can("recusal", "decide")],
        description="决定回避申请（承办机构）：准予则该调解员退出本案，主办调解员回避后案件暂无主办调解员",
    )
    async def decide_recusal(self, info: Info, input: DecideRecusalInput) -> RecusalRequestPayload:
        ctx = info.context
        row = await recusal.decide_recusal(
            ctx.session,
            ctx.require_principal(),
            decode_id(input.request_id, "RecusalRequest", "requestId"),
            input.granted,
            input.note,
        )
        return RecusalRequestPayload(recusal_request=RecusalRequest.from_row(row))

    @strawberry.mutation(permission_classes=[Can("mediator", "assign")], description="登记当事人选定的调解员")
    async def record_party_mediator_choice(
        self, info: Info, input: PartyMediatorChoiceInput
    ) -> CaseMediatorsPayload:
        ctx = info.context
        case = await service.record_party_choice(
            ctx.session,
            ctx.require_principal(),
            decode_id(input.case_id, "Case", "caseId"),
            decode_id(input.party_id, "Party", "partyId"),
            decode_id(input.mediator_id, "Mediator", "mediatorId"),
        )
        return CaseMediatorsPayload(case=Case.from_row(case))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="登记调解员已联系当事人（调解员本人或承办机构），了结联系期限",
    )
    async def record_parties_contacted(
        self, info: Info, input: PartiesContactedInput
    ) -> CaseMediatorsPayload:
        ctx = info.context
        case = await service.record_parties_contacted(
            ctx.session,
            ctx.require_principal(),
            decode_id(input.case_id, "Case", "caseId"),
            decode_id(input.mediator_id, "Mediator", "mediatorId"),
        )
        return CaseMediatorsPayload(case=Case.from_row(case))
