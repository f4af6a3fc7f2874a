"""Demo data for mediators as people, loaded after the tenants, users and cases: the roster, training, duty
rosters, mediators on cases, and the subsidy scheme. Each part is its own module (`demo/roster.py`, …) with a
`load(session, tenants, cases)` returning what it created."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from concord.demo import training
from concord.models import Tenant

Progress = Callable[[str], None]


async def load(session: AsyncSession, tenants: dict[str, Tenant], progress: Progress) -> dict[str, int]:
    loaded: dict[str, int] = {}
    # Parts register here as they are built (roster first: the others refer to its mediators).
    progress("培训记录与坐班表…")
    loaded.update(await training.load(session, tenants))
    return loaded
