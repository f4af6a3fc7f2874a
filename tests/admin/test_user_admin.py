"""User administration: createUser, resetPassword and deactivateUser.

Each mutation: the data it returns and its effect on logging in, its audit event (which never holds a
password), the scope rule (a user is managed through a membership in the administrator's subtree; outside it,
NOT_FOUND), and every input it validates. Refusals by role are in test_admin_gates.py."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import URL

from tests.admin.conftest import Branch
from tests.admin.support import (
    CREATE_USER,
    DEACTIVATE_TENANT,
    DEACTIVATE_USER,
    GRANT_ROLE,
    PASSWORD,
    RESET_PASSWORD,
    VIEWER,
    assert_error,
    audit_count,
    db_id,
    fake_id,
    gql,
    login,
    new_tenant,
    new_user,
    ok,
    only_event,
    password_grant,
    unique,
    viewer,
)
from tests.helpers import Api, error_code


def user_input(tenant_id: str, **overrides: Any) -> dict[str, Any]:
    fields = {
        "username": unique("u").replace("-", "."),
        "displayName": "赵北",
        "password": PASSWORD,
        "tenantId": tenant_id,
        "roles": ["observer"],
    }
    fields.update(overrides)
    return fields


async def assert_login_refused(api: Api, username: str, password: str) -> None:
    r = await password_grant(api, username, password)
    assert (r.status_code, r.json()["error"]) == (401, "invalid_grant"), r.text


# --- createUser -----------------------------------------------------------------------------------------------


async def test_create_user_returns_the_member_and_the_user_can_log_in(
    api: Api, home: str, owner_url: URL
) -> None:
    username = unique("north").replace("-", ".")
    fields = user_input(
        home,
        username=f" {username.upper()} ",
        displayName=" 赵北 ",
        roles=["observer", "mediator", "observer"],
    )
    made = (await ok(api, "district.admin", CREATE_USER, {"i": fields}))["createUser"]
    assert made["user"] == {
        "id": made["user"]["id"],
        "username": username,
        "displayName": "赵北",
        "isActive": True,
    }
    assert made["member"] == {
        "roles": ["mediator", "observer"],  # sorted, without duplicates
        "roleDetails": [{"name": "mediator", "label": "调解员"}, {"name": "observer", "label": "只读观察员"}],
        "user": {"username": username},
    }
    me = await viewer(api, await login(api, username))
    assert me["user"] == {"id": made["user"]["id"], "username": username}
    assert me["roles"] == ["mediator", "observer"]

    event = await only_event(owner_url, "user.create", db_id(made["user"]["id"]))
    assert (event["actor_name"], event["tenant"], event["object_type"]) == (
        "李文静",
        "district-centre",
        "User",
    )
    assert event["changes"] == {
        "username": [None, username],
        "display_name": [None, "赵北"],
        "tenant_id": [None, str(db_id(home))],
        "roles": [None, ["mediator", "observer"]],
    }
    assert PASSWORD not in str(event)


async def test_a_tenant_admin_creates_users_in_descendants(api: Api, home: str) -> None:
    child = await new_tenant(api, "district.admin", home, kind="COMMITTEE", tier=None, specialty="OTHER")
    user = await new_user(api, "district.admin", child["id"], ["tenant_admin"])
    me = await viewer(api, await login(api, user["username"]))
    assert (me["tenant"]["code"], me["roles"]) == (child["code"], ["tenant_admin"])


BAD_USERS: list[tuple[str, dict[str, Any], str, str]] = [
    ("two-character username", {"username": "ab"}, "BAD_USER_INPUT", "username"),
    ("username with a space", {"username": "zhao bei"}, "BAD_USER_INPUT", "username"),
    ("username starting with a dot", {"username": ".zhaobei"}, "BAD_USER_INPUT", "username"),
    ("Chinese username", {"username": "赵北北"}, "BAD_USER_INPUT", "username"),
    ("username with @", {"username": "zhao@bei"}, "BAD_USER_INPUT", "username"),
    ("65-character username", {"username": "z" * 65}, "BAD_USER_INPUT", "username"),
    ("blank display name", {"displayName": "  "}, "BAD_USER_INPUT", "displayName"),
    ("101-character display name", {"displayName": "赵" * 101}, "BAD_USER_INPUT", "displayName"),
    ("seven-character password", {"password": "Secr-12"}, "BAD_USER_INPUT", "password"),
    ("letters-only password", {"password": "SecretSecret"}, "BAD_USER_INPUT", "password"),
    ("digits-only password", {"password": "1234567890"}, "BAD_USER_INPUT", "password"),
    ("no role", {"roles": []}, "BAD_USER_INPUT", "roles"),
    ("unknown role", {"roles": ["observer", "wizard"]}, "BAD_USER_INPUT", "roles"),
    ("platform_admin granted by a tenant admin", {"roles": ["platform_admin"]}, "BAD_USER_INPUT", "roles"),
    ("taken username", {"username": "district.officer"}, "CONFLICT", "username"),
    ("taken username in capitals", {"username": "District.Officer"}, "CONFLICT", "username"),
    ("unknown tenant", {"tenantId": fake_id("Tenant")}, "NOT_FOUND", "tenantId"),
    ("malformed tenant id", {"tenantId": "???"}, "BAD_USER_INPUT", "tenantId"),
    ("password over 256 characters", {"password": "a1" * 128 + "x"}, "BAD_USER_INPUT", "password"),
    ("password of 800,000 characters", {"password": "a1" * 400_000}, "BAD_USER_INPUT", "password"),
]


@pytest.mark.parametrize(
    ("overrides", "code", "field"), [c[1:] for c in BAD_USERS], ids=[c[0] for c in BAD_USERS]
)
async def test_create_user_rejects_bad_input_and_records_nothing(
    api: Api, home: str, owner_url: URL, overrides: dict[str, Any], code: str, field: str
) -> None:
    before = await audit_count(owner_url, "user.create")
    body = await gql(api, "district.admin", CREATE_USER, {"i": user_input(home, **overrides)})
    ext = assert_error(body, code, field)
    if overrides.get("roles") == ["observer", "wizard"]:
        assert "observer" in ext["allowed"] and "wizard" not in ext["allowed"]
    assert await audit_count(owner_url, "user.create") == before


@pytest.mark.parametrize("password", ["12345678-", "--------"])
async def test_a_password_needs_a_letter(api: Api, home: str, password: str) -> None:
    body = await gql(api, "district.admin", CREATE_USER, {"i": user_input(home, password=password)})
    assert_error(body, "BAD_USER_INPUT", "password")


async def test_create_user_in_a_deactivated_tenant_is_not_found(api: Api, home: str) -> None:
    tenant = await new_tenant(api, "district.admin", home)
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": tenant["id"]}})
    body = await gql(api, "district.admin", CREATE_USER, {"i": user_input(tenant["id"])})
    assert_error(body, "NOT_FOUND", "tenantId")


@pytest.mark.parametrize("tenant", ["district-court", "docking-centre", "platform", "police"])
async def test_create_user_outside_the_subtree_is_not_found(
    api: Api, demo: dict[str, str], owner_url: URL, tenant: str
) -> None:
    before = await audit_count(owner_url, "user.create")
    fields = user_input(demo[tenant])
    assert_error(await gql(api, "district.admin", CREATE_USER, {"i": fields}), "NOT_FOUND", "tenantId")
    assert await audit_count(owner_url, "user.create") == before
    await assert_login_refused(api, fields["username"], PASSWORD)  # no account was made


async def test_platform_admin_creates_users_anywhere_with_any_role(api: Api, court_branch: Branch) -> None:
    user = await new_user(api, "admin", court_branch.tenant_id, ["platform_admin", "court_clerk"])
    me = await viewer(api, await login(api, user["username"]))
    assert (me["tenant"]["code"], me["roles"]) == (court_branch.code, ["court_clerk", "platform_admin"])


# --- resetPassword --------------------------------------------------------------------------------------------


async def test_reset_password_swaps_the_password(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["observer"])
    old_token = await login(api, user["username"])
    assert (await viewer(api, old_token))["user"]["id"] == user["id"]
    new_password = "Fresh-Start-42"
    reset = await ok(
        api, "district.admin", RESET_PASSWORD, {"i": {"userId": user["id"], "password": new_password}}
    )
    assert reset["resetPassword"]["user"] == {
        "id": user["id"],
        "username": user["username"],
        "isActive": True,
    }
    await assert_login_refused(api, user["username"], PASSWORD)
    assert (await viewer(api, await login(api, user["username"], new_password)))["user"]["id"] == user["id"]
    # A token issued with the old password (a stolen one, say) stops working at once, not when it expires.
    assert error_code(await gql(api, old_token, VIEWER)) == "UNAUTHENTICATED"

    event = await only_event(owner_url, "user.password.reset", db_id(user["id"]))
    # the trail says that it happened, never what the password is
    assert event["changes"] == {"password_reset": [None, True]}
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")
    assert new_password not in str(event) and PASSWORD not in str(event)


async def test_reset_password_rejects_bad_input_and_records_nothing(
    api: Api, home: str, owner_url: URL
) -> None:
    user = await new_user(api, "district.admin", home, ["observer"])
    before = await audit_count(owner_url, "user.password.reset")
    for user_id, password, code, field in (
        (user["id"], "short-1", "BAD_USER_INPUT", "password"),
        (user["id"], "abcdefghijk", "BAD_USER_INPUT", "password"),
        (user["id"], "98765432100", "BAD_USER_INPUT", "password"),
        (user["id"], "a1" * 128 + "x", "BAD_USER_INPUT", "password"),  # 257: over the cap
        (fake_id("User"), "Fine-Password-1", "NOT_FOUND", "userId"),
        (fake_id("Tenant"), "Fine-Password-1", "NOT_FOUND", "userId"),
        ("garbage", "Fine-Password-1", "BAD_USER_INPUT", "userId"),
    ):
        body = await gql(
            api, "district.admin", RESET_PASSWORD, {"i": {"userId": user_id, "password": password}}
        )
        assert_error(body, code, field)
    assert await audit_count(owner_url, "user.password.reset") == before
    await login(api, user["username"])  # the old password still works


async def test_reset_password_outside_the_subtree_is_not_found(
    api: Api, court_branch: Branch, owner_url: URL
) -> None:
    court_clerk = (await ok(api, "court.clerk", VIEWER))["viewer"]["user"]["id"]
    platform_admin = (await ok(api, "admin", VIEWER))["viewer"]["user"]["id"]
    before = await audit_count(owner_url, "user.password.reset")
    for user_id in (court_branch.member_id, court_clerk, platform_admin):
        body = await gql(
            api, "district.admin", RESET_PASSWORD, {"i": {"userId": user_id, "password": "Hijack-123"}}
        )
        assert_error(body, "NOT_FOUND", "userId")
    assert await audit_count(owner_url, "user.password.reset") == before
    # admin may reset anyone's password (a fresh user of the court branch, not a demo account)
    victim = await new_user(api, "admin", court_branch.tenant_id, ["court_clerk"])
    await ok(api, "admin", RESET_PASSWORD, {"i": {"userId": victim["id"], "password": "Platform-Set-1"}})
    await login(api, victim["username"], "Platform-Set-1")


# --- deactivateUser -------------------------------------------------------------------------------------------


async def test_deactivate_user_shuts_the_user_out_at_once(api: Api, home: str, owner_url: URL) -> None:
    user = await new_user(api, "district.admin", home, ["mediator"])
    token = await login(api, user["username"])
    assert (await viewer(api, token))["roles"] == ["mediator"]

    done = await ok(api, "district.admin", DEACTIVATE_USER, {"i": {"userId": user["id"]}})
    assert done["deactivateUser"]["user"] == {
        "id": user["id"],
        "username": user["username"],
        "isActive": False,
    }
    # the token it already holds stops working on the very next request; no new one is issued
    assert_error(await gql(api, token, VIEWER), "UNAUTHENTICATED")
    await assert_login_refused(api, user["username"], PASSWORD)
    # and it cannot be given a role any more
    body = await gql(
        api, "district.admin", GRANT_ROLE, {"i": {"userId": user["id"], "tenantId": home, "role": "observer"}}
    )
    assert_error(body, "NOT_FOUND", "userId")

    event = await only_event(owner_url, "user.deactivate", db_id(user["id"]))
    assert event["changes"] == {"is_active": [True, False]}
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")
    # deactivating again answers the same and records nothing more
    again = await ok(api, "district.admin", DEACTIVATE_USER, {"i": {"userId": user["id"]}})
    assert again["deactivateUser"]["user"]["isActive"] is False
    await only_event(owner_url, "user.deactivate", db_id(user["id"]))


async def test_deactivate_user_refuses_oneself_and_unknown_users(api: Api, owner_url: URL) -> None:
    me = (await ok(api, "district.admin", VIEWER))["viewer"]["user"]["id"]
    before = await audit_count(owner_url, "user.deactivate")
    for user_id, code in (
        (me, "BAD_USER_INPUT"),
        (fake_id("User"), "NOT_FOUND"),
        (fake_id("ApiClient"), "NOT_FOUND"),
    ):
        assert_error(
            await gql(api, "district.admin", DEACTIVATE_USER, {"i": {"userId": user_id}}), code, "userId"
        )
    assert await audit_count(owner_url, "user.deactivate") == before
    assert (await ok(api, "district.admin", VIEWER))["viewer"]["user"]["id"] == me


async def test_deactivate_user_outside_the_subtree_is_not_found(api: Api, court_branch: Branch) -> None:
    court_clerk = (await ok(api, "court.clerk", VIEWER))["viewer"]["user"]["id"]
    for user_id in (court_branch.member_id, court_clerk):
        assert_error(
            await gql(api, "district.admin", DEACTIVATE_USER, {"i": {"userId": user_id}}),
            "NOT_FOUND",
            "userId",
        )
    await ok(api, "court.clerk", VIEWER)  # still active
    victim = await new_user(api, "admin", court_branch.tenant_id, ["court_clerk"])
    done = await ok(api, "admin", DEACTIVATE_USER, {"i": {"userId": victim["id"]}})
    assert done["deactivateUser"]["user"]["isActive"] is False
    await assert_login_refused(api, victim["username"], PASSWORD)
