"""The owner's and the application's connection URLs, whichever server is in use."""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import URL, make_url

from concord.config import Settings, get_settings
from concord.db.server import app_url, asyncpg_dsn, start_embedded, to_async, with_database

EMBEDDED_DATABASE = "concord"


def owner_url(settings: Settings | None = None) -> URL:
    settings = settings or get_settings()
    if settings.database_url:
        return to_async(settings.database_url)
    return with_database(to_async(start_embedded(settings.data_dir)), EMBEDDED_DATABASE)


def application_url(settings: Settings | None = None, owner: URL | None = None) -> URL:
    settings = settings or get_settings()
    if settings.app_database_url and owner is None:
        return make_url(settings.app_database_url)
    return app_url(owner or owner_url(settings), settings.app_db_role, settings.app_db_password)


async def ensure_database(url: URL) -> bool:
    """Create the URL's database when it does not exist (the embedded server starts with only `postgres`)."""
    name = url.database
    assert name
    dsn, kw = asyncpg_dsn(make_url(url).set(database="postgres"))
    conn = await asyncpg.connect(dsn, **kw)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
        return not exists
    finally:
        await conn.close()


async def drop_database(url: URL) -> None:
    name = url.database
    dsn, kw = asyncpg_dsn(make_url(url).set(database="postgres"))
    conn = await asyncpg.connect(dsn, **kw)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
