"""Verification of the chains, shared by `concord audit verify` and the `verifyAuditChain` query."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from concord.audit import repository
from concord.trail.chain import ChainReport, verify_chain


async def verify_one(session: AsyncSession, chain_id: uuid.UUID) -> ChainReport:
    head = await repository.head(session, chain_id)
    events = [ev async for ev in repository.stream_chain(session, chain_id)]
    return verify_chain(chain_id, events, head)


async def verify_many(session: AsyncSession, tenant_ids: Sequence[uuid.UUID] | None) -> list[ChainReport]:
    return [await verify_one(session, c) for c in await repository.chain_ids(session, tenant_ids)]
