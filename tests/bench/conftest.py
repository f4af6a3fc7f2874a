"""A bench district of its own: a fresh, migrated database filled by the real `concord bench seed` command
(2,000 cases, 20 tenants), and Concord's ASGI app on it. Fixture names differ from the root conftest's so the
demo database of the rest of the suite is never confused with this one."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import URL, make_url

from concord.app import create_app
from concord.config import Settings
from concord.db.server import asyncpg_dsn, with_database
from concord.db.urls import application_url, drop_database

CASES, TENANTS = 2000, 20
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bench_url(owner_url: URL) -> Iterator[URL]:
    """Built next to the suite's own database (same server, embedded or DATABASE_URL)."""
    url = with_database(owner_url, f"concord_test_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}")
    server = make_url(owner_url).set(drivername="postgresql").render_as_string(hide_password=False)
    argv = [
        sys.executable,
        "-m",
        "concord.cli",
        "bench",
        "seed",
        "--cases",
        str(CASES),
        "--tenants",
        str(TENANTS),
    ]
    argv += ["--database", str(url.database), "--seed", "7", "--quiet"]
    done = subprocess.run(
        argv, cwd=ROOT, env=os.environ | {"DATABASE_URL": server}, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    yield url
    asyncio.run(drop_database(url))


@pytest.fixture
async def bench_db(bench_url: URL) -> AsyncIterator[asyncpg.Connection]:
    """An owner connection (it bypasses row-level security: the tests read the raw tables)."""
    dsn, kw = asyncpg_dsn(bench_url)
    conn = await asyncpg.connect(dsn, **kw)
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
def bench_settings(bench_url: URL, data_dir: Path) -> Settings:
    return Settings(
        env="test",
        watch_interval_seconds=0,
        database_url=bench_url.render_as_string(hide_password=False),
        data_dir=data_dir,
        secret_key="bench-test-secret-key-with-enough-length",
    )


@pytest.fixture(scope="session")
async def bench_app(bench_settings: Settings, bench_url: URL) -> AsyncIterator[object]:
    app = create_app(bench_settings, db_url=application_url(bench_settings, owner=bench_url))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="session")
async def bench_client(bench_app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=bench_app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://concord.test", timeout=120) as client:
        yield client
