from __future__ import annotations

from datetime import datetime

import strawberry

from concord.audit import repository
from concord.audit.types import AuditChainVerification, AuditEvent
from concord.audit.verify import verify_one
from concord.authz.permissions import Can
from concord.authz.visibility import VisibleTo
from concord.kit.context import Info
from concord.kit.errors import NotFound
from concord.kit.ids import decode_id, to_global_id
from concord.kit.pagination import Connection, build_connection, page_args
from concord.tenants import service as tenants


@strawberry.input(description="审计事件筛选条件")
class AuditEventFilter:
    case_id: strawberry.ID | None = None
    conference_id: strawberry.ID | None = None
    actor_id: strawberry.ID | None = None
    action: str | None = None
    from_: datetime | None = strawberry.field(default=None, name="from")
    to: datetime | None = None


def _criteria(f: AuditEventFilter) -> repository.EventFilter:
    def opt(value: strawberry.ID | None, type_name: str, field: str):  # type: ignore[no-untyped-def]
        return decode_id(value, type_name, f"filter.{field}") if value else None

    return repository.EventFilter(
        case_id=opt(f.case_id, "Case", "caseId"),
        conference_id=opt(f.conference_id, "JointConference", "conferenceId"),
        actor_id=opt(f.actor_id, "User", "actorId"),
        action=f.action or None,
        since=f.from_,
        until=f.to,
    )


@strawberry.type
class AuditQuery:
    @strawberry.field(
        permission_classes=[Can("audit", "read")],
        description="审计事件（本机构及下级机构的操作，以及本机构可见案件上的全部操作），最新的在前。"
        "涉及案件的事件，只有可查看该案件（且角色可查看案件）时才显示变更内容，否则只显示元数据",
    )
    async def audit_events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: AuditEventFilter | None = None,
    ) -> Connection[AuditEvent]:
        ctx = info.context
        page = page_args(first, after)
        rows = await repository.list_events(
            ctx.session,
            VisibleTo.of(ctx.require_principal()),
            page,
            _criteria(filter or AuditEventFilter()),
            may_read_cases=ctx.can("case", "read"),
        )
        return build_connection(
            rows, page, lambda r: AuditEvent.from_row(*r), lambda r: (r[0].occurred_at, r[0].id)
        )

    @strawberry.field(
        permission_classes=[Can("audit", "read")], description="校验某机构的审计哈希链（本机构或下级机构）"
    )
    async def verify_audit_chain(self, info: Info, tenant_id: strawberry.ID) -> AuditChainVerification:
        ctx = info.context
        tid = decode_id(tenant_id, "Tenant", "tenantId")
        if not await tenants.is_descendant(ctx.session, VisibleTo.of(ctx.require_principal()), tid):
            raise NotFound(field="tenantId")
        report = await verify_one(ctx.session, tid)
        return AuditChainVerification(
            ok=report.ok,
            checked_events=report.checked,
            first_broken_event_id=strawberry.ID(to_global_id("AuditEvent", report.first_broken))
            if report.first_broken
            else None,
            problem=report.problem,
        )
