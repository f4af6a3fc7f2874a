from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.conferences import repository
from concord.models import JointConference

ChildKey = tuple[str, uuid.UUID]


async def load_conferences(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[JointConference | None]:
    found = {c.id: c for c in await repository.visible_by_ids(session, viewer, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_children(session: AsyncSession, keys: Sequence[ChildKey]) -> list[list[Any]]:
    """Keys are (kind, conference id); one statement per kind in the batch, whatever the number of conferences.
    Callers ask only for conferences they could load through the visibility-scoped `conference` loader."""
    by_kind: dict[str, set[uuid.UUID]] = defaultdict(set)
    for kind, cid in keys:
        by_kind[kind].add(cid)
    found: dict[ChildKey, list[Any]] = defaultdict(list)
    for kind, ids in by_kind.items():
        for row in await repository.children(session, kind, list(ids)):
            found[(kind, row.conference_id)].append(row)
    return [found.get(k, []) for k in keys]


@dataclass
class ConferenceLoaders:
    """The conferences feature's per-request loaders; `conference` answers only what the viewer may see."""

    conference: DataLoader[uuid.UUID, JointConference | None]
    children: DataLoader[ChildKey, list[Any]]

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> ConferenceLoaders:
        return cls(
            conference=DataLoader(partial(load_conferences, session, viewer)),
            children=DataLoader(partial(load_children, session)),
        )
