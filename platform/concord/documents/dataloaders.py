"""ApiClient.trustedDocuments in one statement per request, however many clients a page lists."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.documents import repository
from concord.models import TrustedDocument

_KEY = "trusted_documents"


async def load_documents(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[TrustedDocument]]:
    by_client: dict[uuid.UUID, list[TrustedDocument]] = defaultdict(list)
    for doc in await repository.for_clients(session, ids):
        by_client[doc.api_client_id].append(doc)
    return [by_client.get(i, []) for i in ids]


def documents_of(ctx: Any) -> DataLoader[uuid.UUID, list[TrustedDocument]]:
    """The request's loader, made on first use and kept on the context (one per request, like the others)."""
    loader: DataLoader[uuid.UUID, list[TrustedDocument]] | None = ctx.extra.get(_KEY)
    if loader is None:
        session = ctx.session

        async def load(ids: list[uuid.UUID]) -> list[list[TrustedDocument]]:
            return await load_documents(session, ids)

        loader = DataLoader(load)
        ctx.extra[_KEY] = loader
    return loader
