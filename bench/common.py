"""Shared set-up for benchmarks: a fresh database (DATABASE_URL's server, or an embedded one), migrated."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.engine import URL

from concord.config import get_settings
from concord.db import migrate
from concord.db.server import start_embedded, to_async, with_database
from concord.db.urls import ensure_database


def fresh_database(prefix: str) -> URL:
    settings = get_settings()
    server = (
        to_async(settings.database_url)
        if settings.database_url
        else to_async(start_embedded(Path(tempfile.mkdtemp(prefix="concord-bench-"))))
    )
    url = with_database(server, f"{prefix}_{uuid.uuid4().hex[:8]}")
    asyncio.run(ensure_database(url))
    migrate.upgrade(url)
    return url


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"mean {statistics.fmean(samples) * 1000:.2f} ms, p50 {statistics.median(samples) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"
