"""Schema assembly: each feature contributes Query and Mutation parts, merged here."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ValidationCache
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext

from concord.assignments.schema import AssignmentMutation, AssignmentQuery
from concord.audit.schema import AuditQuery
from concord.audit.types import AuditEvent
from concord.authz.permissions import IsAuthenticated
from concord.cases.lifecycle_schema import LifecycleMutation
from concord.cases.schema import CaseMutation, CaseQuery
from concord.cases.types import Case, Party
from concord.clients.schema import ClientMutation, ClientQuery
from concord.clients.types import ApiClient
from concord.conferences.schema import ConferenceMutation, ConferenceQuery
from concord.conferences.types import ConferenceActionItem, JointConference
from concord.deadlines.schema import CalendarMutation, DeadlineQuery
from concord.documents.schema import DocumentMutation
from concord.duty.schema import DutyMutation, DutyQuery
from concord.duty.types import DutySlot
from concord.events.schema import EventQuery, EventSubscription
from concord.graphql.errors import ErrorPolicy, RecordOperationType
from concord.graphql.execution import ConcordExecutionContext
from concord.graphql.inputs import InputGuard
from concord.graphql.limits import ParseCache, QueryLimits
from concord.idempotency.extension import Idempotency
from concord.kit.context import Info
from concord.kit.ids import from_global_id
from concord.kit.node import Node, node_fetcher
from concord.mediators.change_schema import MediatorChangeMutation
from concord.mediators.schema import MediatorMutation, MediatorQuery
from concord.mediators.types import Mediator
from concord.referrals.schema import ReferralMutation
from concord.referrals.types import Referral
from concord.subsidies.schema import SubsidyMutation, SubsidyQuery
from concord.tenants.schema import TenantMutation, TenantQuery
from concord.tenants.types import Tenant, tenant_node
from concord.training.schema import TrainingMutation, TrainingQuery
from concord.training.types import TrainingEvent
from concord.users.schema import UserMutation, UserQuery
from concord.users.types import User

# What a principal needs to fetch each type through node(id:); rows are still filtered by visibility.
NODE_PERMISSIONS: dict[str, tuple[str, str]] = {
    "Case": ("case", "read"),
    "Party": ("case", "read"),
    "Referral": ("case", "read"),
    "JointConference": ("conference", "read"),
    "ConferenceActionItem": ("conference", "read"),
    "Tenant": ("tenant", "read"),
    "Mediator": ("mediator", "read"),
    "TrainingEvent": ("training", "read"),
    "DutySlot": ("duty", "read"),
}


@strawberry.type(description="当前登录用户")
class ViewerUser:
    id: strawberry.ID
    username: str
    display_name: str


@strawberry.type(description="当前用户及其所代表的机构和角色")
class Viewer:
    user: ViewerUser
    tenant: Tenant
    roles: list[str]
    permissions: list[str] = strawberry.field(
        description="本机构中当前角色拥有的权限（object:action，来自 policies/roles.csv）；控制台据此显示菜单和按钮"
    )


@strawberry.type
class CoreQuery:
    @strawberry.field(description="按全局ID取任意对象；无权查看时返回 null 并附 NOT_FOUND 错误")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        from concord.kit.errors import NotFound

        if info.context.principal is None:
            from concord.kit.errors import Unauthenticated

            raise Unauthenticated()
        type_name, db_id = from_global_id(id, "id")
        needed = NODE_PERMISSIONS.get(type_name)
        if needed is not None and not info.context.can(*needed):
            from concord.kit.errors import Forbidden

            raise Forbidden(f"当前角色无权查看{type_name}", action=":".join(needed))
        fetch = node_fetcher(type_name)
        obj: Node | None = await fetch(info.context, db_id) if fetch else None
        if obj is None:
            raise NotFound(field="id")
        return obj

    @strawberry.field(permission_classes=[IsAuthenticated], description="当前登录信息")
    async def viewer(self, info: Info) -> Viewer:
        from concord.authz.roles import vocabulary
        from concord.kit.ids import to_global_id

        p = info.context.require_principal()
        tenant = await tenant_node(info.context, p.tenant_id)
        return Viewer(
            user=ViewerUser(
                id=strawberry.ID(to_global_id("User", p.id)), username=p.username, display_name=p.display_name
            ),
            tenant=tenant,
            roles=list(p.roles),
            permissions=[f"{obj}:{act}" for obj, act in vocabulary() if info.context.can(obj, act)],
        )


Query = merge_types(
    "Query",
    (
        CoreQuery,
        TenantQuery,
        CaseQuery,
        AuditQuery,
        UserQuery,
        ClientQuery,
        DeadlineQuery,
        ConferenceQuery,
        EventQuery,
        MediatorQuery,
        SubsidyQuery,
        AssignmentQuery,
        TrainingQuery,
        DutyQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        CaseMutation,
        LifecycleMutation,
        ReferralMutation,
        TenantMutation,
        UserMutation,
        ClientMutation,
        CalendarMutation,
        ConferenceMutation,
        DocumentMutation,
        MediatorMutation,
        MediatorChangeMutation,
        SubsidyMutation,
        AssignmentMutation,
        TrainingMutation,
        DutyMutation,
    ),
)


class ConcordSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Logging happens in ErrorPolicy, which knows the request id and logs only unexpected errors.
        return None


def build_schema(**kwargs: Any) -> strawberry.Schema:
    return ConcordSchema(
        query=Query,
        mutation=Mutation,
        subscription=EventSubscription,
        types=[
            ApiClient,
            AuditEvent,
            Case,
            ConferenceActionItem,
            JointConference,
            DutySlot,
            Mediator,
            Party,
            Referral,
            Tenant,
            TrainingEvent,
            User,
        ],
        # Idempotency first: extensions exit in reverse order, so it stores answers after ErrorPolicy ran.
        # The caches sit after QueryLimits, which sets the parser's token cap and this request's rule class
        # (one class per limits/introspection combination), so both are part of the cache keys. InputGuard
        # refuses control characters and out-of-range dates in any argument before execution (and before
        # Idempotency stores anything).
        extensions=[
            QueryLimits,
            InputGuard,
            lambda: ParseCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            Idempotency,
            ErrorPolicy,
            RecordOperationType,
        ],
        # Plain scalar fields are completed inline (concord/graphql/execution.py): same answers, less work.
        execution_context_class=ConcordExecutionContext,
        **kwargs,
    )


schema = build_schema()


def export_sdl() -> str:
    return schema.as_str() + "\n"
