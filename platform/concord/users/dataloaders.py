from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.models import Membership, User
from concord.users import repository

if TYPE_CHECKING:
    from concord.users.types import Member


async def load_members(session: AsyncSession, keys: Sequence[tuple[uuid.UUID, int]]) -> list[list[Member]]:
    """Keys are (tenant id, how many): its members as GraphQL objects (Tenant.members shows them without
    importing this feature)."""
    from concord.users.types import Member

    by_limit: dict[int, set[uuid.UUID]] = defaultdict(set)
    for tenant_id, limit in keys:
        by_limit[limit].add(tenant_id)
    found: dict[tuple[uuid.UUID, int], list[tuple[Membership, User]]] = defaultdict(list)
    for limit, tenant_ids in by_limit.items():
        for m, u in await repository.members_by_tenant_ids(session, list(tenant_ids), limit):
            found[(m.tenant_id, limit)].append((m, u))
    return [[Member.from_rows(m, u) for m, u in found.get(k, [])] for k in keys]


@dataclass
class UserLoaders:
    """The users feature's per-request loaders."""

    members: DataLoader[tuple[uuid.UUID, int], list[Member]]

    @classmethod
    def build(cls, session: AsyncSession) -> UserLoaders:
        return cls(members=DataLoader(partial(load_members, session)))
