"""Demo data for mediators as people, loaded after the tenants, users and cases: the roster, training, duty
rosters, mediators on cases, and the subsidy scheme. Each part is its own module (`demo/roster.py`, …) with a
`load(session, tenants)` returning what it created."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from concord.demo import assignments, roster, subsidies, training
from concord.models import Tenant

Progress = Callable[[str], None]


async def load(session: AsyncSession, tenants: dict[str, Tenant], progress: Progress) -> dict[str, int]:
    loaded: dict[str, int] = {}
    # Parts register here as they are built (roster first: the others refer to its mediators).
    progress("调解员名册…")
    loaded.update(await roster.load(session, tenants))
    progress("培训记录与坐班表…")
    loaded.update(await training.load(session, tenants))
    # Mediators on cases after the roster and training (it finds its mediators on the roster).
    progress("案件调解员、回避…")
    loaded.update(await assignments.load(session, tenants))
    # 以案定补 last: it pays the mediators the parts above put on the roster and on cases.
    progress("以案定补")
    loaded.update(await subsidies.load(session, tenants))
    return loaded
