"""Per-request dataloaders, composed from each feature's own (its `dataloaders.py` builds them): nested fields
batch into one statement per field, whatever the page size."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from concord.assignments.dataloaders import AssignmentLoaders
from concord.audit.dataloaders import AuditLoaders
from concord.authz.visibility import VisibleTo
from concord.cases.dataloaders import CaseLoaders
from concord.conferences.dataloaders import ConferenceLoaders
from concord.deadlines.dataloaders import DeadlineLoaders
from concord.documents.dataloaders import DocumentLoaders
from concord.duty.dataloaders import DutyLoaders
from concord.mediators.dataloaders import MediatorLoaders
from concord.referrals.dataloaders import ReferralLoaders
from concord.subsidies.dataloaders import SubsidyLoaders
from concord.tenants.dataloaders import TenantLoaders
from concord.training.dataloaders import TrainingLoaders
from concord.users.dataloaders import UserLoaders


@dataclass
class Loaders:
    tenants: TenantLoaders
    cases: CaseLoaders
    referrals: ReferralLoaders
    conferences: ConferenceLoaders
    deadlines: DeadlineLoaders
    audit: AuditLoaders
    users: UserLoaders
    documents: DocumentLoaders
    mediators: MediatorLoaders
    subsidies: SubsidyLoaders
    assignments: AssignmentLoaders
    training: TrainingLoaders
    duty: DutyLoaders


def make_loaders(session: AsyncSession, viewer: VisibleTo) -> Loaders:
    """The loaders of one request (or one subscription scope), scoped to what `viewer` may see."""
    return Loaders(
        tenants=TenantLoaders.build(session, viewer),
        cases=CaseLoaders.build(session, viewer),
        referrals=ReferralLoaders.build(session, viewer),
        conferences=ConferenceLoaders.build(session, viewer),
        deadlines=DeadlineLoaders.build(session),
        audit=AuditLoaders.build(session),
        users=UserLoaders.build(session),
        documents=DocumentLoaders.build(session),
        mediators=MediatorLoaders.build(session, viewer),
        subsidies=SubsidyLoaders.build(session),
        assignments=AssignmentLoaders.build(session, viewer),
        training=TrainingLoaders.build(session, viewer),
        duty=DutyLoaders.build(session, viewer),
    )
