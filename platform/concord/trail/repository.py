"""The trail's writes, in the request's transaction: chain heads locked and advanced, events inserted, and the
subscribers' outbox rows derived from them (one statement, one NOTIFY)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.db.base import utcnow
from concord.models import EventOutbox
from concord.models.audit import GENESIS_HASH, AuditChainHead, AuditEvent


async def lock_head(
    session: AsyncSession, chain_id: uuid.UUID, tenant_id: uuid.UUID | None
) -> tuple[int, str]:
    """Create the head if this is the chain's first event, lock it, and return (last seq, last hash) — one statement."""
    stmt = (
        pg_insert(AuditChainHead)
        .values(
            chain_id=chain_id, tenant_id=tenant_id, last_seq=0, last_hash=GENESIS_HASH, updated_at=utcnow()
        )
        .on_conflict_do_update(
            index_elements=[AuditChainHead.chain_id], set_={"chain_id": AuditChainHead.chain_id}
        )
        .returning(AuditChainHead.last_seq, AuditChainHead.last_hash)
    )
    row = (await session.execute(stmt)).one()
    return int(row.last_seq), str(row.last_hash)


async def insert_events(session: AsyncSession, events: Sequence[AuditEvent]) -> None:
    cols = [c.key for c in AuditEvent.__table__.columns]
    await session.execute(insert(AuditEvent), [{c: getattr(e, c) for c in cols} for e in events])


async def advance_head(session: AsyncSession, chain_id: uuid.UUID, seq: int, last_hash: str) -> None:
    await session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.chain_id == chain_id)
        .values(last_seq=seq, last_hash=last_hash, updated_at=utcnow())
    )


async def insert_outbox(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """One statement for the whole transaction: one lock acquisition, one NOTIFY."""
    if rows:
        await session.execute(insert(EventOutbox).values(rows))
