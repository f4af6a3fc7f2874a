"""The deadline watcher: marks deadlines DUE_SOON and OVERDUE and raises the case's supervision level by the
ladder, recording why. One sweep at a time per deployment, however many server processes run it: each sweep
takes a transaction-level PostgreSQL advisory lock and skips when another process holds it.

It runs as the application role acting for the platform tenant — the root of the tree, so row-level security
lets it see every case — and its audit events say the system did it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from concord.db.session import DbContext, bind_context
from concord.deadlines import repository
from concord.kit import clock
from concord.models import Case, Deadline
from concord.models.enums import DeadlineStatus, SupervisionLevel
from concord.tenants import service as tenants
from concord.trail.recorder import Actor, Recorder, attach, diff, flush_events, record

log = logging.getLogger("concord.watch")
RANK = {level: i for i, level in enumerate(SupervisionLevel)}
WORDS = {DeadlineStatus.OVERDUE: "已超期", DeadlineStatus.DUE_SOON: "即将到期"}


@dataclass(frozen=True)
class Ladder:
    due_soon: timedelta = timedelta(days=3)
    listed_after: timedelta = timedelta(days=15)

    def level_for(self, status: DeadlineStatus, overdue_by: timedelta) -> SupervisionLevel:
        if status is DeadlineStatus.DUE_SOON:
            return SupervisionLevel.URGED  # 催办
        if overdue_by >= self.listed_after:
            return SupervisionLevel.LISTED  # 挂牌督办
        return SupervisionLevel.SUPERVISED  # 督办


@dataclass
class SweepReport:
    ran: bool
    due_soon: int = 0
    overdue: int = 0
    raised: int = 0


async def _act_for_platform(session: AsyncSession) -> bool:
    """Bind the session to the platform tenant, as the system; False when there is no platform tenant yet."""
    root = await tenants.platform_root(session)
    if root is None:
        return False
    root_id = root.id
    await session.rollback()  # the next transaction starts with the platform tenant's context
    bind_context(session, DbContext(root_id, None))
    attach(session, Recorder(Actor("system", None, "期限监控", root_id), "deadline-watch", None))
    return True


def _mark(session: AsyncSession, deadline: Deadline, status: DeadlineStatus, now: datetime) -> None:
    before = {"status": deadline.status}
    deadline.status, deadline.updated_at = status, now
    deadline.status_reason = f"{WORDS[status]}：{deadline.explanation}"
    record(
        session,
        f"deadline.{status.value.lower()}",
        "Deadline",
        deadline.id,
        case_id=deadline.case_id,
        changes=diff(before, {"status": status}),
    )


# How the watcher raises a case's supervision: the cases lifecycle's set_supervision, handed in by whoever runs
# the watcher (app.py, the tests), so that deadlines does not import cases (cases starts deadlines' clocks).
Supervise = Callable[[AsyncSession, Case, SupervisionLevel, str, str | None], Awaitable[Any]]


async def _watch_one(
    session: AsyncSession,
    deadline: Deadline,
    case: Case,
    now: datetime,
    ladder: Ladder,
    report: SweepReport,
    supervise: Supervise,
) -> None:
    status = DeadlineStatus.OVERDUE if deadline.due_at <= now else DeadlineStatus.DUE_SOON
    if status is not deadline.status:
        _mark(session, deadline, status, now)
        if status is DeadlineStatus.OVERDUE:
            report.overdue += 1
        else:
            report.due_soon += 1
    level = ladder.level_for(status, now - deadline.due_at)
    if RANK[level] > RANK[case.supervision_level]:
        basis = deadline.rule.get("legal_basis") or "规则"
        why = f"{deadline.step}期限{deadline.due_date.isoformat()}{WORDS[status]}（{basis}），自动升级督办"
        await supervise(session, case, level, why, case.supervision_leader)
        report.raised += 1


async def sweep(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime | None = None,
    ladder: Ladder = Ladder(),
    *,
    supervise: Supervise,
) -> SweepReport:
    now = now or clock.now()
    async with sessions() as session:
        if not await _act_for_platform(session) or not await repository.try_sweep_lock(session):
            return SweepReport(ran=False)
        report = SweepReport(ran=True)
        for deadline, case in await repository.open_due_by(session, now + ladder.due_soon):
            await _watch_one(session, deadline, case, now, ladder, report, supervise)
        await session.flush()
        await flush_events(session)
        await session.commit()
        return report


async def run_forever(
    sessions: async_sessionmaker[AsyncSession],
    interval: float,
    supervise: Supervise,
    clock: Callable[[], datetime] = clock.now,
) -> None:
    while True:
        try:
            report = await sweep(sessions, clock(), supervise=supervise)
            if report.ran and (report.overdue or report.due_soon or report.raised):
                log.info("deadline sweep: %s", report)
        except Exception:
            log.exception("deadline sweep failed")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def watching(
    sessions: async_sessionmaker[AsyncSession], interval: float, supervise: Supervise
) -> AsyncIterator[asyncio.Task[None] | None]:
    """Sweep every `interval` seconds in the background while the block runs (0 turns the watcher off)."""
    task = asyncio.create_task(run_forever(sessions, interval, supervise)) if interval > 0 else None
    try:
        yield task
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
