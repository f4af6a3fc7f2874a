"""All ORM models, re-exported; alembic reads `Base.metadata` from here."""

from concord.db.base import Base
from concord.models.api_client import ApiClient
from concord.models.audit import AuditChainHead, AuditEvent
from concord.models.case import Case, CaseAccess, CaseCounter, Party
from concord.models.conference import (
    AgendaItem,
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
)
from concord.models.deadline import CalendarOverride, Deadline
from concord.models.event_outbox import EventOutbox, EventOutboxHorizon
from concord.models.idempotency import IdempotencyKey
from concord.models.mediator import (
    CaseMediator,
    DutyConsultation,
    DutySlot,
    Mediator,
    MediatorAffiliation,
    MediatorCertificate,
    MediatorConflict,
    MediatorIdentity,
    MediatorRelative,
    RecusalRequest,
    RosterOversight,
    SubsidyRate,
    SubsidyScheme,
    TrainingAttendance,
    TrainingEvent,
)
from concord.models.referral import Referral
from concord.models.tenant import Tenant, TenantClosure, TenantCoordination
from concord.models.trusted_document import TrustedDocument
from concord.models.user import Membership, User

__all__ = [
    "AgendaItem",
    "ApiClient",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "CalendarOverride",
    "Case",
    "CaseAccess",
    "CaseCounter",
    "CaseMediator",
    "ConferenceAccess",
    "ConferenceActionItem",
    "ConferenceCase",
    "ConferenceDecision",
    "ConferenceParticipant",
    "Deadline",
    "DutyConsultation",
    "DutySlot",
    "EventOutbox",
    "EventOutboxHorizon",
    "IdempotencyKey",
    "JointConference",
    "Mediator",
    "MediatorAffiliation",
    "MediatorCertificate",
    "MediatorConflict",
    "MediatorIdentity",
    "MediatorRelative",
    "Membership",
    "MinutesAddendum",
    "MinutesComment",
    "MinutesSignoff",
    "MinutesVersion",
    "Party",
    "RecusalRequest",
    "Referral",
    "RosterOversight",
    "SubsidyRate",
    "SubsidyScheme",
    "Tenant",
    "TenantClosure",
    "TenantCoordination",
    "TrainingAttendance",
    "TrainingEvent",
    "TrustedDocument",
    "User",
]
