from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import and_, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, in_subtree, is_coordinated, subtree_depth
from concord.db.session import id_array
from concord.kit.pagination import Page, keyset
from concord.models import Tenant, TenantCoordination
from concord.models.enums import Specialty, TenantKind


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Tenant]:
    return list((await session.execute(select(Tenant).where(Tenant.id.in_(ids)))).scalars())


async def by_id(session: AsyncSession, id_: uuid.UUID) -> Tenant | None:
    return await session.get(Tenant, id_)


async def list_page(session: AsyncSession, page: Page, kind: TenantKind | None) -> list[Tenant]:
    """The tenant directory (every body in the district is public to signed-in users), oldest first."""
    stmt = select(Tenant).where(Tenant.is_active.is_(True))
    if kind is not None:
        stmt = stmt.where(Tenant.kind == kind)
    stmt = keyset(stmt, page, Tenant.created_at, Tenant.id, newest_first=False)
    return list((await session.execute(stmt)).scalars())


async def add_to_tree(session: AsyncSession, tenant_id: uuid.UUID, parent_id: uuid.UUID | None) -> None:
    """Closure rows for a new tenant: itself at depth 0, and every ancestor of its parent one level further."""
    await session.execute(
        text(
            "INSERT INTO tenant_closure (ancestor_id, descendant_id, depth) "
            "SELECT ancestor_id, CAST(:id AS uuid), depth + 1 FROM tenant_closure "
            "WHERE descendant_id = CAST(:parent AS uuid) UNION ALL SELECT CAST(:id AS uuid), CAST(:id AS uuid), 0"
        ),
        {"id": tenant_id, "parent": parent_id},
    )


async def by_code(session: AsyncSession, code: str) -> Tenant | None:
    return (await session.execute(select(Tenant).where(Tenant.code == code))).scalar_one_or_none()


async def is_descendant(session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID) -> bool:
    return (await session.execute(subtree_depth(viewer, literal(tenant_id)))).first() is not None


async def ids_coordinated(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of `ids` the viewer's coordination reaches (统筹协调: coordinated tenants and their subtrees)."""
    stmt = select(Tenant.id).where(Tenant.id == id_array("ids", ids), is_coordinated(viewer, Tenant.id))
    return set((await session.execute(stmt)).scalars())


async def coordinated_by(session: AsyncSession, coordinator_id: uuid.UUID) -> list[Tenant]:
    """The tenants one tenant coordinates directly, by name."""
    stmt = (
        select(Tenant)
        .join(TenantCoordination, TenantCoordination.coordinated_id == Tenant.id)
        .where(TenantCoordination.coordinator_id == coordinator_id)
        .order_by(Tenant.name)
    )
    return list((await session.execute(stmt)).scalars())


async def add_coordination(
    session: AsyncSession, coordinator_id: uuid.UUID, coordinated_id: uuid.UUID
) -> None:
    session.add(TenantCoordination(coordinator_id=coordinator_id, coordinated_id=coordinated_id))
    await session.flush()


async def ids_in_subtree(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of `ids` are the ancestor itself or below it in the tree: one statement for a page of them."""
    stmt = select(Tenant.id).where(Tenant.id == id_array("ids", ids), in_subtree(viewer, Tenant.id))
    return set((await session.execute(stmt)).scalars())


async def has_active_children(session: AsyncSession, tenant_id: uuid.UUID) -> bool:
    stmt = select(Tenant.id).where(Tenant.parent_id == tenant_id, Tenant.is_active.is_(True)).limit(1)
    return (await session.execute(stmt)).first() is not None


async def lock(session: AsyncSession, tenant_id: uuid.UUID) -> Tenant | None:
    stmt = select(Tenant).where(Tenant.id == tenant_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def reparent_subtree(session: AsyncSession, tenant_id: uuid.UUID, new_parent_id: uuid.UUID) -> None:
    """Move a subtree in the closure table: drop the paths from the old ancestors, add the new ones."""
    await session.execute(
        text(
            "DELETE FROM tenant_closure WHERE descendant_id IN "
            "(SELECT descendant_id FROM tenant_closure WHERE ancestor_id = CAST(:t AS uuid)) "
            "AND ancestor_id NOT IN (SELECT descendant_id FROM tenant_closure WHERE ancestor_id = CAST(:t AS uuid))"
        ),
        {"t": tenant_id},
    )
    await session.execute(
        text(
            "INSERT INTO tenant_closure (ancestor_id, descendant_id, depth) "
            "SELECT sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1 "
            "FROM tenant_closure sup CROSS JOIN tenant_closure sub "
            "WHERE sup.descendant_id = CAST(:p AS uuid) AND sub.ancestor_id = CAST(:t AS uuid)"
        ),
        {"p": new_parent_id, "t": tenant_id},
    )


async def candidates(
    session: AsyncSession,
    specialties: Sequence[Specialty],
    agencies: Sequence[str],
    kinds: Sequence[TenantKind],
) -> list[Tenant]:
    stmt = select(Tenant).where(
        Tenant.is_active.is_(True),
        or_(
            and_(Tenant.kind == TenantKind.COMMITTEE, Tenant.specialty.in_(specialties)),
            and_(Tenant.kind == TenantKind.DEPARTMENT, Tenant.agency.in_(agencies)),
            Tenant.kind.in_(kinds),
        ),
    )
    return list((await session.execute(stmt)).scalars())


async def descendants(session: AsyncSession, viewer: VisibleTo) -> list[Tenant]:
    stmt = select(Tenant).where(
        in_subtree(viewer, Tenant.id), Tenant.id != viewer.tenant_id, Tenant.is_active.is_(True)
    )
    return list((await session.execute(stmt)).scalars())


async def platform_root(session: AsyncSession) -> Tenant | None:
    """The platform tenant at the root of the tree (the demo and every deployment have exactly one)."""
    stmt = select(Tenant).where(Tenant.kind == TenantKind.PLATFORM, Tenant.parent_id.is_(None)).limit(1)
    return (await session.execute(stmt)).scalar_one_or_none()
