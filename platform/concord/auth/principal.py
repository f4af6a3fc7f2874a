"""Who is acting: a user (or, later, an API client) in one tenant, with the roles held there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from concord.models.enums import TenantKind


@dataclass
class Principal:
    kind: str
    id: uuid.UUID
    username: str
    display_name: str
    tenant_id: uuid.UUID
    tenant_code: str
    tenant_kind: TenantKind
    roles: tuple[str, ...]
    # The app acting: an API client's own client_id, or the one a user's login named (e.g. "console").
    client_id: str | None = None
    # When the token this principal came from expires (epoch seconds); None when not from a token.
    expires_at: int | None = None
    # (object, action) -> decision; each is asked of the enforcer once per request.
    _decisions: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)
