"""Verification of the chains, shared by `concord audit verify` and the `verifyAuditChain` query."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from concord.audit import repository
from concord.trail.chain import Anchor, ChainReport, verify_chain


async def verify_one(session: AsyncSession, chain_id: uuid.UUID, anchor: Anchor | None = None) -> ChainReport:
    head = await repository.head(session, chain_id)
    events = [ev async for ev in repository.stream_chain(session, chain_id)]
    return verify_chain(chain_id, events, head, anchor)


async def verify_many(
    session: AsyncSession,
    tenant_ids: Sequence[uuid.UUID] | None,
    anchors: Mapping[uuid.UUID, Anchor] | None = None,
) -> list[ChainReport]:
    """Every chain (or those of `tenant_ids`); with `anchors` (a checkpoint), also every anchored chain that no
    longer has a head, and each anchored chain must still pass through its anchor."""
    anchors = anchors or {}
    ids = set(await repository.chain_ids(session, tenant_ids))
    ids |= {c for c in anchors if tenant_ids is None or c in tenant_ids}
    return [await verify_one(session, c, anchors.get(c)) for c in sorted(ids)]
