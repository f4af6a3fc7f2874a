"""Per-request context: the principal, the request's one database session, dataloaders, request id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from concord.auth.principal import Principal
from concord.authz.enforcer import Authorizer
from concord.config import Settings
from concord.kit.context import PrincipalChecks

if TYPE_CHECKING:
    from concord.graphql.loaders import Loaders


@dataclass
class Context(PrincipalChecks):
    request: Request
    response: Response | None
    session: AsyncSession
    settings: Settings
    authorizer: Authorizer
    principal: Principal | None
    request_id: str
    loaders: Loaders
    operation_type: str | None = None
    # (object type, id, case id, field) of identity data read unmasked this request; recorded before commit.
    sensitive_reads: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
