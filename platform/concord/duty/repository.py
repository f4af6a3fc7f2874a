"""Duty rosters (坐班). The slots are public within the district, like the roster (who is on duty where and
when is what a party needs to know); the consultations given on duty are read only in the roster scope of the
slot's tenant (the studio or centre, its ancestors, the justice bureau that oversees it)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, in_roster_scope, in_subtree
from concord.models import DutyConsultation, DutySlot, Mediator, MediatorAffiliation, Tenant
from concord.models.enums import ConsultationOutcome, HalfDay, MediatorStatus

SlotKey = tuple[date, HalfDay, uuid.UUID]


@dataclass(frozen=True)
class MediatorStats:
    mediator_id: uuid.UUID
    slots: int
    consultations: int
    answered: int
    mediation_started: int
    referred: int


def consultation_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    slots = select(DutySlot.id).where(in_roster_scope(viewer, DutySlot.tenant_id))
    return DutyConsultation.slot_id.in_(slots)


async def tenant_is_active(session: AsyncSession, tenant_id: uuid.UUID) -> bool:
    stmt = select(Tenant.id).where(Tenant.id == tenant_id, Tenant.is_active.is_(True))
    return (await session.execute(stmt)).first() is not None


async def tenant_in_subtree(session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID) -> bool:
    stmt = select(Tenant.id).where(
        Tenant.id == tenant_id, Tenant.is_active.is_(True), in_subtree(viewer, Tenant.id)
    )
    return (await session.execute(stmt)).first() is not None


async def tenant_in_roster_scope(session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID) -> bool:
    stmt = select(Tenant.id).where(Tenant.id == tenant_id, in_roster_scope(viewer, Tenant.id))
    return (await session.execute(stmt)).first() is not None


async def reach_among(
    session: AsyncSession, viewer: VisibleTo, tenant_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[bool, bool]]:
    """tenant id -> (in the viewer's subtree: it publishes and removes there, in its roster scope: it logs)."""
    stmt = select(Tenant.id, in_subtree(viewer, Tenant.id), in_roster_scope(viewer, Tenant.id)).where(
        Tenant.id.in_(tenant_ids)
    )
    return {t: (bool(sub), bool(scope)) for t, sub, scope in (await session.execute(stmt)).all()}


async def slots_between(
    session: AsyncSession, tenant_id: uuid.UUID, start: date, end: date
) -> list[DutySlot]:
    stmt = (
        select(DutySlot)
        .join(Mediator, Mediator.id == DutySlot.mediator_id)
        .where(DutySlot.tenant_id == tenant_id, DutySlot.on_date.between(start, end))
        .order_by(DutySlot.on_date, DutySlot.half_day, Mediator.name, DutySlot.id)
    )
    return list((await session.execute(stmt)).scalars())


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[DutySlot]:
    """Slots by id (public within the district)."""
    return list((await session.execute(select(DutySlot).where(DutySlot.id.in_(ids)))).scalars())


async def lock_in_subtree(session: AsyncSession, viewer: VisibleTo, slot_id: uuid.UUID) -> DutySlot | None:
    """A slot of a tenant in the viewer's subtree (it publishes its own rosters), locked for a change."""
    stmt = (
        select(DutySlot)
        .where(DutySlot.id == slot_id, in_subtree(viewer, DutySlot.tenant_id))
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def in_roster_scope_slot(
    session: AsyncSession, viewer: VisibleTo, slot_id: uuid.UUID
) -> DutySlot | None:
    """A slot whose tenant is in the viewer's roster scope (it may log and read its consultations)."""
    stmt = select(DutySlot).where(DutySlot.id == slot_id, in_roster_scope(viewer, DutySlot.tenant_id))
    return (await session.execute(stmt)).scalar_one_or_none()


async def on_duty_candidates(
    session: AsyncSession, tenant_id: uuid.UUID, mediator_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of `mediator_ids` are 在册 (ACTIVE) and affiliated with the tenant."""
    stmt = (
        select(Mediator.id)
        .join(MediatorAffiliation, MediatorAffiliation.mediator_id == Mediator.id)
        .where(
            Mediator.id.in_(mediator_ids),
            Mediator.status == MediatorStatus.ACTIVE,
            MediatorAffiliation.tenant_id == tenant_id,
        )
    )
    return set((await session.execute(stmt)).scalars())


async def existing_keys(session: AsyncSession, tenant_id: uuid.UUID, start: date, end: date) -> set[SlotKey]:
    stmt = select(DutySlot.on_date, DutySlot.half_day, DutySlot.mediator_id).where(
        DutySlot.tenant_id == tenant_id, DutySlot.on_date.between(start, end)
    )
    return {(d, h, m) for d, h, m in (await session.execute(stmt)).all()}


async def add_all(session: AsyncSession, rows: Sequence[DutySlot | DutyConsultation]) -> None:
    session.add_all(rows)
    await session.flush()


async def delete_slot(session: AsyncSession, slot: DutySlot) -> None:
    await session.delete(slot)
    await session.flush()


async def consultation_count(session: AsyncSession, slot_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(DutyConsultation).where(DutyConsultation.slot_id == slot_id)
    return int((await session.execute(stmt)).scalar_one())


async def consultations_of(
    session: AsyncSession, viewer: VisibleTo, slot_ids: Sequence[uuid.UUID]
) -> list[DutyConsultation]:
    stmt = (
        select(DutyConsultation)
        .where(DutyConsultation.slot_id.in_(slot_ids), consultation_is_visible(viewer))
        .order_by(DutyConsultation.slot_id, DutyConsultation.created_at, DutyConsultation.id)
    )
    return list((await session.execute(stmt)).scalars())


def _outcome(outcome: ConsultationOutcome) -> ColumnElement[int]:
    return func.count(case((DutyConsultation.outcome == outcome, 1)))


async def statistics(
    session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID, start: date, end: date
) -> list[MediatorStats]:
    """Per mediator on duty at the tenant in the period: slots, and the consultations by outcome."""
    consultations = (
        select(
            DutyConsultation.slot_id.label("slot_id"),
            func.count().label("n"),
            _outcome(ConsultationOutcome.ANSWERED).label("answered"),
            _outcome(ConsultationOutcome.MEDIATION_STARTED).label("started"),
            _outcome(ConsultationOutcome.REFERRED).label("referred"),
        )
        .where(consultation_is_visible(viewer))
        .group_by(DutyConsultation.slot_id)
        .subquery("per_slot")
    )
    c = consultations.c
    stmt = (
        select(
            DutySlot.mediator_id,
            func.count(DutySlot.id),
            func.coalesce(func.sum(c.n), 0),
            func.coalesce(func.sum(c.answered), 0),
            func.coalesce(func.sum(c.started), 0),
            func.coalesce(func.sum(c.referred), 0),
        )
        .join(Mediator, Mediator.id == DutySlot.mediator_id)
        .outerjoin(consultations, c.slot_id == DutySlot.id)
        .where(DutySlot.tenant_id == tenant_id, DutySlot.on_date.between(start, end))
        .group_by(DutySlot.mediator_id, Mediator.name)
        .order_by(Mediator.name, DutySlot.mediator_id)
    )
    return [MediatorStats(*(r[0], *(int(v) for v in r[1:]))) for r in (await session.execute(stmt)).all()]
