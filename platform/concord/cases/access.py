"""accessExplanation: why the acting tenant can see a case, and what its roles let it do there — the answer
an administrator needs when a user asks "why can't I (or why can I) see this?"."""

from __future__ import annotations

import uuid

import strawberry

from concord.authz import relations
from concord.authz.visibility import VisibleTo
from concord.cases import repository
from concord.kit.context import Info
from concord.models.enums import AccessReason
from concord.tenants.types import Tenant, tenant_nodes

AccessReasonEnum = strawberry.enum(AccessReason, name="AccessReason", description="可见原因")

# One label per reason: a test walks AccessReason so a new reason cannot be added without one.
REASON_LABELS = {
    AccessReason.OWNER: "主办机构",
    AccessReason.REFERRAL_FROM: "转介发出方",
    AccessReason.REFERRAL_TO: "转介接收方",
    AccessReason.HANDLER: "受理后承办",
    AccessReason.CONFERENCE: "联席会议参会方（只读）",
}

CASE_ACTIONS = (
    ("case", "read"),
    ("case", "refer"),
    ("referral", "sign"),
    ("referral", "accept"),
    ("referral", "return"),
    ("party", "read_identity"),
    ("audit", "read"),
)


@strawberry.type(description="一条可见路径：哪个机构因何与案件相关，以及本机构是它自身还是它的上级")
class AccessPath:
    reason: AccessReason
    reason_label: str
    tenant: Tenant
    depth: int = strawberry.field(description="0：本机构自身；大于0：本机构是该机构的上级（监督可见）")
    explanation: str


@strawberry.type(description="权限判定：某操作是否允许及原因")
class ActionDecision:
    action: str
    allowed: bool
    reason: str


@strawberry.type(description="可见性与权限说明")
class AccessExplanation:
    tenant: Tenant
    roles: list[str]
    paths: list[AccessPath]
    actions: list[ActionDecision]


async def explain(info: Info, case_id: uuid.UUID) -> AccessExplanation:
    ctx = info.context
    p = ctx.require_principal()
    rows = await repository.access_paths(ctx.session, VisibleTo.of(p), case_id)
    tenants = await tenant_nodes(ctx, {tid for _, tid, _ in rows} | {p.tenant_id})
    me = tenants[p.tenant_id]
    paths = []
    for reason, tid, depth in rows:
        t = tenants[tid]
        how = "本机构" if depth == 0 else f"下级机构“{t.name}”（本机构为其上{depth}级）"
        paths.append(
            AccessPath(
                reason=reason,
                reason_label=REASON_LABELS[reason],
                tenant=t,
                depth=depth,
                explanation=f"{how}是该案件的{REASON_LABELS[reason]}",
            )
        )
    own = {reason for reason, _, depth in rows if depth == 0}
    # The relation rules the services apply (concord.authz.relations), on this tenant's own edges.
    case = await ctx.loaders.cases.case.load(case_id)
    refer = relations.may_refer(p.tenant_id, case.tenant_id, own) if case else relations.refused("案件不存在")
    pending = [
        relations.awaiting_receiver(p.tenant_id, r.to_db_id, r.status)
        for r in await ctx.loaders.referrals.of_case.load((case_id, 1000))
    ]
    receive = next(
        (d for d in pending if d), pending[0] if pending else relations.refused("没有发给本机构的转介")
    )
    actions = []
    for obj, act in CASE_ACTIONS:
        name = f"{obj}:{act}"
        decision = refer if name == "case:refer" else receive if obj == "referral" else relations.ALLOWED
        if not ctx.can(obj, act):
            actions.append(
                ActionDecision(action=name, allowed=False, reason=f"角色 {'、'.join(p.roles)} 没有此权限")
            )
        elif not decision:
            actions.append(ActionDecision(action=name, allowed=False, reason=decision.reason))
        else:
            actions.append(
                ActionDecision(action=name, allowed=True, reason="角色允许，且与案件的关系满足条件")
            )

    return AccessExplanation(tenant=me, roles=list(p.roles), paths=paths, actions=actions)
