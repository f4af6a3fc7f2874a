from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.models import SubsidyRate
from concord.subsidies import repository


async def load_rates(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[list[SubsidyRate]]:
    found = await repository.rates_of(session, list(set(keys)))
    return [found.get(k, []) for k in keys]


@dataclass
class SubsidyLoaders:
    """The subsidies feature's per-request loaders."""

    rates: DataLoader[uuid.UUID, list[SubsidyRate]]  # scheme id -> its rates (a public table)

    @classmethod
    def build(cls, session: AsyncSession) -> SubsidyLoaders:
        return cls(rates=DataLoader(partial(load_rates, session)))
