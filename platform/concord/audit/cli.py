"""`concord audit verify [--tenant CODE]` and `concord audit head`, run as the owner (every chain)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from concord.audit import repository
from concord.audit.verify import verify_many
from concord.models.audit import SYSTEM_CHAIN
from concord.trail.chain import ChainReport


async def _codes(session: AsyncSession) -> dict[uuid.UUID, str]:
    return await repository.tenant_codes(session) | {SYSTEM_CHAIN: "(system)"}


async def verify(url: URL, tenant_code: str | None) -> tuple[list[ChainReport], dict[uuid.UUID, str]]:
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine) as session:
            codes = await _codes(session)
            ids = None
            if tenant_code is not None:
                ids = [tid for tid, code in codes.items() if code == tenant_code]
                if not ids:
                    raise LookupError(f"没有机构 {tenant_code}")
            return await verify_many(session, ids), codes
    finally:
        await engine.dispose()


async def heads(url: URL) -> str:
    """The chain heads as JSON: keep a copy outside the database, compare later to detect a rewritten chain."""
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine) as session:
            codes = await _codes(session)
            rows = await repository.heads(session)
            return json.dumps(
                [
                    {
                        "chain": str(h.chain_id),
                        "tenant": codes.get(h.chain_id, "?"),
                        "seq": h.last_seq,
                        "hash": h.last_hash,
                        "at": h.updated_at.isoformat(),
                    }
                    for h in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
    finally:
        await engine.dispose()
