"""Every query on joint conferences. A conference is visible to tenant T when it has an access row for T or for
a descendant of T (the same rule as for cases); row-level security repeats it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from concord.authz.visibility import VisibleTo, conference_is_visible
from concord.kit.pagination import Page, keyset
from concord.models import (
    AgendaItem,
    AuditEvent,
    Case,
    ConferenceAccess,
    ConferenceActionItem,
    ConferenceCase,
    ConferenceDecision,
    ConferenceParticipant,
    JointConference,
    MinutesAddendum,
    MinutesComment,
    MinutesSignoff,
    MinutesVersion,
    Referral,
)
from concord.models.enums import ConferenceStatus, ReferralStatus

M = TypeVar("M")


async def get_visible(
    session: AsyncSession, viewer: VisibleTo, conference_id: uuid.UUID, for_update: bool = False
) -> JointConference | None:
    stmt = select(JointConference).where(JointConference.id == conference_id, conference_is_visible(viewer))
    if for_update:
        stmt = stmt.with_for_update(of=JointConference)
    return (await session.execute(stmt)).scalar_one_or_none()


async def visible_by_ids(
    session: AsyncSession, viewer: VisibleTo, ids: Sequence[uuid.UUID]
) -> list[JointConference]:
    stmt = select(JointConference).where(JointConference.id.in_(ids), conference_is_visible(viewer))
    return list((await session.execute(stmt)).scalars())


async def list_visible(
    session: AsyncSession, viewer: VisibleTo, page: Page, status: ConferenceStatus | None
) -> list[JointConference]:
    stmt = select(JointConference).where(conference_is_visible(viewer))
    if status is not None:
        stmt = stmt.where(JointConference.status == status)
    stmt = keyset(stmt, page, JointConference.created_at, JointConference.id)
    return list((await session.execute(stmt)).scalars())


async def add_access(
    session: AsyncSession,
    conference_id: uuid.UUID,
    tenant_id: uuid.UUID,
    role: str,
    granted_by: uuid.UUID | None,
) -> None:
    """Idempotent; no conflict target, so the new row is not checked against the SELECT policy (an edge for a
    tenant outside our subtree is, rightly, not readable by us)."""
    stmt = (
        insert(ConferenceAccess)
        .values(conference_id=conference_id, tenant_id=tenant_id, role=role, granted_by=granted_by)
        .on_conflict_do_nothing()
    )
    await session.execute(stmt)


# Child rows of a conference, in display order; read in one statement per kind for any number of conferences.
CHILDREN: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "cases": (ConferenceCase, ("position", "case_id")),
    "participants": (ConferenceParticipant, ("invited_at", "id")),
    "agenda": (AgendaItem, ("position", "id")),
    "minutes": (MinutesVersion, ("number",)),
    "comments": (MinutesComment, ("created_at", "id")),
    "signoffs": (MinutesSignoff, ("signed_at", "id")),
    "addenda": (MinutesAddendum, ("number",)),
    "decisions": (ConferenceDecision, ("position", "id")),
    "action_items": (ConferenceActionItem, ("created_at", "id")),
}


async def children(session: AsyncSession, kind: str, conference_ids: Sequence[uuid.UUID]) -> list[Any]:
    model, order = CHILDREN[kind]
    stmt = (
        select(model)
        .where(model.conference_id.in_(conference_ids))
        .order_by(model.conference_id, *(getattr(model, c) for c in order))
    )
    return list((await session.execute(stmt)).scalars())


async def one_child(
    session: AsyncSession, model: type[M], conference_id: uuid.UUID, id_: uuid.UUID
) -> M | None:
    stmt = select(model).where(model.id == id_, model.conference_id == conference_id)  # type: ignore[attr-defined]
    return (await session.execute(stmt)).scalar_one_or_none()


async def participant_of(
    session: AsyncSession, conference_id: uuid.UUID, tenant_id: uuid.UUID, for_update: bool = False
) -> ConferenceParticipant | None:
    stmt = select(ConferenceParticipant).where(
        ConferenceParticipant.conference_id == conference_id, ConferenceParticipant.tenant_id == tenant_id
    )
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def trail(
    session: AsyncSession,
    conference_id: uuid.UUID,
    referral_ids: Sequence[uuid.UUID],
    page: Page,
) -> list[AuditEvent]:
    """Oldest first: every event recorded on the conference, and every event on its action items' referrals
    (signed for, accepted, reported, approved, closed through the referral mutations)."""
    cond = AuditEvent.conference_id == conference_id
    if referral_ids:
        cond = or_(cond, (AuditEvent.object_type == "Referral") & AuditEvent.object_id.in_(referral_ids))
    stmt = select(AuditEvent).where(cond)
    stmt = keyset(stmt, page, AuditEvent.occurred_at, AuditEvent.id, newest_first=False)
    return list((await session.execute(stmt)).scalars())


async def action_item(session: AsyncSession, id_: uuid.UUID) -> ConferenceActionItem | None:
    """By id, whatever its conference (the caller checks the conference is visible)."""
    return await session.get(ConferenceActionItem, id_)


async def referral_statuses(
    session: AsyncSession, referral_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ReferralStatus]:
    """The status of each action item's referral."""
    if not referral_ids:
        return {}
    rows = await session.execute(select(Referral.id, Referral.status).where(Referral.id.in_(referral_ids)))
    return {rid: status for rid, status in rows.all()}


# The printable record reads the rows its conference names; row-level security keeps out what the acting
# tenant may not see.


async def record_cases(session: AsyncSession, case_ids: Sequence[uuid.UUID]) -> list[Case]:
    return list((await session.execute(select(Case).where(Case.id.in_(case_ids)))).scalars())


async def record_referrals(session: AsyncSession, referral_ids: Sequence[uuid.UUID]) -> list[Referral]:
    stmt = select(Referral).where(Referral.id.in_(referral_ids))
    return list((await session.execute(stmt)).scalars())
