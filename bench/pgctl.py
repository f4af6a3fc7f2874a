"""A PostgreSQL server of a run's own, to stop, kill and restart while Concord serves from it: the soak's
`--restart-db-at` and the fault tests (tests/faults). Built with the embedded server's binaries (pgserver), so
any machine that installs the project has them; it listens on a unix socket only, never on a port another
server could hold."""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.parse
from pathlib import Path

from sqlalchemy.engine import URL

from concord.db.server import to_async, with_database


class OwnPostgres:
    """initdb + start through pgserver, then pg_ctl by hand for the faults."""

    def __init__(self) -> None:
        # pgserver needs a runtime dir; headless machines often have none set (as in concord.db.server).
        os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="concord-runtime-"))
        import pgserver
        from pgserver import _commands

        self._pg_ctl = _commands.pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="concord-faults-"))
        self.pgdata = self.root / "pg"
        self.server = pgserver.get_server(self.pgdata, cleanup_mode="delete")
        self.uri = self.server.get_uri()
        host = urllib.parse.parse_qs(urllib.parse.urlsplit(self.uri).query)["host"][0]
        self.socket_dir = host

    def url(self, database: str) -> URL:
        return with_database(to_async(self.uri), database)

    def _ctl(self, *args: str) -> None:
        self._pg_ctl(["-w", *args], pgdata=self.pgdata, user=self.server.system_user, timeout=60)

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "stop")

    def start(self) -> None:
        self._ctl("-o", f'-h "" -k {self.socket_dir}', "-l", str(self.pgdata / "log"), "start")

    def restart(self, mode: str = "fast") -> None:
        """`pg_ctl restart -m fast` (clients disconnected, clean shutdown) or `-m immediate` (like a crash:
        the server recovers from its WAL on start)."""
        self.stop(mode)
        self.start()

    def cleanup(self) -> None:
        try:
            self.server.cleanup()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
