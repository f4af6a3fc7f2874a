"""Every query on cases and parties. Reads start from the visibility helper."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import (
    VisibleTo,
    case_is_visible,
    in_subtree,
    newest_visible_case_ids,
    subtree_depth,
)
from concord.db.session import id_array
from concord.kit.pagination import Page, keyset
from concord.models import Case, CaseAccess, CaseCounter, Deadline, Party
from concord.models.enums import AccessReason, CaseCategory, CaseStatus, DeadlineStatus

CASE_KEY = (Case.created_at, Case.id)  # every case list: newest first on this key

# Read-only pages are fetched as plain rows (same attribute names as the models): no ORM identity map or
# instance state per row, which is most of the cost of a page of 50 cases with their parties.
CASE_COLUMNS = tuple(Case.__table__.c)
PARTY_COLUMNS = tuple(Party.__table__.c)


@dataclass(frozen=True)
class CaseFilter:
    status: CaseStatus | None = None
    category: CaseCategory | None = None
    owner_tenant_id: uuid.UUID | None = None
    text: str | None = None


def _filtered(viewer: VisibleTo, f: CaseFilter):  # type: ignore[no-untyped-def]
    stmt = select(*CASE_COLUMNS).where(case_is_visible(viewer))
    if f.status is not None:
        stmt = stmt.where(Case.status == f.status)
    if f.category is not None:
        stmt = stmt.where(Case.category == f.category)
    if f.owner_tenant_id is not None:
        stmt = stmt.where(Case.tenant_id == f.owner_tenant_id)
    if f.text:
        escaped = f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Case.title.ilike(f"%{escaped}%", escape="\\"))
    return stmt


async def list_visible(session: AsyncSession, viewer: VisibleTo, page: Page, f: CaseFilter) -> list[Row[Any]]:
    """Newest first, keyset-paginated on (created_at, id); plain rows with the columns of `cases`."""
    if f == CaseFilter():
        # Unfiltered (the inbox): per-tenant index ranges instead of every visible case (see the helper).
        ids = newest_visible_case_ids(viewer, page.first + 1, page.after)
        stmt = keyset(select(*CASE_COLUMNS).where(Case.id.in_(ids)), Page(page.first, None), *CASE_KEY)
    else:
        stmt = keyset(_filtered(viewer, f), page, *CASE_KEY)
    return list((await session.execute(stmt)).all())


async def count_visible(session: AsyncSession, viewer: VisibleTo, f: CaseFilter) -> int:
    sub = _filtered(viewer, f).with_only_columns(Case.id).subquery()
    return int((await session.execute(select(func.count()).select_from(sub))).scalar_one())


async def by_id(session: AsyncSession, case_id: uuid.UUID) -> Case | None:
    """By id, without a visibility filter: only for a case already shown visible in this transaction."""
    return await session.get(Case, case_id)


async def get_visible(
    session: AsyncSession, viewer: VisibleTo, case_id: uuid.UUID, for_update: bool = False
) -> Case | None:
    stmt = select(Case).where(Case.id == case_id, case_is_visible(viewer))
    if for_update:
        stmt = stmt.with_for_update(of=Case)
    return (await session.execute(stmt)).scalar_one_or_none()


async def visible_by_ids(session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]) -> list[Case]:
    stmt = select(Case).where(Case.id.in_(ids), case_is_visible(viewer))
    return list((await session.execute(stmt)).scalars())


async def access_reasons(
    session: AsyncSession, case_id: uuid.UUID, tenant_id: uuid.UUID
) -> set[AccessReason]:
    """The acting tenant's own edges to a case (not its descendants'): what it may act on, not only see."""
    stmt = select(CaseAccess.reason).where(CaseAccess.case_id == case_id, CaseAccess.tenant_id == tenant_id)
    return set((await session.execute(stmt)).scalars())


async def parties_by_case_ids(session: AsyncSession, case_ids: Sequence[uuid.UUID]) -> list[Row[Any]]:
    """Plain rows with the columns of `parties`, in each case's order."""
    stmt = (
        select(*PARTY_COLUMNS)
        .where(Party.case_id == id_array("case_ids", case_ids))
        .order_by(Party.case_id, Party.position)
    )
    return list((await session.execute(stmt)).all())


async def next_sequence(session: AsyncSession, tenant_id: uuid.UUID, year: int) -> int:
    """Gap-free per tenant and year: the counter row is locked until the transaction ends."""
    stmt = (
        insert(CaseCounter)
        .values(tenant_id=tenant_id, year=year, last_seq=1)
        .on_conflict_do_update(
            index_elements=[CaseCounter.tenant_id, CaseCounter.year],
            set_={"last_seq": CaseCounter.last_seq + 1},
        )
        .returning(CaseCounter.last_seq)
    )
    return int((await session.execute(stmt)).scalar_one())


async def add_access(
    session: AsyncSession, case_id: uuid.UUID, tenant_id: uuid.UUID, reason: AccessReason
) -> None:
    """Idempotent: an edge that exists already is left as it is."""
    stmt = (
        insert(CaseAccess)
        .values(case_id=case_id, tenant_id=tenant_id, reason=reason)
        # No conflict target on purpose: naming one makes PostgreSQL check the new row against the SELECT
        # policy too, and a REFERRAL_TO edge for a tenant outside our subtree is (rightly) not readable by us.
        .on_conflict_do_nothing()
    )
    await session.execute(stmt)


async def visible_parties_by_ids(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> list[Party]:
    stmt = (
        select(Party).join(Case, Case.id == Party.case_id).where(Party.id.in_(ids), case_is_visible(viewer))
    )
    return list((await session.execute(stmt)).scalars())


async def access_paths(
    session: AsyncSession, viewer: VisibleTo, case_id: uuid.UUID
) -> list[tuple[AccessReason, uuid.UUID, int]]:
    """The edges through which the acting tenant sees a case: (reason, tenant holding the edge, tree distance)."""
    depth = subtree_depth(viewer, CaseAccess.tenant_id).scalar_subquery()
    stmt = (
        select(CaseAccess.reason, CaseAccess.tenant_id, depth.label("depth"))
        .where(CaseAccess.case_id == case_id, in_subtree(viewer, CaseAccess.tenant_id))
        .order_by(depth, CaseAccess.reason)
    )
    return [(r.reason, r.tenant_id, r.depth) for r in (await session.execute(stmt)).all()]


async def handled_case_ids(
    session: AsyncSession, tenant_id: uuid.UUID, case_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    stmt = select(CaseAccess.case_id).where(
        CaseAccess.case_id.in_(case_ids),
        CaseAccess.tenant_id == tenant_id,
        CaseAccess.reason == AccessReason.HANDLER,
    )
    return set((await session.execute(stmt)).scalars())


async def list_with_deadline_status(
    session: AsyncSession, viewer: VisibleTo, page: Page, status: DeadlineStatus
) -> list[Case]:
    """Visible cases with a deadline in the given state (overdue / due soon), newest first."""
    flagged = select(Deadline.case_id).where(Deadline.status == status)
    stmt = keyset(select(Case).where(case_is_visible(viewer), Case.id.in_(flagged)), page, *CASE_KEY)
    return list((await session.execute(stmt)).scalars())


async def list_needing_conference(session: AsyncSession, viewer: VisibleTo, page: Page) -> list[Case]:
    stmt = select(Case).where(case_is_visible(viewer), Case.needs_conference.is_(True))
    stmt = keyset(stmt, page, *CASE_KEY)
    return list((await session.execute(stmt)).scalars())
