"""Subsidy reads and writes. Schemes and rates are public tables (row-level security lets a scheme change only
in its tenant's subtree); the cases a statement counts come from `concord_subsidy_cases`, which answers only
the lead-mediator rows of the mediators the acting tenant manages (migration c4d5e6f7a8b9)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, delete, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, in_roster_scope, in_subtree, mediator_is_managed
from concord.models import Mediator, SubsidyRate, SubsidyScheme, Tenant
from concord.models.enums import CaseCategory, Complexity

_EARNING = text(
    "SELECT case_id, case_number, case_tenant_id, category, complexity, status, resolved_at, "
    "performance_recorded_at, follow_up_at, mediator_id, assigned_at, ended_at, end_reason "
    "FROM concord_subsidy_cases(:start, :end)"
)


async def lead_rows(
    session: AsyncSession, viewer: VisibleTo, start: datetime, end: datetime
) -> list[Row[Any]]:
    """Every lead-mediator row of the cases resolved in [start, end) that had a lead the viewer manages. The
    function reads the acting tenant from the transaction (RLS context), which is the viewer of a request."""
    del viewer  # the database function scopes by the acting tenant; the parameter says whose view this is
    return list((await session.execute(_EARNING, {"start": start, "end": end})).all())


async def managed_among(session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of the mediators `ids` the view manages (its roster scope)."""
    if not ids:
        return set()
    stmt = select(Mediator.id).where(Mediator.id.in_(ids), mediator_is_managed(viewer))
    return set((await session.execute(stmt)).scalars())


async def tenant_in_subtree(session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID) -> bool:
    stmt = select(Tenant.id).where(Tenant.id == tenant_id, in_subtree(viewer, Tenant.id))
    return (await session.execute(stmt)).first() is not None


async def tenants_in_subtree(
    session: AsyncSession, viewer: VisibleTo, tenant_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    if not tenant_ids:
        return set()
    stmt = select(Tenant.id).where(Tenant.id.in_(tenant_ids), in_subtree(viewer, Tenant.id))
    return set((await session.execute(stmt)).scalars())


async def covers(session: AsyncSession, scheme_view: VisibleTo, tenant_id: uuid.UUID) -> bool:
    """`tenant_id` is in the roster scope of the scheme's tenant (the scheme pays its mediators)."""
    stmt = select(literal(True)).where(in_roster_scope(scheme_view, literal(tenant_id)))
    return (await session.execute(stmt)).first() is not None


async def schemes_in_force(session: AsyncSession, first: date, last: date) -> list[SubsidyScheme]:
    """Every scheme in force on some day of [first, last] (the table is public: callers filter relevance)."""
    stmt = (
        select(SubsidyScheme)
        .where(
            SubsidyScheme.effective_from <= last,
            or_(SubsidyScheme.effective_to.is_(None), SubsidyScheme.effective_to >= first),
        )
        .order_by(SubsidyScheme.effective_from.desc(), SubsidyScheme.id)
    )
    return list((await session.execute(stmt)).scalars())


async def all_schemes(session: AsyncSession) -> list[SubsidyScheme]:
    stmt = select(SubsidyScheme).order_by(SubsidyScheme.effective_from.desc(), SubsidyScheme.id)
    return list((await session.execute(stmt)).scalars())


async def scheme_in_subtree(
    session: AsyncSession, viewer: VisibleTo, scheme_id: uuid.UUID, *, lock: bool = False
) -> SubsidyScheme | None:
    """A scheme the viewer may change (its tenant is in the viewer's subtree)."""
    stmt = select(SubsidyScheme).where(
        SubsidyScheme.id == scheme_id, in_subtree(viewer, SubsidyScheme.tenant_id)
    )
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def overlapping(
    session: AsyncSession, tenant_id: uuid.UUID, first: date, last: date | None
) -> SubsidyScheme | None:
    """Another scheme of the tenant in force on a day of [first, last] (last None: open-ended)."""
    stmt = select(SubsidyScheme).where(
        SubsidyScheme.tenant_id == tenant_id,
        or_(SubsidyScheme.effective_to.is_(None), SubsidyScheme.effective_to >= first),
    )
    if last is not None:
        stmt = stmt.where(SubsidyScheme.effective_from <= last)
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def rates_of(
    session: AsyncSession, scheme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SubsidyRate]]:
    stmt = (
        select(SubsidyRate)
        .where(SubsidyRate.scheme_id.in_(scheme_ids))
        .order_by(
            SubsidyRate.scheme_id, SubsidyRate.category.nulls_first(), SubsidyRate.complexity.nulls_first()
        )
    )
    out: dict[uuid.UUID, list[SubsidyRate]] = defaultdict(list)
    for rate in (await session.execute(stmt)).scalars():
        out[rate.scheme_id].append(rate)
    for rates in out.values():  # the default first, then by category, easy to hard
        rates.sort(key=_rate_order)
    return out


_CATEGORIES = list(CaseCategory)
_COMPLEXITIES = list(Complexity)


def _rate_order(rate: SubsidyRate) -> tuple[int, int]:
    category = -1 if rate.category is None else _CATEGORIES.index(CaseCategory(rate.category))
    complexity = -1 if rate.complexity is None else _COMPLEXITIES.index(Complexity(rate.complexity))
    return category, complexity


async def rate_by_key(
    session: AsyncSession, scheme_id: uuid.UUID, category: CaseCategory | None, complexity: Complexity | None
) -> SubsidyRate | None:
    stmt = select(SubsidyRate).where(
        SubsidyRate.scheme_id == scheme_id,
        SubsidyRate.category.is_(None) if category is None else SubsidyRate.category == category,
        SubsidyRate.complexity.is_(None) if complexity is None else SubsidyRate.complexity == complexity,
    )
    return (await session.execute(stmt.with_for_update())).scalar_one_or_none()


async def rate_by_id(session: AsyncSession, rate_id: uuid.UUID) -> SubsidyRate | None:
    return (await session.execute(select(SubsidyRate).where(SubsidyRate.id == rate_id))).scalar_one_or_none()


async def add(session: AsyncSession, *rows: SubsidyScheme | SubsidyRate) -> None:
    session.add_all(rows)
    await session.flush()


async def remove_rate(session: AsyncSession, rate_id: uuid.UUID) -> None:
    await session.execute(delete(SubsidyRate).where(SubsidyRate.id == rate_id))
