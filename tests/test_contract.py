"""Drift checks: the exported SDL and the migrations must both match the code."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine

from concord.cli import SCHEMA_FILE
from concord.graphql.schema import export_sdl
from concord.models import Base


def test_sdl_file_matches_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_sdl(), "run `concord schema` to re-export"


def test_migrations_match_models(owner_url: URL) -> None:
    """The database the migrations built has exactly the tables, columns, indexes and constraints the models declare."""

    async def diff() -> list[object]:
        engine = create_async_engine(owner_url)
        async with engine.connect() as conn:
            result = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
        await engine.dispose()
        return list(result)

    assert asyncio.run(diff()) == []
