"""Authentication: password grant → token; token → Principal (once per request)."""

from __future__ import annotations

from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth import repository
from concord.auth.passwords import verify_password
from concord.auth.principal import Principal
from concord.auth.tokens import TokenClaims, decode_token, issue_token
from concord.config import Settings
from concord.db.session import DbContext, bind_context, set_context_now
from concord.trail.hooks import attach_for_principal
from concord.trail.recorder import Actor, record


class AuthError(Exception):
    """An OAuth2 error (RFC 6749 §5.2): `error` is the code, the message is the description."""

    def __init__(self, error: str, description: str, status: int = 400, **extra: object) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status
        self.extra = extra


@dataclass
class IssuedToken:
    access_token: str
    expires_in: int
    tenant_code: str


async def authenticate(
    session: AsyncSession, settings: Settings, token: str | None, request_id: str | None, address: str | None
) -> Principal | None:
    """Who acts with this bearer token (None: nobody, or a token no longer good), read once per request or
    WebSocket connection (and at each subscription re-check) — the one place HTTP, WebSocket and download routes
    load a principal — and the session bound to them (`act_as`)."""
    principal = await _principal_for(session, settings, token) if token else None
    act_as(session, principal, request_id, address)
    return principal


async def _principal_for(session: AsyncSession, settings: Settings, token: str) -> Principal | None:
    claims = decode_token(settings, token)
    if claims is None or claims.subject_kind not in ("user", "client"):
        return None
    bind_context(session, DbContext(claims.tenant_id, claims.subject_id))
    if claims.subject_kind == "user":
        row = await repository.principal_row(session, claims.subject_id, claims.tenant_id)
        principal = (
            Principal(
                "user",
                row.id,
                row.username,
                row.display_name,
                claims.tenant_id,
                row.code,
                row.kind,
                tuple(row.roles),
                claims.client_id,
                claims.expires_at,
            )
            if row and row.credential_version == claims.version
            else None
        )
    else:
        row = await repository.client_principal_row(session, claims.subject_id, claims.tenant_id)
        principal = (
            Principal(
                "client",
                row.id,
                row.client_id,
                row.name,
                claims.tenant_id,
                row.code,
                row.kind,
                tuple(row.roles),
                row.client_id,
                claims.expires_at,
            )
            if row and row.credential_version == claims.version
            else None
        )
    if principal is None:
        # Account, client or membership gone since the token was issued: drop the context it opened.
        await session.rollback()
        bind_context(session, DbContext())
    return principal


async def client_credentials_grant(
    session: AsyncSession, settings: Settings, client_id: str, secret: str
) -> IssuedToken:
    client = await repository.client_for_credentials(session, client_id)
    ok = await anyio.to_thread.run_sync(verify_password, client.secret_hash if client else None, secret)
    if client is None or not ok or not client.is_active:
        raise AuthError("invalid_client", "客户端凭据无效或已吊销", status=401)
    token, ttl = issue_token(
        settings, TokenClaims("client", client.id, client.tenant_id, version=client.credential_version)
    )
    await set_context_now(session, DbContext(client.tenant_id, None))
    row = await repository.client_principal_row(session, client.id, client.tenant_id)
    if row is None:
        raise AuthError("invalid_client", "客户端所属机构已停用", status=401)
    record(
        session,
        "auth.token.issue",
        "ApiClient",
        client.id,
        changes={"grant_type": [None, "client_credentials"], "tenant": [None, row.code]},
        actor=Actor("client", client.id, client.name, client.tenant_id),
    )
    return IssuedToken(token, ttl, row.code)


async def password_grant(
    session: AsyncSession,
    settings: Settings,
    username: str,
    password: str,
    tenant_code: str | None,
    client_id: str | None = None,
) -> IssuedToken:
    user = await repository.user_by_username(session, username)
    ok = await anyio.to_thread.run_sync(verify_password, user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        raise AuthError("invalid_grant", "用户名或密码错误", status=401)
    await set_context_now(session, DbContext(None, user.id))
    memberships = await repository.active_memberships(session, user.id)
    if not memberships:
        raise AuthError("invalid_grant", "该账号未加入任何机构", status=401)
    if tenant_code:
        chosen = [t for _, t in memberships if t.code == tenant_code]
        if not chosen:
            raise AuthError("invalid_grant", "该账号不属于所选机构", status=401)
        tenant = chosen[0]
    elif len(memberships) == 1:
        tenant = memberships[0][1]
    else:
        raise AuthError(
            "invalid_request",
            "该账号属于多个机构，请选择机构（tenant）",
            tenants=[{"code": t.code, "name": t.name} for _, t in memberships],
        )
    token, ttl = issue_token(
        settings, TokenClaims("user", user.id, tenant.id, client_id, version=user.credential_version)
    )
    # The event goes to the chosen tenant's chain, written with that tenant's context.
    await set_context_now(session, DbContext(tenant.id, user.id))
    record(
        session,
        "auth.login",
        "User",
        user.id,
        changes={"grant_type": [None, "password"], "tenant": [None, tenant.code]}
        | ({"client_id": [None, client_id]} if client_id else {}),
        actor=Actor("user", user.id, user.display_name, tenant.id),
    )
    return IssuedToken(token, ttl, tenant.code)


def act_as(
    session: AsyncSession, principal: Principal | None, request_id: str | None, address: str | None
) -> None:
    """Bind a session to whoever acts (or nobody): the row-level-security context of its transactions and the
    audit recorder's actor, request id and address."""
    bind_context(session, DbContext(principal.tenant_id, principal.id) if principal else DbContext())
    attach_for_principal(session, principal, request_id, address)
