from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, in_subtree
from concord.models import ApiClient, TrustedDocument


async def body_for_client(
    session: AsyncSession, viewer: VisibleTo, client_id: str, document_id: str
) -> str | None:
    """The text registered under `document_id` for the active app `client_id` of the acting tenant's subtree
    (an app acts in its own tenant, so it finds its own documents)."""
    stmt = (
        select(TrustedDocument.body)
        .join(ApiClient, ApiClient.id == TrustedDocument.api_client_id)
        .where(
            in_subtree(viewer, TrustedDocument.tenant_id),
            TrustedDocument.document_id == document_id,
            ApiClient.client_id == client_id,
            ApiClient.is_active.is_(True),
        )
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def managed_client(
    session: AsyncSession,
    viewer: VisibleTo,
    *,
    id_: uuid.UUID | None = None,
    client_id: str | None = None,
) -> ApiClient | None:
    """An API client of the acting tenant's subtree, by row id or by OAuth client_id."""
    stmt = select(ApiClient).where(in_subtree(viewer, ApiClient.tenant_id))
    stmt = (
        stmt.where(ApiClient.id == id_) if id_ is not None else stmt.where(ApiClient.client_id == client_id)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def insert_if_absent(session: AsyncSession, doc: TrustedDocument) -> bool:
    """Inserts unless the client already has this document; True when a row was written. ON CONFLICT makes
    two concurrent registrations of the same text both succeed, with one row."""
    stmt = (
        insert(TrustedDocument)
        .values(
            id=doc.id,
            tenant_id=doc.tenant_id,
            api_client_id=doc.api_client_id,
            document_id=doc.document_id,
            operation_name=doc.operation_name,
            body=doc.body,
            created_by=doc.created_by,
            created_at=doc.created_at,
        )
        .on_conflict_do_nothing(index_elements=["api_client_id", "document_id"])
        .returning(TrustedDocument.id)
    )
    return (await session.execute(stmt)).scalar_one_or_none() is not None


async def by_client_and_id(
    session: AsyncSession, api_client_id: uuid.UUID, document_id: str
) -> TrustedDocument | None:
    stmt = select(TrustedDocument).where(
        TrustedDocument.api_client_id == api_client_id, TrustedDocument.document_id == document_id
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def remove(session: AsyncSession, id_: uuid.UUID) -> None:
    await session.execute(delete(TrustedDocument).where(TrustedDocument.id == id_))


async def for_clients(session: AsyncSession, api_client_ids: Sequence[uuid.UUID]) -> list[TrustedDocument]:
    """The documents of several clients in one statement (the ApiClient.trustedDocuments dataloader)."""
    stmt = (
        select(TrustedDocument)
        .where(TrustedDocument.api_client_id.in_(api_client_ids))
        .order_by(TrustedDocument.created_at, TrustedDocument.document_id)
    )
    return list((await session.execute(stmt)).scalars())
