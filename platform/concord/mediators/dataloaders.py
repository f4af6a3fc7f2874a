from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.authz.visibility import VisibleTo
from concord.mediators import repository
from concord.models import Mediator, MediatorCertificate, MediatorIdentity, MediatorRelative, User


async def load_mediators(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[Mediator | None]:
    found = {m.id: m for m in await repository.by_ids(session, list(set(keys)))}
    return [found.get(k) for k in keys]


async def load_affiliations(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[list[uuid.UUID]]:
    found = await repository.affiliations(session, list(set(keys)))
    return [found.get(k, []) for k in keys]


async def load_managed(session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]) -> list[bool]:
    managed = await repository.managed_among(session, viewer, list(set(keys)))
    return [k in managed for k in keys]


async def load_identities(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[MediatorIdentity | None]:
    found = await repository.identities(session, viewer, list(set(keys)))
    return [found.get(k) for k in keys]


async def load_certificates(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[list[MediatorCertificate]]:
    found = await repository.certificates(session, viewer, list(set(keys)))
    return [found.get(k, []) for k in keys]


async def load_relatives(
    session: AsyncSession, viewer: VisibleTo, keys: Sequence[uuid.UUID]
) -> list[list[MediatorRelative]]:
    found = await repository.relatives(session, viewer, list(set(keys)))
    return [found.get(k, []) for k in keys]


async def load_users(session: AsyncSession, keys: Sequence[uuid.UUID]) -> list[User | None]:
    found = await repository.users(session, list(set(keys)))
    return [found.get(k) for k in keys]


@dataclass
class MediatorLoaders:
    """The mediators feature's per-request loaders (other features show a Mediator through `mediator`)."""

    mediator: DataLoader[uuid.UUID, Mediator | None]  # the public roster row
    affiliations: DataLoader[uuid.UUID, list[uuid.UUID]]  # mediator id -> organisation (tenant) ids
    managed: DataLoader[uuid.UUID, bool]  # mediator id -> the viewer sees its roster details
    identity: DataLoader[uuid.UUID, MediatorIdentity | None]  # only for managed mediators
    certificates: DataLoader[uuid.UUID, list[MediatorCertificate]]  # only for managed mediators
    relatives: DataLoader[uuid.UUID, list[MediatorRelative]]  # only for managed mediators
    user: DataLoader[uuid.UUID, User | None]  # user id -> account (asked only for managed mediators)

    @classmethod
    def build(cls, session: AsyncSession, viewer: VisibleTo) -> MediatorLoaders:
        return cls(
            mediator=DataLoader(partial(load_mediators, session)),
            affiliations=DataLoader(partial(load_affiliations, session)),
            managed=DataLoader(partial(load_managed, session, viewer)),
            identity=DataLoader(partial(load_identities, session, viewer)),
            certificates=DataLoader(partial(load_certificates, session, viewer)),
            relatives=DataLoader(partial(load_relatives, session, viewer)),
            user=DataLoader(partial(load_users, session)),
        )
