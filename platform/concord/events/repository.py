"""Every statement on the event outbox.

Ordering: ids come from a sequence, but transactions commit in any order, so a reader that saw id 11 could
later find id 10 committed. Writers therefore hold a shared advisory lock from before their ids are drawn until
their transaction ends (a statement trigger takes it; writers never wait for each other), and the reader's
watermark is read under the same lock taken exclusively for a moment: every id up to it is final, committed or
rolled back. Readers only ever read up to a watermark, so a cursor never skips a row."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, or_, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from concord.authz.visibility import VisibleTo, case_is_visible
from concord.models import Case, EventOutbox, EventOutboxHorizon, Referral

# Must match the migration's trigger (migrations/versions/20261128_e7f0a2c4d6b8_event_outbox.py).
OUTBOX_LOCK_KEY = 0x6F7574626F78  # "outbox"
CHANNEL = "concord_events"

_LAST_ID = text("SELECT coalesce(pg_sequence_last_value('event_outbox_id_seq'), 0)")


async def position(session: AsyncSession) -> int:
    """The last id drawn so far: a new subscription starts after it."""
    return int((await session.execute(_LAST_ID)).scalar_one())


async def watermark(engine: AsyncEngine, lock_timeout_ms: int = 500) -> int | None:
    """The highest id below which the outbox is final, or None when in-flight writers held the lock too long
    (the caller tries again shortly; writers queue behind the waiting reader only for that long)."""
    async with engine.connect() as conn, conn.begin():
        await conn.execute(text(f"SET LOCAL lock_timeout = '{int(lock_timeout_ms)}ms'"))
        try:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": OUTBOX_LOCK_KEY})
        except DBAPIError as exc:
            if "lock timeout" in str(exc):
                return None
            raise
        return int((await conn.execute(_LAST_ID)).scalar_one())


async def horizon(session: AsyncSession) -> int:
    """The last id pruned: events at or before it are gone."""
    value = await session.scalar(select(EventOutboxHorizon.pruned_through))
    return int(value or 0)


async def prune(engine: AsyncEngine, keep_days: int) -> int:
    """Delete the events older than `keep_days` (concord_prune_event_outbox, as the outbox's owner); how
    many went. 0 when another process was pruning at the same moment."""
    async with engine.begin() as conn:
        deleted = await conn.scalar(
            text("SELECT concord_prune_event_outbox(make_interval(days => :d))"), {"d": keep_days}
        )
    return int(deleted or 0)


def _window(after: int, upto: int) -> Any:
    return (EventOutbox.id > after) & (EventOutbox.id <= upto)


def _case_visible(viewer: VisibleTo) -> Any:
    # The one visibility rule (concord.authz.visibility), on the event's case; row-level security repeats it.
    return exists(select(Case.id).where(Case.id == EventOutbox.case_id, case_is_visible(viewer)))


async def referral_events(
    session: AsyncSession, viewer: VisibleTo, after: int, upto: int, limit: int
) -> list[EventOutbox]:
    """Events of referrals the tenant sent or received (its inbox and outbox), oldest first."""
    stmt = (
        select(EventOutbox)
        .join(Referral, Referral.id == EventOutbox.referral_id)
        .where(
            _window(after, upto),
            or_(Referral.to_tenant_id == viewer.tenant_id, Referral.from_tenant_id == viewer.tenant_id),
            _case_visible(viewer),
        )
        .order_by(EventOutbox.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())


async def case_events(
    session: AsyncSession, viewer: VisibleTo, case_id: uuid.UUID, after: int, upto: int, limit: int
) -> list[EventOutbox]:
    stmt = (
        select(EventOutbox)
        .where(EventOutbox.case_id == case_id, _window(after, upto), _case_visible(viewer))
        .order_by(EventOutbox.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())
