"""bench.soak uses the database it is pointed at, and refuses one that holds data other than a bench seed
before touching anything (it writes cases and referrals)."""

from __future__ import annotations

import argparse

import asyncpg
import pytest
from sqlalchemy.engine import URL

from bench import soak
from concord.db.server import asyncpg_dsn


async def _counts(url: URL) -> tuple[int, int]:
    dsn, kw = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        row = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM cases) AS c, (SELECT count(*) FROM tenants) AS t"
        )
        assert row is not None
        return row["c"], row["t"]
    finally:
        await conn.close()


def test_the_database_given_is_the_one_used(owner_url: URL, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(soak, "owner_url", lambda: owner_url)
    assert soak.target(argparse.Namespace(database=None), None) == owner_url
    named = soak.target(argparse.Namespace(database="concord_bench_x"), None)
    assert named.database == "concord_bench_x" and named.host == owner_url.host


async def test_a_database_with_other_data_is_refused_untouched(owner_url: URL) -> None:
    before = await _counts(owner_url)  # the suite's demo district: data, but no bench *.worker accounts
    with pytest.raises(SystemExit) as refused:
        await asyncio_to_thread(soak.prepare, owner_url, 50, 5)
    assert "not a bench seed" in str(refused.value) and repr(owner_url.database) in str(refused.value)
    assert "--reset" not in str(refused.value)
    assert await _counts(owner_url) == before


def test_a_bench_seed_is_used_as_it_is(bench_url: URL, capsys: pytest.CaptureFixture[str]) -> None:
    soak.prepare(bench_url, 10, 2)  # other sizes than the seed's: still used as it is, never reseeded
    assert "used as it is" in capsys.readouterr().err


async def asyncio_to_thread(fn, *args):  # type: ignore[no-untyped-def]
    # prepare() runs its own event loops (asyncio.run), so it is called from a thread here.
    import asyncio

    return await asyncio.to_thread(fn, *args)
