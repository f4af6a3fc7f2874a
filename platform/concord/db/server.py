"""Where the database is: the configured `DATABASE_URL`, or an embedded PostgreSQL (pgserver) in the data folder."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

log = logging.getLogger(__name__)

_embedded: dict[Path, Any] = {}


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) the embedded server; it keeps its files in data_dir/pg so data survives restarts."""
    # pgserver asks platformdirs for a runtime dir; headless machines often have none set.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = Path(tempfile.gettempdir()) / f"concord-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import pgserver  # imported lazily: only a machine without DATABASE_URL needs it

    pgdata = (data_dir / "pg").resolve()
    if pgdata not in _embedded:
        pgdata.mkdir(parents=True, exist_ok=True)
        log.info("starting embedded PostgreSQL in %s", pgdata)
        # cleanup_mode="stop": the server stops when the last process using it exits.
        _embedded[pgdata] = pgserver.get_server(pgdata, cleanup_mode="stop")
    uri: str = _embedded[pgdata].get_uri()
    return uri


def stop_embedded() -> None:
    for srv in list(_embedded.values()):
        srv.cleanup()
    _embedded.clear()


def to_async(url: str | URL) -> URL:
    u = make_url(url)
    return u.set(drivername="postgresql+asyncpg")


def with_database(url: str | URL, database: str) -> URL:
    return make_url(url).set(database=database)


def app_url(owner_url: str | URL, role: str, password: str) -> URL:
    """The application's connection: same server and database, the non-owner role."""
    return to_async(owner_url).set(username=role, password=password)


def asyncpg_dsn(url: str | URL) -> tuple[str, dict[str, Any]]:
    """A plain asyncpg DSN plus keyword arguments (the unix-socket host travels as a keyword)."""
    u = make_url(url)
    kwargs: dict[str, Any] = {}
    host = u.query.get("host")
    if host:
        kwargs["host"] = host if isinstance(host, str) else host[0]
        u = u.set(query={})
    dsn = u.set(drivername="postgresql").render_as_string(hide_password=False)
    return dsn, kwargs
