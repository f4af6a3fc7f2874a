"""Fixtures of the property suite: an owner connection (it bypasses row-level security, so it writes
worlds directly and reads the raw tables the expectations are computed from) and ids from outside any world."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.properties.support import Outside, load_outside


@pytest.fixture(scope="session")
async def owner_engine(owner_url: URL) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(owner_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def outside(owner_engine: AsyncEngine) -> Outside:
    return await load_outside(owner_engine)
