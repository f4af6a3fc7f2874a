from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

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
