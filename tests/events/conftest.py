"""Two real server processes (uvicorn, like `concord serve --workers 2` would run) on the test database,
beside the in-process app of tests/conftest.py: all three share one outbox and one NOTIFY channel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from concord.config import Settings
from concord.db.urls import application_url
from tests.events.support import Server, start_server


@pytest.fixture(scope="session")
def server_env(settings: Settings, owner_url: URL) -> dict[str, str]:
    assert settings.secret_key
    return {
        "CONCORD_ENV": "test",
        "DATABASE_URL": owner_url.render_as_string(hide_password=False),
        "CONCORD_APP_DATABASE_URL": application_url(settings, owner=owner_url).render_as_string(
            hide_password=False
        ),
        "CONCORD_SECRET_KEY": settings.secret_key,  # tokens from the in-process app work on both servers
        "CONCORD_WATCH_INTERVAL_SECONDS": "0",
        "CONCORD_DATA_DIR": str(settings.data_dir),
        # Re-read a subscriber's principal before every delivery, so a revoked role shows at once.
        "CONCORD_SUBSCRIPTION_RECHECK_SECONDS": "0",
    }


@pytest.fixture(scope="session")
def server_a(server_env: dict[str, str], data_dir: Path) -> Iterator[Server]:
    server = start_server(server_env, data_dir / "server-a.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_b(server_env: dict[str, str], data_dir: Path) -> Iterator[Server]:
    server = start_server(server_env, data_dir / "server-b.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_trusted(server_env: dict[str, str], data_dir: Path) -> Iterator[Server]:
    """A server on which users signed in through the console may send only trusted documents."""
    env = {**server_env, "CONCORD_TRUSTED_DOCUMENTS_ONLY": "console"}
    server = start_server(env, data_dir / "server-trusted.log")
    yield server
    server.stop()
