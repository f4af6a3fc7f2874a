"""What goes into the outbox, and the feeds subscribers read from it.

Writing: the audit recorder already knows, for every change, the object type and id, the case and the action,
and it flushes just before every commit; so the outbox rows are derived there (`write_for_audit`), in the same
transaction as the change — a rolled-back mutation leaves no event, and nothing is lost when no one listens.

Reading: a feed waits for the process's hub to raise the watermark (concord.events.listener), then reads the
rows after its cursor up to the watermark in one query with a short-lived session, and yields them."""

from __future__ import annotations

import asyncio
import base64
import binascii
import enum
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.db import faults
from concord.events import repository
from concord.kit.errors import BadUserInput, Unauthenticated
from concord.models import EventOutbox
from concord.models.enums import ReferralStatus

if TYPE_CHECKING:
    from concord.events.listener import EventHub
    from concord.models import AuditEvent

log = logging.getLogger("concord.events")
BATCH = 100  # rows per read; a subscriber far behind catches up in several reads


class EventKind(enum.StrEnum):
    CASE_CREATED = "CASE_CREATED"
    CASE_STATUS_CHANGED = "CASE_STATUS_CHANGED"
    CASE_UPDATED = "CASE_UPDATED"
    REFERRAL_SENT = "REFERRAL_SENT"
    REFERRAL_SIGNED_FOR = "REFERRAL_SIGNED_FOR"
    REFERRAL_ACCEPTED = "REFERRAL_ACCEPTED"
    REFERRAL_IN_PROGRESS = "REFERRAL_IN_PROGRESS"
    REFERRAL_REPORTED = "REFERRAL_REPORTED"
    REFERRAL_APPROVED = "REFERRAL_APPROVED"
    REFERRAL_CLOSED = "REFERRAL_CLOSED"
    REFERRAL_RETURNED = "REFERRAL_RETURNED"
    REFERRAL_RECALLED = "REFERRAL_RECALLED"
    REFERRAL_SENT_BACK = "REFERRAL_SENT_BACK"
    REFERRAL_UPDATED = "REFERRAL_UPDATED"


_REFERRAL_KINDS = {s.value: EventKind(f"REFERRAL_{s.value}") for s in ReferralStatus}


def _after(changes: dict[str, Any] | None, key: str) -> Any:
    pair = (changes or {}).get(key)
    return pair[1] if isinstance(pair, list) and len(pair) == 2 else None


def kind_of(event: AuditEvent) -> EventKind | None:
    """The outbox kind of an audit event, or None for events subscribers are not told about."""
    if event.case_id is None:
        return None
    status = _after(event.changes, "status")
    if event.object_type == "Referral":
        return _REFERRAL_KINDS.get(status, EventKind.REFERRAL_UPDATED)
    if event.object_type == "Case":
        if event.action == "case.create":
            return EventKind.CASE_CREATED
        return EventKind.CASE_STATUS_CHANGED if status else EventKind.CASE_UPDATED
    return None


def outbox_rows(events: Sequence[AuditEvent], acting_tenant: Any) -> list[dict[str, Any]]:
    rows = []
    for ev in events:
        kind = kind_of(ev)
        tenant = acting_tenant or ev.tenant_id
        if kind is None or tenant is None:
            continue
        # Ids, status and version only: the outbox is read by many; personal data stays in the tables.
        payload = {
            "action": ev.action,
            "status": _after(ev.changes, "status"),
            "version": _after(ev.changes, "version"),
        }
        rows.append(
            {
                "tenant_id": tenant,
                "case_id": ev.case_id,
                "referral_id": ev.object_id if ev.object_type == "Referral" else None,
                "kind": kind.value,
                "payload": {k: v for k, v in payload.items() if v is not None},
                "created_at": ev.occurred_at,
            }
        )
    return rows


async def write_for_audit(session: AsyncSession, events: Sequence[AuditEvent]) -> None:
    """Called by the audit recorder's flush, the last write before commit (the outbox lock is held from here
    to the commit, so nothing may follow it that waits on another transaction)."""
    ctx = session.sync_session.info.get("db_context")
    await repository.insert_events(session, outbox_rows(events, getattr(ctx, "tenant_id", None)))


# --- cursors -----------------------------------------------------------------------------------------------

_PREFIX = "evt:"


def encode_cursor(id_: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{id_}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError("prefix")
        value = int(raw[len(_PREFIX) :])
        if value < 0:
            raise ValueError("negative")
        return value
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadUserInput("无效的事件游标", field="after") from exc


def check_resumable(cursor: int, horizon: int) -> None:
    """Events after `cursor` must all still be in the outbox: a cursor before the pruning horizon would skip
    the pruned ones without a word."""
    if cursor < horizon:
        raise BadUserInput(
            "事件游标已超出保留期限，其后的部分事件已清理：请重新查询当前数据，再从 eventCursor 订阅",
            field="after",
        )


# --- feeds -------------------------------------------------------------------------------------------------

_EXPIRED = "登录已过期，请以新的令牌重新连接并从上次的游标继续订阅"


async def _wait(wake: asyncio.Event, expires_at: int | None) -> None:
    """Until woken, or until the token expires (the feed's loop checks expiry first, so `timeout` is > 0 but
    for the moment between)."""
    timeout = None if expires_at is None else expires_at - time.time()
    try:
        await asyncio.wait_for(wake.wait(), timeout)
    except TimeoutError:
        raise Unauthenticated(_EXPIRED) from None


Reader = Callable[[int, int, int], Awaitable[list[EventOutbox]]]


async def _patiently(read: Reader, cursor: int, upto: int, patience: float) -> list[EventOutbox]:
    """Read, riding out a database outage of up to `patience` seconds: the events wait in the outbox and the
    cursor has not moved, so a retry loses nothing. Past that the feed ends with SERVICE_UNAVAILABLE (coded,
    with the request id) and the client resumes from its last cursor."""
    give_up = time.monotonic() + patience
    pause = 0.25
    while True:
        try:
            return await read(cursor, upto, BATCH)
        except Exception as exc:
            if not faults.is_unavailable(exc) or time.monotonic() + pause > give_up:
                raise
            log.warning(
                "event feed: database unavailable, retrying in %.2fs: %s", pause, faults.describe(exc)
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 5.0)


async def feed(
    hub: EventHub, read: Reader, after: int, expires_at: int | None = None, patience: float = 30.0
) -> AsyncIterator[EventOutbox]:
    """Rows after `after`, oldest first, until `expires_at` (epoch seconds; the subscriber's token expires
    then and the feed ends with UNAUTHENTICATED). `read(after, upto, limit)` runs one query in a session of
    its own, so nothing is held open while the feed waits."""
    cursor = after
    with hub.subscription() as wake:
        while True:
            if expires_at is not None and time.time() >= expires_at:
                raise Unauthenticated(_EXPIRED)
            wake.clear()
            upto = hub.watermark
            if upto <= cursor:
                await _wait(wake, expires_at)
                continue
            rows = await _patiently(read, cursor, upto, patience)
            for row in rows:
                yield row
                cursor = row.id
            if len(rows) < BATCH:
                # Everything up to the watermark this subscriber may see has been delivered.
                cursor = max(cursor, upto)
