from __future__ import annotations

import uuid
from typing import Any

import strawberry
from strawberry.types import Info

from concord.authz.permissions import Can
from concord.graphql.node import register_node
from concord.kit.ids import decode_id
from concord.models.enums import ReferralKind
from concord.referrals import service
from concord.referrals.types import Referral


async def _fetch_node(ctx: Any, id_: uuid.UUID) -> Referral | None:
    row = await ctx.loaders.referral.load(id_)
    return Referral.from_row(row) if row else None


register_node("Referral", _fetch_node)


@strawberry.input(description="将案件转介给另一机构")
class ReferCaseInput:
    case_id: strawberry.ID
    to_tenant_id: strawberry.ID
    kind: ReferralKind
    reason: str


@strawberry.input
class ReferralActionInput:
    referral_id: strawberry.ID


@strawberry.input
class ReturnReferralInput:
    referral_id: strawberry.ID
    reason: str = strawberry.field(description="退回理由（必填）")


@strawberry.type
class ReferralPayload:
    referral: Referral


@strawberry.type
class ReferralMutation:
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
        )
        return ReferralPayload(
            referral=Referral.from_row(await service.refer_case(ctx.session, ctx.principal, data))
        )

    @strawberry.mutation(permission_classes=[Can("referral", "sign")], description="签收转介")
    async def sign_for_referral(self, info: Info, input: ReferralActionInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        return ReferralPayload(
            referral=Referral.from_row(await service.sign_for(ctx.session, ctx.principal, rid))
        )

    @strawberry.mutation(permission_classes=[Can("referral", "accept")], description="受理转介")
    async def accept_referral(self, info: Info, input: ReferralActionInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        return ReferralPayload(
            referral=Referral.from_row(await service.accept(ctx.session, ctx.principal, rid))
        )

    @strawberry.mutation(permission_classes=[Can("referral", "return")], description="退回转介（须说明理由）")
    async def return_referral(self, info: Info, input: ReturnReferralInput) -> ReferralPayload:
        ctx = info.context
        rid = decode_id(input.referral_id, "Referral", "referralId")
        referral = await service.return_referral(ctx.session, ctx.principal, rid, input.reason)
        return ReferralPayload(referral=Referral.from_row(referral))
