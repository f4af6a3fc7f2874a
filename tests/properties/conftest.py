"""Fixtures of the property suite: an owner connection (it bypasses row-level security, so it writes
worlds directly and reads the raw tables the expectations are computed from) and ids from outside any world."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from concord.config import Settings
from tests.properties.support import Outside, load_outside


@pytest.fixture(scope="module", autouse=True)
def no_query_limits(settings: Settings) -> Iterator[None]:
    """These suites ask for everything a principal may see in one deliberately huge query (hundreds of aliased
    node lookups, nested pages of 100): they test visibility, not the query limits, so those are lifted here."""
    with pytest.MonkeyPatch.context() as mp:
        for name in ("max_aliases", "max_cost", "max_tokens"):
            mp.setattr(settings, name, 0)
        yield


@pytest.fixture(scope="session")
async def owner_engine(owner_url: URL) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(owner_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def outside(owner_engine: AsyncEngine) -> Outside:
    return await load_outside(owner_engine)
