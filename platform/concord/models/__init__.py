"""All ORM models, re-exported; alembic reads `Base.metadata` from here."""

from concord.db.base import Base
from concord.models.api_client import ApiClient
from concord.models.audit import AuditChainHead, AuditEvent
from concord.models.case import Case, CaseAccess, CaseCounter, Party
from concord.models.deadline import CalendarOverride, Deadline
from concord.models.referral import Referral
from concord.models.tenant import Tenant, TenantClosure
from concord.models.user import Membership, User

__all__ = [
    "ApiClient",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "CalendarOverride",
    "Case",
    "CaseAccess",
    "CaseCounter",
    "Deadline",
    "Membership",
    "Party",
    "Referral",
    "Tenant",
    "TenantClosure",
    "User",
]
