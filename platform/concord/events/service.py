"""What goes into the outbox, and the feeds subscribers read from it.

Writing happens in the trail (concord.trail.outbox), in the transaction of the change.

Reading: a feed waits for the process's hub to raise the watermark (concord.events.listener), then reads the
rows after its cursor up to the watermark in one query with a short-lived session, and yields them."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

from concord.db import faults
from concord.kit.errors import BadUserInput, Unauthenticated
from concord.models import EventOutbox

if TYPE_CHECKING:
    from concord.events.listener import EventHub

log = logging.getLogger("concord.events")
BATCH = 100  # rows per read; a subscriber far behind catches up in several reads


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
