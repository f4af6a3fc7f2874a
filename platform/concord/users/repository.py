from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, user_in_subtree
from concord.kit.pagination import Page, keyset
from concord.models import Membership, User


async def by_id(session: AsyncSession, user_id: uuid.UUID, for_update: bool = False) -> User | None:
    stmt = select(User).where(User.id == user_id)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[User]:
    return list((await session.execute(select(User).where(User.id.in_(ids)))).scalars())


async def username_taken(session: AsyncSession, username: str) -> bool:
    return (await session.execute(select(User.id).where(User.username == username))).first() is not None


async def membership(
    session: AsyncSession, user_id: uuid.UUID, tenant_id: uuid.UUID, for_update: bool = False
) -> Membership | None:
    stmt = select(Membership).where(Membership.user_id == user_id, Membership.tenant_id == tenant_id)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def delete_membership(session: AsyncSession, membership_id: uuid.UUID) -> None:
    await session.execute(delete(Membership).where(Membership.id == membership_id))


async def members_page(
    session: AsyncSession, tenant_id: uuid.UUID, page: Page
) -> list[tuple[Membership, User]]:
    stmt = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.tenant_id == tenant_id)
    )
    stmt = keyset(stmt, page, Membership.created_at, Membership.id, newest_first=False)
    return [(m, u) for m, u in (await session.execute(stmt)).all()]


async def members_by_tenant_ids(
    session: AsyncSession, tenant_ids: Sequence[uuid.UUID], limit: int
) -> list[tuple[Membership, User]]:
    """Up to `limit` members of each tenant (oldest first), in one statement."""
    rn = (
        func.row_number()
        .over(partition_by=Membership.tenant_id, order_by=(Membership.created_at, Membership.id))
        .label("rn")
    )
    sub = select(Membership.id, rn).where(Membership.tenant_id.in_(tenant_ids)).subquery()
    stmt = (
        select(Membership, User)
        .join(sub, sub.c.id == Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(sub.c.rn <= limit)
        .order_by(Membership.tenant_id, sub.c.rn)
    )
    return [(m, u) for m, u in (await session.execute(stmt)).all()]


async def in_admin_scope(session: AsyncSession, viewer: VisibleTo, user_id: uuid.UUID) -> bool:
    """The user has a membership in the tenant's subtree: its administrators manage the user."""
    return bool((await session.execute(select(user_in_subtree(viewer, user_id)))).scalar())
