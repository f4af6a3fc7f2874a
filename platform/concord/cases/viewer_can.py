"""`Case.viewerCan`: what the viewer may do to this case now, so that a page offers exactly the buttons the
services would accept. Each answer is the Casbin permission (policies/roles.csv) AND the relation rule the
service applies (concord.authz.relations) — the same two checks, not a copy of them."""

from __future__ import annotations

import uuid

import strawberry

from concord.authz import relations
from concord.kit.context import Info
from concord.models.enums import AccessReason, CaseStatus

# A case in one of these takes no new mediators (concord.assignments refuses it too).
ENDED = {
    CaseStatus.RESOLVED,
    CaseStatus.FAILED,
    CaseStatus.WITHDRAWN,
    CaseStatus.CLOSED,
    CaseStatus.NOT_ACCEPTED,
    CaseStatus.DIVERTED,
    CaseStatus.MERGED,
    CaseStatus.BREACHED,
}


@strawberry.type(description="当前用户对该案件可以执行的操作（角色权限与机构关系均满足）；页面据此显示按钮")
class CaseViewerCan:
    transition: bool = strawberry.field(description="办理状态变更（具体事件见 availableEvents）")
    refer: bool = strawberry.field(description="转介（委派、委托、转送、协办）")
    escalate: bool = strawberry.field(description="上报上一级解纷中心")
    assign: bool = strawberry.field(description="交办")
    supervise: bool = strawberry.field(description="督办（催办、督办、挂牌督办、领导包案）")
    update_overlays: bool = strawberry.field(description="修改办理程序、难易程度、风险标记")
    record_performance: bool = strawberry.field(description="登记协议履行情况")
    record_follow_up: bool = strawberry.field(description="登记回访和满意度")
    reveal_identity: bool = strawberry.field(description="查看当事人完整证件号和电话（留痕）")
    read_audit: bool = strawberry.field(description="查看操作留痕")
    convene: bool = strawberry.field(description="就该案件召集联席会议")
    assign_mediator: bool = strawberry.field(description="指派调解员、登记当事人选定和回避申请")
    decide_recusal: bool = strawberry.field(description="决定回避申请")


async def viewer_can(
    info: Info, case_id: uuid.UUID, owner_id: uuid.UUID, status: CaseStatus | None = None
) -> CaseViewerCan:
    ctx = info.context
    p = ctx.principal
    if p is None:
        return CaseViewerCan(**dict.fromkeys(CaseViewerCan.__annotations__, False))
    is_handler = owner_id == p.tenant_id or await ctx.loaders.cases.is_handler.load(case_id)
    reasons = {AccessReason.HANDLER} if is_handler else set()
    handler = bool(relations.handler(p.tenant_id, owner_id, reasons))
    me = await ctx.loaders.tenants.tenant.load(p.tenant_id)
    return CaseViewerCan(
        transition=ctx.can("case", "transition") and handler,
        refer=ctx.can("case", "refer") and bool(relations.may_refer(p.tenant_id, owner_id, reasons)),
        escalate=ctx.can("case", "escalate") and bool(relations.may_escalate(p.tenant_id, owner_id)),
        assign=ctx.can("case", "assign")
        and handler
        and me is not None
        and bool(relations.may_assign(me.kind, me.tier)),
        supervise=ctx.can("case", "supervise")
        and status is not CaseStatus.CLOSED
        and await _may_supervise(info, owner_id),
        update_overlays=ctx.can("case", "transition") and handler,
        record_performance=ctx.can("case", "transition") and handler,
        record_follow_up=ctx.can("case", "transition") and handler,
        reveal_identity=ctx.can("party", "read_identity"),
        read_audit=ctx.can("audit", "read"),
        convene=ctx.can("conference", "convene"),
        assign_mediator=ctx.can("mediator", "assign") and handler and status not in ENDED,
        decide_recusal=ctx.can("recusal", "decide") and handler,
    )


async def _may_supervise(info: Info, owner_id: uuid.UUID) -> bool:
    loaders = info.context.loaders.tenants
    coordinated = {owner_id} if await loaders.coordinated.load(owner_id) else set()
    coordination = relations.coordinates(owner_id, coordinated)
    return bool(relations.may_supervise(await loaders.in_subtree.load(owner_id), coordination))
