"""The one visibility module: every "what may this tenant see" SQL expression lives here, and every readable
list starts from one of them; default deny. Repositories filter with these expressions, never their own.

- Subtree: a tenant T sees (and administers) itself and its descendants in the tenant tree (supervision).
- Cases: T sees a case when its owner, or an access edge (owner, referral sender or receiver, handler,
  conference participant…) of it, is a tenant of T's *case scope*: T's subtree, and the subtrees of the tenants
  that T or a descendant of T coordinates (统筹协调, `tenant_coordination`: the district centre over the
  departments). Coordination widens what T sees of cases, never what it administers.
- Conferences: T sees a conference when T or a descendant has a conference_access row (convenor, invited).
- Audit events: T sees the events of its subtree and every event on a case it sees; the contents of an event on
  a case only when T sees the case and the viewer's role may read cases (metadata otherwise).
- Users: T's administrators manage a user who has a membership in T's subtree.
- Mediators: the public roster (在线调解规则 Art. 5: name, organisation, disputes accepted, expertise, fees) is
  open to every signed-in principal; T *manages* (sees roster details: identity, relatives, certificates,
  training, cases, subsidies) the mediators affiliated with a tenant of T's *roster scope*: T's subtree and the
  subtrees T (or a descendant) oversees (指导, `roster_oversight`: the justice bureau over people's mediation).
  A mediator assigned to a case T sees is visible to T as well (public fields).

Every function takes a `VisibleTo`, never a bare tenant id: the value says whose view a query is scoped to, and
only a principal (`VisibleTo.of`) or a named system job (`VisibleTo.job`) makes one — the architecture lint
refuses `VisibleTo(` anywhere else — so an id taken from a request's input can never widen what is read.

Row-level security repeats these rules in PostgreSQL (concord.db.security)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CompoundSelect, Select, or_, select, true, tuple_, union
from sqlalchemy.orm import QueryableAttribute, aliased
from sqlalchemy.sql.elements import ColumnElement

from concord.models import (
    AuditEvent,
    Case,
    CaseAccess,
    CaseMediator,
    ConferenceAccess,
    JointConference,
    Mediator,
    MediatorAffiliation,
    Membership,
    RosterOversight,
    TenantClosure,
    TenantCoordination,
)

if TYPE_CHECKING:
    from concord.auth.principal import Principal


@dataclass(frozen=True, slots=True)
class VisibleTo:
    """Whose view a read is scoped to: the acting tenant (with its subtree)."""

    tenant_id: uuid.UUID
    # Why a view exists without a request: the system job that acts for the tenant (None: a principal's view).
    job: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> VisibleTo:
        """The view of whoever acts in a request."""
        return cls(principal.tenant_id)

    @classmethod
    def for_job(cls, tenant_id: uuid.UUID, job: str) -> VisibleTo:
        """The view a named system job takes for a tenant (the deadline watcher, an export, the demo loader)."""
        return cls(tenant_id, job)


# Without a principal nothing is visible: a tenant that cannot exist (default deny).
NOBODY = VisibleTo(uuid.UUID(int=0), "nobody")


def view_of(principal: Principal | None) -> VisibleTo:
    return VisibleTo.of(principal) if principal is not None else NOBODY


# A column holding a tenant id: an ORM attribute (Case.tenant_id) or any SQL expression.
TenantColumn = QueryableAttribute[Any] | ColumnElement[Any]


def visible_tenant_ids(viewer: VisibleTo) -> Select[uuid.UUID]:
    """T and its descendants."""
    return select(TenantClosure.descendant_id).where(TenantClosure.ancestor_id == viewer.tenant_id)


def _reached_subtrees(
    viewer: VisibleTo, source: QueryableAttribute[uuid.UUID], target: QueryableAttribute[uuid.UUID]
) -> Select[uuid.UUID]:
    """The subtrees of the tenants an edge table links T or a descendant of T to (`source` → `target`: the
    coordinator → coordinated of 统筹协调, the overseer → overseen of 指导)."""
    below = aliased(TenantClosure)
    reached = aliased(TenantClosure)
    return (
        select(reached.descendant_id)
        .join(target.class_, target == reached.ancestor_id)
        .join(below, below.descendant_id == source)
        .where(below.ancestor_id == viewer.tenant_id)
    )


def coordinated_tenant_ids(viewer: VisibleTo) -> Select[uuid.UUID]:
    """The tenants T or a descendant of T coordinates (统筹协调), and their descendants."""
    return _reached_subtrees(viewer, TenantCoordination.coordinator_id, TenantCoordination.coordinated_id)


def case_scope_tenant_ids(viewer: VisibleTo) -> CompoundSelect[tuple[uuid.UUID]]:
    """Whose cases T sees (its case scope): its subtree and the coordinated subtrees (no row twice)."""
    return union(visible_tenant_ids(viewer), coordinated_tenant_ids(viewer))


def is_coordinated(viewer: VisibleTo, column: TenantColumn) -> ColumnElement[bool]:
    """`column` (a tenant id) is in a subtree T (or a descendant of T) coordinates."""
    return column.in_(coordinated_tenant_ids(viewer))


def in_subtree(viewer: VisibleTo, column: TenantColumn) -> ColumnElement[bool]:
    """`column` (a tenant id) is T or below T."""
    return column.in_(visible_tenant_ids(viewer))


def subtree_depth(viewer: VisibleTo, column: TenantColumn) -> Select[int]:
    """How many levels below T the tenant in `column` is (0: T itself); no row when it is outside T's subtree."""
    return select(TenantClosure.depth).where(
        TenantClosure.ancestor_id == viewer.tenant_id, TenantClosure.descendant_id == column
    )


def user_in_subtree(viewer: VisibleTo, user_id: uuid.UUID) -> ColumnElement[bool]:
    """The user has a membership in T's subtree (what T's administrators manage)."""
    return (
        select(Membership.id)
        .where(Membership.user_id == user_id, in_subtree(viewer, Membership.tenant_id))
        .exists()
    )


def conference_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    """A WHERE clause on `joint_conferences` for the acting tenant."""
    return JointConference.id.in_(
        select(ConferenceAccess.conference_id).where(in_subtree(viewer, ConferenceAccess.tenant_id))
    )


def audit_event_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    """Events of the tenant's subtree, and every event on a case the tenant can see."""
    return or_(in_subtree(viewer, AuditEvent.tenant_id), audit_event_case_is_visible(viewer))


def audit_event_case_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    """The event is on a case the tenant can see (false, not null, for an event on no case)."""
    return AuditEvent.case_id.is_not(None) & AuditEvent.case_id.in_(
        select(Case.id).where(case_is_visible(viewer))
    )


def audit_contents_are_visible(viewer: VisibleTo, may_read_cases: bool) -> ColumnElement[bool]:
    """Whether an event's contents (its `changes`) may be shown, as a column beside the event: an event on no case
    shows them to whoever sees the event; one on a case only to a viewer whose role may read cases (`case:read`)
    and who sees that case. Others get the metadata: a platform administrator's root tenant has every case in
    its subtree, but its role reads no case data."""
    if not may_read_cases:
        return AuditEvent.case_id.is_(None)
    return or_(AuditEvent.case_id.is_(None), audit_event_case_is_visible(viewer))


def visible_case_ids(viewer: VisibleTo) -> Select[uuid.UUID]:
    return select(CaseAccess.case_id).where(CaseAccess.tenant_id.in_(case_scope_tenant_ids(viewer)))


def case_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    """A WHERE clause on `cases` for the acting tenant."""
    return or_(
        Case.tenant_id.in_(case_scope_tenant_ids(viewer)),
        Case.id.in_(visible_case_ids(viewer)),
    )


def newest_visible_case_ids(
    viewer: VisibleTo, first: int, after: tuple[datetime, uuid.UUID] | None = None
) -> Select[tuple[uuid.UUID]]:
    """Ids of the `first` newest cases `case_is_visible` admits, newest first, after a (created_at, id) cursor.

    Ordering every visible case to keep fifty reads all of them (170k for a busy centre), and walking
    `cases` by date for a small tenant reads most of the table. Instead, for each tenant of the subtree, the
    newest `first` cases it owns and the newest `first` cases it has an edge to (each one backward index range,
    `case_access.case_created_at` being a copy of the case's date), merged: the first page overall is among them.
    DISTINCT per tenant because one tenant may hold several edges (reasons) to the same case."""
    vis = case_scope_tenant_ids(viewer).cte("vis")
    edges = select(CaseAccess.case_created_at.label("created_at"), CaseAccess.case_id.label("id")).where(
        CaseAccess.tenant_id == vis.c.descendant_id
    )
    owned = select(Case.created_at, Case.id).where(Case.tenant_id == vis.c.descendant_id)
    if after is not None:
        edges = edges.where(tuple_(CaseAccess.case_created_at, CaseAccess.case_id) < tuple_(*after))
        owned = owned.where(tuple_(Case.created_at, Case.id) < tuple_(*after))
    edges = (
        edges.distinct().order_by(CaseAccess.case_created_at.desc(), CaseAccess.case_id.desc()).limit(first)
    )
    owned = owned.order_by(Case.created_at.desc(), Case.id.desc()).limit(first)
    arms = [q.lateral() for q in (edges, owned)]
    candidates = union(
        *(select(arm.c.id, arm.c.created_at).select_from(vis.join(arm, true())) for arm in arms)
    ).subquery("candidates")
    return (
        select(candidates.c.id).order_by(candidates.c.created_at.desc(), candidates.c.id.desc()).limit(first)
    )


# --- mediators ---------------------------------------------------------------------------------------------


def overseen_tenant_ids(viewer: VisibleTo) -> Select[uuid.UUID]:
    """The tenants T or a descendant of T oversees (指导, `roster_oversight`), and their descendants."""
    return _reached_subtrees(viewer, RosterOversight.overseer_id, RosterOversight.overseen_id)


def roster_scope_tenant_ids(viewer: VisibleTo) -> CompoundSelect[tuple[uuid.UUID]]:
    """Whose mediators T manages: its subtree and the subtrees it oversees (no row twice)."""
    return union(visible_tenant_ids(viewer), overseen_tenant_ids(viewer))


def in_roster_scope(viewer: VisibleTo, column: TenantColumn) -> ColumnElement[bool]:
    """`column` (a tenant id) is in T's roster scope: T may run its training, duty rosters and subsidies."""
    return column.in_(roster_scope_tenant_ids(viewer))


def managed_mediator_ids(viewer: VisibleTo) -> Select[uuid.UUID]:
    return select(MediatorAffiliation.mediator_id).where(
        MediatorAffiliation.tenant_id.in_(roster_scope_tenant_ids(viewer))
    )


def mediator_is_managed(viewer: VisibleTo, column: TenantColumn | None = None) -> ColumnElement[bool]:
    """A WHERE clause on `mediators` (or on any mediator-id `column`): T manages the mediator (roster details)."""
    return (Mediator.id if column is None else column).in_(managed_mediator_ids(viewer))


def mediator_is_visible(viewer: VisibleTo) -> ColumnElement[bool]:
    """A WHERE clause on `mediators` for what T may list beyond the public roster: the mediators it manages and
    those on the cases it sees."""
    on_visible_cases = select(CaseMediator.mediator_id).where(
        CaseMediator.case_id.in_(select(Case.id).where(case_is_visible(viewer)))
    )
    return or_(mediator_is_managed(viewer), Mediator.id.in_(on_visible_cases))
