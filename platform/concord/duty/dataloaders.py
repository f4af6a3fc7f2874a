from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.duty import repository
from concord.models import DutyConsultation, DutySlot


async def load_slots(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[DutySlot | None]:
    found = {s.id: s for s in await repository.by_ids(session, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_consultations(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[list[DutyConsultation]]:
    grouped: dict[uuid.UUID, list[DutyConsultation]] = defaultdict(list)
    for row in await repository.consultations_of(session, viewer, list(set(keys))):
        grouped[row.slot_id].append(row)
    return [grouped.get(k, []) for k in keys]


async def load_reach(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[tuple[bool, bool]]:
    found = await repository.reach_among(session, viewer, list(set(keys)))
    return [found.get(k, (False, False)) for k in keys]


@dataclass
class DutyLoaders:
    """The duty feature's per-request loaders: slots are public within the district; consultations only in the
    roster scope of the slot's tenant."""

    slot: DataLoader[uuid.UUID, DutySlot | None]
    consultations: DataLoader[uuid.UUID, list[DutyConsultation]]
    # tenant id -> (in the viewer's subtree, in its roster scope): what viewerCan answers from
    reach: DataLoader[uuid.UUID, tuple[bool, bool]]

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> DutyLoaders:
        return cls(
            slot=DataLoader(partial(load_slots, session)),
            consultations=DataLoader(partial(load_consultations, session, viewer)),
            reach=DataLoader(partial(load_reach, session, viewer)),
        )
