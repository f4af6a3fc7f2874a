"""Roster reads and writes. The public roster (`mediators` rows, their organisations) is readable by every
signed-in principal; roster details are read only for mediators `mediator_is_managed` admits."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, any_, delete, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import (
    VisibleTo,
    in_roster_scope,
    managed_mediator_ids,
    mediator_is_managed,
    mediator_is_visible,
)
from concord.kit.pagination import Page, keyset
from concord.models import (
    Mediator,
    MediatorAffiliation,
    MediatorCertificate,
    MediatorIdentity,
    MediatorRelative,
    Tenant,
    User,
)
from concord.models.enums import MediatorKind, MediatorStatus


@dataclass(frozen=True)
class MediatorFilter:
    kind: MediatorKind | None = None
    status: MediatorStatus | None = None
    specialty: str | None = None  # a CaseCategory value
    tenant_id: uuid.UUID | None = None  # belongs to this organisation
    search: str | None = None  # part of the name
    public_roster: bool = (
        False  # the public roster (在册 mediators of every organisation), not the managed one
    )


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Mediator]:
    """Public roster rows by id (whoever may read the roster sees these fields)."""
    return list((await session.execute(select(Mediator).where(Mediator.id.in_(ids)))).scalars())


async def lock(session: AsyncSession, viewer: VisibleTo, mediator_id: uuid.UUID) -> Mediator | None:
    """A managed mediator's row, locked for a change (None when the viewer does not manage it)."""
    stmt = (
        select(Mediator)
        .where(Mediator.id == mediator_id, mediator_is_managed(viewer))
        .with_for_update(of=Mediator)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def affiliations(
    session: AsyncSession, mediator_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Each mediator's organisations, oldest affiliation first."""
    stmt = (
        select(MediatorAffiliation.mediator_id, MediatorAffiliation.tenant_id)
        .where(MediatorAffiliation.mediator_id.in_(mediator_ids))
        .order_by(
            MediatorAffiliation.mediator_id, MediatorAffiliation.created_at, MediatorAffiliation.tenant_id
        )
    )
    out: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for mediator_id, tenant_id in (await session.execute(stmt)).all():
        out[mediator_id].append(tenant_id)
    return out


async def managed_among(session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of `ids` the viewer manages (sees roster details of)."""
    stmt = select(Mediator.id).where(Mediator.id.in_(ids), mediator_is_managed(viewer))
    return set((await session.execute(stmt)).scalars())


async def identities(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, MediatorIdentity]:
    """Identity rows of the managed mediators among `ids`."""
    stmt = select(MediatorIdentity).where(
        MediatorIdentity.mediator_id.in_(ids), MediatorIdentity.mediator_id.in_(managed_mediator_ids(viewer))
    )
    return {row.mediator_id: row for row in (await session.execute(stmt)).scalars()}


def _filtered(viewer: VisibleTo, f: MediatorFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.public_roster:
        where.append(Mediator.status == MediatorStatus.ACTIVE)
    else:
        where.append(mediator_is_visible(viewer))
    if f.kind is not None:
        where.append(Mediator.kind == f.kind)
    if f.status is not None:
        where.append(Mediator.status == f.status)
    if f.specialty is not None:
        # = ANY(...) rather than @>: the column is varchar[] and a bound list would be text[] (no operator).
        where.append(literal(f.specialty, String) == any_(Mediator.specialties))
    if f.tenant_id is not None:
        where.append(
            Mediator.id.in_(
                select(MediatorAffiliation.mediator_id).where(MediatorAffiliation.tenant_id == f.tenant_id)
            )
        )
    if f.search:
        escaped = f.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(Mediator.name.ilike(f"%{escaped}%", escape="\\"))
    return where


async def page(session: AsyncSession, viewer: VisibleTo, p: Page, f: MediatorFilter) -> list[Mediator]:
    stmt = select(Mediator).where(*_filtered(viewer, f))
    stmt = keyset(stmt, p, Mediator.created_at, Mediator.id, newest_first=False)
    return list((await session.execute(stmt)).scalars())


async def in_roster_scope_among(
    session: AsyncSession, viewer: VisibleTo, tenant_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of `tenant_ids` are in the viewer's roster scope (its subtree and the subtrees it oversees)."""
    stmt = select(Tenant.id).where(Tenant.id.in_(tenant_ids), in_roster_scope(viewer, Tenant.id))
    return set((await session.execute(stmt)).scalars())


async def add(session: AsyncSession, mediator: Mediator, organisation_ids: Sequence[uuid.UUID]) -> None:
    session.add(mediator)
    await session.flush()
    for tenant_id in organisation_ids:
        session.add(MediatorAffiliation(mediator_id=mediator.id, tenant_id=tenant_id))
    await session.flush()


async def add_identity(session: AsyncSession, row: MediatorIdentity) -> bool:
    """False when another roster record already holds the ID number (one record per person)."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False
    return True


async def user_linked(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """A user account is linked to at most one roster record."""
    return (await session.execute(select(Mediator.id).where(Mediator.user_id == user_id))).first() is not None


# --- roster details (only of managed mediators) ----------------------------------------------------------


async def identity_for_update(session: AsyncSession, mediator_id: uuid.UUID) -> MediatorIdentity | None:
    """The identity row of a mediator the caller has already locked as managed."""
    stmt = select(MediatorIdentity).where(MediatorIdentity.mediator_id == mediator_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def certificates(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[MediatorCertificate]]:
    stmt = (
        select(MediatorCertificate)
        .where(
            MediatorCertificate.mediator_id.in_(ids),
            mediator_is_managed(viewer, MediatorCertificate.mediator_id),
        )
        .order_by(MediatorCertificate.mediator_id, MediatorCertificate.created_at, MediatorCertificate.id)
    )
    out: dict[uuid.UUID, list[MediatorCertificate]] = defaultdict(list)
    for row in (await session.execute(stmt)).scalars():
        out[row.mediator_id].append(row)
    return out


async def relatives(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[MediatorRelative]]:
    stmt = (
        select(MediatorRelative)
        .where(
            MediatorRelative.mediator_id.in_(ids), mediator_is_managed(viewer, MediatorRelative.mediator_id)
        )
        .order_by(MediatorRelative.mediator_id, MediatorRelative.created_at, MediatorRelative.id)
    )
    out: dict[uuid.UUID, list[MediatorRelative]] = defaultdict(list)
    for row in (await session.execute(stmt)).scalars():
        out[row.mediator_id].append(row)
    return out


async def users(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, User]:
    """Linked user accounts (shown only on managed mediators)."""
    return {u.id: u for u in (await session.execute(select(User).where(User.id.in_(ids)))).scalars()}


async def certificate(
    session: AsyncSession, viewer: VisibleTo, certificate_id: uuid.UUID
) -> MediatorCertificate | None:
    stmt = select(MediatorCertificate).where(
        MediatorCertificate.id == certificate_id, mediator_is_managed(viewer, MediatorCertificate.mediator_id)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def relative(
    session: AsyncSession, viewer: VisibleTo, relative_id: uuid.UUID
) -> MediatorRelative | None:
    stmt = select(MediatorRelative).where(
        MediatorRelative.id == relative_id, mediator_is_managed(viewer, MediatorRelative.mediator_id)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def relative_declared(
    session: AsyncSession, mediator_id: uuid.UUID, name: str, id_number: str | None
) -> bool:
    """The same person is already declared (by ID number, or by name when neither has one)."""
    same = (
        MediatorRelative.id_number == id_number
        if id_number
        else (MediatorRelative.name == name) & MediatorRelative.id_number.is_(None)
    )
    stmt = select(MediatorRelative.id).where(MediatorRelative.mediator_id == mediator_id, same)
    return (await session.execute(stmt)).first() is not None


async def add_affiliation(session: AsyncSession, mediator_id: uuid.UUID, tenant_id: uuid.UUID) -> bool:
    """False when the mediator already belongs to the organisation."""
    try:
        async with session.begin_nested():
            session.add(MediatorAffiliation(mediator_id=mediator_id, tenant_id=tenant_id))
            await session.flush()
    except IntegrityError:
        return False
    return True


async def remove_affiliation(session: AsyncSession, mediator_id: uuid.UUID, tenant_id: uuid.UUID) -> bool:
    stmt = delete(MediatorAffiliation).where(
        MediatorAffiliation.mediator_id == mediator_id, MediatorAffiliation.tenant_id == tenant_id
    )
    result = await session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_row(session: AsyncSession, row: MediatorCertificate | MediatorRelative) -> None:
    await session.delete(row)
    await session.flush()


async def save_identity(session: AsyncSession, row: MediatorIdentity) -> bool:
    """Insert or update; False when another roster record already holds the ID number."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False
    return True
