"""`Mediator.viewerCan`: what the viewer may do to this roster record now, so that the console offers exactly
the buttons the services would accept — the Casbin permission AND the relation rule (authz.relations), the
same two checks the services make."""

from __future__ import annotations

import uuid

import strawberry

from concord.authz import relations
from concord.kit.context import Info
from concord.models.enums import MediatorKind, MediatorStatus


@strawberry.type(description="当前用户对该调解员可以执行的操作（角色权限与管理关系均满足）；页面据此显示按钮")
class MediatorViewerCan:
    update: bool = strawberry.field(description="修改名册信息、证书、所属机构、亲属申报、关联账号")
    set_status: bool = strawberry.field(description="暂停、恢复、退出名册")
    renew_term: bool = strawberry.field(description="续聘特邀调解员（法院）")
    reveal_identity: bool = strawberry.field(description="查看完整身份证号和电话（留痕）")


async def viewer_can(
    info: Info, mediator_id: uuid.UUID, kind: MediatorKind, status: MediatorStatus
) -> MediatorViewerCan:
    ctx = info.context
    p = ctx.principal
    if p is None:
        return MediatorViewerCan(update=False, set_status=False, renew_term=False, reveal_identity=False)
    managed = await ctx.loaders.mediators.managed.load(mediator_id)
    manage = ctx.can("mediator", "manage") and bool(relations.manages_mediator(managed, status))
    me = await ctx.loaders.tenants.tenant.load(p.tenant_id)
    renew = manage and me is not None and bool(relations.may_renew_term(me.kind, kind))
    return MediatorViewerCan(
        update=manage,
        set_status=manage,
        renew_term=renew,
        reveal_identity=managed and ctx.can("mediator", "read_identity"),
    )
