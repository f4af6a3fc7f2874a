from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.audit import repository
from concord.models.audit import AuditEvent

TrailKey = tuple[uuid.UUID, int, tuple[datetime, uuid.UUID] | None]


async def load_case_trails(session: AsyncSession, keys: Sequence[TrailKey]) -> list[list[AuditEvent]]:
    """Keys are (case id, how many, after); one statement per distinct (how many, after) in the batch."""
    groups: dict[tuple[int, tuple[datetime, uuid.UUID] | None], set[uuid.UUID]] = defaultdict(set)
    for case_id, limit, after in keys:
        groups[(limit, after)].add(case_id)
    found: dict[TrailKey, list[AuditEvent]] = defaultdict(list)
    for (limit, after), case_ids in groups.items():
        for ev in await repository.trails_by_case_ids(session, list(case_ids), limit, after):
            assert ev.case_id is not None
            found[(ev.case_id, limit, after)].append(ev)
    return [found.get(k, []) for k in keys]


@dataclass
class AuditLoaders:
    """The audit feature's per-request loaders."""

    case_trails: DataLoader[TrailKey, list[AuditEvent]]

    @classmethod
    def build(cls, session: AsyncSession) -> AuditLoaders:
        return cls(case_trails=DataLoader(partial(load_case_trails, session)))
