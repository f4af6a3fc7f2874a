"""Per-request dataloaders: nested fields batch into one statement per field, whatever the page size."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from concord.audit.dataloaders import TrailKey, load_case_trails
from concord.cases.dataloaders import load_cases, load_is_handler, load_parties, load_party
from concord.conferences.dataloaders import ChildKey, load_children, load_conferences
from concord.deadlines.dataloaders import load_deadlines
from concord.documents.dataloaders import load_documents
from concord.models import (
    AuditEvent,
    Case,
    Deadline,
    JointConference,
    Party,
    Referral,
    Tenant,
)
from concord.referrals.dataloaders import load_case_referrals, load_referrals, load_triage
from concord.tenants.dataloaders import load_in_subtree, load_tenants
from concord.users.dataloaders import load_members

if TYPE_CHECKING:
    from concord.documents.types import TrustedDocument
    from concord.referrals.types import Referral as ReferralNode
    from concord.referrals.types import TriageSuggestion
    from concord.tenants.types import Tenant as TenantNode
    from concord.users.types import Member

_NOBODY = uuid.UUID(int=0)


@dataclass
class Loaders:
    tenant: DataLoader[uuid.UUID, Tenant | None]
    case: DataLoader[uuid.UUID, Case | None]
    referral: DataLoader[uuid.UUID, Referral | None]
    parties: DataLoader[uuid.UUID, list[Row[Any]]]
    party: DataLoader[uuid.UUID, Party | None]
    case_referrals: DataLoader[tuple[uuid.UUID, int], list[ReferralNode]]
    triage: DataLoader[tuple[Case, int], list[TriageSuggestion]]
    case_trails: DataLoader[TrailKey, list[AuditEvent]]
    members: DataLoader[tuple[uuid.UUID, int], list[Member]]
    is_handler: DataLoader[uuid.UUID, bool]
    trusted_documents: DataLoader[uuid.UUID, list[TrustedDocument]]  # API client id -> its documents
    in_subtree: DataLoader[uuid.UUID, bool]  # tenant id -> the acting tenant or below it
    deadlines: DataLoader[uuid.UUID, list[Deadline]]
    conference: DataLoader[uuid.UUID, JointConference | None]
    conference_children: DataLoader[ChildKey, list[Any]]
    # GraphQL Tenant objects already built this request, by id: a page names the same few tenants many times.
    tenant_nodes: dict[uuid.UUID, TenantNode] = field(default_factory=dict)


def make_loaders(session: AsyncSession, tenant_id: uuid.UUID | None) -> Loaders:
    # Without a principal the visibility-scoped loaders look for a tenant that cannot exist: default deny.
    tid = tenant_id or _NOBODY
    return Loaders(
        tenant=DataLoader(partial(load_tenants, session)),
        case=DataLoader(partial(load_cases, session, tid)),
        referral=DataLoader(partial(load_referrals, session, tid)),
        parties=DataLoader(partial(load_parties, session)),
        party=DataLoader(partial(load_party, session, tid)),
        case_referrals=DataLoader(partial(load_case_referrals, session)),
        triage=DataLoader(partial(load_triage, session)),
        case_trails=DataLoader(partial(load_case_trails, session)),
        members=DataLoader(partial(load_members, session)),
        is_handler=DataLoader(partial(load_is_handler, session, tid)),
        trusted_documents=DataLoader(partial(load_documents, session)),
        in_subtree=DataLoader(partial(load_in_subtree, session, tid)),
        deadlines=DataLoader(partial(load_deadlines, session)),
        conference=DataLoader(partial(load_conferences, session, tid)),
        conference_children=DataLoader(partial(load_children, session)),
    )
