"""The fault tests' own PostgreSQL (tests/faults/support.py) with a migrated database and the demo district,
and a real Concord server process on it. Module-scoped: each test module starts from a healthy server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.pgctl import OwnPostgres
from sqlalchemy.engine import URL

from concord.db import migrate
from concord.db.urls import application_url, ensure_database
from concord.demo.loader import load_demo
from tests.events.support import Server, start_server

SECRET = "fault-test-secret-key-with-enough-length-for-hs256"


@pytest.fixture(scope="module")
def own_pg() -> Iterator[OwnPostgres]:
    pg = OwnPostgres()
    try:
        yield pg
    finally:
        pg.cleanup()


@pytest.fixture(scope="module")
def fault_db(own_pg: OwnPostgres) -> URL:
    url = own_pg.url("concord_faults")
    asyncio.run(ensure_database(url))
    migrate.upgrade(url)
    asyncio.run(load_demo(url))
    return url


@pytest.fixture(scope="module")
def fault_server(fault_db: URL, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir: Path = tmp_path_factory.mktemp("fault-server")
    env = {
        "CONCORD_ENV": "test",
        "DATABASE_URL": fault_db.render_as_string(hide_password=False),
        "CONCORD_APP_DATABASE_URL": application_url(owner=fault_db).render_as_string(hide_password=False),
        "CONCORD_SECRET_KEY": SECRET,
        "CONCORD_DATA_DIR": str(data_dir),
        "CONCORD_WATCH_INTERVAL_SECONDS": "0",
        "CONCORD_RATE_LIMIT_USER_PER_MINUTE": "0",
        "CONCORD_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "0",
        "CONCORD_EVENTS_POLL_SECONDS": "0.5",
    }
    server = start_server(env, data_dir / "server.log")
    yield server
    server.stop()
