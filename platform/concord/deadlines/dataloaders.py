from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.deadlines import repository
from concord.models import Deadline


async def load_deadlines(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[list[Deadline]]:
    """Each case's deadlines, soonest due first (row-level security shows those of visible cases only)."""
    grouped: dict[uuid.UUID, list[Deadline]] = defaultdict(list)
    for d in await repository.by_case_ids(session, list(set(keys))):
        grouped[d.case_id].append(d)
    return [grouped.get(k, []) for k in keys]


@dataclass
class DeadlineLoaders:
    """The deadlines feature's per-request loaders."""

    of_case: DataLoader[uuid.UUID, list[Deadline]]

    @classmethod
    def build(cls, session: AsyncSession) -> DeadlineLoaders:
        return cls(of_case=DataLoader(partial(load_deadlines, session)))
