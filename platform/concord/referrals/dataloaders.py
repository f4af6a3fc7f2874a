from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from concord.models import Referral
from concord.referrals import repository


async def load_case_referrals(
    session: AsyncSession, keys: Sequence[tuple[uuid.UUID, int]]
) -> list[list[Row[Any]]]:
    """Keys are (case id, how many); one statement per distinct page size in the batch."""
    by_limit: dict[int, set[uuid.UUID]] = defaultdict(set)
    for case_id, limit in keys:
        by_limit[limit].add(case_id)
    grouped: dict[tuple[uuid.UUID, int], list[Row[Any]]] = defaultdict(list)
    for limit, case_ids in by_limit.items():
        for r in await repository.newest_by_case_ids(session, list(case_ids), limit):
            grouped[(r.case_id, limit)].append(r)
    return [grouped.get(k, []) for k in keys]


async def load_referrals(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[uuid.UUID]
) -> list[Referral | None]:
    found = {r.id: r for r in await repository.visible_by_ids(session, tenant_id, list(set(keys)))}
    return [found.get(k) for k in keys]
