"""Every statement on `idempotency_keys`. Row-level security limits them to the acting tenant; the scope
(tenant, principal kind, principal id) is repeated here because a key belongs to one principal only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.db.base import new_id
from concord.models.idempotency import IdempotencyKey

# Expired rows deleted per claim: small enough to cost nothing noticeable, large enough to keep up with any
# tenant's rate of new keys (each claim adds one row and removes up to this many).
PURGE_BATCH = 50


@dataclass(frozen=True)
class Scope:
    tenant_id: uuid.UUID
    principal_kind: str
    principal_id: uuid.UUID


@dataclass(frozen=True)
class StoredKey:
    fingerprint: str
    response: dict[str, Any] | None
    expired: bool


def _same(scope: Scope, key: str) -> list[Any]:
    return [
        IdempotencyKey.tenant_id == scope.tenant_id,
        IdempotencyKey.principal_kind == scope.principal_kind,
        IdempotencyKey.principal_id == scope.principal_id,
        IdempotencyKey.key == key,
    ]


async def purge_expired(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Delete a batch of the tenant's expired keys. SKIP LOCKED: rows another request is deleting (or
    re-claiming) are left to it, so purging never waits."""
    doomed = (
        select(IdempotencyKey.id)
        .where(IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.expires_at <= func.now())
        .order_by(IdempotencyKey.expires_at)
        .limit(PURGE_BATCH)
        .with_for_update(skip_locked=True)
    )
    await session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.id.in_(doomed.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )


async def delete_if_expired(session: AsyncSession, scope: Scope, key: str) -> None:
    await session.execute(
        delete(IdempotencyKey)
        .where(*_same(scope, key), IdempotencyKey.expires_at <= func.now())
        .execution_options(synchronize_session=False)
    )


async def claim(
    session: AsyncSession,
    scope: Scope,
    key: str,
    fingerprint: str,
    operation_name: str | None,
    ttl: timedelta,
) -> uuid.UUID | None:
    """Insert the key; its id when this transaction now holds it, None when a row already exists. A row
    inserted by a transaction still running makes this statement wait (unique index) until that transaction
    commits (None) or rolls back (inserted here)."""
    # The database's clock, the one expiry is judged by.
    stmt = (
        insert(IdempotencyKey)
        .values(
            id=new_id(),
            tenant_id=scope.tenant_id,
            principal_kind=scope.principal_kind,
            principal_id=scope.principal_id,
            key=key,
            fingerprint=fingerprint,
            operation_name=operation_name,
            created_at=func.now(),
            expires_at=func.now() + ttl,
        )
        .on_conflict_do_nothing(
            index_elements=[
                IdempotencyKey.tenant_id,
                IdempotencyKey.principal_kind,
                IdempotencyKey.principal_id,
                IdempotencyKey.key,
            ]
        )
        .returning(IdempotencyKey.id)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def find(session: AsyncSession, scope: Scope, key: str) -> StoredKey | None:
    stmt = select(
        IdempotencyKey.fingerprint,
        IdempotencyKey.response,
        (IdempotencyKey.expires_at <= func.now()).label("expired"),
    ).where(*_same(scope, key))
    row = (await session.execute(stmt)).one_or_none()
    return StoredKey(row.fingerprint, row.response, bool(row.expired)) if row else None


async def store_response(session: AsyncSession, key_id: uuid.UUID, response: dict[str, Any]) -> None:
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == key_id)
        .values(response=response)
        .execution_options(synchronize_session=False)
    )
