from __future__ import annotations

import strawberry

from concord.authz.permissions import Can
from concord.cases import lifecycle
from concord.cases.lifecycle_types import CasePayload
from concord.cases.types import Case
from concord.kit.context import Info
from concord.kit.ids import decode_id
from concord.models.enums import CaseEvent, Complexity, PauseReason, RiskFlag, SupervisionLevel, Track


@strawberry.input(description="案件状态变更（通用）")
class TransitionCaseInput:
    case_id: strawberry.ID
    event: CaseEvent
    reason: str | None = strawberry.field(
        default=None,
        description="理由或说明：不予受理、导入法定途径、合并、中止、调解不成、撤回、未履行、重新启动时必填；"
        "其他操作（如达成协议）可附说明，保存为案件的状态说明（statusReason）并记入操作留痕",
    )
    expected_version: int | None = strawberry.field(
        default=None, description="乐观锁：与当前版本不符时返回 CONFLICT"
    )
    reason_code: PauseReason | None = strawberry.field(
        default=None,
        description="中止事由（PAUSE 时必填）；须为正在计算的法定期限允许的事由，否则返回 BAD_USER_INPUT（reasonCode）",
    )


@strawberry.input(description="登记协议履行情况")
class RecordPerformanceInput:
    case_id: strawberry.ID
    note: str


@strawberry.input(description="登记回访及当事人满意度")
class RecordFollowUpInput:
    case_id: strawberry.ID
    satisfaction: int = strawberry.field(description="当事人本人给出的满意度，1（很不满意）到5（很满意）")
    note: str | None = None


@strawberry.input(description="修改案件的办理程序、难易程度、风险标记")
class UpdateCaseOverlaysInput:
    case_id: strawberry.ID
    track: Track | None = None
    complexity: Complexity | None = None
    risk_flags: list[RiskFlag] | None = None
    expected_version: int | None = None


@strawberry.input(description="督办：催办、督办、挂牌督办、领导包案")
class SuperviseCaseInput:
    case_id: strawberry.ID
    level: SupervisionLevel
    reason: str
    leader: str | None = strawberry.field(default=None, description="领导包案时必填")


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(
        permission_classes=[Can("case", "transition")], description="案件状态变更；非法操作返回允许的操作"
    )
    async def transition_case(self, info: Info, input: TransitionCaseInput) -> CasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        case = await lifecycle.transition(
            ctx.session,
            ctx.require_principal(),
            cid,
            input.event,
            input.reason,
            input.expected_version,
            reason_code=input.reason_code,
        )
        return CasePayload(case=Case.from_row(case))

    @strawberry.mutation(permission_classes=[Can("case", "transition")], description="登记协议履行情况")
    async def record_performance(self, info: Info, input: RecordPerformanceInput) -> CasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        return CasePayload(
            case=Case.from_row(
                await lifecycle.record_performance(ctx.session, ctx.require_principal(), cid, input.note)
            )
        )

    @strawberry.mutation(permission_classes=[Can("case", "transition")], description="登记回访和满意度")
    async def record_follow_up(self, info: Info, input: RecordFollowUpInput) -> CasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        case = await lifecycle.record_follow_up(
            ctx.session, ctx.require_principal(), cid, input.satisfaction, input.note
        )
        return CasePayload(case=Case.from_row(case))

    @strawberry.mutation(
        permission_classes=[Can("case", "transition")], description="修改办理程序、难易程度、风险标记"
    )
    async def update_case_overlays(self, info: Info, input: UpdateCaseOverlaysInput) -> CasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        case = await lifecycle.update_overlays(
            ctx.session,
            ctx.require_principal(),
            cid,
            track=input.track,
            complexity=input.complexity,
            risk_flags=input.risk_flags,
            expected_version=input.expected_version,
        )
        return CasePayload(case=Case.from_row(case))

    @strawberry.mutation(permission_classes=[Can("case", "supervise")], description="督办案件")
    async def supervise_case(self, info: Info, input: SuperviseCaseInput) -> CasePayload:
        ctx = info.context
        cid = decode_id(input.case_id, "Case", "caseId")
        case = await lifecycle.supervise(
            ctx.session, ctx.require_principal(), cid, input.level, input.reason, input.leader
        )
        return CasePayload(case=Case.from_row(case))
