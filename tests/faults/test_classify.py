"""Which database failures become which coded errors (concord.db.faults), on the exceptions the driver and
SQLAlchemy really raise; and the log line for one carries no statement parameters."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from concord.db import faults


def wrapped(orig: BaseException, statement: str = "INSERT INTO parties VALUES ($1)") -> DBAPIError:
    return DBAPIError(statement, ("13812345678",), orig)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "SERVICE_UNAVAILABLE"),
        (FileNotFoundError(2, "No such file or directory"), "SERVICE_UNAVAILABLE"),  # unix socket gone
        (PoolTimeout("QueuePool limit reached"), "SERVICE_UNAVAILABLE"),
        (
            wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("closed mid-operation")),
            "SERVICE_UNAVAILABLE",
        ),
        (wrapped(asyncpg.exceptions.AdminShutdownError("terminating connection")), "SERVICE_UNAVAILABLE"),
        (
            asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
            "SERVICE_UNAVAILABLE",
        ),
        (wrapped(asyncpg.exceptions.InterfaceError("connection is closed")), "SERVICE_UNAVAILABLE"),
        (wrapped(asyncpg.exceptions.SerializationError("could not serialize")), "CONFLICT"),
        (wrapped(asyncpg.exceptions.DeadlockDetectedError("deadlock detected")), "CONFLICT"),
    ],
)
def test_failures_a_client_can_act_on_get_a_code(exc: BaseException, code: str) -> None:
    error = faults.classify(exc)
    assert error is not None and error.extensions is not None
    assert error.extensions["code"] == code
    assert error.extensions["outcome"] == faults.NOT_WRITTEN


@pytest.mark.parametrize(
    "exc",
    [
        wrapped(asyncpg.exceptions.UniqueViolationError("duplicate key")),
        wrapped(asyncpg.exceptions.RaiseError("planted failure")),
        wrapped(asyncpg.exceptions.InterfaceError("another operation is in progress")),
        ValueError("a bug"),
    ],
)
def test_other_failures_are_left_to_the_masking_policy(exc: BaseException) -> None:
    assert faults.classify(exc) is None


def test_a_connection_lost_during_commit_says_the_outcome_is_unknown() -> None:
    error = faults.classify(
        wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("x")), outcome=faults.UNKNOWN
    )
    assert error is not None and error.extensions is not None
    assert error.extensions["outcome"] == "UNKNOWN" and "Idempotency-Key" in error.message


def test_the_log_line_holds_no_statement_or_parameters() -> None:
    line = faults.describe(wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("closed mid-operation")))
    assert line == "ConnectionDoesNotExistError: closed mid-operation"
    assert "13812345678" not in line and "INSERT" not in line
