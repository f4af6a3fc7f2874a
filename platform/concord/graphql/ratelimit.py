"""Rate limits for the GraphQL endpoint: per API client, per user, and per client address for anonymous
requests. The endpoint asks `check()` before running an operation and answers 429 with `Retry-After`.

Each key gets a generic cell-rate algorithm (GCRA) bucket: `N` requests per minute may arrive together, after
which one more is allowed every 60/N seconds. One float per key, O(1) per request; keys whose bucket has
drained are swept once a minute, so memory follows the number of callers active in the last minute.

Limits are per server process. The counts live in this process's memory: with `concord serve --workers N`
each worker counts separately, and because connections are spread over the workers a caller can make up to
N times the configured rate in total (and a restart forgets all counts). Configure the per-process value as
roughly (wanted total) / N, or put a shared limiter (at the load balancer or reverse proxy) in front when an
exact total matters. Behind a proxy, anonymous callers are told apart only if the server trusts the proxy's
forwarded address (uvicorn `--proxy-headers`/`--forwarded-allow-ips`); otherwise they share one bucket.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concord.auth.principal import Principal
    from concord.config import Settings

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(
        self,
        user_per_minute: int,
        client_per_minute: int,
        anonymous_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = {
            "user": user_per_minute,
            "client": client_per_minute,
            "anonymous": anonymous_per_minute,
        }
        self.clock = clock
        # key -> theoretical arrival time: when the bucket would be empty again at the allowed rate.
        self._tat: dict[tuple[str, str], float] = {}
        self._last_sweep = clock()

    @classmethod
    def from_settings(cls, settings: Settings, clock: Callable[[], float] = time.monotonic) -> RateLimiter:
        return cls(
            settings.rate_limit_user_per_minute,
            settings.rate_limit_client_per_minute,
            settings.rate_limit_anonymous_per_minute,
            clock,
        )

    def check(self, principal: Principal | None, client_address: str | None) -> float | None:
        """Counts this request; None when it may go ahead, else the seconds to wait (nothing is counted)."""
        if principal is None:
            kind, who = "anonymous", client_address or "unknown"
        else:
            kind, who = ("client" if principal.kind == "client" else "user"), str(principal.id)
        limit = self.per_minute[kind]
        if limit <= 0:
            return None
        now = self.clock()
        if now - self._last_sweep >= WINDOW_SECONDS:
            self._sweep(now)
        key = (kind, who)
        tat = max(self._tat.get(key, now), now)
        new_tat = tat + WINDOW_SECONDS / limit
        # The request fits when, counting it, no more than `limit` requests' worth is owed in the next minute.
        wait = new_tat - WINDOW_SECONDS - now
        if wait > 1e-9:
            return wait
        self._tat[key] = new_tat
        return None

    def _sweep(self, now: float) -> None:
        self._tat = {k: t for k, t in self._tat.items() if t > now}
        self._last_sweep = now

    def __len__(self) -> int:
        return len(self._tat)
