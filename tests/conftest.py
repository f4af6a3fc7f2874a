"""Test harness: a real PostgreSQL (DATABASE_URL when set, else an embedded pgserver), a fresh database built
by running the migrations, the demo district loaded, and the real ASGI app driven over HTTP by httpx."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.engine import URL

from concord.app import create_app
from concord.config import Settings
from concord.db import migrate
from concord.db.server import start_embedded, stop_embedded, to_async, with_database
from concord.db.urls import application_url, drop_database, ensure_database
from concord.demo.loader import load_demo
from concord.kit import clock
from tests.helpers import LEGAL_MONDAY, SPEC_ACCEPT, Api, StatementCounter


def _server_url(tmp: Path) -> URL:
    if os.environ.get("DATABASE_URL"):
        return to_async(os.environ["DATABASE_URL"])
    return to_async(start_embedded(tmp))


@pytest.fixture(scope="session")
def data_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="concord-test-") as d:
        yield Path(d)


@pytest.fixture(scope="session")
def owner_url(data_dir: Path) -> Iterator[URL]:
    """A database of its own for this test run, built by the migrations and loaded with the demo district."""
    server = _server_url(data_dir)
    url = with_database(server, f"concord_test_{os.getpid()}_{uuid.uuid4().hex[:8]}")
    asyncio.run(ensure_database(url))
    migrate.upgrade(url)
    asyncio.run(load_demo(url))
    yield url
    asyncio.run(drop_database(url))
    stop_embedded()


@pytest.fixture(scope="session")
def settings(owner_url: URL, data_dir: Path) -> Settings:
    return Settings(
        env="test",
        watch_interval_seconds=0,  # tests sweep deadlines themselves, with a controlled clock
        database_url=owner_url.render_as_string(hide_password=False),
        data_dir=data_dir,
        secret_key="test-secret-key-with-enough-length-for-hs256",
        # Rate limits off: the suite sends thousands of requests as a few users (tests/graphql/test_ratelimit.py
        # swaps in a limiter of its own).
        rate_limit_user_per_minute=0,
        rate_limit_client_per_minute=0,
        rate_limit_anonymous_per_minute=0,
    )


@pytest.fixture(scope="session")
async def app_and_counter(
    settings: Settings, owner_url: URL
) -> AsyncIterator[tuple[object, StatementCounter]]:
    app = create_app(settings, db_url=application_url(settings, owner=owner_url))
    counter = StatementCounter()
    async with app.router.lifespan_context(app):
        event.listen(app.state.db.engine.sync_engine, "before_cursor_execute", counter.on_execute)
        yield app, counter


@pytest.fixture(scope="session")
async def api(app_and_counter: tuple[object, StatementCounter]) -> AsyncIterator[Api]:
    app, counter = app_and_counter
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(
        transport=transport, base_url="http://concord.test", headers=SPEC_ACCEPT
    ) as client:
        yield Api(client, counter, app)


@pytest.fixture
def legal_monday() -> Iterator[datetime]:
    """The business clock (concord.kit.clock) frozen at LEGAL_MONDAY for the test, then given back: legal
    periods start on a day the test chose, whatever day the suite runs. Move it with clock.frozen(...)."""
    with clock.frozen(LEGAL_MONDAY) as at:
        yield at
