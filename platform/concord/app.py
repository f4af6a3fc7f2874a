"""create_app(): the Starlette application — GraphQL, the token endpoint, health, and the web console."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.engine import URL
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from concord.auth.routes import token_endpoint
from concord.authz.enforcer import default_authorizer
from concord.cases.lifecycle import set_supervision
from concord.conferences.export import record_pdf
from concord.config import Settings, get_settings
from concord.db import faults
from concord.db.database import Database
from concord.db.urls import application_url
from concord.deadlines.watcher import watching
from concord.documents.registry import DocumentRegistry
from concord.events.listener import EventHub
from concord.graphql.errors import MASKED_MESSAGE
from concord.graphql.http import graphql_endpoint
from concord.graphql.ide import ide_file
from concord.graphql.ratelimit import RateLimiter
from concord.graphql.schema import schema
from concord.graphql.view import ConcordGraphQL
from concord.subsidies.export import statement_xlsx
from concord.web.assets import console_app

log = logging.getLogger("concord")
WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


class RequestIdMiddleware:
    """Every request gets an id (or keeps the caller's X-Request-ID); it is echoed back and logged with errors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = incoming if incoming.replace("-", "").isalnum() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


class ConcordApp(Starlette):
    """Starlette with the request id outside its whole stack: Starlette's own last-resort 500 (sent when
    something escapes even the ErrorBoundary) sits outside user middleware, and it too carries the id."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestIdMiddleware(super().build_middleware_stack())


class ErrorBoundary:
    """Whatever escapes a route before its response started is still answered with a coded JSON error and the
    request id, never a plain 500 page or a dropped connection: a database failure (concord.db.faults) as 503
    with `Retry-After` (or 409 for a collision), anything else as a masked, logged INTERNAL_SERVER_ERROR."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise  # half a response is out: only the server can end it
            request_id = scope.get("state", {}).get("request_id", "-")
            await _error_response(exc, request_id)(scope, receive, send)


def _error_response(exc: Exception, request_id: str) -> Response:
    fault = faults.classify(exc)
    if fault is None:
        log.error("unexpected error [request %s]", request_id, exc_info=exc)
        message, extensions, status, headers = MASKED_MESSAGE, {"code": "INTERNAL_SERVER_ERROR"}, 500, {}
    else:
        log.warning("database failure [request %s]: %s", request_id, faults.describe(exc))
        message, extensions = fault.message, dict(fault.extensions or {})
        status = 409 if fault.code == "CONFLICT" else 503
        headers = {"Retry-After": str(faults.RETRY_AFTER_SECONDS)} if status == 503 else {}
    body = {"errors": [{"message": message, "extensions": {**extensions, "requestId": request_id}}]}
    return JSONResponse(body, status_code=status, headers=headers)


async def healthz(request: Request) -> Response:
    try:
        await request.app.state.db.ping()
    except Exception:
        log.exception("health check failed")
        return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "up"})


def create_app(settings: Settings | None = None, db_url: URL | None = None) -> Starlette:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.db = Database.connect(db_url or application_url(settings), settings)
        app.state.authorizer = default_authorizer()
        app.state.rate_limiter = RateLimiter.from_settings(settings)  # per process: see graphql/ratelimit.py
        app.state.documents = DocumentRegistry.from_directory()  # trusted documents: schema/operations
        # Subscriptions: one LISTEN connection per process, fanning outbox wake-ups out (concord/events).
        app.state.events = EventHub(
            app.state.db.engine,
            app.state.db.engine.url,
            settings.events_poll_seconds,
            retention_days=settings.events_retention_days,
        )
        await app.state.events.start()
        try:
            # The watcher raises supervision through the cases lifecycle (deadlines does not import cases).
            async with watching(app.state.db.sessions, settings.watch_interval_seconds, set_supervision):
                yield
        finally:
            await app.state.events.stop()
            await app.state.db.dispose()

    graphql_ws = ConcordGraphQL(schema)  # subscriptions over graphql-transport-ws only
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/auth/token", token_endpoint, methods=["POST"]),
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_ws),
        Route("/conferences/{id}/record.pdf", record_pdf, methods=["GET"]),
        Route("/subsidies/statement.xlsx", statement_xlsx, methods=["GET"]),
        # The GraphQL IDE page (also at GET /graphql for a browser); 404 where the IDE is off.
        Route("/ide.html", ide_file, methods=["GET"]),
    ]
    if WEB_DIST.is_dir():
        routes.append(Mount("/", console_app(WEB_DIST), name="web"))
    return ConcordApp(routes=routes, middleware=[Middleware(ErrorBoundary)], lifespan=lifespan)
