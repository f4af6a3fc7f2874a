"""The business clock: the moment at which legal periods start, pause, stretch and settle, and at which the
lifecycle stamps its events.

A legal period starts at the event the law names (mediation starts, a court's 委派 is accepted, a conference
issues its decisions), and its due date depends on that day: the weekends and holidays it meets. So a test of a
period must choose that moment itself — a day with known holidays nearby — and assert the dates the rules give
for it, instead of taking whatever day the suite happens to run on. `frozen(at)` fixes the clock for such a
test; without it `now()` is the real time.

Only business time reads this clock. Token expiry, audit timestamps, idempotency keys and the event outbox keep
the real time. The override is module-level on purpose: tests run serially in one process, and the in-process
ASGI app they drive reads the same clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_fixed: datetime | None = None


def now() -> datetime:
    """The current business time, timezone-aware in UTC (like concord.db.base.utcnow)."""
    return _fixed if _fixed is not None else datetime.now(UTC)


def set_now(at: datetime | None) -> None:
    """Fix the clock at `at` (an aware datetime), or give it back to the real time with None."""
    global _fixed
    if at is not None and at.utcoffset() is None:
        raise ValueError("the business clock needs a timezone-aware datetime")
    _fixed = None if at is None else at.astimezone(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    """Fix the clock at `at` inside the block; the previous setting (real time or an outer freeze) comes back
    after it, even on error."""
    previous = _fixed
    set_now(at)
    try:
        yield now()
    finally:
        set_now(previous)
