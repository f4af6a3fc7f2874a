"""Every query on mediators on cases (case_mediators), recusal requests and declared conflicts. Reads are scoped
to cases the viewer sees (row-level security repeats it); the conflict check reads no identity data, only the
reason codes of `concord_mediator_conflicts`."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, case_is_visible, in_subtree
from concord.models import (
    Case,
    CaseMediator,
    Mediator,
    MediatorAffiliation,
    MediatorConflict,
    Party,
    RecusalRequest,
    Referral,
    Tenant,
    TenantClosure,
)
from concord.models.enums import (
    CaseStatus,
    MediatorKind,
    MediatorStatus,
    RecusalStatus,
    ReferralKind,
    TenantKind,
    Tier,
)

# A case in one of these is no longer worked on: it adds nothing to a mediator's open workload.
TERMINAL = (
    CaseStatus.RESOLVED,
    CaseStatus.FAILED,
    CaseStatus.WITHDRAWN,
    CaseStatus.CLOSED,
    CaseStatus.NOT_ACCEPTED,
    CaseStatus.DIVERTED,
    CaseStatus.MERGED,
    CaseStatus.BREACHED,
)
COURT_KINDS = (TenantKind.COURT, TenantKind.DOCKING_CENTRE)
# When one mediator conflicts for several reasons, the strongest is reported.
REASON_ORDER = {"PARTY": 0, "RELATIVE": 1, "DECLARED": 2}


async def conflicts(session: AsyncSession, case_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Mediator id -> the reason code (PARTY, RELATIVE, DECLARED) for a case the caller sees."""
    rows = await session.execute(
        text("SELECT mediator_id, reason FROM concord_mediator_conflicts(:case_id)"), {"case_id": case_id}
    )
    out: dict[uuid.UUID, str] = {}
    for mediator_id, reason in rows.all():
        if mediator_id not in out or REASON_ORDER[reason] < REASON_ORDER[out[mediator_id]]:
            out[mediator_id] = reason
    return out


def _court_roster_tenants(case_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """The courts (and their docking centres) that sent this case by 委派/委托: whose 特邀 roster serves it."""
    senders = select(Referral.from_tenant_id).where(
        Referral.case_id == case_id, Referral.kind.in_((ReferralKind.DELEGATED, ReferralKind.ENTRUSTED))
    )
    return (
        select(Tenant.id)
        .join(TenantClosure, TenantClosure.ancestor_id == Tenant.id)
        .where(TenantClosure.descendant_id.in_(senders), Tenant.kind.in_(COURT_KINDS))
    )


def _invited_on_term(today: date):  # type: ignore[no-untyped-def]
    return and_(
        Mediator.kind == MediatorKind.INVITED,
        or_(Mediator.term_start.is_(None), Mediator.term_start <= today),
        or_(Mediator.term_end.is_(None), Mediator.term_end >= today),
    )


async def assignable(
    session: AsyncSession, viewer: VisibleTo, case_id: uuid.UUID, today: date
) -> list[Mediator]:
    """ACTIVE mediators affiliated with a tenant of the acting tenant's subtree (an 特邀调解员 only while on
    term), and the ACTIVE 特邀调解员 on term of the court that sent the case by 委派/委托. One statement."""
    own = select(MediatorAffiliation.mediator_id).where(in_subtree(viewer, MediatorAffiliation.tenant_id))
    court = select(MediatorAffiliation.mediator_id).where(
        MediatorAffiliation.tenant_id.in_(_court_roster_tenants(case_id))
    )
    stmt = (
        select(Mediator)
        .where(
            Mediator.status == MediatorStatus.ACTIVE,
            or_(
                and_(
                    Mediator.id.in_(own), or_(Mediator.kind != MediatorKind.INVITED, _invited_on_term(today))
                ),
                and_(Mediator.id.in_(court), _invited_on_term(today)),
            ),
        )
        .order_by(Mediator.name, Mediator.id)
    )
    return list((await session.execute(stmt)).scalars())


async def court_invited(
    session: AsyncSession, court_id: uuid.UUID, mediator_id: uuid.UUID, today: date
) -> Mediator | None:
    """An ACTIVE 特邀调解员 on term on the roster of `court_id` or a court above it (a docking centre sends
    for its court)."""
    courts = (
        select(Tenant.id)
        .join(TenantClosure, TenantClosure.ancestor_id == Tenant.id)
        .where(TenantClosure.descendant_id == court_id, Tenant.kind.in_(COURT_KINDS))
    )
    stmt = select(Mediator).where(
        Mediator.id == mediator_id,
        Mediator.status == MediatorStatus.ACTIVE,
        _invited_on_term(today),
        Mediator.id.in_(
            select(MediatorAffiliation.mediator_id).where(MediatorAffiliation.tenant_id.in_(courts))
        ),
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def mediators_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Mediator]:
    """Public roster rows (readable by every signed-in principal)."""
    rows = await session.execute(select(Mediator).where(Mediator.id.in_(ids)))
    return {m.id: m for m in rows.scalars()}


async def current_team(
    session: AsyncSession, case_id: uuid.UUID, *, lock: bool = False
) -> list[CaseMediator]:
    stmt = select(CaseMediator).where(CaseMediator.case_id == case_id, CaseMediator.ended_at.is_(None))
    stmt = stmt.order_by(CaseMediator.is_lead.desc(), CaseMediator.assigned_at, CaseMediator.id)
    if lock:
        stmt = stmt.with_for_update()
    return list((await session.execute(stmt)).scalars())


async def party_of_case(session: AsyncSession, case_id: uuid.UUID, party_id: uuid.UUID) -> Party | None:
    stmt = select(Party).where(Party.id == party_id, Party.case_id == case_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def declared(
    session: AsyncSession, case_id: uuid.UUID, mediator_id: uuid.UUID
) -> MediatorConflict | None:
    stmt = select(MediatorConflict).where(
        MediatorConflict.case_id == case_id, MediatorConflict.mediator_id == mediator_id
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def pending_request(
    session: AsyncSession, case_id: uuid.UUID, mediator_id: uuid.UUID, party_id: uuid.UUID
) -> RecusalRequest | None:
    stmt = select(RecusalRequest).where(
        RecusalRequest.case_id == case_id,
        RecusalRequest.mediator_id == mediator_id,
        RecusalRequest.party_id == party_id,
        RecusalRequest.status == RecusalStatus.PENDING,
    )
    return (await session.execute(stmt)).scalars().first()


async def lock_request(
    session: AsyncSession, viewer: VisibleTo, request_id: uuid.UUID
) -> RecusalRequest | None:
    """The request, locked, if its case is visible (another tenant's request answers None)."""
    stmt = (
        select(RecusalRequest)
        .where(
            RecusalRequest.id == request_id,
            RecusalRequest.case_id.in_(select(Case.id).where(case_is_visible(viewer))),
        )
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()


def add(session: AsyncSession, row: object) -> None:
    session.add(row)


# --- recommendation statistics (one statement each, whatever the roster size) -----------------------------


@dataclass(frozen=True)
class Outcomes:
    led: int = 0  # cases led that ended: performed, or failed / breached
    performed: int = 0  # reached RESOLVED with performance recorded (履行完毕)
    failed: int = 0  # FAILED or BREACHED


async def open_workload(session: AsyncSession, mediator_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Current assignments on cases not in a terminal status, per mediator (cases the caller sees: row-level
    security keeps other organisations' cases out of the count)."""
    stmt = (
        select(CaseMediator.mediator_id, func.count())
        .join(Case, Case.id == CaseMediator.case_id)
        .where(
            CaseMediator.mediator_id.in_(mediator_ids),
            CaseMediator.ended_at.is_(None),
            Case.status.not_in(TERMINAL),
        )
        .group_by(CaseMediator.mediator_id)
    )
    return {m: n for m, n in (await session.execute(stmt)).all()}


async def outcomes(
    session: AsyncSession, mediator_ids: Sequence[uuid.UUID], since: datetime
) -> dict[uuid.UUID, Outcomes]:
    """Per mediator, the cases led (still the lead when the case ended) since `since`: performed vs failed."""
    performed = and_(Case.status == CaseStatus.RESOLVED, Case.performance_recorded_at.is_not(None))
    failed = Case.status.in_((CaseStatus.FAILED, CaseStatus.BREACHED))
    stmt = (
        select(
            CaseMediator.mediator_id,
            func.count(case((performed, 1))),
            func.count(case((failed, 1))),
        )
        .join(Case, Case.id == CaseMediator.case_id)
        .where(
            CaseMediator.mediator_id.in_(mediator_ids),
            CaseMediator.is_lead.is_(True),
            CaseMediator.ended_at.is_(None),
            func.coalesce(Case.resolved_at, Case.updated_at) >= since,
            or_(performed, failed),
        )
        .group_by(CaseMediator.mediator_id)
    )
    return {m: Outcomes(p + f, p, f) for m, p, f in (await session.execute(stmt)).all()}


async def area_chain(session: AsyncSession, tenant_id: uuid.UUID) -> dict[uuid.UUID, Tier | None]:
    """The case owner and its ancestors (an area served that is one of them covers the case), with their tier."""
    stmt = (
        select(Tenant.id, Tenant.tier)
        .join(TenantClosure, TenantClosure.ancestor_id == Tenant.id)
        .where(TenantClosure.descendant_id == tenant_id)
    )
    return {a: t for a, t in (await session.execute(stmt)).all()}


# --- reads for the Case and Mediator fields (batched by the dataloaders) ---------------------------------


async def teams(session: AsyncSession, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[CaseMediator]]:
    """Current teams of the cases (visible ones: row-level security), lead first."""
    stmt = (
        select(CaseMediator)
        .where(CaseMediator.case_id.in_(case_ids), CaseMediator.ended_at.is_(None))
        .order_by(
            CaseMediator.case_id, CaseMediator.is_lead.desc(), CaseMediator.assigned_at, CaseMediator.id
        )
    )
    out: dict[uuid.UUID, list[CaseMediator]] = defaultdict(list)
    for row in (await session.execute(stmt)).scalars():
        out[row.case_id].append(row)
    return out


async def lead_recused(session: AsyncSession, case_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Cases whose lead mediator was recused and that have no lead now."""
    current_lead = select(CaseMediator.case_id).where(
        CaseMediator.ended_at.is_(None), CaseMediator.is_lead.is_(True)
    )
    stmt = select(CaseMediator.case_id).where(
        CaseMediator.case_id.in_(case_ids),
        CaseMediator.is_lead.is_(True),
        CaseMediator.end_reason == "RECUSED",
        CaseMediator.case_id.not_in(current_lead),
    )
    return set((await session.execute(stmt)).scalars())


async def recusal_requests(
    session: AsyncSession, case_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[RecusalRequest]]:
    stmt = (
        select(RecusalRequest)
        .where(RecusalRequest.case_id.in_(case_ids))
        .order_by(RecusalRequest.case_id, RecusalRequest.requested_at.desc(), RecusalRequest.id)
    )
    out: dict[uuid.UUID, list[RecusalRequest]] = defaultdict(list)
    for row in (await session.execute(stmt)).scalars():
        out[row.case_id].append(row)
    return out


async def mediator_cases(
    session: AsyncSession, viewer: VisibleTo, mediator_ids: Sequence[uuid.UUID], limit: int
) -> dict[uuid.UUID, list[CaseMediator]]:
    """Each mediator's assignments on cases the viewer sees, newest first, at most `limit` each."""
    ranked = (
        select(
            CaseMediator.id,
            func.row_number()
            .over(
                partition_by=CaseMediator.mediator_id,
                order_by=(CaseMediator.assigned_at.desc(), CaseMediator.id.desc()),
            )
            .label("n"),
        )
        .where(
            CaseMediator.mediator_id.in_(mediator_ids),
            CaseMediator.case_id.in_(select(Case.id).where(case_is_visible(viewer))),
        )
        .subquery()
    )
    stmt = (
        select(CaseMediator)
        .join(ranked, ranked.c.id == CaseMediator.id)
        .where(ranked.c.n <= limit)
        .order_by(CaseMediator.mediator_id, CaseMediator.assigned_at.desc(), CaseMediator.id.desc())
    )
    out: dict[uuid.UUID, list[CaseMediator]] = defaultdict(list)
    for row in (await session.execute(stmt)).scalars():
        out[row.mediator_id].append(row)
    return out


async def mediator_stats(
    session: AsyncSession, viewer: VisibleTo, mediator_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int, int, int]]:
    """Per mediator, on cases the viewer sees: (open now, led in total, led and performed, led and failed)."""
    performed = and_(Case.status == CaseStatus.RESOLVED, Case.performance_recorded_at.is_not(None))
    failed = Case.status.in_((CaseStatus.FAILED, CaseStatus.BREACHED))
    current = CaseMediator.ended_at.is_(None)
    lead = and_(current, CaseMediator.is_lead.is_(True))
    stmt = (
        select(
            CaseMediator.mediator_id,
            func.count(case((and_(current, Case.status.not_in(TERMINAL)), 1))),
            func.count(case((lead, 1))),
            func.count(case((and_(lead, performed), 1))),
            func.count(case((and_(lead, failed), 1))),
        )
        .join(Case, Case.id == CaseMediator.case_id)
        .where(CaseMediator.mediator_id.in_(mediator_ids), case_is_visible(viewer))
        .group_by(CaseMediator.mediator_id)
    )
    return {m: (o, led, p, f) for m, o, led, p, f in (await session.execute(stmt)).all()}
