"""What a resolver may ask of its context, whichever transport carried the operation: the HTTP endpoint's
`concord.graphql.context.Context` and the WebSocket's `concord.events.context.SubscriptionContext` both
satisfy `ResolverContext`, and `Info` (every resolver's `info`) is typed with it. A floor: features import it
instead of reaching up into the transport."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import strawberry

from concord.kit.errors import Forbidden, Unauthenticated

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession
    from starlette.requests import HTTPConnection

    from concord.auth.principal import Principal
    from concord.authz.enforcer import Authorizer
    from concord.config import Settings
    from concord.graphql.loaders import Loaders


class ResolverContext(Protocol):
    """What a resolver may use of its context, whether the operation came over HTTP (`Context`) or a WebSocket
    (`concord.events.context.SubscriptionContext`): both satisfy it, and `Info` is typed with it."""

    principal: Principal | None
    settings: Settings
    authorizer: Authorizer
    request_id: str
    operation_type: str | None
    sensitive_reads: list[tuple[str, Any, Any, str]]
    extra: dict[str, Any]

    @property
    def session(self) -> AsyncSession: ...

    @property
    def loaders(self) -> Loaders: ...

    @property
    def client_address(self) -> str | None: ...

    def can(self, obj: str, act: str) -> bool: ...

    def permits(self, obj: str, act: str) -> bool: ...

    def require_principal(self) -> Principal: ...

    def require(self, obj: str, act: str) -> Principal: ...


class PrincipalChecks:
    """What every resolver asks of its context, over HTTP or a WebSocket: who acts, from where, and may they."""

    request: HTTPConnection
    principal: Principal | None
    authorizer: Authorizer

    @property
    def client_address(self) -> str | None:
        return self.request.client.host if self.request.client else None

    def can(self, obj: str, act: str) -> bool:
        return self.principal is not None and self.authorizer.can(self.principal, obj, act)

    def permits(self, obj: str, act: str) -> bool:
        """`can` as the state machines take it (concord.kit.machine.Permits)."""
        return self.can(obj, act)

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated()
        return self.principal

    def require(self, obj: str, act: str) -> Principal:
        principal = self.require_principal()
        if not self.authorizer.can(principal, obj, act):
            raise Forbidden(f"当前角色无权执行 {obj}:{act}", action=f"{obj}:{act}")
        return principal


# The `info` argument of every resolver: `info.context` is typed (mypy checks what resolvers ask of it).
Info = strawberry.Info[ResolverContext, None]
