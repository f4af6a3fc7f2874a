"""The business clock (concord.kit.clock): real time unless a test fixes it, and a fix is always undone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from concord.kit import clock
from tests.helpers import CHINA, LEGAL_MONDAY


def test_without_an_override_it_is_the_real_time_in_utc() -> None:
    before = datetime.now(UTC)
    now = clock.now()
    assert before <= now <= datetime.now(UTC)
    assert now.utcoffset() == timedelta(0)


def test_frozen_fixes_the_clock_in_utc_and_gives_it_back() -> None:
    at = datetime(2027, 1, 29, 9, 0, tzinfo=CHINA)
    with clock.frozen(at) as frozen:
        assert frozen == clock.now() == at
        assert clock.now().tzinfo is UTC and clock.now().hour == 1
        assert clock.now() == clock.now()  # it does not run on
        with clock.frozen(at + timedelta(days=30)):
            assert clock.now() == at + timedelta(days=30)
        assert clock.now() == at  # the outer fix comes back
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_frozen_is_undone_on_error() -> None:
    with pytest.raises(RuntimeError), clock.frozen(datetime(2026, 9, 30, 12, 0, tzinfo=CHINA)):
        raise RuntimeError("boom")
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_set_now_and_back() -> None:
    try:
        clock.set_now(LEGAL_MONDAY)
        assert clock.now() == LEGAL_MONDAY
    finally:
        clock.set_now(None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        clock.set_now(datetime(2026, 9, 21, 10, 0))
    with pytest.raises(ValueError), clock.frozen(datetime(2026, 9, 21, 10, 0)):
        pass  # pragma: no cover
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_legal_monday_fixture_freezes_for_the_test(legal_monday: datetime) -> None:
    assert clock.now() == legal_monday == LEGAL_MONDAY
    assert clock.now().astimezone(CHINA).strftime("%Y-%m-%d %A %H:%M") == "2026-09-21 Monday 10:00"
