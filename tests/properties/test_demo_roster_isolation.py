"""Property: for a random user of the demo district, roster details (调解员名册详情: identity, certificates,
relatives, status reason) are shown exactly for the mediators the rule says the user's tenant manages —
computed here in Python from the raw tables read as the owner (tenant_closure, roster_oversight,
mediator_affiliations), not through the application's queries.

The rule: T manages a mediator affiliated with a tenant of T's roster scope — T's subtree and the subtrees of
the tenants T (or a descendant) oversees (指导, the justice bureau over people's mediation). The managed list
holds every managed mediator (and may add public rows of mediators on T's cases); node(id:) of any mediator
answers its public fields, with details only when managed."""

from __future__ import annotations

import uuid
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
from tests.properties.support import PROPERTY_SETTINGS
from tests.properties.world import can

DETAILS = "id rosterDetailsVisible idNumber phone statusReason version certificates { id } relatives { id }"
PAGE = f"""query($after: String) {{ mediators(first: 100, after: $after) {{
  pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {DETAILS} }} }} }} }}"""


async def managed_by(engine: AsyncEngine, username: str, tenant_code: str) -> tuple[Any, set[str], list[str]]:
    """(the user's roles and token inputs, the gids of the mediators the rule says it manages, all mediator gids)."""
    async with engine.connect() as conn:

        async def rows(sql: str, **params: Any) -> list[Any]:
            return list((await conn.execute(text(sql), params)).all())

        [(user_id, user_active)] = await rows(
            "SELECT id, is_active FROM users WHERE username = :u", u=username
        )
        [(tenant_id, tenant_active)] = await rows(
            "SELECT id, is_active FROM tenants WHERE code = :c", c=tenant_code
        )
        membership = await rows(
            "SELECT roles FROM memberships WHERE user_id = :u AND tenant_id = :t", u=user_id, t=tenant_id
        )
        scope = {
            d
            for (d,) in await rows(
                "SELECT descendant_id FROM tenant_closure WHERE ancestor_id = :t", t=tenant_id
            )
        }
        scope |= {
            d
            for (d,) in await rows(
                """SELECT dn.descendant_id FROM tenant_closure up
                   JOIN roster_oversight ro ON ro.overseer_id = up.descendant_id
                   JOIN tenant_closure dn ON dn.ancestor_id = ro.overseen_id
                   WHERE up.ancestor_id = :t""",
                t=tenant_id,
            )
        }
        affiliations = await rows("SELECT mediator_id, tenant_id FROM mediator_affiliations")
        everyone = [m for (m,) in await rows("SELECT id FROM mediators ORDER BY id")]
    managed = {to_global_id("Mediator", m) for m, t in affiliations if t in scope}
    who = {
        "user_id": user_id,
        "tenant_id": tenant_id,
        "roles": tuple(membership[0][0]) if membership else (),
        "active": bool(user_active and tenant_active and membership),
    }
    return who, managed, [to_global_id("Mediator", m) for m in everyone]


def check_node(node: dict[str, Any], managed: set[str]) -> None:
    if node["id"] in managed:
        assert node["rosterDetailsVisible"] is True and node["version"] is not None, node
    else:
        assert node["rosterDetailsVisible"] is False, node
        assert node["idNumber"] is None and node["phone"] is None and node["statusReason"] is None, node
        assert node["version"] is None and node["certificates"] == [] and node["relatives"] == [], node


async def listed(api: Api, token: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        body = await api.gql(None, PAGE, {"after": after}, token=token)
        assert not body.get("errors"), body["errors"]
        conn = body["data"]["mediators"]
        found += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return found
        after = conn["pageInfo"]["endCursor"]


@PROPERTY_SETTINGS
@given(user=st.sampled_from(USERS), data=st.data())
async def test_demo_users_see_roster_details_only_of_the_mediators_they_manage(
    api: Api, settings: Settings, owner_engine: AsyncEngine, user: dict[str, Any], data: st.DataObject
) -> None:
    who, managed, everyone = await managed_by(owner_engine, user["username"], user["tenant"])
    note(f"{user['username']}: roles {who['roles']}, manages {len(managed)} of {len(everyone)} mediators")
    if not who["active"] or not can(who["roles"], "mediator", "read"):
        return  # tokens of gone accounts and roles without the roster are judged by the case property
    token = issue_token(settings, TokenClaims("user", uuid.UUID(str(who["user_id"])), who["tenant_id"]))[0]

    nodes = await listed(api, token)
    got = [n["id"] for n in nodes]
    assert len(got) == len(set(got)), "a mediator listed twice"
    assert managed <= set(got), f"managed but not listed: {sorted(managed - set(got))}"
    for node in nodes:
        check_node(node, managed)

    probes = data.draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=8, unique=True), label="ids")
    query = " ".join(
        f'n{i}: node(id: "{g}") {{ ... on Mediator {{ {DETAILS} }} }}' for i, g in enumerate(probes)
    )
    body = await api.gql(None, "{ " + query + " }", token=token)
    assert not body.get("errors"), body["errors"]
    for i, gid in enumerate(probes):
        node = body["data"][f"n{i}"]
        assert node["id"] == gid  # the public roster: every mediator answers with its public fields
        check_node(node, managed)
