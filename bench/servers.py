"""Starting the servers the benchmarks measure: Concord and the ceiling, each a real uvicorn process with one
worker (uvloop + httptools, no access log), on loopback, against a bench database; and measuring CPU."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
from sqlalchemy.engine import URL

from concord.config import get_settings
from concord.db.server import app_url

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        t = psutil.Process(self.process.pid).cpu_times()
        return t.user + t.system


def _uvicorn(app: str, port: int, env: dict[str, str], workers: int = 1) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--workers", str(workers), "--loop", "uvloop", "--http", "httptools"]
    argv += ["--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(argv, cwd=ROOT, env=env)


def _wait(server: Server, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            httpx.get(server.base + path, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not start in {timeout}s")


def app_role_url(owner: URL) -> URL:
    s = get_settings()
    return app_url(owner, s.app_db_role, s.app_db_password)


def concord_env(owner: URL, secret: str, env: str = "production") -> dict[str, str]:
    return os.environ | {
        "CONCORD_ENV": env,
        "DATABASE_URL": owner.render_as_string(hide_password=False),
        "CONCORD_APP_DATABASE_URL": app_role_url(owner).render_as_string(hide_password=False),
        "CONCORD_SECRET_KEY": secret,
        "CONCORD_LOG_LEVEL": "WARNING",
        # The limiter is per process and would answer 429 to a load generator; the soak run keeps it off too.
        "CONCORD_RATE_LIMIT_USER_PER_MINUTE": "0",
        "CONCORD_RATE_LIMIT_CLIENT_PER_MINUTE": "0",
        "CONCORD_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "0",
        "CONCORD_WATCH_INTERVAL_SECONDS": "0",
    }


@contextmanager
def concord(owner: URL, secret: str, env: str = "production", workers: int = 1) -> Iterator[Server]:
    port = free_port()
    process = _uvicorn("concord.app:create_app", port, concord_env(owner, secret, env), workers)
    server = Server("concord", port, process)
    try:
        _wait(server, "/healthz")
        yield server
    finally:
        stop(server)


@contextmanager
def ceiling(owner: URL, secret: str) -> Iterator[Server]:
    port = free_port()
    dsn = app_role_url(owner).set(drivername="postgresql").render_as_string(hide_password=False)
    env = os.environ | {
        "CEILING_DATABASE_URL": dsn,
        "CONCORD_SECRET_KEY": secret,
        "CONCORD_DB_POOL_SIZE": str(get_settings().db_pool_size),
    }
    server = Server("ceiling", port, _uvicorn("bench.ceiling:create_app", port, env))
    try:
        _wait(server, "/")
        yield server
    finally:
        stop(server)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def postgres_cpu(database: str) -> dict[int, float]:
    """CPU seconds per PostgreSQL backend serving `database` (their process titles name it); other databases'
    backends, such as other test runs on the same server, are left out."""
    out: dict[int, float] = {}
    for p in psutil.process_iter(["name", "cmdline"]):
        try:
            title = " ".join(p.info["cmdline"] or [])
            if p.info["name"] == "postgres" and f" {database} " in f" {title} ":
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())
