from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from concord.graphql.node import Node
from concord.kit.ids import to_global_id
from concord.models import ApiClient as ApiClientModel


@strawberry.type(description="外部应用凭据（密钥只在创建或更换时显示一次）")
class ApiClient(Node):
    db_id: strawberry.Private[uuid.UUID]
    client_id: str
    name: str
    roles: list[str]
    is_active: bool
    created_at: datetime
    rotated_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, c: ApiClientModel) -> ApiClient:
        return cls(
            id=strawberry.ID(to_global_id("ApiClient", c.id)),
            db_id=c.id,
            client_id=c.client_id,
            name=c.name,
            roles=list(c.roles),
            is_active=c.is_active,
            created_at=c.created_at,
            rotated_at=c.rotated_at,
            revoked_at=c.revoked_at,
        )
