"""The running platform's database handles: the application engine (role concord_app) and its sessions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from concord.config import Settings
from concord.db.session import make_engine, make_sessionmaker


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def connect(cls, url: URL, settings: Settings) -> Database:
        engine = make_engine(url, settings)
        return cls(engine, make_sessionmaker(engine))

    async def ping(self) -> None:
        """One round trip on a fresh checkout: raises when the database cannot be reached."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
