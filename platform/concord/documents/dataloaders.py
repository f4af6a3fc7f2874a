"""ApiClient.trustedDocuments in one statement per request, however many clients a page lists."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.documents import repository
from concord.models import TrustedDocument

if TYPE_CHECKING:
    from concord.documents.types import TrustedDocument as TrustedDocumentNode


async def load_documents(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[TrustedDocumentNode]]:
    """Keys are API client ids: their documents as GraphQL objects, first registered first (ApiClient shows them
    without importing this feature)."""
    from concord.documents.types import TrustedDocument as TrustedDocumentNode

    by_client: dict[uuid.UUID, list[TrustedDocument]] = defaultdict(list)
    for doc in await repository.for_clients(session, ids):
        by_client[doc.api_client_id].append(doc)
    return [[TrustedDocumentNode.from_row(d) for d in by_client.get(i, [])] for i in ids]


@dataclass
class DocumentLoaders:
    """The documents feature's per-request loaders."""

    trusted: DataLoader[uuid.UUID, list[TrustedDocumentNode]]  # API client id -> its documents

    @classmethod
    def build(cls, session: AsyncSession) -> DocumentLoaders:
        return cls(trusted=DataLoader(partial(load_documents, session)))
