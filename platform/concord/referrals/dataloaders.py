from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.models import Case as CaseModel
from concord.models import Referral
from concord.referrals import repository

if TYPE_CHECKING:
    from concord.referrals.types import Referral as ReferralNode
    from concord.referrals.types import TriageSuggestion


async def load_case_referrals(
    session: AsyncSession, keys: Sequence[tuple[uuid.UUID, int]]
) -> list[list[ReferralNode]]:
    """Keys are (case id, how many), newest first, as GraphQL objects (the cases feature shows them without
    importing this one); one statement per distinct page size in the batch."""
    from concord.referrals.types import Referral as ReferralNode

    by_limit: dict[int, set[uuid.UUID]] = defaultdict(set)
    for case_id, limit in keys:
        by_limit[limit].add(case_id)
    grouped: dict[tuple[uuid.UUID, int], list[Row[Any]]] = defaultdict(list)
    for limit, case_ids in by_limit.items():
        for r in await repository.newest_by_case_ids(session, list(case_ids), limit):
            grouped[(r.case_id, limit)].append(r)
    return [[ReferralNode.from_row(r) for r in grouped.get(k, [])] for k in keys]


async def load_triage(
    session: AsyncSession, keys: Sequence[tuple[CaseModel, int]]
) -> list[list[TriageSuggestion]]:
    """Keys are (case, how many): the bodies best placed to take each case (referrals.triage)."""
    from concord.referrals.triage import suggest
    from concord.referrals.types import TriageSuggestion
    from concord.tenants.types import Tenant

    out = []
    for case, first in keys:
        found = await suggest(session, case, first)
        out.append(
            [TriageSuggestion(tenant=Tenant.from_row(t), reason=r, open_referrals=n) for t, r, n in found]
        )
    return out


async def load_referrals(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[Referral | None]:
    found = {r.id: r for r in await repository.visible_by_ids(session, viewer, list(set(keys)))}
    return [found.get(k) for k in keys]


@dataclass
class ReferralLoaders:
    """The referrals feature's per-request loaders; `referral` answers only what the viewer may see."""

    referral: DataLoader[uuid.UUID, Referral | None]
    of_case: DataLoader[tuple[uuid.UUID, int], list[ReferralNode]]
    triage: DataLoader[tuple[CaseModel, int], list[TriageSuggestion]]

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> ReferralLoaders:
        return cls(
            referral=DataLoader(partial(load_referrals, session, viewer)),
            of_case=DataLoader(partial(load_case_referrals, session)),
            triage=DataLoader(partial(load_triage, session)),
        )
