"""Every query on referrals. A referral is visible exactly when its case is."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, case_is_visible
from concord.db.session import id_array
from concord.models import Case, Referral
from concord.models.enums import ReferralKind, ReferralStatus

OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.SIGNED_FOR)
# Not finished: while one of these is addressed to a tenant, a second referral to it is a duplicate.
ACTIVE_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.SIGNED_FOR,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_PROGRESS,
    ReferralStatus.REPORTED,
    ReferralStatus.SENT_BACK,
)


async def get_visible(
    session: AsyncSession, viewer: VisibleTo, referral_id: uuid.UUID, for_update: bool = False
) -> Referral | None:
    stmt = (
        select(Referral)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.id == referral_id, case_is_visible(viewer))
    )
    if for_update:
        # Lock the referral row only: two concurrent accepts queue here, and the second sees the first's result.
        stmt = stmt.with_for_update(of=Referral)
    return (await session.execute(stmt)).scalar_one_or_none()


async def visible_by_ids(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> list[Referral]:
    stmt = (
        select(Referral)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.id.in_(ids), case_is_visible(viewer))
    )
    return list((await session.execute(stmt)).scalars())


REFERRAL_COLUMNS = tuple(Referral.__table__.c)


async def newest_by_case_ids(
    session: AsyncSession, case_ids: Sequence[uuid.UUID], limit: int
) -> list[Row[Any]]:
    """Up to `limit` newest referrals of each case, in one statement however many cases are asked for.

    Plain rows with the columns of `referrals` (read-only: no ORM instances to build)."""
    rn = (
        func.row_number()
        .over(partition_by=Referral.case_id, order_by=(Referral.sent_at.desc(), Referral.id.desc()))
        .label("rn")
    )
    inner = select(*REFERRAL_COLUMNS, rn).where(Referral.case_id == id_array("case_ids", case_ids)).subquery()
    stmt = (
        select(*(inner.c[c.name] for c in REFERRAL_COLUMNS))
        .where(inner.c.rn <= limit)
        .order_by(inner.c.case_id, inner.c.rn)
    )
    return list((await session.execute(stmt)).all())


async def open_to(session: AsyncSession, case_id: uuid.UUID, to_tenant_id: uuid.UUID) -> Referral | None:
    stmt = select(Referral).where(
        Referral.case_id == case_id,
        Referral.to_tenant_id == to_tenant_id,
        Referral.status.in_(ACTIVE_STATUSES),
    )
    return (await session.execute(stmt)).scalars().first()


async def history(session: AsyncSession, case_id: uuid.UUID) -> list[Referral]:
    stmt = select(Referral).where(Referral.case_id == case_id).order_by(Referral.sent_at, Referral.id)
    return list((await session.execute(stmt)).scalars())


async def passed_on_by(session: AsyncSession, case_id: uuid.UUID) -> set[uuid.UUID]:
    """Tenants that have already passed the case on: those that escalated it (上报, the sender of an ESCALATED
    referral) and those that returned it (退回, the receiver of a RETURNED referral)."""
    escalated = select(Referral.from_tenant_id).where(
        Referral.case_id == case_id, Referral.kind == ReferralKind.ESCALATED
    )
    returned = select(Referral.to_tenant_id).where(
        Referral.case_id == case_id, Referral.status == ReferralStatus.RETURNED
    )
    return set((await session.execute(escalated.union(returned))).scalars())


async def department_count(session: AsyncSession, case_id: uuid.UUID) -> int:
    """Distinct government departments a case has been handed to or from."""
    from concord.models import Tenant
    from concord.models.enums import TenantKind

    involved = (
        select(Referral.to_tenant_id.label("t"))
        .where(Referral.case_id == case_id)
        .union(select(Referral.from_tenant_id).where(Referral.case_id == case_id))
        .subquery()
    )
    stmt = (
        select(func.count())
        .select_from(Tenant)
        .where(Tenant.id.in_(select(involved.c.t)), Tenant.kind == TenantKind.DEPARTMENT)
    )
    return int((await session.execute(stmt)).scalar_one())


async def active_counts(session: AsyncSession, tenant_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Unfinished referrals addressed to each tenant: its current load."""
    stmt = (
        select(Referral.to_tenant_id, func.count())
        .where(Referral.to_tenant_id.in_(tenant_ids), Referral.status.in_(ACTIVE_STATUSES))
        .group_by(Referral.to_tenant_id)
    )
    return {tid: int(n) for tid, n in (await session.execute(stmt)).all()}
