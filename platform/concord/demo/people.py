"""Demo data for mediators as people, loaded after the tenants, users and cases: the roster, training, duty
rosters, mediators on cases, and the subsidy scheme. Each part is its own module (`demo/roster.py`, …) with a
`load(session, tenants, cases)` returning what it created."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from concord.demo import assignments
from concord.models import Tenant

Progress = Callable[[str], None]


async def load(session: AsyncSession, tenants: dict[str, Tenant], progress: Progress) -> dict[str, int]:
    loaded: dict[str, int] = {}
    # Parts register here as they are built (roster first: the others refer to its mediators).
    # Mediators on cases after the roster and training (it finds its mediators on the roster).
    progress("案件调解员、回避…")
    loaded.update(await assignments.load(session, tenants))
    return loaded
