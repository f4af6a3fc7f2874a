"""Role grants: grantRole, revokeRole and the `roles` query.

A grant or a revocation is read with the principal on every request, so it takes effect on the next request
with the token the user already holds. Who may grant what: platform administrators every role, tenant
administrators every role but platform_admin, inside their subtree. Refusals by role are in
test_admin_gates.py."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy.engine import URL

from tests.admin.conftest import Branch
from tests.admin.support import (
    DEACTIVATE_TENANT,
    GRANT_ROLE,
    MIN_CASE,
    PASSWORD,
    RESET_PASSWORD,
    REVOKE_ROLE,
    TENANT_NODE,
    VIEWER,
    Token,
    assert_error,
    audit_count,
    audit_events,
    client_token,
    db_id,
    fake_id,
    gql,
    login,
    new_client,
    new_tenant,
    new_user,
    ok,
    owner_fetch,
    password_grant,
    viewer,
)
from tests.helpers import Api

CSV_ROLES = {
    "platform_admin",
    "tenant_admin",
    "court_clerk",
    "docking_officer",
    "centre_officer",
    "mediator",
    "department_officer",
    "lawyer",
    "auditor",
    "observer",
    "api_client",
}


def grant(user_id: str, tenant_id: str, role: str) -> dict[str, dict[str, str]]:
    return {"i": {"userId": user_id, "tenantId": tenant_id, "role": role}}


async def membership_id(owner_url: URL, user_id: str, tenant_id: str) -> uuid.UUID | None:
    rows = await owner_fetch(
        owner_url,
        "SELECT id FROM memberships WHERE user_id = $1 AND tenant_id = $2",
        db_id(user_id),
        db_id(tenant_id),
    )
    return uuid.UUID(str(rows[0]["id"])) if rows else None


# --- grantRole ------------------------------------------------------------------------------------------------


async def test_grant_role_takes_effect_on_the_next_request(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["observer"])
    token = await login(api, user["username"])
    assert_error(await gql(api, token, MIN_CASE), "FORBIDDEN")

    granted = await ok(api, "district.admin", GRANT_ROLE, grant(user["id"], home, "mediator"))
    assert granted["grantRole"] == {
        "user": {"id": user["id"], "username": user["username"]},
        "roles": ["mediator", "observer"],
    }
    # same token, next request: the new role is there
    assert (await viewer(api, token))["roles"] == ["mediator", "observer"]
    assert (await ok(api, token, MIN_CASE))["createCase"]["case"]["id"]

    membership = await membership_id(owner_url, user["id"], home)
    [event] = await audit_events(owner_url, "role.grant", membership)
    assert event["object_type"] == "Membership"
    assert event["changes"] == {
        "roles": [["observer"], ["mediator", "observer"]],
        "user_id": [None, str(db_id(user["id"]))],
        "tenant_id": [None, str(db_id(home))],
    }
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")


async def test_granting_a_role_held_already_changes_nothing(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["mediator", "observer"])
    before = await audit_count(owner_url, "role.grant")
    again = await ok(api, "district.admin", GRANT_ROLE, grant(user["id"], home, "observer"))
    assert again["grantRole"]["roles"] == ["mediator", "observer"]
    assert await audit_count(owner_url, "role.grant") == before


async def test_grant_in_another_tenant_adds_a_membership(api: Api, home: str, owner_url: URL) -> None:
    """A role in a second tenant makes the user a member of two tenants: logging in then names one."""
    second = await new_tenant(api, "district.admin", home, kind="COMMITTEE", tier=None, specialty="OTHER")
    user = await new_user(api, "district.admin", home, ["observer"])
    granted = await ok(api, "district.admin", GRANT_ROLE, grant(user["id"], second["id"], "mediator"))
    assert granted["grantRole"]["roles"] == ["mediator"]
    [event] = await audit_events(
        owner_url, "role.grant", await membership_id(owner_url, user["id"], second["id"])
    )
    assert event["changes"]["roles"] == [[], ["mediator"]]

    r = await password_grant(api, user["username"], PASSWORD)
    assert (r.status_code, r.json()["error"]) == (400, "invalid_request")
    home_code = (await ok(api, "district.admin", TENANT_NODE, {"id": home}))["node"]["code"]
    assert {t["code"] for t in r.json()["tenants"]} == {home_code, second["code"]}
    there = await viewer(api, await login(api, user["username"], tenant=second["code"]))
    assert (there["tenant"]["code"], there["roles"]) == (second["code"], ["mediator"])
    here = await viewer(api, await login(api, user["username"], tenant=home_code))
    assert (here["tenant"]["code"], here["roles"]) == (home_code, ["observer"])


async def test_grant_role_rejects_bad_input_and_records_nothing(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["observer"])
    closed = await new_tenant(api, "district.admin", home)
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": closed["id"]}})
    cases = [
        (grant(user["id"], home, "wizard"), "BAD_USER_INPUT", "role"),
        (grant(user["id"], home, ""), "BAD_USER_INPUT", "role"),
        (grant(user["id"], home, "platform_admin"), "BAD_USER_INPUT", "role"),  # a tenant admin cannot
        (grant(user["id"], closed["id"], "mediator"), "NOT_FOUND", "tenantId"),
        (grant(user["id"], fake_id("Tenant"), "mediator"), "NOT_FOUND", "tenantId"),
        (grant(fake_id("User"), home, "mediator"), "NOT_FOUND", "userId"),
        (grant("%%%", home, "mediator"), "BAD_USER_INPUT", "userId"),
    ]
    before = await audit_count(owner_url, "role.grant")
    for variables, code, field in cases:
        assert_error(await gql(api, "district.admin", GRANT_ROLE, variables), code, field)
    assert await audit_count(owner_url, "role.grant") == before
    assert (await viewer(api, await login(api, user["username"])))["roles"] == ["observer"]


@pytest.mark.parametrize("tenant", ["district-court", "docking-centre", "platform", "housing"])
async def test_grant_role_in_a_tenant_outside_the_subtree_is_not_found(
    api: Api, demo: dict[str, str], home: str, tenant: str
) -> None:
    user = (await ok(api, "district.officer", VIEWER))["viewer"]["user"]["id"]
    body = await gql(api, "district.admin", GRANT_ROLE, grant(user, demo[tenant], "observer"))
    assert_error(body, "NOT_FOUND", "tenantId")


async def test_platform_admin_grants_platform_admin(api: Api, court_branch: Branch) -> None:
    user = await new_user(api, "admin", court_branch.tenant_id, ["court_clerk"])
    granted = await ok(api, "admin", GRANT_ROLE, grant(user["id"], court_branch.tenant_id, "platform_admin"))
    assert granted["grantRole"]["roles"] == ["court_clerk", "platform_admin"]


async def test_grant_role_to_a_user_outside_the_subtree_is_not_found(
    api: Api, demo: dict[str, str], court_branch: Branch
) -> None:
    victim = await new_user(api, "admin", court_branch.tenant_id, ["court_clerk", "platform_admin"])
    body = await gql(
        api, "district.admin", GRANT_ROLE, grant(victim["id"], demo["district-centre"], "observer")
    )
    assert_error(body, "NOT_FOUND", "userId")
    # and so the victim stays out of reach: its password cannot be reset from the district
    hijack = await gql(
        api, "district.admin", RESET_PASSWORD, {"i": {"userId": victim["id"], "password": "Hijacked-1"}}
    )
    assert_error(hijack, "NOT_FOUND", "userId")
    r = await password_grant(api, victim["username"], "Hijacked-1", court_branch.code)
    assert r.status_code == 401


# --- revokeRole -----------------------------------------------------------------------------------------------


async def test_revoke_role_is_gone_on_the_very_next_request(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["mediator", "observer"])
    token = await login(api, user["username"])
    assert (await ok(api, token, MIN_CASE))["createCase"]["case"]["id"]

    revoked = await ok(api, "district.admin", REVOKE_ROLE, grant(user["id"], home, "mediator"))
    assert revoked["revokeRole"] == {
        "user": {"id": user["id"], "username": user["username"]},
        "roles": ["observer"],
    }
    assert (await viewer(api, token))["roles"] == ["observer"]
    body = await gql(api, token, MIN_CASE)
    assert_error(body, "FORBIDDEN")
    assert body["errors"][0]["extensions"]["action"] == "case:create"

    membership = await membership_id(owner_url, user["id"], home)
    [event] = await audit_events(owner_url, "role.revoke", membership)
    assert event["changes"] == {
        "roles": [["mediator", "observer"], ["observer"]],
        "user_id": [None, str(db_id(user["id"]))],
        "tenant_id": [None, str(db_id(home))],
    }
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")


async def test_revoking_the_last_role_ends_the_membership(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["observer"])
    token = await login(api, user["username"])
    membership = await membership_id(owner_url, user["id"], home)
    revoked = await ok(api, "district.admin", REVOKE_ROLE, grant(user["id"], home, "observer"))
    assert revoked["revokeRole"]["roles"] == []
    assert await membership_id(owner_url, user["id"], home) is None
    assert_error(await gql(api, token, VIEWER), "UNAUTHENTICATED")
    r = await password_grant(api, user["username"], PASSWORD)
    assert (r.status_code, r.json()["error"]) == (401, "invalid_grant")
    [event] = await audit_events(owner_url, "role.revoke", membership)
    assert event["changes"]["roles"] == [["observer"], []]


async def test_revoke_role_rejects_bad_input_and_records_nothing(
    api: Api, demo: dict[str, str], home: str, owner_url: URL
) -> None:
    user = await new_user(api, "district.admin", home, ["observer"])
    other = await new_tenant(api, "district.admin", home)
    admin_of_home = await new_user(api, "admin", home, ["platform_admin"])
    me = (await ok(api, "district.admin", VIEWER))["viewer"]["user"]["id"]
    cases = [
        (grant(user["id"], home, "mediator"), "NOT_FOUND", "role"),  # a role it does not hold
        (grant(user["id"], home, "wizard"), "BAD_USER_INPUT", "role"),  # not a role at all
        (grant(user["id"], other["id"], "observer"), "NOT_FOUND", "role"),  # no membership there
        (grant(fake_id("User"), home, "observer"), "NOT_FOUND", "role"),
        (grant(me, demo["district-centre"], "tenant_admin"), "BAD_USER_INPUT", "role"),  # its own admin role
        (grant(admin_of_home["id"], home, "platform_admin"), "BAD_USER_INPUT", "role"),  # above its station
        (grant(user["id"], fake_id("Tenant"), "observer"), "NOT_FOUND", "tenantId"),
    ]
    before = await audit_count(owner_url, "role.revoke")
    for variables, code, field in cases:
        assert_error(await gql(api, "district.admin", REVOKE_ROLE, variables), code, field)
    assert await audit_count(owner_url, "role.revoke") == before
    assert (await ok(api, "district.admin", VIEWER))["viewer"]["roles"] == ["tenant_admin"]
    assert (await viewer(api, await login(api, admin_of_home["username"])))["roles"] == ["platform_admin"]


async def test_another_admin_may_revoke_an_admin_role(api: Api, home: str) -> None:
    """Only one's own admin role is protected; a fellow administrator's is not."""
    peer = await new_user(api, "district.admin", home, ["observer", "tenant_admin"])
    revoked = await ok(api, "district.admin", REVOKE_ROLE, grant(peer["id"], home, "tenant_admin"))
    assert revoked["revokeRole"]["roles"] == ["observer"]
    # …and a platform administrator cannot drop its own platform_admin role either
    plat = await new_user(api, "admin", home, ["platform_admin"])
    plat_token = await login(api, plat["username"])
    body = await gql(api, plat_token, REVOKE_ROLE, grant(plat["id"], home, "platform_admin"))
    assert_error(body, "BAD_USER_INPUT", "role")


async def test_revoke_role_outside_the_subtree_is_not_found(
    api: Api, demo: dict[str, str], court_branch: Branch, owner_url: URL
) -> None:
    court_clerk = (await ok(api, "court.clerk", VIEWER))["viewer"]["user"]["id"]
    before = await audit_count(owner_url, "role.revoke")
    for user_id, tenant_id in (
        (court_clerk, demo["district-court"]),
        (court_branch.member_id, court_branch.tenant_id),
    ):
        body = await gql(api, "district.admin", REVOKE_ROLE, grant(user_id, tenant_id, "court_clerk"))
        assert_error(body, "NOT_FOUND", "tenantId")
    assert await audit_count(owner_url, "role.revoke") == before
    assert (await ok(api, "court.clerk", VIEWER))["viewer"]["roles"] == ["court_clerk"]
    # admin may revoke anywhere (on a fresh user of the court branch)
    user = await new_user(api, "admin", court_branch.tenant_id, ["court_clerk", "observer"])
    revoked = await ok(api, "admin", REVOKE_ROLE, grant(user["id"], court_branch.tenant_id, "court_clerk"))
    assert revoked["revokeRole"]["roles"] == ["observer"]


# --- the roles query ------------------------------------------------------------------------------------------


async def test_roles_lists_the_built_in_roles_with_chinese_labels(api: Api) -> None:
    roles = (await ok(api, "district.officer", "{ roles { name label } }"))["roles"]
    assert [r["name"] for r in roles] == sorted(CSV_ROLES)
    labels = {r["name"]: r["label"] for r in roles}
    assert labels["platform_admin"] == "平台管理员"
    assert labels["tenant_admin"] == "机构管理员"
    assert labels["api_client"] == "外部应用"
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", label) for label in labels.values()), labels
    assert len(set(labels.values())) == len(labels)


async def test_client_token_sees_the_roles_too(api: Api) -> None:
    made = await new_client(api, "district.admin")
    token: Token = await client_token(api, made["clientId"], made["clientSecret"])
    assert {r["name"] for r in (await ok(api, token, "{ roles { name } }"))["roles"]} == CSV_ROLES
