"""The context of a WebSocket connection. One per connection (strawberry shares it between the connection's
operations), authenticated once from `connection_init`; database work happens in short scopes — one session
per read, one per event being resolved — never a session held open while a subscription waits.

`session` and `loaders` are those of the current scope, kept in a ContextVar: each operation runs in its own
asyncio task, so two subscriptions on one connection never see each other's session."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.websockets import WebSocket

from concord.auth.principal import Principal
from concord.auth.service import act_as, authenticate
from concord.authz.enforcer import Authorizer
from concord.authz.visibility import view_of
from concord.config import Settings
from concord.kit.context import PrincipalChecks
from concord.kit.errors import Unauthenticated
from concord.trail.hooks import before_commit

if TYPE_CHECKING:
    from concord.events.listener import EventHub
    from concord.graphql.loaders import Loaders

_scope: ContextVar[tuple[AsyncSession, Loaders] | None] = ContextVar("concord_event_scope", default=None)


@dataclass
class SubscriptionContext(PrincipalChecks):
    request: WebSocket
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    authorizer: Authorizer
    hub: EventHub
    request_id: str
    principal: Principal | None = None
    # The connection's bearer token, and when the principal was last re-read from it (time.monotonic()).
    token: str | None = None
    checked_at: float = 0.0
    connection_params: dict[str, Any] | None = None
    response: None = None
    operation_type: str | None = None
    sensitive_reads: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def _current() -> tuple[AsyncSession, Loaders]:
        current = _scope.get()
        if current is None:
            raise RuntimeError("no database scope open for this subscription")
        return current

    @property
    def session(self) -> AsyncSession:
        return self._current()[0]

    @property
    def loaders(self) -> Loaders:
        return self._current()[1]

    def new_session(self) -> AsyncSession:
        """A session bound to the principal's row-level-security context, with an audit recorder."""
        session = self.sessions()
        act_as(session, self.principal, self.request_id, self.client_address)
        return session

    async def _recheck(self) -> None:
        """Re-read the principal from the token when the last check is older than
        `subscription_recheck_seconds`: a subscription is authorised like a query, not once for its lifetime."""
        if (
            self.token is None
            or time.monotonic() - self.checked_at < self.settings.subscription_recheck_seconds
        ):
            return
        async with self.sessions() as session:
            principal = await authenticate(
                session, self.settings, self.token, self.request_id, self.client_address
            )
        if principal is None:
            self.principal = None
            raise Unauthenticated("登录已过期或账号、角色已变更，请重新连接")
        self.principal, self.checked_at = principal, time.monotonic()

    @contextlib.asynccontextmanager
    async def scope(self) -> AsyncIterator[AsyncSession]:
        """Open a session (and loaders) for what runs inside; audited reads are written when it closes."""
        from concord.graphql.loaders import make_loaders  # here: loaders import the feature types

        await self._recheck()
        session = self.new_session()
        # Connect (and set the row-level-security context) before resolvers run side by side: the session may
        # be shared by concurrent statements once connected (the driver serialises them), not while connecting.
        await session.connection()
        token = _scope.set((session, make_loaders(session, view_of(self.principal))))
        try:
            yield session
            if self.sensitive_reads:
                await before_commit(self)
                await session.commit()
        finally:
            self.sensitive_reads.clear()
            # An async generator's finally may run in another context (aclose at cancellation).
            with contextlib.suppress(ValueError):
                _scope.reset(token)
            await session.close()


# The `info` of the subscription resolvers, which use the connection's scopes and event hub.
SubscriptionInfo = strawberry.Info[SubscriptionContext, None]
