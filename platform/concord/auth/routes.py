"""POST /auth/token (OAuth2 token endpoint, form-encoded)."""

from __future__ import annotations

import base64
import logging
import re
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from concord.auth.passwords import PASSWORD_MAX
from concord.auth.service import AuthError, IssuedToken, client_credentials_grant, password_grant
from concord.db import faults
from concord.db.session import DbContext, set_context_now
from concord.kit import inputs
from concord.trail.recorder import ANONYMOUS, Recorder, attach, flush_events, record

CLIENT_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
log = logging.getLogger("concord.auth")
SECRET_FIELDS = frozenset({"password", "client_secret"})
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _error(err: AuthError) -> JSONResponse:
    body = {"error": err.error, "error_description": err.description, **err.extra}
    headers = dict(NO_STORE)
    if err.status == 401:
        # RFC 6749 §5.2: a refused client is challenged with the scheme it authenticated with.
        scheme = "Basic" if err.error == "invalid_client" else "Bearer"
        headers["WWW-Authenticate"] = f'{scheme} realm="concord", error="{err.error}"'
    return JSONResponse(body, status_code=err.status, headers=headers)


async def token_endpoint(request: Request) -> Response:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return _error(AuthError("invalid_request", "请求须为 application/x-www-form-urlencoded 表单"))
    form = await request.form()
    if (refused := _refused_field(form)) is not None:
        return _error(refused)
    grant_type = str(form.get("grant_type") or "")
    if grant_type == "password":
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        if not username or not password:
            return _error(AuthError("invalid_request", "请输入用户名和密码"))
        tenant = str(form.get("tenant") or "").strip() or None
        # The app the user signs in through (e.g. the console); it rides in the token as claim `cid`.
        app_id = str(form.get("client_id") or "").strip() or None
        if app_id is not None and not CLIENT_ID.fullmatch(app_id):
            return _error(AuthError("invalid_request", "client_id 格式不正确"))
        return await _issue(
            request, username, lambda s, st: password_grant(s, st, username, password, tenant, app_id)
        )
    if grant_type == "client_credentials":
        client_id, secret = _client_credentials(request, form)
        if not client_id or not secret:
            return _error(AuthError("invalid_request", "缺少 client_id 或 client_secret"))
        if (
            refused := _refused_value("client_id", client_id) or _refused_value("client_secret", secret)
        ) is not None:
            return _error(refused)  # HTTP Basic credentials are not in the form checked above
        return await _issue(
            request, client_id, lambda s, st: client_credentials_grant(s, st, client_id, secret)
        )
    return _error(AuthError("unsupported_grant_type", f"不支持的授权类型：{grant_type or '（空）'}"))


def _refused_value(name: str, value: str) -> AuthError | None:
    """A field no account could match, refused before any lookup or hash: control characters (PostgreSQL
    cannot even compare a NUL) and secrets longer than any that can be set."""
    char = inputs.forbidden_character(value)
    if char is not None:
        return AuthError("invalid_request", f"{name} 含有不允许的控制字符（{char}）", field=name)
    if name in SECRET_FIELDS and len(value) > PASSWORD_MAX:
        return AuthError("invalid_request", f"{name} 不能超过{PASSWORD_MAX}个字符", field=name)
    return None


def _refused_field(form: Any) -> AuthError | None:
    for name, value in form.multi_items():
        if isinstance(value, str) and (refused := _refused_value(name, value)) is not None:
            return refused
    return None


def _client_credentials(request: Request, form: Any) -> tuple[str, str]:
    """RFC 6749 §2.3.1: HTTP Basic, or client_id and client_secret in the form."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            user, _, pw = base64.b64decode(header[6:].strip()).decode().partition(":")
            return urllib.parse.unquote(user), urllib.parse.unquote(pw)
        except (ValueError, UnicodeDecodeError):
            return "", ""
    return str(form.get("client_id") or "").strip(), str(form.get("client_secret") or "")


async def _issue(request: Request, who: str, grant: Callable[[Any, Any], Awaitable[IssuedToken]]) -> Response:
    request_id = getattr(request.state, "request_id", None)
    try:
        return await _grant_and_record(request, request_id, who, grant)
    except Exception as exc:
        if not faults.is_unavailable(exc):
            raise
        # RFC 6749's code for a server that cannot answer now; the client retries after Retry-After.
        log.warning("token endpoint: database unavailable [request %s]: %s", request_id, faults.describe(exc))
        body = {
            "error": "temporarily_unavailable",
            "error_description": "数据库暂时不可用，请稍后重试",
            "request_id": request_id,
        }
        headers = {**NO_STORE, "Retry-After": str(faults.RETRY_AFTER_SECONDS)}
        return JSONResponse(body, status_code=503, headers=headers)


async def _grant_and_record(
    request: Request, request_id: str | None, who: str, grant: Callable[[Any, Any], Awaitable[IssuedToken]]
) -> Response:
    addr = request.client.host if request.client else None
    async with request.app.state.db.sessions() as session:
        attach(session, Recorder(ANONYMOUS, request_id, addr))
        try:
            issued = await grant(session, request.app.state.settings)
        except AuthError as err:
            # Failed logins are recorded too (in the system chain): a burst of them is what an auditor looks for.
            await session.rollback()
            await set_context_now(session, DbContext())
            record(
                session,
                "auth.login.failed",
                "User",
                None,
                changes={"username": [None, who], "error": [None, err.error]},
            )
            await flush_events(session)
            await session.commit()
            return _error(err)
        await flush_events(session)
        await session.commit()
    return JSONResponse(
        {
            "access_token": issued.access_token,
            "token_type": "bearer",
            "expires_in": issued.expires_in,
            "tenant": issued.tenant_code,
        },
        headers=NO_STORE,
    )
