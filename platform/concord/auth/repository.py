"""Queries behind authentication. Users are a directory without row-level security; memberships are read
after `concord.user_id` is set, which is what their policy allows."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from concord.models import ApiClient, Membership, Tenant, User


async def user_by_username(session: AsyncSession, username: str) -> User | None:
    return (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()


async def active_memberships(session: AsyncSession, user_id: uuid.UUID) -> list[tuple[Membership, Tenant]]:
    stmt = (
        select(Membership, Tenant)
        .join(Tenant, Tenant.id == Membership.tenant_id)
        .where(Membership.user_id == user_id, Tenant.is_active.is_(True))
        .order_by(Tenant.code)
    )
    return [(m, t) for m, t in (await session.execute(stmt)).all()]


async def principal_row(session: AsyncSession, user_id: uuid.UUID, tenant_id: uuid.UUID) -> Any | None:
    """The user, the tenant and the roles held there, in one statement; None if any of them is gone."""
    stmt = (
        select(
            User.id,
            User.username,
            User.display_name,
            Tenant.code,
            Tenant.kind,
            Membership.roles,
            User.credential_version,
        )
        .join(Membership, Membership.user_id == User.id)
        .join(Tenant, Tenant.id == Membership.tenant_id)
        .where(
            User.id == user_id,
            Membership.tenant_id == tenant_id,
            User.is_active.is_(True),
            Tenant.is_active.is_(True),
        )
    )
    return (await session.execute(stmt)).first()


async def client_principal_row(
    session: AsyncSession, client_id: uuid.UUID, tenant_id: uuid.UUID
) -> Any | None:
    """An API client acting in its tenant: None once revoked, so revocation bites on the next request."""
    stmt = (
        select(
            ApiClient.id,
            ApiClient.client_id,
            ApiClient.name,
            ApiClient.roles,
            Tenant.code,
            Tenant.kind,
            ApiClient.credential_version,
        )
        .join(Tenant, Tenant.id == ApiClient.tenant_id)
        .where(
            ApiClient.id == client_id,
            ApiClient.tenant_id == tenant_id,
            ApiClient.is_active.is_(True),
            Tenant.is_active.is_(True),
        )
    )
    return (await session.execute(stmt)).first()


async def client_for_credentials(session: AsyncSession, client_id: str) -> ApiClient | None:
    """The API client presenting these credentials. Its own row is readable by the `concord.client_id` setting
    alone (row-level security), before its tenant is known."""
    await session.execute(text("SELECT set_config('concord.client_id', :c, true)"), {"c": client_id})
    stmt = select(ApiClient).where(ApiClient.client_id == client_id)
    return (await session.execute(stmt)).scalar_one_or_none()
