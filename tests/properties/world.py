"""Random "worlds" for the isolation properties: a plan drawn by Hypothesis, the rows it becomes, and the
visibility rule computed in plain Python from the plan alone.

A plan holds only small integers (tenant, case and referral *indices*), so a failing example shrinks to
something readable: `WorldPlan(parents=(0, 0), cases=(CasePlan(owner=1, ...),), ...)`. Tenant 0 is the
world's own root, created fresh for the example under the `platform` tenant; tenant i + 1 hangs under
`parents[i]` (always a lower index, so the tree is acyclic by construction). Codes, usernames and ids are
unique per example, so worlds never see each other or the demo district.

The model here is the specification the properties check the platform against:

* a tenant T sees case C when C's owner, or a tenant holding an access edge of C (OWNER, REFERRAL_FROM,
  REFERRAL_TO, HANDLER), is in T's *case scope*: T's subtree, and the subtrees of the tenants that T or a
  descendant of T coordinates (统筹协调, `tenant_coordination`; coordination widens sight of cases only);
* referrals, parties and the audit trail of a case are visible exactly when the case is;
* administration (members, API clients) and access explanations reach T's own subtree only.

Access edges are modelled (the ones the services write: OWNER; REFERRAL_FROM and REFERRAL_TO per referral;
HANDLER once accepted) and compared with the database after the mutations. Audit events are not modelled:
they are read back as the owner (which events the services record is theirs to decide), and the property
checks who may read them.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from hypothesis import strategies as st
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from concord.authz.roles import policy_lines
from concord.db.base import new_id, utcnow
from concord.kit.ids import to_global_id
from concord.models import (
    ApiClient,
    Case,
    CaseAccess,
    Membership,
    Party,
    Referral,
    Tenant,
    TenantCoordination,
    User,
)
from concord.models.enums import (
    AccessReason,
    CaseCategory,
    CaseStatus,
    Complexity,
    PartyKind,
    PartyRole,
    ReferralKind,
    ReferralStatus,
    SourceChannel,
    TenantKind,
)
from concord.tenants.repository import add_to_tree
from tests.properties.support import WORLD_CODE_PREFIX

# Every role that carries case:read (platform_admin is the one built-in role without it).
READER_ROLES = (
    "observer",
    "auditor",
    "mediator",
    "centre_officer",
    "lawyer",
    "tenant_admin",
    "department_officer",
    "court_clerk",
    "docking_officer",
)
# Role sets without case:read, for the one "outsider" user a world may have.
NON_READER_ROLE_SETS: tuple[tuple[str, ...], ...] = ((), ("platform_admin",))
TENANT_KINDS = (
    TenantKind.CENTRE,
    TenantKind.COMMITTEE,
    TenantKind.DEPARTMENT,
    TenantKind.COURT,
    TenantKind.DOCKING_CENTRE,
    TenantKind.LAWYER_STUDIO,
)
# The statuses of the hand-off the rule is about; later lifecycle statuses add no access edge of their own.
STATUSES = (ReferralStatus.SENT, ReferralStatus.SIGNED_FOR, ReferralStatus.ACCEPTED, ReferralStatus.RETURNED)
OPEN = (ReferralStatus.SENT, ReferralStatus.SIGNED_FOR)
VERBS = ("refer", "sign", "accept", "return")

_PERMISSIONS = {(sub, obj, act) for sub, _domain, obj, act in policy_lines()}
_run = itertools.count(1)


def can(roles: tuple[str, ...], obj: str, act: str) -> bool:
    """What policies/roles.csv grants: the role matrix is not under test here, visibility is."""
    return any((role, obj, act) in _PERMISSIONS for role in roles)


# --- plans (what Hypothesis draws) ----------------------------------------------------------------------


@dataclass(frozen=True)
class CasePlan:
    owner: int
    parties: int
    # False: a row without its OWNER edge (the services always add one): the owner clause of the rule must
    # make the case visible on its own.
    owner_edge: bool


@dataclass(frozen=True)
class ReferralPlan:
    case: int
    sender: int
    receiver: int
    status: ReferralStatus


@dataclass(frozen=True)
class ActionPlan:
    """A mutation sent through the API after the world is loaded."""

    verb: str  # refer | sign | accept | return
    actor: int | None  # None: the natural actor (the case's owner for refer, the receiver otherwise)
    target: int  # case index for refer, referral index otherwise (taken modulo the current count)
    to: int  # receiving tenant for refer


@dataclass(frozen=True)
class WorldPlan:
    parents: tuple[int, ...]  # parents[i]: parent of tenant i + 1; tenant 0 is the world's root
    roles: tuple[tuple[str, ...], ...]  # roles of each tenant's user, every set with case:read
    cases: tuple[CasePlan, ...]
    referrals: tuple[ReferralPlan, ...]
    clients: tuple[bool, ...]  # whether the tenant has an API client
    outsider: tuple[int, tuple[str, ...]] | None  # (tenant, roles without case:read)
    actions: tuple[ActionPlan, ...]
    # (coordinator, coordinated) pairs of tenant indices, never a tenant with itself (统筹协调)
    coordinations: tuple[tuple[int, int], ...] = ()

    @property
    def size(self) -> int:
        return len(self.parents) + 1


@st.composite
def world_plans(draw: st.DrawFn, max_cases: int = 8, max_referrals: int = 10) -> WorldPlan:
    n = draw(st.integers(2, 7), label="tenants below the root")
    parents = tuple(draw(st.integers(0, i)) for i in range(n))
    size = n + 1
    tenant = st.integers(0, size - 1)
    roles = tuple(
        tuple(draw(st.lists(st.sampled_from(READER_ROLES), min_size=1, max_size=3, unique=True)))
        for _ in range(size)
    )
    cases = tuple(
        draw(
            st.lists(
                st.builds(CasePlan, owner=tenant, parties=st.integers(0, 2), owner_edge=st.booleans()),
                max_size=max_cases,
            )
        )
    )
    referrals: tuple[ReferralPlan, ...] = ()
    if cases:
        raw = draw(
            st.lists(
                st.tuples(
                    st.integers(0, len(cases) - 1),
                    tenant,
                    st.integers(1, size - 1),
                    st.sampled_from(STATUSES),
                ),
                max_size=max_referrals,
            )
        )
        # receiver = sender + offset (mod size): never the sender itself, no filtering needed
        referrals = tuple(ReferralPlan(c, s, (s + off) % size, status) for c, s, off, status in raw)
    clients = tuple(draw(st.lists(st.booleans(), min_size=size, max_size=size)))
    outsider = draw(st.none() | st.tuples(tenant, st.sampled_from(NON_READER_ROLE_SETS)))
    actions = tuple(
        draw(
            st.lists(
                st.builds(
                    ActionPlan,
                    verb=st.sampled_from(VERBS),
                    actor=st.none() | tenant,
                    target=st.integers(0, 20),
                    to=tenant,
                ),
                max_size=3,
            )
        )
    )
    # coordinated = coordinator + offset (mod size): never the coordinator itself; duplicates dropped
    raw_coordinations = draw(st.lists(st.tuples(tenant, st.integers(1, size - 1)), max_size=2))
    coordinations = tuple(dict.fromkeys((a, (a + off) % size) for a, off in raw_coordinations))
    return WorldPlan(parents, roles, cases, referrals, clients, outsider, actions, coordinations)


# --- the world: ids, state, and the rule ----------------------------------------------------------------


@dataclass
class ReferralState:
    id: uuid.UUID
    case: int
    sender: int
    receiver: int
    status: ReferralStatus


@dataclass
class World:
    """The rows of one example and, computed from the plan (not from the database), who may see what."""

    plan: WorldPlan
    parent: list[int | None]
    tenant_ids: list[uuid.UUID]
    user_ids: list[uuid.UUID]
    roles: list[tuple[str, ...]]
    case_ids: list[uuid.UUID]
    case_owner: list[int]
    party_ids: list[list[uuid.UUID]]
    referrals: list[ReferralState]
    client_ids: dict[int, uuid.UUID]
    outsider: tuple[int, uuid.UUID, tuple[str, ...]] | None
    edges: set[tuple[int, int, AccessReason]] = field(default_factory=set)  # (case, tenant, reason)
    # (action, case, acting tenant) of every audit event on a world case or by a world tenant, read back from
    # the database after the mutations (indices; None for a case or tenant outside the world)
    events: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    tokens: dict[uuid.UUID, str] = field(default_factory=dict)  # user id -> bearer token

    @property
    def size(self) -> int:
        return len(self.tenant_ids)

    def depth(self, t: int) -> int:
        d, p = 0, self.parent[t]
        while p is not None:
            d, p = d + 1, self.parent[p]
        return d

    def is_ancestor(self, a: int, t: int) -> bool:
        """a is t or one of t's ancestors."""
        node: int | None = t
        while node is not None:
            if node == a:
                return True
            node = self.parent[node]
        return False

    def subtree(self, t: int) -> set[int]:
        return {s for s in range(self.size) if self.is_ancestor(t, s)}

    def case_scope(self, t: int) -> set[int]:
        """T's subtree, and the subtrees of the tenants T or a descendant of T coordinates."""
        below = self.subtree(t)
        scope = set(below)
        for coordinator, coordinated in self.plan.coordinations:
            if coordinator in below:
                scope |= self.subtree(coordinated)
        return scope

    def visible_cases(self, t: int) -> set[int]:
        below = self.case_scope(t)
        owned = {c for c, owner in enumerate(self.case_owner) if owner in below}
        shared = {c for c, u, _ in self.edges if u in below}
        return owned | shared

    def visible_referrals(self, t: int) -> set[int]:
        cases = self.visible_cases(t)
        return {i for i, r in enumerate(self.referrals) if r.case in cases}

    def access_paths(self, t: int, c: int) -> set[tuple[str, str, int]]:
        """(reason, tenant gid, depth below t) of every edge of c held by t's subtree."""
        below = self.subtree(t)
        return {
            (reason.value, self.tenant_gid(u), self.depth(u) - self.depth(t))
            for case, u, reason in self.edges
            if case == c and u in below
        }

    def own_edges(self, t: int, c: int) -> set[AccessReason]:
        return {reason for case, u, reason in self.edges if case == c and u == t}

    def members(self, t: int) -> set[uuid.UUID]:
        found = {self.user_ids[t]}
        if self.outsider is not None and self.outsider[0] == t:
            found.add(self.outsider[1])
        return found

    def visible_events(self, t: int) -> Counter[tuple[str, str | None, str | None]]:
        """auditEvents: events acted in t's subtree, and every event on a case t sees."""
        below, cases = self.subtree(t), self.visible_cases(t)
        return Counter(
            (
                action,
                self.case_gid(c) if c is not None else None,
                self.tenant_gid(a) if a is not None else None,
            )
            for action, c, a in self.events
            if a in below or c in cases
        )

    def trail(self, c: int) -> Counter[tuple[str, str | None]]:
        return Counter(
            (action, self.tenant_gid(a) if a is not None else None)
            for action, case, a in self.events
            if case == c
        )

    def open_to(self, c: int, t: int) -> bool:
        return any(r.case == c and r.receiver == t and r.status in OPEN for r in self.referrals)

    def add_referral_edges(self, r: ReferralState) -> None:
        self.edges.add((r.case, r.sender, AccessReason.REFERRAL_FROM))
        self.edges.add((r.case, r.receiver, AccessReason.REFERRAL_TO))
        if r.status is ReferralStatus.ACCEPTED:
            self.edges.add((r.case, r.receiver, AccessReason.HANDLER))

    # global ids
    def tenant_gid(self, t: int) -> str:
        return to_global_id("Tenant", self.tenant_ids[t])

    def case_gid(self, c: int) -> str:
        return to_global_id("Case", self.case_ids[c])

    def referral_gid(self, i: int) -> str:
        return to_global_id("Referral", self.referrals[i].id)

    def party_gids(self, c: int) -> set[str]:
        return {to_global_id("Party", p) for p in self.party_ids[c]}

    def all_gids(self) -> list[str]:
        return (
            [self.case_gid(c) for c in range(len(self.case_ids))]
            + [self.referral_gid(i) for i in range(len(self.referrals))]
            + [g for c in range(len(self.case_ids)) for g in sorted(self.party_gids(c))]
        )


def build_world(plan: WorldPlan) -> World:
    """Assign ids and compute the initial access edges, exactly as the services would have written them."""
    world = World(
        plan=plan,
        parent=[None, *plan.parents],
        tenant_ids=[new_id() for _ in range(plan.size)],
        user_ids=[new_id() for _ in range(plan.size)],
        roles=list(plan.roles),
        case_ids=[new_id() for _ in plan.cases],
        case_owner=[c.owner for c in plan.cases],
        party_ids=[[new_id() for _ in range(c.parties)] for c in plan.cases],
        referrals=[ReferralState(new_id(), r.case, r.sender, r.receiver, r.status) for r in plan.referrals],
        client_ids={t: new_id() for t, has in enumerate(plan.clients) if has},
        outsider=(plan.outsider[0], new_id(), plan.outsider[1]) if plan.outsider else None,
    )
    for c, case in enumerate(plan.cases):
        if case.owner_edge:
            world.edges.add((c, case.owner, AccessReason.OWNER))
    for r in world.referrals:
        world.add_referral_edges(r)
    return world


async def insert_world(engine: AsyncEngine, platform_id: uuid.UUID, world: World) -> None:
    """Write the world as the owner role (no row-level security), in one transaction, like the demo loader."""
    run = f"{next(_run)}-{uuid.uuid4().hex[:8]}"
    now = utcnow()
    year = now.year
    async with AsyncSession(engine) as session, session.begin():
        await session.execute(
            insert(Tenant),
            [
                {
                    "id": tid,
                    "code": f"{WORLD_CODE_PREFIX}{run}-t{t}",
                    "name": f"性质测试机构 {run} #{t}",
                    "kind": TENANT_KINDS[t % len(TENANT_KINDS)],
                    "parent_id": platform_id if p is None else world.tenant_ids[p],
                    "case_prefix": f"性质{run}-{t}调字第",
                    "is_active": True,
                    "created_at": now,
                }
                for t, (tid, p) in enumerate(zip(world.tenant_ids, world.parent, strict=True))
            ],
        )
        for tid, p in zip(world.tenant_ids, world.parent, strict=True):  # parents first: indices ascend
            await add_to_tree(session, tid, platform_id if p is None else world.tenant_ids[p])
        users = [(world.user_ids[t], t, world.roles[t]) for t in range(world.size)]
        if world.outsider is not None:
            users.append((world.outsider[1], world.outsider[0], world.outsider[2]))
        await session.execute(
            insert(User),
            [
                {
                    "id": uid,
                    "username": f"prop-{run}-{uid.hex[:8]}",
                    "display_name": f"性质测试用户 {t}",
                    "password_hash": "!",  # no password: tokens are minted directly
                    "is_active": True,
                    "created_at": now,
                }
                for uid, t, _ in users
            ],
        )
        await session.execute(
            insert(Membership),
            [
                {
                    "id": new_id(),
                    "user_id": uid,
                    "tenant_id": world.tenant_ids[t],
                    "roles": list(roles),
                    "created_at": now,
                }
                for uid, t, roles in users
            ],
        )
        if world.client_ids:
            await session.execute(
                insert(ApiClient),
                [
                    {
                        "id": cid,
                        "tenant_id": world.tenant_ids[t],
                        "client_id": f"prop-{run}-{cid.hex[:12]}",
                        "name": f"性质测试应用 {t}",
                        "secret_hash": "!",
                        "roles": ["api_client"],
                        "is_active": True,
                        "created_at": now,
                    }
                    for t, cid in world.client_ids.items()
                ],
            )
        if world.plan.coordinations:
            await session.execute(
                insert(TenantCoordination),
                [
                    {
                        "coordinator_id": world.tenant_ids[a],
                        "coordinated_id": world.tenant_ids[b],
                        "created_at": now,
                    }
                    for a, b in world.plan.coordinations
                ],
            )
        if not world.case_ids:
            return
        await session.execute(
            insert(Case),
            [
                {
                    "id": cid,
                    "tenant_id": world.tenant_ids[owner],
                    "number": f"（{year}）性质{run}-{c + 1}号",
                    "year": year,
                    "seq": c + 1,
                    "title": f"性质测试案件 {run} #{c}",
                    "description": "",
                    "category": CaseCategory.NEIGHBOUR,
                    "source_channel": SourceChannel.PARTY_APPLICATION,
                    "status": CaseStatus.REGISTERED,
                    "complexity": Complexity.SIMPLE,
                    "amount_in_dispute": Decimal("1000.00"),
                    "people_involved": 2,
                    "created_at": now - timedelta(seconds=c),
                    "updated_at": now,
                    "version": 1,
                }
                for c, (cid, owner) in enumerate(zip(world.case_ids, world.case_owner, strict=True))
            ],
        )
        parties = [
            {
                "id": pid,
                "case_id": world.case_ids[c],
                "kind": PartyKind.PERSON,
                "name": f"当事人{c}-{i}",
                "role": PartyRole.APPLICANT if i == 0 else PartyRole.RESPONDENT,
                "position": i,
                "created_at": now,
            }
            for c, pids in enumerate(world.party_ids)
            for i, pid in enumerate(pids)
        ]
        if parties:
            await session.execute(insert(Party), parties)
        if world.referrals:
            await session.execute(
                insert(Referral),
                [
                    {
                        "id": r.id,
                        "case_id": world.case_ids[r.case],
                        "kind": ReferralKind.TRANSFERRED,
                        "from_tenant_id": world.tenant_ids[r.sender],
                        "to_tenant_id": world.tenant_ids[r.receiver],
                        "status": r.status,
                        "reason": "性质测试转介",
                        "sent_at": now - timedelta(minutes=60 - i),
                        "signed_at": now if r.status is not ReferralStatus.SENT else None,
                        "accepted_at": now if r.status is ReferralStatus.ACCEPTED else None,
                        "returned_at": now if r.status is ReferralStatus.RETURNED else None,
                        "return_reason": "性质测试退回" if r.status is ReferralStatus.RETURNED else None,
                        "updated_at": now,
                        "version": 1,
                    }
                    for i, r in enumerate(world.referrals)
                ],
            )
        if not world.edges:
            return
        await session.execute(
            insert(CaseAccess),
            [
                {
                    "case_id": world.case_ids[c],
                    "tenant_id": world.tenant_ids[t],
                    "reason": reason,
                    "created_at": now,
                }
                for c, t, reason in sorted(world.edges)
            ],
        )


async def read_back(engine: AsyncEngine, world: World) -> set[tuple[int, int | None, AccessReason]]:
    """As the owner, after the mutations: load the world's audit events into the model (what the services
    record is theirs to decide; who may read it is what is checked), and return the access edges the
    database holds on the world's cases, to be compared with the model's."""
    case_index = {cid: c for c, cid in enumerate(world.case_ids)}
    tenant_index = {tid: t for t, tid in enumerate(world.tenant_ids)}
    async with engine.connect() as conn:
        edges = (
            await conn.execute(
                text("SELECT case_id, tenant_id, reason FROM case_access WHERE case_id = ANY(:cases)"),
                {"cases": world.case_ids},
            )
        ).all()
        events = (
            await conn.execute(
                text(
                    "SELECT action, case_id, tenant_id FROM audit_events "
                    "WHERE case_id = ANY(:cases) OR tenant_id = ANY(:tenants)"
                ),
                {"cases": world.case_ids, "tenants": world.tenant_ids},
            )
        ).all()
    world.events = [(action, case_index.get(c), tenant_index.get(t)) for action, c, t in events]
    return {(case_index[c], tenant_index.get(t), AccessReason(r)) for c, t, r in edges}
