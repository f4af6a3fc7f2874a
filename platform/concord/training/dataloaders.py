from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.models import TrainingAttendance, TrainingEvent
from concord.training import repository, service


@dataclass(frozen=True)
class MediatorYear:
    """A managed mediator's training in one year."""

    hours: Decimal
    events: int
    counted: bool  # on the roster through the year (held to the minimum)
    below_minimum: bool


async def load_events(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[TrainingEvent | None]:
    found = {e.id: e for e in await repository.visible_by_ids(session, viewer, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_attendance(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[list[TrainingAttendance]]:
    grouped: dict[uuid.UUID, list[TrainingAttendance]] = defaultdict(list)
    for row in await repository.attendance_of(session, viewer, list(set(keys))):
        grouped[row.event_id].append(row)
    return [grouped.get(k, []) for k in keys]


async def load_years(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[tuple[uuid.UUID, int]]
) -> list[MediatorYear | None]:
    """(mediator id, year) -> the year's training; None for a mediator the viewer does not manage. One statement
    for the mediators and one per distinct year asked."""
    mediators = {m.id: m for m in await repository.managed_among(session, viewer, list({k[0] for k in keys}))}
    by_year: dict[int, list[uuid.UUID]] = defaultdict(list)
    for mediator_id, year in set(keys):
        if mediator_id in mediators:
            by_year[year].append(mediator_id)
    totals = {y: await repository.year_totals(session, viewer, y, ids) for y, ids in by_year.items()}
    out: list[MediatorYear | None] = []
    for mediator_id, year in keys:
        m = mediators.get(mediator_id)
        if m is None:
            out.append(None)
            continue
        t = totals[year].get(mediator_id, repository.YearTotal(Decimal(0), 0))
        out.append(
            MediatorYear(
                t.hours, t.events, service.counted_in_year(m, year), service.below_minimum(m, year, t.hours)
            )
        )
    return out


async def load_organiser_in_scope(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[bool]:
    inside = await repository.in_roster_scope_among(session, viewer, list(set(keys)))
    return [k in inside for k in keys]


@dataclass
class TrainingLoaders:
    """The training feature's per-request loaders (Mediator.trainingHours reads `year`)."""

    event: DataLoader[uuid.UUID, TrainingEvent | None]
    attendance: DataLoader[uuid.UUID, list[TrainingAttendance]]  # event id -> the attendance the viewer sees
    year: DataLoader[tuple[uuid.UUID, int], MediatorYear | None]
    # organiser tenant id -> in the viewer's roster scope (it may change the events it organised)
    organiser_in_scope: DataLoader[uuid.UUID, bool]

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> TrainingLoaders:
        return cls(
            event=DataLoader(partial(load_events, session, viewer)),
            attendance=DataLoader(partial(load_attendance, session, viewer)),
            year=DataLoader(partial(load_years, session, viewer)),
            organiser_in_scope=DataLoader(partial(load_organiser_in_scope, session, viewer)),
        )
