from __future__ import annotations

import uuid

import strawberry

from concord.authz.permissions import Can
from concord.cases.lifecycle_types import CasePayload
from concord.cases.types import Case
from concord.kit.context import Info, ResolverContext
from concord.kit.ids import decode_id
from concord.kit.node import register_node
from concord.models.enums import CivilProcedure, ReferralEvent, ReferralKind, ReturnReasonCode
from concord.referrals import routing, service
from concord.referrals.types import Referral


async def _fetch_node(ctx: ResolverContext, id_: uuid.UUID) -> Referral | None:
    row = await ctx.loaders.referrals.referral.load(id_)
    return Referral.from_row(row) if row else None


register_node("Referral", _fetch_node)


@strawberry.input(description="将案件转介给另一机构")
class ReferCaseInput:
    case_id: strawberry.ID
    to_tenant_id: strawberry.ID
    kind: ReferralKind
    reason: str
    procedure: CivilProcedure | None = strawberry.field(
        default=None,
        description="委托（ENTRUSTED）时必填：法院适用的审理程序，决定调解期限（简易程序7日、普通程序15日）",
    )
    invited_mediator_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="委派（DELEGATED）时可选：指定本院特邀调解名册上的在任特邀调解员（须在2日内联系当事人）",
    )


@strawberry.input
class ReferralActionInput:
    referral_id: strawberry.ID


@strawberry.input
class ReturnReferralInput:
    referral_id: strawberry.ID
    reason: str = strawberry.field(description="退回理由（必填）")
    reason_code: ReturnReasonCode = strawberry.field(
        default=ReturnReasonCode.OTHER, description="退回理由代码"
    )


@strawberry.input(
    description="转介的任一状态变更（签收、受理、退回、撤回、开始办理、报告、审核、退回重办、办结）"
)
class TransitionReferralInput:
    referral_id: strawberry.ID
    event: ReferralEvent
    reason: str | None = strawberry.field(
        default=None, description="理由或办结报告；退回、报告、退回重办时必填"
    )
    reason_code: ReturnReasonCode | None = strawberry.field(default=None, description="退回时必填")
    expected_version: int | None = strawberry.field(
        default=None, description="乐观锁：与当前版本不符时返回 CONFLICT"
    )


@strawberry.type
class ReferralPayload:
    referral: Referral


@strawberry.input(description="上报：移交上一级解纷中心主办")
class EscalateCaseInput:
    case_id: strawberry.ID
    reason: str


@strawberry.input(description="交办：街道、区级中心把案件交给调委会、律师工作室、部门或下级中心办理")
class AssignCaseInput:
    case_id: strawberry.ID
    to_tenant_id: strawberry.ID
    reason: str


@strawberry.type
class AssignCasePayload:
    referral: Referral


@strawberry.type
class ReferralMutation:
    @strawberry.mutation(permission_classes=[Can("case", "escalate")], description="上报上一级解纷中心")
    async def escalate_case(self, info: Info, input: EscalateCaseInput) -> CasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        return CasePayload(
            case=Case.from_row(
                await routing.escalate(ctx.session, ctx.require_principal(), cid, input.reason)
            )
        )

    @strawberry.mutation(permission_classes=[Can("case", "assign")], description="交办案件")
    async def assign_case(self, info: Info, input: AssignCaseInput) -> AssignCasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        tid = decode_id(input.to_tenant_id, "Tenant", "toTenantId")
        referral = await routing.assign(ctx.session, ctx.require_principal(), cid, tid, input.reason)
        return AssignCasePayload(referral=Referral.from_row(referral))

    @strawberry.mutation(
        permission_classes=[Can("case", "refer")], description="转介案件（委派、委托、转送、交办等）"
    )
    async def refer_case(self, info: Info, input: ReferCaseInput) -> ReferralPayload:
        ctx = info.context
        data = service.NewReferral(
            case_id=decode_id(input.case_id, "Case", "caseId"),
            to_tenant_id=decode_id(input.to_tenant_id, "Tenant", "toTenantId"),
            kind=input.kind,
            reason=input.reason,
            procedure=input.procedure,
            invited_mediator_id=decode_id(input.invited_mediator_id, "Mediator", "invitedMediatorId")
            if input.invited_mediator_id
            else None,
        )
        return ReferralPayload(
            referral=Referral.from_row(await service.refer_case(ctx.session, ctx.require_principal(), data))
        )

    @strawberry.mutation(permission_classes=[Can("referral", "sign")], description="签收转介")
    async def sign_for_referral(self, info: Info, input: ReferralActionInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        return ReferralPayload(
            referral=Referral.from_row(await service.sign_for(ctx.session, ctx.require_principal(), rid))
        )

    @strawberry.mutation(permission_classes=[Can("referral", "accept")], description="受理转介")
    async def accept_referral(self, info: Info, input: ReferralActionInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        return ReferralPayload(
            referral=Referral.from_row(await service.accept(ctx.session, ctx.require_principal(), rid))
        )

    @strawberry.mutation(permission_classes=[Can("referral", "return")], description="退回转介（须说明理由）")
    async def return_referral(self, info: Info, input: ReturnReferralInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        referral = await service.return_referral(
            ctx.session, ctx.require_principal(), rid, input.reason, input.reason_code
        )
        return ReferralPayload(referral=Referral.from_row(referral))

    @strawberry.mutation(
        permission_classes=[Can("referral", "transition")], description="转介状态变更（通用）"
    )
    async def transition_referral(self, info: Info, input: TransitionReferralInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        referral = await service.transition(
            ctx.session,
            ctx.require_principal(),
            rid,
            input.event,
            input.reason,
            return_code=input.reason_code,
            expected_version=input.expected_version,
        )
        return ReferralPayload(referral=Referral.from_row(referral))
