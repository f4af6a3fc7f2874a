"""API clients: createApiClient, rotateApiClientSecret, revokeApiClient, the `apiClients` list, and the
client_credentials grant (HTTP Basic or form fields, RFC 6749 §2.3.1).

A client belongs to the tenant of the administrator who made it; administrators manage the clients of their
subtree (others answer NOT_FOUND). The secret is shown once, stored hashed, and never written to the trail.
Refusals by role are in test_admin_gates.py."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import URL

from tests.admin.conftest import Branch
from tests.admin.support import (
    API_CLIENTS,
    CREATE_CLIENT,
    DEACTIVATE_TENANT,
    REVOKE_CLIENT,
    ROTATE_CLIENT,
    Token,
    assert_error,
    audit_count,
    client_grant,
    client_token,
    db_id,
    fake_id,
    gql,
    login,
    new_client,
    new_tenant,
    new_user,
    ok,
    only_event,
)
from tests.helpers import Api, error_code

CASES = "{ cases(first: 5) { edges { node { id } } } }"


async def listed(api: Api, actor: str | Token) -> list[dict[str, Any]]:
    """Every client the actor's `apiClients` lists, newest first (all pages)."""
    out: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await ok(api, actor, API_CLIENTS, {"n": 100, "a": after}))["apiClients"]
        out += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return out
        after = page["pageInfo"]["endCursor"]


def assert_invalid_client(r: Any) -> None:
    assert r.status_code == 401, r.text
    assert r.json()["error"] == "invalid_client"
    assert r.headers["cache-control"] == "no-store"


# --- createApiClient ------------------------------------------------------------------------------------------


async def test_create_api_client_shows_the_secret_once(api: Api, owner_url: URL) -> None:
    made = (await ok(api, "district.admin", CREATE_CLIENT, {"i": {"name": "  12345热线对接  "}}))[
        "createApiClient"
    ]
    client = made["apiClient"]
    assert made["clientId"].startswith("cc_") and made["clientId"] == client["clientId"]
    assert len(made["clientSecret"]) >= 32
    assert client["name"] == "12345热线对接"
    assert client["roles"] == ["api_client"]  # the default
    assert (client["isActive"], client["rotatedAt"], client["revokedAt"]) == (True, None, None)
    # it belongs to the creator's tenant, and the list never shows a secret again
    assert client in await listed(api, "district.admin")
    token = await client_token(api, made["clientId"], made["clientSecret"])
    assert (await ok(api, token, "{ viewer { tenant { code } roles } }"))["viewer"] == {
        "tenant": {"code": "district-centre"},
        "roles": ["api_client"],
    }

    event = await only_event(owner_url, "client.create", db_id(client["id"]))
    assert event["changes"] == {
        "name": [None, "12345热线对接"],
        "client_id": [None, made["clientId"]],
        "roles": [None, ["api_client"]],
    }
    assert (event["actor_name"], event["tenant"], event["object_type"]) == (
        "李文静",
        "district-centre",
        "ApiClient",
    )
    assert made["clientSecret"] not in str(event)


async def test_a_client_holds_the_roles_it_was_given(api: Api) -> None:
    made = await new_client(api, "district.admin", "审计对接", roles=["auditor", "observer"])
    assert made["apiClient"]["roles"] == ["auditor", "observer"]
    token = await client_token(api, made["clientId"], made["clientSecret"])
    await ok(api, token, "{ auditEvents(first: 1) { edges { node { id } } } }")
    assert_error(
        await gql(api, token, 'mutation { createApiClient(input: {name: "x"}) { clientId } }'), "FORBIDDEN"
    )


BAD_CLIENTS: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("blank name", "district.admin", {"name": "   "}, "BAD_USER_INPUT", "name"),
    ("101-character name", "district.admin", {"name": "应" * 101}, "BAD_USER_INPUT", "name"),
    (
        "tenant_admin role",
        "district.admin",
        {"name": "x", "roles": ["tenant_admin"]},
        "BAD_USER_INPUT",
        "roles",
    ),
    (
        "platform_admin role",
        "district.admin",
        {"name": "x", "roles": ["platform_admin"]},
        "BAD_USER_INPUT",
        "roles",
    ),
    ("admin role from admin", "admin", {"name": "x", "roles": ["platform_admin"]}, "BAD_USER_INPUT", "roles"),
    (
        "admin among others",
        "admin",
        {"name": "x", "roles": ["observer", "tenant_admin"]},
        "BAD_USER_INPUT",
        "roles",
    ),
    ("unknown role", "district.admin", {"name": "x", "roles": ["wizard"]}, "BAD_USER_INPUT", "roles"),
]


@pytest.mark.parametrize(
    ("actor", "fields", "code", "field"), [c[1:] for c in BAD_CLIENTS], ids=[c[0] for c in BAD_CLIENTS]
)
async def test_create_api_client_rejects_bad_input_and_records_nothing(
    api: Api, owner_url: URL, actor: str, fields: dict[str, Any], code: str, field: str
) -> None:
    before = await audit_count(owner_url, "client.create")
    assert_error(await gql(api, actor, CREATE_CLIENT, {"i": fields}), code, field)
    assert await audit_count(owner_url, "client.create") == before


# --- apiClients -----------------------------------------------------------------------------------------------


async def test_api_clients_lists_the_subtree_newest_first(api: Api, home: str, court_branch: Branch) -> None:
    first = await new_client(api, "district.admin", "先建的应用")
    second = await new_client(api, "district.admin", "后建的应用")
    # a client of a tenant below district-centre, made by that tenant's own administrator
    below = await new_tenant(api, "district.admin", home)
    below_admin = await login(
        api, (await new_user(api, "district.admin", below["id"], ["tenant_admin"]))["username"]
    )
    third = await new_client(api, below_admin, "下级机构应用")

    ours = [c["id"] for c in await listed(api, "district.admin")]
    assert (
        ours.index(third["apiClient"]["id"])
        < ours.index(second["apiClient"]["id"])
        < ours.index(first["apiClient"]["id"])
    )
    assert court_branch.client_id not in ours
    # the lower tenant sees its own only; the court branch its own only; the platform all of them
    assert [c["id"] for c in await listed(api, below_admin)] == [third["apiClient"]["id"]]
    theirs = [c["id"] for c in await listed(api, court_branch.admin)]
    assert court_branch.client_id in theirs and first["apiClient"]["id"] not in theirs
    everything = {c["id"] for c in await listed(api, "admin")}
    assert {first["apiClient"]["id"], third["apiClient"]["id"], court_branch.client_id} <= everything


async def test_api_clients_pages_with_cursors(api: Api, home: str) -> None:
    tenant = await new_tenant(api, "district.admin", home)
    admin = await login(
        api, (await new_user(api, "district.admin", tenant["id"], ["tenant_admin"]))["username"]
    )
    made = [(await new_client(api, admin, f"应用{i}"))["apiClient"]["id"] for i in range(3)]
    page1 = (await ok(api, admin, API_CLIENTS, {"n": 2}))["apiClients"]
    assert [e["node"]["id"] for e in page1["edges"]] == made[::-1][:2]
    assert page1["pageInfo"]["hasNextPage"] is True
    page2 = (await ok(api, admin, API_CLIENTS, {"n": 2, "a": page1["pageInfo"]["endCursor"]}))["apiClients"]
    assert [e["node"]["id"] for e in page2["edges"]] == [made[0]]
    assert page2["pageInfo"]["hasNextPage"] is False


async def test_api_clients_needs_client_management(api: Api) -> None:
    for user in ("district.officer", "court.clerk", "lawyer.li"):
        body = await gql(api, user, API_CLIENTS)
        assert_error(body, "FORBIDDEN")
        assert body["errors"][0]["extensions"]["action"] == "client:manage"
    assert_error(await gql(api, None, API_CLIENTS), "UNAUTHENTICATED")


# --- client_credentials ---------------------------------------------------------------------------------------


async def test_client_credentials_by_basic_auth_and_by_form(api: Api) -> None:
    made = await new_client(api, "district.admin")
    for basic in (True, False):
        r = await client_grant(api, made["clientId"], made["clientSecret"], basic=basic)
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["token_type"], body["tenant"]) == ("bearer", "district-centre")
        assert body["expires_in"] > 0 and r.headers["cache-control"] == "no-store"
        await ok(api, Token(body["access_token"]), CASES)


async def test_client_credentials_refuses_bad_credentials(api: Api) -> None:
    made = await new_client(api, "district.admin")
    other = await new_client(api, "district.admin")
    for basic in (True, False):
        assert_invalid_client(
            await client_grant(api, made["clientId"], made["clientSecret"] + "x", basic=basic)
        )
        assert_invalid_client(await client_grant(api, made["clientId"], other["clientSecret"], basic=basic))
        assert_invalid_client(await client_grant(api, "cc_nobody", made["clientSecret"], basic=basic))
    # a missing secret is a malformed request, not a failed authentication
    r = await api.client.post(
        "/auth/token", data={"grant_type": "client_credentials", "client_id": made["clientId"]}
    )
    assert (r.status_code, r.json()["error"]) == (400, "invalid_request")


async def test_a_user_password_is_no_client_secret(api: Api) -> None:
    """client_credentials looks up clients only: a username and its password are not a client."""
    assert_invalid_client(await client_grant(api, "district.admin", "demo"))


# --- rotateApiClientSecret ------------------------------------------------------------------------------------


async def test_rotate_secret_retires_the_old_one(api: Api, owner_url: URL) -> None:
    made = await new_client(api, "district.admin")
    old = made["clientSecret"]
    old_token = await client_token(api, made["clientId"], old)
    await ok(api, old_token, CASES)
    rotated = (await ok(api, "district.admin", ROTATE_CLIENT, {"id": made["apiClient"]["id"]}))[
        "rotateApiClientSecret"
    ]
    assert rotated["clientId"] == made["clientId"]
    assert rotated["clientSecret"] != old and len(rotated["clientSecret"]) >= 32
    assert rotated["apiClient"]["rotatedAt"] and rotated["apiClient"]["isActive"] is True
    for basic in (True, False):
        assert_invalid_client(await client_grant(api, made["clientId"], old, basic=basic))
        assert (
            await client_grant(api, made["clientId"], rotated["clientSecret"], basic=basic)
        ).status_code == 200
    # Tokens issued under the old secret stop working at once; those under the new one work.
    assert error_code(await gql(api, old_token, CASES)) == "UNAUTHENTICATED"
    await ok(api, await client_token(api, made["clientId"], rotated["clientSecret"]), CASES)

    event = await only_event(owner_url, "client.secret.rotate", db_id(made["apiClient"]["id"]))
    assert event["changes"] == {"secret_rotated": [None, True]}
    assert old not in str(event) and rotated["clientSecret"] not in str(event)


async def test_rotate_refuses_revoked_and_unknown_clients(api: Api, owner_url: URL) -> None:
    made = await new_client(api, "district.admin")
    await ok(api, "district.admin", REVOKE_CLIENT, {"id": made["apiClient"]["id"]})
    before = await audit_count(owner_url, "client.secret.rotate")
    for client_id, code in (
        (made["apiClient"]["id"], "BAD_USER_INPUT"),
        (fake_id("ApiClient"), "NOT_FOUND"),
        (fake_id("User"), "NOT_FOUND"),
        ("@@", "BAD_USER_INPUT"),
    ):
        assert_error(await gql(api, "district.admin", ROTATE_CLIENT, {"id": client_id}), code, "apiClientId")
    assert await audit_count(owner_url, "client.secret.rotate") == before
    assert_invalid_client(await client_grant(api, made["clientId"], made["clientSecret"]))


# --- revokeApiClient ------------------------------------------------------------------------------------------


async def test_revoke_bites_on_the_next_request(api: Api, owner_url: URL) -> None:
    made = await new_client(api, "district.admin")
    token = await client_token(api, made["clientId"], made["clientSecret"])
    await ok(api, token, CASES)
    revoked = (await ok(api, "district.admin", REVOKE_CLIENT, {"id": made["apiClient"]["id"]}))[
        "revokeApiClient"
    ]
    assert revoked["apiClient"]["isActive"] is False and revoked["apiClient"]["revokedAt"]
    assert_error(await gql(api, token, CASES), "UNAUTHENTICATED")
    for basic in (True, False):
        assert_invalid_client(await client_grant(api, made["clientId"], made["clientSecret"], basic=basic))
    assert revoked["apiClient"] in await listed(api, "district.admin")  # still listed, as revoked

    event = await only_event(owner_url, "client.revoke", db_id(made["apiClient"]["id"]))
    assert event["changes"] == {"is_active": [True, False]}
    assert (event["actor_name"], event["tenant"]) == ("李文静", "district-centre")
    # revoking again answers the same and records nothing more
    again = await ok(api, "district.admin", REVOKE_CLIENT, {"id": made["apiClient"]["id"]})
    assert again["revokeApiClient"]["apiClient"] == revoked["apiClient"]
    await only_event(owner_url, "client.revoke", db_id(made["apiClient"]["id"]))


async def test_revoke_unknown_client_is_not_found(api: Api, owner_url: URL) -> None:
    before = await audit_count(owner_url, "client.revoke")
    assert_error(
        await gql(api, "district.admin", REVOKE_CLIENT, {"id": fake_id("ApiClient")}),
        "NOT_FOUND",
        "apiClientId",
    )
    assert await audit_count(owner_url, "client.revoke") == before


# --- scope ----------------------------------------------------------------------------------------------------


async def test_clients_outside_the_subtree_are_not_found(
    api: Api, court_branch: Branch, owner_url: URL
) -> None:
    before = (
        await audit_count(owner_url, "client.secret.rotate"),
        await audit_count(owner_url, "client.revoke"),
    )
    for mutation in (ROTATE_CLIENT, REVOKE_CLIENT):
        assert_error(
            await gql(api, "district.admin", mutation, {"id": court_branch.client_id}),
            "NOT_FOUND",
            "apiClientId",
        )
    after = (
        await audit_count(owner_url, "client.secret.rotate"),
        await audit_count(owner_url, "client.revoke"),
    )
    assert after == before
    # the court branch's client is untouched
    [client] = [c for c in await listed(api, court_branch.admin) if c["id"] == court_branch.client_id]
    assert (client["isActive"], client["rotatedAt"]) == (True, None)


async def test_a_district_client_is_out_of_a_lower_admins_reach(api: Api, home: str) -> None:
    """Scope runs downwards only: a lower tenant's administrator cannot touch district-centre's clients."""
    made = await new_client(api, "district.admin")
    lower_admin = await login(
        api, (await new_user(api, "district.admin", home, ["tenant_admin"]))["username"]
    )
    for mutation in (ROTATE_CLIENT, REVOKE_CLIENT):
        assert_error(
            await gql(api, lower_admin, mutation, {"id": made["apiClient"]["id"]}), "NOT_FOUND", "apiClientId"
        )


async def test_admins_manage_the_clients_of_their_subtree(api: Api, home: str, court_branch: Branch) -> None:
    # district.admin, on a client of a tenant below it
    lower_admin = await login(
        api, (await new_user(api, "district.admin", home, ["tenant_admin"]))["username"]
    )
    lower = await new_client(api, lower_admin, "社区应用")
    rotated = await ok(api, "district.admin", ROTATE_CLIENT, {"id": lower["apiClient"]["id"]})
    assert (
        await client_grant(api, lower["clientId"], rotated["rotateApiClientSecret"]["clientSecret"])
    ).status_code == 200
    await ok(api, "district.admin", REVOKE_CLIENT, {"id": lower["apiClient"]["id"]})
    # admin, on a client of the court branch (a fresh one: the fixture's stays active)
    theirs = await new_client(api, court_branch.admin, "法庭应用")
    token = await client_token(api, theirs["clientId"], theirs["clientSecret"])
    await ok(api, "admin", ROTATE_CLIENT, {"id": theirs["apiClient"]["id"]})
    await ok(api, "admin", REVOKE_CLIENT, {"id": theirs["apiClient"]["id"]})
    assert_error(await gql(api, token, CASES), "UNAUTHENTICATED")


async def test_deactivating_the_tenant_shuts_out_its_clients(api: Api, home: str) -> None:
    tenant = await new_tenant(api, "district.admin", home)
    tenant_admin = await login(
        api, (await new_user(api, "district.admin", tenant["id"], ["tenant_admin"]))["username"]
    )
    made = await new_client(api, tenant_admin)
    token = await client_token(api, made["clientId"], made["clientSecret"])
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": tenant["id"]}})
    assert_error(await gql(api, token, CASES), "UNAUTHENTICATED")
    assert_invalid_client(await client_grant(api, made["clientId"], made["clientSecret"]))


async def test_a_refused_basic_client_is_challenged_with_basic(api: Api) -> None:
    made = await new_client(api, "district.admin")
    r = await client_grant(api, made["clientId"], "not-the-secret", basic=True)
    assert_invalid_client(r)
    challenge = r.headers["www-authenticate"]
    assert challenge.lower().startswith("basic") and "invalid_grant" not in challenge
