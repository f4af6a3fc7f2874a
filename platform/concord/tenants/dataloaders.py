from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from concord.models import Tenant
from concord.tenants import repository


async def load_tenants(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[Tenant | None]:
    found = {t.id: t for t in await repository.by_ids(session, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_in_subtree(
    session: AsyncSession, ancestor_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> list[bool]:
    """Whether each tenant is the acting tenant or below it (supervision reaches down the tree)."""
    inside = await repository.ids_in_subtree(session, ancestor_id, list(set(keys)))
    return [k in inside for k in keys]
