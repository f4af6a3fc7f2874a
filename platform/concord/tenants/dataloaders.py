from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.models import Tenant
from concord.tenants import repository

if TYPE_CHECKING:
    from concord.tenants.types import Tenant as TenantNode


async def load_tenants(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[Tenant | None]:
    found = {t.id: t for t in await repository.by_ids(session, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_in_subtree(session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]) -> list[bool]:
    """Whether each tenant is the acting tenant or below it (supervision reaches down the tree)."""
    inside = await repository.ids_in_subtree(session, viewer, list(set(keys)))
    return [k in inside for k in keys]


async def load_coordinated(session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]) -> list[bool]:
    """Whether the viewer's coordination (统筹协调) reaches each tenant."""
    reached = await repository.ids_coordinated(session, viewer, list(set(keys)))
    return [k in reached for k in keys]


@dataclass
class TenantLoaders:
    """The tenants feature's per-request loaders, and the GraphQL Tenant objects already built this request (a
    page names the same few tenants many times)."""

    tenant: DataLoader[uuid.UUID, Tenant | None]
    in_subtree: DataLoader[uuid.UUID, bool]  # tenant id -> the viewer's tenant or below it
    coordinated: DataLoader[uuid.UUID, bool]  # tenant id -> the viewer coordinates it (统筹协调)
    nodes: dict[uuid.UUID, TenantNode] = field(default_factory=dict)

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> TenantLoaders:
        return cls(
            tenant=DataLoader(partial(load_tenants, session)),
            in_subtree=DataLoader(partial(load_in_subtree, session, viewer)),
            coordinated=DataLoader(partial(load_coordinated, session, viewer)),
        )
