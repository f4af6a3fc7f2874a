"""The one visibility rule. Every readable list of case data starts here; default deny.

A tenant T sees a case when the case has an access edge (owner, referral sender or receiver, handler…) for
T or for a descendant of T in the tenant tree (supervision). Row-level security repeats this rule."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select
from sqlalchemy.sql.elements import ColumnElement

from concord.models import Case, CaseAccess, TenantClosure


def visible_tenant_ids(tenant_id: uuid.UUID) -> Select[uuid.UUID]:
    """T and its descendants."""
    return select(TenantClosure.descendant_id).where(TenantClosure.ancestor_id == tenant_id)


def visible_case_ids(tenant_id: uuid.UUID) -> Select[uuid.UUID]:
    return select(CaseAccess.case_id).where(CaseAccess.tenant_id.in_(visible_tenant_ids(tenant_id)))


def case_is_visible(tenant_id: uuid.UUID) -> ColumnElement[bool]:
    """A WHERE clause on `cases` for the acting tenant."""
    return or_(
        Case.tenant_id.in_(visible_tenant_ids(tenant_id)),
        Case.id.in_(visible_case_ids(tenant_id)),
    )
