"""Fixtures of the property suite: an owner connection (it bypasses row-level security, so it can write
worlds directly and compute expectations from the raw tables) and a few ids from outside any world."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from concord.kit.ids import to_global_id

_NOT_A_WORLD = "JOIN tenants t ON t.id = c.tenant_id WHERE t.code NOT LIKE 'prop-%' ORDER BY x.id LIMIT 40"
OUTSIDE_OBJECTS = {
    "Case": f"SELECT x.id FROM cases x JOIN cases c ON c.id = x.id {_NOT_A_WORLD}",
    "Referral": f"SELECT x.id FROM referrals x JOIN cases c ON c.id = x.case_id {_NOT_A_WORLD}",
    "Party": f"SELECT x.id FROM parties x JOIN cases c ON c.id = x.case_id {_NOT_A_WORLD}",
}


@dataclass(frozen=True, repr=False)
class Outside:
    """Ids no world tenant may ever read: the demo district's cases, referrals and parties, and tenants
    outside every world's subtree (the platform root, a demo tenant)."""

    platform_id: uuid.UUID
    object_gids: list[str]
    tenant_gids: list[str]

    def __repr__(self) -> str:  # shown with every falsifying example: keep it short
        return f"Outside({len(self.object_gids)} object ids, {len(self.tenant_gids)} tenant ids)"


@pytest.fixture(scope="session")
async def owner_engine(owner_url: URL) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(owner_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def outside(owner_engine: AsyncEngine) -> Outside:
    async with owner_engine.connect() as conn:
        tenants = dict(
            (await conn.execute(text("SELECT code, id FROM tenants WHERE code NOT LIKE 'prop-%'")))
            .tuples()
            .all()
        )
        # Never a world's own rows (their tenants' codes start with "prop-"): demo rows, and other tests' rows.
        gids = [
            to_global_id(type_name, id_)
            for type_name, sql in OUTSIDE_OBJECTS.items()
            for (id_,) in (await conn.execute(text(sql))).all()
        ]
    return Outside(
        platform_id=tenants["platform"],
        object_gids=gids,
        tenant_gids=[
            to_global_id("Tenant", tenants["platform"]),
            to_global_id("Tenant", tenants["district-centre"]),
        ],
    )
