"""Engines and sessions. One session and one transaction per GraphQL operation; row-level security context
is set with transaction-local settings at the start of every transaction, so nothing leaks through the pool."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Uuid, any_, bindparam, event, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from concord.config import Settings


@dataclass(frozen=True)
class DbContext:
    """What row-level security needs to know about the acting principal."""

    tenant_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


_SET_CONTEXT = text(
    "SELECT set_config('concord.tenant_id', :tenant, true), set_config('concord.user_id', :user, true)"
)


def make_engine(url: Any, settings: Settings, **kw: Any) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=settings.db_pool_pre_ping,
        # Errors and logs never carry statement parameters: they hold parties' names, phones, ID numbers.
        hide_parameters=True,
        **kw,
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@event.listens_for(Session, "after_begin")
def _apply_db_context(session: Session, transaction: Any, connection: Any) -> None:
    ctx: DbContext | None = session.info.get("db_context")
    if ctx is None:
        return
    connection.execute(
        _SET_CONTEXT,
        {"tenant": str(ctx.tenant_id or ""), "user": str(ctx.user_id or "")},
    )


def bind_context(session: AsyncSession, ctx: DbContext) -> None:
    """Attach the principal to the session; applied at the next transaction start (and each one after)."""
    session.sync_session.info["db_context"] = ctx


async def set_context_now(session: AsyncSession, ctx: DbContext) -> None:
    """Bind the context and apply it to the transaction already under way."""
    bind_context(session, ctx)
    await session.execute(_SET_CONTEXT, {"tenant": str(ctx.tenant_id or ""), "user": str(ctx.user_id or "")})


def id_array(name: str, ids: Sequence[uuid.UUID]) -> Any:
    """`= ANY(:name)` with one uuid[] parameter: unlike an expanded IN list, the SQL text (and so the prepared
    statement and its plan) is the same whatever the batch size."""
    return any_(bindparam(name, list(ids), type_=ARRAY(Uuid())))
