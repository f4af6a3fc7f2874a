"""The Subscription root: `referralEvents` (a tenant's referral inbox and outbox) and `caseEvents(caseId)`,
over graphql-transport-ws at /graphql; plus `Query.eventCursor`, the feed's current position, so a client can
read a page and then subscribe from that moment without missing anything in between."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry

from concord.authz.permissions import Can, IsAuthenticated
from concord.authz.visibility import VisibleTo
from concord.cases import service as cases
from concord.events import repository, service
from concord.events.context import SubscriptionInfo
from concord.events.types import CaseUpdate, ReferralUpdate
from concord.kit.errors import NotFound
from concord.kit.ids import decode_id
from concord.models import EventOutbox


async def _start(info: SubscriptionInfo, after: str | None) -> int:
    cursor = service.decode_cursor(after) if after is not None else None
    async with info.context.scope() as session:
        if cursor is None:
            return await repository.position(session)
        service.check_resumable(cursor, await repository.horizon(session))
        return cursor


@strawberry.type
class EventQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="事件流的当前位置：先查询、再以 after 订阅，可不漏掉其间发生的事件",
    )
    async def event_cursor(self, info: SubscriptionInfo) -> str:
        return service.encode_cursor(await repository.position(info.context.session))


@strawberry.type(name="Subscription")
class EventSubscription:
    @strawberry.subscription(
        permission_classes=[Can("case", "read")],
        description="本机构发出或收到的转介的事件（签收、受理、退回等）；after 为上次收到的游标时补发其后的事件",
    )
    async def referral_events(
        self, info: SubscriptionInfo, after: str | None = None
    ) -> AsyncGenerator[ReferralUpdate, None]:
        ctx = info.context
        principal = ctx.require_principal()
        start = await _start(info, after)

        async def read(cursor: int, upto: int, limit: int) -> list[EventOutbox]:
            async with ctx.scope() as session:
                ctx.require("case", "read")  # the principal was just re-read: its roles may have changed
                return await repository.referral_events(session, VisibleTo.of(principal), cursor, upto, limit)

        async for row in service.feed(ctx.hub, read, start, principal.expires_at):
            async with ctx.scope():
                yield ReferralUpdate.from_row(row)

    @strawberry.subscription(
        permission_classes=[Can("case", "read")],
        description="一个案件的事件；案件不可见时返回 NOT_FOUND",
    )
    async def case_events(
        self, info: SubscriptionInfo, case_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[CaseUpdate, None]:
        ctx = info.context
        principal = ctx.require_principal()
        db_id: uuid.UUID = decode_id(case_id, "Case", "caseId")
        async with ctx.scope() as session:
            if await cases.get_visible(session, VisibleTo.of(principal), db_id) is None:
                raise NotFound(field="caseId")
        start = await _start(info, after)

        async def read(cursor: int, upto: int, limit: int) -> list[EventOutbox]:
            async with ctx.scope() as session:
                ctx.require("case", "read")
                return await repository.case_events(
                    session, VisibleTo.of(principal), db_id, cursor, upto, limit
                )

        async for row in service.feed(ctx.hub, read, start, principal.expires_at):
            async with ctx.scope():
                yield CaseUpdate.from_row(row)
