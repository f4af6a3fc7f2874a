from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from concord.authz.permissions import Can
from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import ApiClient as ApiClientModel

if TYPE_CHECKING:
    from concord.documents.types import TrustedDocument


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

    @strawberry.field(
        permission_classes=[Can("trusted_document", "read")],
        description="为该应用登记的可信文档，先登记的在前",
    )
    async def trusted_documents(
        self, info: Info
    ) -> list[Annotated[TrustedDocument, strawberry.lazy("concord.documents.types")]]:
        # The documents feature's objects, through the request's loaders (documents depends on clients, not back).
        documents: list[TrustedDocument] = await info.context.loaders.documents.trusted.load(self.db_id)
        return documents

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
