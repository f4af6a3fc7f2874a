"""Database failures, told apart so that a client can act on them.

A request can meet the database failing in three ways, and each gets its own coded answer:

- the database is unreachable or went away (a restart, a crash, a failover, a full pool): SERVICE_UNAVAILABLE,
  answered HTTP 503 with `Retry-After`. SQLAlchemy invalidates the broken connection (and, on a disconnect,
  every pooled connection older than it), and the pool's pre-ping replaces stale ones, so the next request
  after PostgreSQL is back succeeds without restarting the server;
- two transactions collided (serialization failure, deadlock): CONFLICT, safe to retry at once;
- anything else (a bug, a constraint the code should have checked): not classified here; it is masked and
  logged with the request id like any unexpected error.

Connection errors are found by what they are, not by their text: a SQLSTATE of class 08 (connection
exception) or 57P01–57P03 (the server shutting down, crashed, or starting), a socket error (refused, reset,
missing unix socket), asyncpg's closed-connection errors, or SQLAlchemy's own pool timeout and
`connection_invalidated` flag."""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from concord.kit.errors import ConcordError, Conflict, ServiceUnavailable

RETRY_AFTER_SECONDS = 1
_UNAVAILABLE_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})  # shutdown, crash, starting, too many
_CONFLICT_STATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected

# What the client is told about its work when the database failed: it was not written, or (the connection
# was lost while COMMIT was on its way) it may have been. The second is why Idempotency-Key exists: a retry
# under the same key replays the stored answer if the first commit went through, and does the work if not.
NOT_WRITTEN = "NOT_WRITTEN"
UNKNOWN = "UNKNOWN"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)


def _sqlstate(exc: BaseException) -> str | None:
    state = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    return state if isinstance(state, str) else None


def is_unavailable(exc: BaseException) -> bool:
    """The database could not be reached, or the connection broke: nothing about the request was wrong."""
    for link in _chain(exc):
        if isinstance(link, PoolTimeout | OSError | asyncpg.exceptions.ConnectionDoesNotExistError):
            return True
        if isinstance(link, asyncpg.exceptions.InterfaceError) and "closed" in str(link):
            return True  # "connection is closed": the driver knows its socket is gone
        if isinstance(link, DBAPIError) and link.connection_invalidated:
            return True
        state = _sqlstate(link)
        if state is not None and (state.startswith("08") or state in _UNAVAILABLE_STATES):
            return True
    return False


def is_conflict(exc: BaseException) -> bool:
    return any(_sqlstate(link) in _CONFLICT_STATES for link in _chain(exc))


def describe(exc: BaseException) -> str:
    """One line for the log: the driver's message, without the SQL or its parameters (parties' data)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if isinstance(orig, BaseException) else exc).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(orig if isinstance(orig, BaseException) else exc).__name__}: {first}"


def classify(exc: BaseException, *, outcome: str = NOT_WRITTEN) -> ConcordError | None:
    """The coded error for a database failure, or None when it is not one a client can act on."""
    if isinstance(exc, ConcordError):
        return exc
    if is_conflict(exc):
        return Conflict("并发冲突，本次操作未生效，请重试", retryable=True, outcome=NOT_WRITTEN)
    if is_unavailable(exc):
        message = (
            "提交时数据库连接中断，无法确认变更是否已保存：请用同一 Idempotency-Key 重试以得到确定结果"
            if outcome == UNKNOWN
            else "数据库暂时不可用，本次操作未生效，请稍后重试"
        )
        return ServiceUnavailable(message, retryAfter=RETRY_AFTER_SECONDS, outcome=outcome)
    return None
