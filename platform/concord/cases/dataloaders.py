from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.cases import repository
from concord.models import Case, Party


async def load_parties(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[list[Row[Any]]]:
    grouped: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    for p in await repository.parties_by_case_ids(session, list(set(keys))):
        grouped[p.case_id].append(p)
    return [grouped.get(k, []) for k in keys]


async def load_cases(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[Case | None]:
    found = {c.id: c for c in await repository.visible_by_ids(session, viewer, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_party(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[Party | None]:
    found = {p.id: p for p in await repository.visible_parties_by_ids(session, viewer, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_is_handler(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> list[bool]:
    handled = await repository.handled_case_ids(session, tenant_id, list(set(keys)))
    return [k in handled for k in keys]


@dataclass
class CaseLoaders:
    """The cases feature's per-request loaders; `case` and `party` answer only what the viewer may see."""

    case: DataLoader[uuid.UUID, Case | None]
    parties: DataLoader[uuid.UUID, list[Row[Any]]]
    party: DataLoader[uuid.UUID, Party | None]
    is_handler: DataLoader[uuid.UUID, bool]

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> CaseLoaders:
        return cls(
            case=DataLoader(partial(load_cases, session, viewer)),
            parties=DataLoader(partial(load_parties, session)),
            party=DataLoader(partial(load_party, session, viewer)),
            is_handler=DataLoader(partial(load_is_handler, session, viewer.tenant_id)),
        )
