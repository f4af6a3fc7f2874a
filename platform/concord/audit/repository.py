"""Every query on the audit trail."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from concord.authz.visibility import VisibleTo, audit_contents_are_visible, audit_event_is_visible
from concord.kit.pagination import Page, keyset
from concord.models import Tenant
from concord.models.audit import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class EventFilter:
    case_id: uuid.UUID | None = None
    conference_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_events(
    session: AsyncSession,
    viewer: VisibleTo,
    page: Page,
    f: EventFilter,
    *,
    may_read_cases: bool,
    newest_first: bool = True,
) -> list[tuple[AuditEvent, bool]]:
    """The events the viewer sees, each with whether its contents may be shown (one statement)."""
    shown = audit_contents_are_visible(viewer, may_read_cases).label("contents_visible")
    stmt = select(AuditEvent, shown).where(audit_event_is_visible(viewer))
    if f.case_id is not None:
        stmt = stmt.where(AuditEvent.case_id == f.case_id)
    if f.conference_id is not None:
        stmt = stmt.where(AuditEvent.conference_id == f.conference_id)
    if f.actor_id is not None:
        stmt = stmt.where(AuditEvent.actor_id == f.actor_id)
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.since is not None:
        stmt = stmt.where(AuditEvent.occurred_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(AuditEvent.occurred_at < f.until)
    stmt = keyset(stmt, page, AuditEvent.occurred_at, AuditEvent.id, newest_first=newest_first)
    return [(row[0], bool(row[1])) for row in (await session.execute(stmt)).all()]


async def chain_ids(session: AsyncSession, tenant_ids: Sequence[uuid.UUID] | None) -> list[uuid.UUID]:
    stmt = select(AuditChainHead.chain_id).order_by(AuditChainHead.chain_id)
    if tenant_ids is not None:
        stmt = stmt.where(AuditChainHead.chain_id.in_(tenant_ids))
    return list((await session.execute(stmt)).scalars())


async def head(session: AsyncSession, chain_id: uuid.UUID) -> tuple[int, str] | None:
    row = (
        await session.execute(
            select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(
                AuditChainHead.chain_id == chain_id
            )
        )
    ).first()
    return (int(row.last_seq), str(row.last_hash)) if row else None


async def heads(session: AsyncSession) -> list[AuditChainHead]:
    return list((await session.execute(select(AuditChainHead).order_by(AuditChainHead.chain_id))).scalars())


@dataclass(frozen=True)
class HeadAndLast:
    """A chain's head row beside the event it names (None when no event has that position)."""

    chain_id: uuid.UUID
    last_seq: int
    last_hash: str
    event_id: uuid.UUID | None
    event_hash: str | None
    occurred_at: datetime | None
    beyond: bool  # events exist past the head's position


async def heads_with_last_events(session: AsyncSession) -> list[HeadAndLast]:
    """Every chain head and the event at its position, in one statement (what a checkpoint records)."""
    later = aliased(AuditEvent)
    beyond = (
        select(later.id)
        .where(later.chain_id == AuditChainHead.chain_id, later.seq > AuditChainHead.last_seq)
        .correlate(AuditChainHead)
        .exists()
    )
    stmt = (
        select(
            AuditChainHead.chain_id,
            AuditChainHead.last_seq,
            AuditChainHead.last_hash,
            AuditEvent.id.label("event_id"),
            AuditEvent.hash.label("event_hash"),
            AuditEvent.occurred_at,
            beyond.label("beyond"),
        )
        .outerjoin(
            AuditEvent,
            (AuditEvent.chain_id == AuditChainHead.chain_id) & (AuditEvent.seq == AuditChainHead.last_seq),
        )
        .order_by(AuditChainHead.chain_id)
    )
    return [
        HeadAndLast(
            r.chain_id,
            int(r.last_seq),
            str(r.last_hash),
            r.event_id,
            r.event_hash,
            r.occurred_at,
            bool(r.beyond),
        )
        for r in (await session.execute(stmt)).all()
    ]


async def stream_chain(
    session: AsyncSession, chain_id: uuid.UUID, batch: int = 2000
) -> AsyncIterator[AuditEvent]:
    """The chain in seq order, in batches, so a long chain is verified in constant memory."""
    last = 0
    while True:
        stmt = (
            select(AuditEvent)
            .where(AuditEvent.chain_id == chain_id, AuditEvent.seq > last)
            .order_by(AuditEvent.seq)
            .limit(batch)
        )
        rows = list((await session.execute(stmt)).scalars())
        for ev in rows:
            yield ev
        if len(rows) < batch:
            return
        last = rows[-1].seq
        session.expunge_all()


async def trails_by_case_ids(
    session: AsyncSession, case_ids: Sequence[uuid.UUID], limit: int, after: tuple[datetime, uuid.UUID] | None
) -> list[AuditEvent]:
    """Oldest first, up to `limit` events per case, in one statement for any number of cases."""
    rn = (
        func.row_number()
        .over(partition_by=AuditEvent.case_id, order_by=(AuditEvent.occurred_at, AuditEvent.id))
        .label("rn")
    )
    inner = select(AuditEvent, rn).where(AuditEvent.case_id.in_(case_ids))
    if after is not None:
        inner = inner.where(tuple_(AuditEvent.occurred_at, AuditEvent.id) > tuple_(*after))
    sub = inner.subquery()
    stmt = select(AuditEvent).from_statement(
        select(sub).where(sub.c.rn <= limit).order_by(sub.c.case_id, sub.c.rn)
    )
    return list((await session.execute(stmt)).scalars())


async def tenant_codes(session: AsyncSession) -> dict[uuid.UUID, str]:
    """Every tenant's code, to name the chains (the CLI runs as the owner: all of them)."""
    rows = (await session.execute(select(Tenant.id, Tenant.code))).all()
    return {r.id: r.code for r in rows}
