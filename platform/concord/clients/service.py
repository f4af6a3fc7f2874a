"""API clients for external apps: created by an administrator in its tenant, with a secret shown once and
stored hashed; rotated or revoked at any time (revocation takes effect on the client's next request)."""

from __future__ import annotations

import secrets
import uuid

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.passwords import hash_password
from concord.auth.principal import Principal
from concord.authz.roles import ADMIN_ROLES
from concord.authz.visibility import VisibleTo
from concord.clients import repository
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, NotFound
from concord.models import ApiClient
from concord.trail.recorder import created, diff, record
from concord.users.service import check_roles


def new_secret() -> str:
    return secrets.token_urlsafe(32)


async def create_client(
    session: AsyncSession, principal: Principal, name: str, roles: list[str]
) -> tuple[ApiClient, str]:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise BadUserInput("应用名称不能为空，且不超过100个字", field="name")
    roles = check_roles(principal, roles or ["api_client"])
    if set(roles) & ADMIN_ROLES:
        raise BadUserInput("外部应用不能持有管理员角色", field="roles")
    secret = new_secret()
    client = ApiClient(
        id=new_id(),
        tenant_id=principal.tenant_id,
        client_id=f"cc_{secrets.token_hex(8)}",
        name=name,
        secret_hash=await anyio.to_thread.run_sync(hash_password, secret),
        roles=roles,
        is_active=True,
        created_by=principal.id if principal.kind == "user" else None,
        created_at=utcnow(),
    )
    session.add(client)
    await session.flush()
    record(
        session,
        "client.create",
        "ApiClient",
        client.id,
        changes=created({"name": name, "client_id": client.client_id, "roles": roles}),
    )
    return client, secret


async def _managed(session: AsyncSession, principal: Principal, id_: uuid.UUID) -> ApiClient:
    client = await repository.managed(session, VisibleTo.of(principal), id_)
    if client is None:
        raise NotFound(field="apiClientId")
    return client


async def rotate_secret(session: AsyncSession, principal: Principal, id_: uuid.UUID) -> tuple[ApiClient, str]:
    client = await _managed(session, principal, id_)
    if not client.is_active:
        raise BadUserInput("已吊销的应用不能更换密钥", field="apiClientId")
    secret = new_secret()
    client.secret_hash = await anyio.to_thread.run_sync(hash_password, secret)
    client.rotated_at = utcnow()
    client.credential_version += 1  # tokens issued with the old secret stop working
    await session.flush()
    record(session, "client.secret.rotate", "ApiClient", client.id, changes={"secret_rotated": [None, True]})
    return client, secret


async def revoke(session: AsyncSession, principal: Principal, id_: uuid.UUID) -> ApiClient:
    client = await _managed(session, principal, id_)
    if client.is_active:
        before = {"is_active": True}
        client.is_active = False
        client.revoked_at = utcnow()
        await session.flush()
        record(session, "client.revoke", "ApiClient", client.id, changes=diff(before, {"is_active": False}))
    return client
