"""The console's built files (web/dist), served with the headers a slow street-office link needs.

Vite names every script, stylesheet and worker under `assets/` after a hash of its content, so those may be
cached for a year without asking again (`immutable`); the HTML that names them must be checked on every load
(`no-cache`), or a browser would keep running an old console against a new API. Text is gzipped: the editor of
the GraphQL IDE alone is 2.8 MB of JavaScript, 0.7 MB compressed — compressed once per browser, thanks to the
year-long cache. Every file carries the security headers (concord/web/headers.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from concord.web.headers import SECURITY_HEADERS

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class ConsoleFiles(StaticFiles):
    def file_response(self, full_path: Any, stat_result: Any, scope: Any, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        hashed = Path(str(full_path)).parent.name == "assets"
        response.headers["Cache-Control"] = IMMUTABLE if hashed else REVALIDATE
        response.headers.update(SECURITY_HEADERS)
        return response


def console_app(directory: Path) -> ASGIApp:
    return GZipMiddleware(ConsoleFiles(directory=directory, html=True), minimum_size=1024)
