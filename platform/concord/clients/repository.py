from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, in_subtree
from concord.kit.pagination import Page, keyset
from concord.models import ApiClient


async def by_client_id(session: AsyncSession, client_id: str) -> ApiClient | None:
    return (
        await session.execute(select(ApiClient).where(ApiClient.client_id == client_id))
    ).scalar_one_or_none()


async def managed(session: AsyncSession, viewer: VisibleTo, id_: uuid.UUID) -> ApiClient | None:
    stmt = (
        select(ApiClient)
        .where(ApiClient.id == id_, in_subtree(viewer, ApiClient.tenant_id))
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def page(session: AsyncSession, viewer: VisibleTo, p: Page) -> list[ApiClient]:
    stmt = select(ApiClient).where(in_subtree(viewer, ApiClient.tenant_id))
    stmt = keyset(stmt, p, ApiClient.created_at, ApiClient.id)
    return list((await session.execute(stmt)).scalars())


async def active_for_principal(
    session: AsyncSession, id_: uuid.UUID, tenant_id: uuid.UUID
) -> ApiClient | None:
    stmt = select(ApiClient).where(
        ApiClient.id == id_, ApiClient.tenant_id == tenant_id, ApiClient.is_active.is_(True)
    )
    return (await session.execute(stmt)).scalar_one_or_none()
