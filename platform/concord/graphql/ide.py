"""The in-browser GraphQL IDE (GraphiQL), built from web/ide.html into web/dist with the console, so that every
script, stylesheet, font and editor worker is served by Concord itself: no CDN, usable on an intranet.

`ide_page` answers GET /graphql for a browser (the endpoint in graphql/http.py calls it when the IDE is
enabled); `ide_file` answers GET /ide.html, which would otherwise be served as a plain static file even
where the IDE is off. `ide_enabled`: CONCORD_GRAPHQL_IDE, or when unset, on except in production."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from concord.config import Settings
from concord.web.headers import SECURITY_HEADERS
from concord.web_build import DIST

IDE_HTML = DIST / "ide.html"

HEADERS = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}

NOT_BUILT = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>GraphQL IDE 未构建</title></head>
<body><h1>GraphQL IDE 尚未构建</h1>
<p>IDE 与网页控制台一同构建：在仓库根目录运行 <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>，
或直接运行 <code>concord serve</code>（它会在需要时自动构建）。</p>
<p>GraphQL 接口本身照常可用：POST /graphql，Accept: application/graphql-response+json。</p>
</body></html>"""


def ide_enabled(settings: Settings) -> bool:
    return settings.graphql_ide if settings.graphql_ide is not None else settings.env != "production"


async def ide_page(request: Request) -> Response:
    """The IDE's HTML. Its asset paths are relative (./assets/…), so the same page works at /graphql and
    at /ide.html; it posts to the `graphql` URL beside it with the token the user logs in for or pastes."""
    if not IDE_HTML.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": "no-store"})
    return FileResponse(IDE_HTML, media_type="text/html; charset=utf-8", headers=HEADERS)


async def ide_file(request: Request) -> Response:
    """GET /ide.html: the IDE where it is enabled, 404 elsewhere (as if the file were not there)."""
    if not ide_enabled(request.app.state.settings):
        return PlainTextResponse("Not Found", status_code=404)
    return await ide_page(request)
