"""POST /auth/token (OAuth2 token endpoint, form-encoded)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from concord.audit.service import ANONYMOUS, Recorder, attach, flush_events, record
from concord.auth.service import AuthError, password_grant
from concord.db.session import DbContext, set_context_now

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _error(err: AuthError) -> JSONResponse:
    body = {"error": err.error, "error_description": err.description, **err.extra}
    headers = dict(NO_STORE)
    if err.status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_grant"'
    return JSONResponse(body, status_code=err.status, headers=headers)


async def token_endpoint(request: Request) -> Response:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return _error(AuthError("invalid_request", "请求须为 application/x-www-form-urlencoded 表单"))
    form = await request.form()
    grant_type = str(form.get("grant_type") or "")
    if grant_type != "password":
        return _error(AuthError("unsupported_grant_type", f"不支持的授权类型：{grant_type or '（空）'}"))
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    if not username or not password:
        return _error(AuthError("invalid_request", "请输入用户名和密码"))
    tenant = str(form.get("tenant") or "").strip() or None
    request_id = getattr(request.state, "request_id", None)
    addr = request.client.host if request.client else None
    async with request.app.state.db.sessions() as session:
        attach(session, Recorder(ANONYMOUS, request_id, addr))
        try:
            issued = await password_grant(session, request.app.state.settings, username, password, tenant)
        except AuthError as err:
            # Failed logins are recorded too (in the system chain): a burst of them is what an auditor looks for.
            await session.rollback()
            await set_context_now(session, DbContext())
            record(
                session,
                "auth.login.failed",
                "User",
                None,
                changes={"username": [None, username], "error": [None, err.error]},
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
