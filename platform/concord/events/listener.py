"""One LISTEN connection per server process, fanning wake-ups out to the process's subscribers.

A NOTIFY (sent by the outbox trigger at commit) or a poll tick makes the hub read the outbox watermark once;
when it rose, every subscriber is woken and reads its own rows. NOTIFY is only a hint: a lost one (the
connection dropped, the listener was reconnecting) costs at most one poll interval, never an event. The hub
reads the watermark only while someone subscribes, so an idle process adds nothing to the database's work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import asyncpg
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from concord.db.server import asyncpg_dsn
from concord.events import repository

log = logging.getLogger("concord.events")
APPLICATION_NAME = "concord-events"  # how operators (and tests) find the LISTEN connections


class EventHub:
    def __init__(
        self,
        engine: AsyncEngine,
        url: URL,
        poll_seconds: float = 2.0,
        keepalive_seconds: float = 15.0,
        retention_days: int = 0,
        prune_every_seconds: float = 3600.0,
    ):
        self.engine = engine
        self.url = url
        self.poll_seconds = poll_seconds
        self.keepalive_seconds = keepalive_seconds
        self.retention_days = retention_days  # 0: the outbox is never pruned
        self.prune_every_seconds = prune_every_seconds
        self.watermark = 0
        self.listening = asyncio.Event()  # set while the LISTEN connection is up (tests wait for it)
        self._subscribers: set[asyncio.Event] = set()
        self._trigger = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._listen_forever(), name="concord-events-listen"),
            asyncio.create_task(self._refresh_forever(), name="concord-events-refresh"),
        ]
        if self.retention_days > 0:
            self._tasks.append(asyncio.create_task(self._prune_forever(), name="concord-events-prune"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    @contextlib.contextmanager
    def subscription(self) -> Iterator[asyncio.Event]:
        """An event set whenever the watermark rises; the new subscriber also asks for a fresh watermark."""
        wake = asyncio.Event()
        self._subscribers.add(wake)
        self._trigger.set()
        try:
            yield wake
        finally:
            self._subscribers.discard(wake)

    def poke(self) -> None:
        self._trigger.set()

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: object) -> None:
        try:
            if int(str(payload)) <= self.watermark:
                return  # already known (another notification of the same batch)
        except ValueError:
            pass
        self._trigger.set()

    async def _listen_forever(self) -> None:
        dsn, kwargs = asyncpg_dsn(self.url)
        backoff = 0.5
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(
                    dsn, server_settings={"application_name": APPLICATION_NAME}, **kwargs
                )
                dropped = asyncio.Event()
                conn.add_termination_listener(lambda _c, d=dropped: d.set())
                await conn.add_listener(repository.CHANNEL, self._on_notify)
                self.listening.set()
                self._trigger.set()  # catch up with whatever committed while we were not listening
                backoff = 0.5
                while not dropped.is_set():
                    try:
                        await asyncio.wait_for(dropped.wait(), self.keepalive_seconds)
                    except TimeoutError:
                        # A half-open TCP connection raises nothing by itself; a query finds out.
                        await asyncio.wait_for(conn.execute("SELECT 1"), self.keepalive_seconds)
                log.warning("event listener connection closed; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("event listener connection failed; reconnecting in %.1fs", backoff, exc_info=True)
            finally:
                self.listening.clear()
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)

    async def _refresh_forever(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._trigger.wait(), self.poll_seconds)
            self._trigger.clear()
            if not self._subscribers:
                continue
            try:
                mark = await repository.watermark(self.engine)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("could not read the event watermark", exc_info=True)
                await asyncio.sleep(min(self.poll_seconds, 1.0))
                continue
            if mark is None:  # writers in flight held the lock: look again shortly
                await asyncio.sleep(0.05)
                self._trigger.set()
                continue
            if mark > self.watermark:
                self.watermark = mark
                for wake in self._subscribers:
                    wake.set()

    async def _prune_forever(self) -> None:
        """Every process tries hourly; the database lets one prune at a time (the others skip)."""
        while True:
            try:
                deleted = await repository.prune(self.engine, self.retention_days)
                if deleted:
                    log.info("pruned %d outbox events older than %d days", deleted, self.retention_days)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("could not prune the event outbox", exc_info=True)
            await asyncio.sleep(self.prune_every_seconds)
