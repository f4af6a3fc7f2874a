from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


@pytest.fixture
async def owner(owner_url: URL) -> AsyncIterator[AsyncEngine]:
    """The database owner: reads the record as it is (no row-level security) to compute statements alone."""
    engine = create_async_engine(owner_url, pool_size=1)
    yield engine
    await engine.dispose()
