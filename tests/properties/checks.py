"""What one principal of a world reads over HTTP, compared with the rule computed from the world's model.

Each principal is checked with one GraphQL document (plus one for the FORBIDDEN case of a user without
case:read): `viewer`, `cases` with every nested read field, `node(id:)` under an alias for every case,
referral and party of the world and for a few ids from elsewhere (the demo district, other tests, earlier
worlds), and, when the roles allow, `auditEvents`, `apiClients` and `Tenant.members`. Aliases keep the
check to one request, so hundreds of examples stay affordable; dataloaders turn the aliases into one
statement per type. One principal per example also reads every other root list of the live schema
(overdueCases, conferenceProposals, conferences…), which may hold only what the rule allows.

The comparisons are exact: a world tenant sees every case the rule allows and nothing else — no id from the
demo district or from any other world can appear, since every list must equal a set of this world's ids.
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graphql import build_schema, get_named_type, is_required_argument

from concord.graphql.schema import NODE_PERMISSIONS, schema
from concord.kit.ids import from_global_id, to_global_id
from concord.models.enums import AccessReason, ReferralStatus
from tests.helpers import Api
from tests.properties.world import OPEN, ActionPlan, ReferralState, World, can

CASE_FIELDS = """
  id
  ownerTenant { id }
  parties { id }
  referrals(first: 50) {
    pageInfo { hasNextPage }
    edges { node { id status fromTenant { id } toTenant { id } case { id } } }
  }
  auditTrail(first: 100) { pageInfo { hasNextPage } edges { node { action caseId tenant { id } } } }
"""
# One statement or two per case or tenant (no dataloader behind them): asked of one principal per example.
EXPLANATION = "accessExplanation { tenant { id } paths { reason depth tenant { id } } }"
CASE_NODE = "__typename id ... on Case { ownerTenant { id } }"
REFERRAL_NODE = "__typename id ... on Referral { status case { id } fromTenant { id } toTenant { id } }"
PARTY_NODE = "__typename id"

REFERRAL_OUT = "referral { id status fromTenant { id } toTenant { id } case { id } }"
MUTATIONS = {
    "refer": "mutation($case: ID!, $to: ID!) { referCase(input: {caseId: $case, toTenantId: $to, "
    'kind: TRANSFERRED, reason: "性质测试转介"}) { ' + REFERRAL_OUT + " } }",
    "sign": "mutation($id: ID!) { signForReferral(input: {referralId: $id}) { " + REFERRAL_OUT + " } }",
    "accept": "mutation($id: ID!) { acceptReferral(input: {referralId: $id}) { " + REFERRAL_OUT + " } }",
    "return": 'mutation($id: ID!) { returnReferral(input: {referralId: $id, reason: "性质测试退回"}) { '
    + REFERRAL_OUT
    + " } }",
}
FIELD_OF = {
    "refer": "referCase",
    "sign": "signForReferral",
    "accept": "acceptReferral",
    "return": "returnReferral",
}


@dataclass(frozen=True)
class Principal:
    """A user of the world acting in one of its tenants."""

    tenant: int
    user_id: uuid.UUID
    roles: tuple[str, ...]

    def label(self, world: World) -> str:
        depth = world.depth(self.tenant)
        return f"tenant {self.tenant} (depth {depth}, parent {world.parent[self.tenant]}) roles {self.roles}"


def principals(world: World) -> list[Principal]:
    found = [Principal(t, world.user_ids[t], world.roles[t]) for t in range(world.size)]
    if world.outsider is not None:
        t, uid, roles = world.outsider
        found.append(Principal(t, uid, roles))
    return found


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def _edges(conn: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in conn["edges"]]


def _errors(body: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    return {
        tuple(e.get("path") or ()): e.get("extensions", {}).get("code", "?") for e in body.get("errors") or []
    }


def refusal(roles: tuple[str, ...], gid: str) -> str:
    """The error node(id:) answers with when it returns nothing: FORBIDDEN when no role may read the type at
    all (the platform's own table of what each type needs), NOT_FOUND otherwise — seen or not, existing or not."""
    type_name, _ = from_global_id(gid)
    needed = NODE_PERMISSIONS.get(type_name)
    return "FORBIDDEN" if needed is not None and not can(roles, *needed) else "NOT_FOUND"


async def post(api: Api, token: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return await api.gql(None, query, variables, token=token)


# --- reads ------------------------------------------------------------------------------------------------


async def check_reads(
    api: Api, world: World, who: Principal, foreign: list[str], outside_tenants: list[str], detail: bool
) -> None:
    """Everything `who` can read equals what the rule allows — nothing more, nothing less.

    `detail` adds the fields that cost a statement per case or per tenant (Case.accessExplanation and
    Tenant.members); the caller asks them of one principal per example to keep hundreds of examples cheap."""
    token = world.tokens[who.user_id]
    ctx = who.label(world)
    t = who.tenant
    reader = can(who.roles, "case", "read")
    visible = world.visible_cases(t)
    owner = (t + 1) % world.size  # for cases(filter: {ownerTenantId})

    if not reader:
        body = await post(api, token, "{ cases(first: 5) { edges { node { id } } } }")
        assert body.get("data") is None and _errors(body) == {("cases",): "FORBIDDEN"}, f"{ctx}: {body}"

    parts = ["viewer { user { id } tenant { id } roles }"]
    if reader:
        parts.append(
            "cases(first: 100) { totalCount pageInfo { hasNextPage } edges { node { "
            + CASE_FIELDS
            + (EXPLANATION if detail else "")
            + " } } }"
        )
        # the filter narrows what is visible, never widens it: owned by another tenant of the world
        parts.append(
            f'byOwner: cases(first: 100, filter: {{ownerTenantId: "{world.tenant_gid(owner)}"}}) '
            "{ edges { node { id } } }"
        )
    # alias -> (gid, what it is, expected answer or None when it must be refused)
    nodes: dict[str, tuple[str, str, dict[str, Any] | None]] = {}
    for c in range(len(world.case_ids)):
        expect: dict[str, Any] = {
            "__typename": "Case",
            "id": world.case_gid(c),
            "ownerTenant": {"id": world.tenant_gid(world.case_owner[c])},
        }
        nodes[f"c{c}"] = (world.case_gid(c), CASE_NODE, expect if c in visible else None)
        for k, pid in enumerate(sorted(world.party_gids(c))):
            nodes[f"p{c}_{k}"] = (
                pid,
                PARTY_NODE,
                {"__typename": "Party", "id": pid} if c in visible else None,
            )
    for i, r in enumerate(world.referrals):
        expect = {
            "__typename": "Referral",
            "id": world.referral_gid(i),
            "status": r.status.value,
            "case": {"id": world.case_gid(r.case)},
            "fromTenant": {"id": world.tenant_gid(r.sender)},
            "toTenant": {"id": world.tenant_gid(r.receiver)},
        }
        nodes[f"r{i}"] = (world.referral_gid(i), REFERRAL_NODE, expect if r.case in visible else None)
    for k, gid in enumerate(foreign):
        nodes[f"x{k}"] = (gid, "__typename id", None)
    for alias, (gid, selection, _) in nodes.items():
        parts.append(f'{alias}: node(id: "{gid}") {{ {selection} }}')

    audit = can(who.roles, "audit", "read")
    if audit:
        parts.append(
            "auditEvents(first: 100) { pageInfo { hasNextPage } edges { node { action caseId tenant { id } } } }"
        )
    clients = can(who.roles, "client", "manage")
    if clients:
        parts.append("apiClients(first: 100) { pageInfo { hasNextPage } edges { node { id } } }")
    members: dict[str, set[str] | None] = {}
    if detail and can(who.roles, "user", "manage"):
        below = world.subtree(t)
        targets = [(world.tenant_gid(s), s) for s in range(world.size)] + [(g, None) for g in outside_tenants]
        for k, (gid, s) in enumerate(targets):
            alias = f"m{k}"
            members[alias] = (
                {to_global_id("User", u) for u in world.members(s)} if s is not None and s in below else None
            )
            parts.append(f'{alias}: node(id: "{gid}") {{ ... on Tenant {{ members {{ user {{ id }} }} }} }}')

    if detail:
        await check_unmodelled_lists(api, token, allowed_gids(world, t), ctx)
    body = await post(api, token, "{\n" + "\n".join(parts) + "\n}")
    data = body.get("data")
    assert data is not None, f"{ctx}: {body}"

    viewer = data["viewer"]
    assert viewer == {
        "user": {"id": to_global_id("User", who.user_id)},
        "tenant": {"id": world.tenant_gid(t)},
        "roles": list(who.roles),
    }, f"{ctx}: viewer {viewer}"

    # node(id:): what the rule allows comes back whole, anything else is null (aliases name the world's
    # objects: c<case>, r<referral>, p<case>_<n> for parties, x<n> for ids from outside the world)
    for alias, (gid, _, answer) in nodes.items():
        got = data[alias]
        want = answer if reader else None
        assert got == want, f"{ctx}: node({alias} = {gid}) returned {got}, the rule says {want}"

    # errors: exactly the refusals the rule calls for: NOT_FOUND, or FORBIDDEN when no role may read the type
    expected_errors: dict[tuple[Any, ...], str] = {
        (alias,): refusal(who.roles, gid)
        for alias, (gid, _, answer) in nodes.items()
        if answer is None or not reader
    }
    expected_errors |= {(alias, "members"): "NOT_FOUND" for alias, want in members.items() if want is None}
    got_errors = _errors(body)
    assert got_errors == expected_errors, (
        f"{ctx}: errors not called for {sorted(set(got_errors.items()) - set(expected_errors.items()))}, "
        f"refusals missing {sorted(set(expected_errors.items()) - set(got_errors.items()))}: {body.get('errors')}"
    )

    if reader:
        _check_cases(world, who, data["cases"], ctx, detail)
        got_owned = sorted(_ids(_edges(data["byOwner"])))
        want_owned = sorted(world.case_gid(c) for c in visible if world.case_owner[c] == owner)
        assert got_owned == want_owned, f"{ctx}: cases owned by tenant {owner}: {got_owned} != {want_owned}"
    if audit:
        conn = data["auditEvents"]
        assert not conn["pageInfo"]["hasNextPage"], f"{ctx}: more audit events than expected"
        got_events = Counter((e["action"], e["caseId"], (e["tenant"] or {}).get("id")) for e in _edges(conn))
        assert got_events == world.visible_events(t), (
            f"{ctx}: auditEvents {sorted(got_events.items())} != rule {sorted(world.visible_events(t).items())}"
        )
    if clients:
        conn = data["apiClients"]
        want_clients = {
            to_global_id("ApiClient", cid) for s, cid in world.client_ids.items() if s in world.subtree(t)
        }
        got_clients = _ids(_edges(conn))
        assert sorted(got_clients) == sorted(want_clients), (
            f"{ctx}: apiClients {got_clients} != {want_clients}"
        )
    for alias, users in members.items():
        tenant = data[alias]
        if users is None:
            assert tenant is None, f"{ctx}: members of an out-of-scope tenant ({alias}) returned {tenant}"
        else:
            assert tenant is not None, f"{ctx}: members of {alias} refused"
            got_users = sorted(m["user"]["id"] for m in tenant["members"])
            assert got_users == sorted(users), f"{ctx}: members {alias} {got_users} != {users}"


def _check_cases(world: World, who: Principal, conn: dict[str, Any], ctx: str, detail: bool) -> None:
    t = who.tenant
    visible = world.visible_cases(t)
    by_gid = {world.case_gid(c): c for c in range(len(world.case_ids))}
    rows = _edges(conn)
    got = [row["id"] for row in rows]
    want = {world.case_gid(c) for c in visible}
    strangers = [g for g in got if g not in by_gid]
    assert not strangers, f"{ctx}: cases returned ids from outside its world: {strangers}"
    assert sorted(got) == sorted(want), (
        f"{ctx}: cases returned {sorted(by_gid[g] for g in got)}, the rule says {sorted(visible)}"
    )
    assert conn["totalCount"] == len(want) and not conn["pageInfo"]["hasNextPage"], (
        f"{ctx}: {conn['totalCount']}"
    )
    for row in rows:
        c = by_gid[row["id"]]
        where = f"{ctx}, case {c}"
        assert row["ownerTenant"]["id"] == world.tenant_gid(world.case_owner[c]), where
        assert sorted(_ids(row["parties"])) == sorted(world.party_gids(c)), (
            f"{where}: parties {row['parties']}"
        )
        refs = _edges(row["referrals"])
        want_refs = {world.referral_gid(i): r for i, r in enumerate(world.referrals) if r.case == c}
        assert not row["referrals"]["pageInfo"]["hasNextPage"], where
        assert sorted(_ids(refs)) == sorted(want_refs), (
            f"{where}: referrals {_ids(refs)} != {list(want_refs)}"
        )
        for ref in refs:
            r = want_refs[ref["id"]]
            assert ref == {
                "id": ref["id"],
                "status": r.status.value,
                "fromTenant": {"id": world.tenant_gid(r.sender)},
                "toTenant": {"id": world.tenant_gid(r.receiver)},
                "case": {"id": world.case_gid(c)},
            }, f"{where}: referral {ref}"
        trail = _edges(row["auditTrail"])
        assert not row["auditTrail"]["pageInfo"]["hasNextPage"], where
        assert all(e["caseId"] == row["id"] for e in trail), f"{where}: trail of another case {trail}"
        got_trail = Counter((e["action"], (e["tenant"] or {}).get("id")) for e in trail)
        assert got_trail == world.trail(c), f"{where}: auditTrail {got_trail} != {world.trail(c)}"
        if not detail:
            continue
        explanation = row["accessExplanation"]
        assert explanation["tenant"]["id"] == world.tenant_gid(t), where
        paths = {(p["reason"], p["tenant"]["id"], p["depth"]) for p in explanation["paths"]}
        assert len(paths) == len(explanation["paths"]), f"{where}: duplicate paths {explanation['paths']}"
        assert paths == world.access_paths(t, c), f"{where}: paths {paths} != {world.access_paths(t, c)}"


# --- list fields the model does not predict exactly ---------------------------------------------------------

# Root lists compared exactly above; `tenants` is the public directory.
MODELLED_LISTS = frozenset({"cases", "tenants", "auditEvents", "apiClients"})


@functools.cache
def unmodelled_lists() -> tuple[str, ...]:
    """Every other root field that lists objects (a *Connection with `first`), read from the live schema so
    that new lists (overdueCases, conferenceProposals, conferences…) are covered as they appear."""
    sdl = build_schema(schema.as_str())
    assert sdl.query_type is not None
    found = []
    for name, f in sdl.query_type.fields.items():
        conn = get_named_type(f.type)
        if name in MODELLED_LISTS or not conn.name.endswith("Connection") or "first" not in f.args:
            continue
        # A list that needs an argument (trainingSummary(year:), a case's recommendations) cannot be asked
        # bare; its own tests check its isolation.
        if any(is_required_argument(a) for a in f.args.values()):
            continue
        found.append(name)
    return tuple(found)


async def check_unmodelled_lists(
    api: Api, token: str, allowed: set[str], ctx: str, judged: frozenset[str] | None = None
) -> None:
    """Whether a case is overdue, due soon or proposed for a conference is not modelled, but whatever those
    lists return must be something the principal may see (`allowed`: global ids); a list may also be
    refused outright (FORBIDDEN) to a role without the permission. `judged`: the node types the caller's
    rule covers (None: all — a world holds nothing else, so anything else is from outside it); objects of
    other types (joint conferences, in the demo district) follow rules of their own and are not judged.

    One request per list: a refused root field next to another root field that is reading the database
    currently fails the whole request with an unhandled PendingRollbackError (graphql-core cancels the
    sibling field mid-query; reported separately) — a crash, not a leak, and not what this property is about."""
    for f in unmodelled_lists():
        body = await post(api, token, "{ " + f + "(first: 100) { edges { node { __typename id } } } }")
        if body.get("data") is None:
            assert set(_errors(body).values()) == {"FORBIDDEN"}, f"{ctx}: {f}: {body}"
            continue
        assert not body.get("errors"), f"{ctx}: {f}: {body['errors']}"
        outside = [
            n
            for n in _edges(body["data"][f])
            if n["id"] not in allowed and (judged is None or n["__typename"] in judged)
        ]
        assert not outside, f"{ctx}: {f} returned objects outside the rule: {outside}"


def allowed_gids(world: World, t: int) -> set[str]:
    """Global ids of everything t may read in its world: visible cases with their referrals and parties,
    and the tenants of its subtree."""
    cases = world.visible_cases(t)
    return (
        {world.case_gid(c) for c in cases}
        | {world.referral_gid(i) for i in world.visible_referrals(t)}
        | {g for c in cases for g in world.party_gids(c)}
        | {world.tenant_gid(s) for s in world.subtree(t)}
    )


# --- writes through the real services ---------------------------------------------------------------------


BUSINESS_REFUSALS = frozenset({"FORBIDDEN", "CONFLICT", "BAD_USER_INPUT"})


def isolation_outcome(world: World, verb: str, actor: int, target: int) -> str | None:
    """What isolation alone dictates: FORBIDDEN when no role of the actor grants the mutation (checked
    before anything is read), NOT_FOUND when the actor cannot see the object — never a hint that it exists.
    None when the object is visible and the role allows: then the business rules decide."""
    permission = ("case", "refer") if verb == "refer" else ("referral", verb)
    if not can(world.roles[actor], *permission):
        return "FORBIDDEN"
    case = target if verb == "refer" else world.referrals[target].case
    return None if case in world.visible_cases(actor) else "NOT_FOUND"


def standing(world: World, verb: str, actor: int, target: int) -> bool:
    """Whether the actor may act on a visible object at all: only the case's current owner or a handler
    refers it, only the receiver moves a referral on. Acting without standing would hand out access edges."""
    if verb == "refer":
        return world.case_owner[target] == actor or AccessReason.HANDLER in world.own_edges(actor, target)
    return world.referrals[target].receiver == actor


def predicted(world: World, verb: str, actor: int, target: int, to: int) -> str | None:
    """The state-machine outcome as of this writing (refer/sign/accept/return); only noted, not enforced —
    those rules belong to the referral work, and this suite is about who can read what."""
    if not standing(world, verb, actor, target):
        return "FORBIDDEN"
    if verb == "refer":
        if to == actor:
            return "BAD_USER_INPUT"
        return "CONFLICT" if world.open_to(target, to) else None
    status = world.referrals[target].status
    if verb == "sign":
        return None if status is ReferralStatus.SENT else "CONFLICT"
    if verb == "accept":
        return None if status is ReferralStatus.SIGNED_FOR else "CONFLICT"
    return None if status in OPEN else "CONFLICT"


async def perform(api: Api, world: World, action: ActionPlan) -> str:
    """Send one mutation and check its outcome: refusals for isolation are exact (FORBIDDEN by role,
    NOT_FOUND when the object is invisible); on a visible object the answer is a success or a business
    refusal, never NOT_FOUND, and never a success without standing. Successes update the model (referral,
    status, access edges). Returns a line that Hypothesis prints with a failing example."""
    if action.verb == "refer":
        if not world.case_ids:
            return f"{action}: skipped, no cases"
        target = action.target % len(world.case_ids)
        actor = world.case_owner[target] if action.actor is None else action.actor
        variables = {"case": world.case_gid(target), "to": world.tenant_gid(action.to)}
    else:
        if not world.referrals:
            return f"{action}: skipped, no referrals"
        target = action.target % len(world.referrals)
        actor = world.referrals[target].receiver if action.actor is None else action.actor
        variables = {"id": world.referral_gid(target)}
    what = f"{action.verb} by tenant {actor} (roles {world.roles[actor]}) on #{target}"
    body = await post(api, world.tokens[world.user_ids[actor]], MUTATIONS[action.verb], variables)
    codes = list(_errors(body).values())
    isolation = isolation_outcome(world, action.verb, actor, target)
    if isolation is not None:
        assert codes == [isolation] and body.get("data") is None, f"{what}: expected {isolation}, got {body}"
        return f"{what}: refused {isolation}"
    guess = predicted(world, action.verb, actor, target, action.to)
    if codes:
        assert len(codes) == 1 and codes[0] in BUSINESS_REFUSALS, f"{what}: visible object, got {body}"
        assert body.get("data") is None, f"{what}: refused but returned data {body}"
        return f"{what}: refused {codes[0]} (model predicted {guess or 'success'})"
    assert standing(world, action.verb, actor, target), f"{what}: succeeded without standing: {body}"

    out = body["data"][FIELD_OF[action.verb]]["referral"]
    if action.verb == "refer":
        type_name, rid = from_global_id(out["id"])
        assert type_name == "Referral", f"{what}: returned {out}"
        state = ReferralState(rid, target, actor, action.to, ReferralStatus(out["status"]))
        world.referrals.append(state)
    else:
        state = world.referrals[target]
        state.status = ReferralStatus(out["status"])
    world.add_referral_edges(state)
    assert out == {
        "id": to_global_id("Referral", state.id),
        "status": state.status.value,
        "fromTenant": {"id": world.tenant_gid(state.sender)},
        "toTenant": {"id": world.tenant_gid(state.receiver)},
        "case": {"id": world.case_gid(state.case)},
    }, f"{what}: returned {out}"
    return f"{what}: done, now {state.status.value} (model predicted {guess or 'success'})"
