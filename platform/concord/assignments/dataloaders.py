"""The assignments feature's per-request loaders: the Case and Mediator fields (Case.mediators,
Case.recusalRequests, Mediator.cases / caseLoad / outcomes) batch into one statement per field."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.assignments import repository
from concord.assignments.types import CaseMediator, MediatorOutcomes, RecusalRequest
from concord.authz.visibility import VisibleTo


async def load_teams(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[list[CaseMediator]]:
    found = await repository.teams(session, list(set(keys)))
    return [[CaseMediator.from_row(r) for r in found.get(k, [])] for k in keys]


async def load_lead_recused(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[bool]:
    found = await repository.lead_recused(session, list(set(keys)))
    return [k in found for k in keys]


async def load_recusals(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[list[RecusalRequest]]:
    found = await repository.recusal_requests(session, list(set(keys)))
    return [[RecusalRequest.from_row(r) for r in found.get(k, [])] for k in keys]


async def load_mediator_cases(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[tuple[uuid.UUID, int]]
) -> list[list[CaseMediator]]:
    """Keys are (mediator id, how many); one statement per distinct page size in the batch."""
    by_limit: dict[int, set[uuid.UUID]] = defaultdict(set)
    for mediator_id, limit in keys:
        by_limit[limit].add(mediator_id)
    grouped: dict[tuple[uuid.UUID, int], list[CaseMediator]] = {}
    for limit, ids in by_limit.items():
        for mediator_id, rows in (await repository.mediator_cases(session, viewer, list(ids), limit)).items():
            grouped[(mediator_id, limit)] = [CaseMediator.from_row(r) for r in rows]
    return [grouped.get(k, []) for k in keys]


async def load_outcomes(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[MediatorOutcomes]:
    found = await repository.mediator_stats(session, viewer, list(set(keys)))
    out = []
    for k in keys:
        open_cases, led, performed, failed = found.get(k, (0, 0, 0, 0))
        out.append(MediatorOutcomes(open_cases=open_cases, led=led, performed=performed, failed=failed))
    return out


@dataclass
class AssignmentLoaders:
    team: DataLoader[uuid.UUID, list[CaseMediator]]  # case id -> current mediators, lead first
    lead_recused: DataLoader[uuid.UUID, bool]  # case id -> its lead was recused and none replaced them
    recusals: DataLoader[uuid.UUID, list[RecusalRequest]]  # case id -> recusal requests, newest first
    mediator_cases: DataLoader[tuple[uuid.UUID, int], list[CaseMediator]]  # (mediator id, n) -> visible cases
    outcomes: DataLoader[uuid.UUID, MediatorOutcomes]  # mediator id -> counts on visible cases

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> AssignmentLoaders:
        return cls(
            team=DataLoader(partial(load_teams, session)),
            lead_recused=DataLoader(partial(load_lead_recused, session)),
            recusals=DataLoader(partial(load_recusals, session)),
            mediator_cases=DataLoader(partial(load_mediator_cases, session, viewer)),
            outcomes=DataLoader(partial(load_outcomes, session, viewer)),
        )
