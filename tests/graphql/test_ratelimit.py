"""The rate limiter (per user, per API client, per address when anonymous), with an injected clock, and the
endpoint's 429 + Retry-After."""

from __future__ import annotations

import math
import uuid

import pytest

from concord.auth.principal import Principal
from concord.config import Settings
from concord.graphql.ratelimit import RateLimiter
from concord.models.enums import TenantKind
from tests.helpers import Api


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def principal(kind: str = "user") -> Principal:
    return Principal(kind, uuid.uuid4(), "u", "用户", uuid.uuid4(), "t", TenantKind.CENTRE, ("mediator",))


def limiter(user: int = 3, client: int = 6, anonymous: int = 2) -> tuple[RateLimiter, Clock]:
    clock = Clock()
    return RateLimiter(user, client, anonymous, clock), clock


def test_a_burst_up_to_the_limit_then_a_wait() -> None:
    rl, clock = limiter(user=3)
    alice = principal()
    assert [rl.check(alice, "10.0.0.1") for _ in range(3)] == [None, None, None]
    wait = rl.check(alice, "10.0.0.1")
    assert wait == pytest.approx(20.0)  # one request per 60/3 s once the burst is spent
    clock.now += 19.9
    assert rl.check(alice, "10.0.0.1") == pytest.approx(0.1)
    clock.now += 0.1
    assert rl.check(alice, "10.0.0.1") is None
    assert rl.check(alice, "10.0.0.1") == pytest.approx(20.0)


def test_refused_requests_are_not_counted() -> None:
    rl, clock = limiter(user=2)
    bob = principal()
    rl.check(bob, None)
    rl.check(bob, None)
    for _ in range(50):  # hammering while refused does not push the wait further out
        assert rl.check(bob, None) == pytest.approx(30.0)
    clock.now += 30
    assert rl.check(bob, None) is None


def test_sustained_rate_is_the_configured_rate() -> None:
    rl, clock = limiter(user=60)
    carol = principal()
    allowed = 0
    for _ in range(600):  # five minutes, one request every 0.5 s
        allowed += rl.check(carol, None) is None
        clock.now += 0.5
    # A minute's burst, then one per second for five minutes.
    assert 60 + 300 - 1 <= allowed <= 60 + 300 + 1


def test_users_clients_and_addresses_have_their_own_buckets() -> None:
    rl, _ = limiter(user=1, client=2, anonymous=1)
    u1, u2, app = principal(), principal(), principal("client")
    assert rl.check(u1, "10.0.0.1") is None
    assert rl.check(u1, "10.0.0.1") is not None
    assert rl.check(u2, "10.0.0.1") is None  # another user at the same address
    assert rl.check(app, "10.0.0.1") is None
    assert rl.check(app, "10.0.0.1") is None  # clients have their own (higher) limit
    assert rl.check(app, "10.0.0.1") is not None
    assert rl.check(None, "10.0.0.1") is None  # anonymous: counted per address
    assert rl.check(None, "10.0.0.1") is not None
    assert rl.check(None, "10.0.0.2") is None


def test_zero_turns_a_limit_off() -> None:
    rl, _ = limiter(user=0, client=1, anonymous=0)
    dave = principal()
    assert all(rl.check(dave, None) is None for _ in range(10_000))
    assert all(rl.check(None, "10.0.0.9") is None for _ in range(10_000))
    assert len(rl) == 0


def test_drained_buckets_are_swept() -> None:
    rl, clock = limiter(anonymous=5)
    for i in range(1000):
        rl.check(None, f"10.1.{i // 256}.{i % 256}")
    assert len(rl) == 1000
    clock.now += 61
    rl.check(None, "10.9.9.9")
    assert len(rl) == 1


def test_from_settings() -> None:
    rl = RateLimiter.from_settings(
        Settings(
            rate_limit_user_per_minute=7, rate_limit_client_per_minute=8, rate_limit_anonymous_per_minute=9
        )
    )
    assert rl.per_minute == {"user": 7, "client": 8, "anonymous": 9}
    defaults = Settings()
    assert (
        defaults.rate_limit_user_per_minute,
        defaults.rate_limit_client_per_minute,
        defaults.rate_limit_anonymous_per_minute,
    ) == (600, 1200, 120)


def test_the_test_app_is_not_rate_limited(api: Api) -> None:
    assert api.app.state.settings.rate_limit_user_per_minute == 0
    assert isinstance(api.app.state.rate_limiter, RateLimiter)


async def test_over_the_limit_is_429_with_retry_after(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    rl, clock = limiter(user=2, anonymous=1)
    # setitem on the State's dict: monkeypatch.setattr on a Starlette State deletes the attribute on undo
    # (pytest 9 looks for the old value in the instance __dict__, where State does not keep it).
    monkeypatch.setitem(api.app.state._state, "rate_limiter", rl)
    token = await api.token("court.clerk")
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/graphql-response+json"}
    query = {"query": "{ viewer { roles } }"}
    for _ in range(2):
        assert (await api.client.post("/graphql", json=query, headers=headers)).status_code == 200
    r = await api.client.post("/graphql", json=query, headers=headers)
    assert r.status_code == 429, r.text
    assert r.headers["Retry-After"] == "30"
    assert r.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    clock.now += 29.5
    r = await api.client.post("/graphql", json=query, headers=headers)
    assert r.status_code == 429
    assert r.headers["Retry-After"] == str(math.ceil(0.5))  # never 0: the header is whole seconds
    clock.now += 0.5
    assert (await api.client.post("/graphql", json=query, headers=headers)).status_code == 200

    # Anonymous callers are counted per address.
    anonymous = {"Accept": "application/graphql-response+json"}
    assert (
        await api.client.post("/graphql", json={"query": "{ __typename }"}, headers=anonymous)
    ).status_code == 200
    r = await api.client.post("/graphql", json={"query": "{ __typename }"}, headers=anonymous)
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) == 60
