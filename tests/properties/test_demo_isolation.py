"""Property: for a random user of the demo district, every case `cases` lists and every id `node(id:)`
resolves satisfies the visibility rule — computed here in Python from the raw tables read as the owner
(tenant_closure, cases, case_access, referrals, parties), not through the application's queries.

Cheaper than the world property: no rows are written. The expectation is recomputed from the database at
each example, so whatever earlier tests did to the district (new cases, referrals, moved tenants, revoked
roles, deactivated accounts) is part of the data the rule is checked on. The ids given to node(id:) are
drawn from every case, referral and party in the database (the district's, other tests', any random
world's), half of them among those the user should see, so both answers are exercised. The other root
lists (overdueCases, dueSoonCases, conferenceProposals…, found in the live schema) may return no case,
referral, party or tenant outside the rule (joint conferences have a rule of their own, not judged here).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from hypothesis import given, note
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from concord.auth.tokens import TokenClaims, issue_token
from concord.config import Settings
from concord.demo.data import USERS
from concord.kit.ids import to_global_id
from tests.helpers import Api
from tests.properties.checks import check_unmodelled_lists
from tests.properties.support import PROPERTY_SETTINGS
from tests.properties.world import can

# What the rule covers; the district's joint conferences follow rules of their own.
JUDGED = frozenset({"Case", "Referral", "Party", "Tenant"})

CASES_PAGE = """query($after: String) {
  cases(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id parties { id } referrals(first: 50) { pageInfo { hasNextPage } edges { node { id } } } } }
  }
}"""


@dataclass
class Snapshot:
    """The rule's inputs as the owner reads them, and what the rule makes of them for one user."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    roles: tuple[str, ...]
    active: bool  # user, membership and tenant all present and active: the token is honoured
    visible: set[str]  # case gids
    case_of: dict[str, str]  # gid of any case, referral or party -> gid of its case
    parties: dict[str, set[str]]  # case gid -> party gids
    referrals: dict[str, set[str]]  # case gid -> referral gids
    subtree: set[str]  # tenant gids of the user's tenant and its descendants

    def allowed(self) -> set[str]:
        """Everything the rule lets the user read: visible cases, their referrals and parties, its subtree."""
        return {g for g, case in self.case_of.items() if case in self.visible} | self.subtree


async def snapshot(engine: AsyncEngine, username: str, tenant_code: str) -> Snapshot:
    async with engine.connect() as conn:

        async def rows(sql: str, **params: Any) -> list[Any]:
            return list((await conn.execute(text(sql), params)).all())

        (user_id, user_active), *_ = await rows(
            "SELECT id, is_active FROM users WHERE username = :u", u=username
        )
        (tenant_id, tenant_active), *_ = await rows(
            "SELECT id, is_active FROM tenants WHERE code = :c", c=tenant_code
        )
        membership = await rows(
            "SELECT roles FROM memberships WHERE user_id = :u AND tenant_id = :t", u=user_id, t=tenant_id
        )
        below = {
            d
            for (d,) in await rows(
                "SELECT descendant_id FROM tenant_closure WHERE ancestor_id = :t", t=tenant_id
            )
        }
        # the case scope adds the subtrees the user's subtree coordinates (统筹协调)
        scope = below | {
            d
            for (d,) in await rows(
                """SELECT dn.descendant_id FROM tenant_closure up
                   JOIN tenant_coordination co ON co.coordinator_id = up.descendant_id
                   JOIN tenant_closure dn ON dn.ancestor_id = co.coordinated_id
                   WHERE up.ancestor_id = :t""",
                t=tenant_id,
            )
        }
        owners = await rows("SELECT id, tenant_id FROM cases")
        access = await rows("SELECT case_id, tenant_id FROM case_access")
        referrals = await rows("SELECT id, case_id FROM referrals")
        parties = await rows("SELECT id, case_id FROM parties")

    visible_ids = {c for c, owner in owners if owner in scope} | {c for c, t in access if t in scope}
    case_of = {to_global_id("Case", c): to_global_id("Case", c) for c, _ in owners}
    by_case: dict[str, dict[str, set[str]]] = {"Referral": defaultdict(set), "Party": defaultdict(set)}
    for type_name, items in (("Referral", referrals), ("Party", parties)):
        for id_, case_id in items:
            gid, case_gid = to_global_id(type_name, id_), to_global_id("Case", case_id)
            case_of[gid] = case_gid
            by_case[type_name][case_gid].add(gid)
    return Snapshot(
        user_id=user_id,
        tenant_id=tenant_id,
        roles=tuple(membership[0][0]) if membership else (),
        active=bool(user_active and tenant_active and membership),
        visible={to_global_id("Case", c) for c in visible_ids},
        case_of=case_of,
        parties=by_case["Party"],
        referrals=by_case["Referral"],
        subtree={to_global_id("Tenant", t) for t in below},
    )


def _codes(body: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    return {
        tuple(e.get("path") or ()): e.get("extensions", {}).get("code", "?") for e in body.get("errors") or []
    }


async def read_all_cases(api: Api, token: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        body = await api.gql(None, CASES_PAGE, {"after": after}, token=token)
        assert not body.get("errors"), body["errors"]
        conn = body["data"]["cases"]
        found += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return found
        after = conn["pageInfo"]["endCursor"]


@PROPERTY_SETTINGS
@given(user=st.sampled_from(USERS), data=st.data())
async def test_demo_users_read_only_what_the_rule_allows(
    api: Api, settings: Settings, owner_engine: AsyncEngine, user: dict[str, Any], data: st.DataObject
) -> None:
    snap = await snapshot(owner_engine, user["username"], user["tenant"])
    token = issue_token(settings, TokenClaims("user", snap.user_id, snap.tenant_id))[0]
    note(f"{user['username']}: roles {snap.roles}, active {snap.active}, sees {len(snap.visible)} cases")

    everything = sorted(snap.case_of)
    probes = data.draw(st.lists(st.sampled_from(everything), max_size=6, unique=True), label="any ids")
    seen = sorted(g for g in everything if snap.case_of[g] in snap.visible)
    if seen:
        probes += data.draw(
            st.lists(st.sampled_from(seen), max_size=min(6, len(seen)), unique=True), label="visible ids"
        )
    probes = list(dict.fromkeys(probes))

    if not snap.active:  # an account, membership or tenant gone since: the token opens nothing
        body = await api.gql(None, "{ cases(first: 5) { edges { node { id } } } }", token=token)
        assert _codes(body) == {("cases",): "UNAUTHENTICATED"} and body["data"] is None, body
        return
    reader = can(snap.roles, "case", "read")
    if not reader:
        body = await api.gql(None, "{ cases(first: 5) { edges { node { id } } } }", token=token)
        assert _codes(body) == {("cases",): "FORBIDDEN"} and body["data"] is None, body
    else:
        cases = await read_all_cases(api, token)
        got = [c["id"] for c in cases]
        assert len(got) == len(set(got)), f"a case listed twice: {got}"
        assert set(got) == snap.visible, (
            f"outside the rule: {sorted(set(got) - snap.visible)}; missing: {sorted(snap.visible - set(got))}"
        )
        for c in cases:
            assert {p["id"] for p in c["parties"]} == snap.parties.get(c["id"], set()), c
            assert not c["referrals"]["pageInfo"]["hasNextPage"], c
            refs = {e["node"]["id"] for e in c["referrals"]["edges"]}
            assert refs == snap.referrals.get(c["id"], set()), c
    await check_unmodelled_lists(api, token, snap.allowed(), user["username"], JUDGED)

    # node(id:) on every probe (nullable, so one refusal does not hide the others), and viewer
    nodes = " ".join(f'n{i}: node(id: "{g}") {{ id }}' for i, g in enumerate(probes))
    body = await api.gql(None, "{ " + nodes + " viewer { roles } }", token=token)
    assert body["data"]["viewer"]["roles"] == list(snap.roles), body
    refused = "NOT_FOUND" if reader else "FORBIDDEN"
    expected_errors = {}
    for i, gid in enumerate(probes):
        allowed = reader and snap.case_of[gid] in snap.visible
        got_node = body["data"][f"n{i}"]
        assert got_node == ({"id": gid} if allowed else None), (
            f"node({gid}): {got_node}, rule allows: {allowed}"
        )
        if not allowed:
            expected_errors[(f"n{i}",)] = refused
    assert _codes(body) == expected_errors, body.get("errors")
