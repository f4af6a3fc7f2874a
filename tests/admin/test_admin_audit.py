"""The administrative trail: every admin mutation leaves its event, readable through `auditEvents` by the
district's administrator (who holds audit:read); and no password or secret ever reaches audit_events, however
it was used — created, reset, rotated, or tried and refused at the token endpoint."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.engine import URL

from tests.admin.support import (
    CREATE_CLIENT,
    CREATE_USER,
    DEACTIVATE_TENANT,
    DEACTIVATE_USER,
    GRANT_ROLE,
    MOVE_TENANT,
    RESET_PASSWORD,
    REVOKE_CLIENT,
    REVOKE_ROLE,
    ROTATE_CLIENT,
    UPDATE_TENANT,
    assert_error,
    client_grant,
    db_id,
    gql,
    login,
    new_client,
    new_tenant,
    new_user,
    ok,
    owner_fetch,
    password_grant,
)
from tests.helpers import Api

AUDIT = """query($action: String!) { auditEvents(first: 20, filter: {action: $action}) { edges { node {
  action actionLabel objectType objectId actor { type name } tenant { code } requestId
  changes { field before after } } } } }"""


async def trail(api: Api, actor: str, action: str) -> list[dict[str, Any]]:
    data = await ok(api, actor, AUDIT, {"action": action})
    return [e["node"] for e in data["auditEvents"]["edges"]]


def changes(event: dict[str, Any]) -> dict[str, list[Any]]:
    return {c["field"]: [c["before"], c["after"]] for c in event["changes"]}


async def test_every_admin_mutation_is_in_audit_events(api: Api, demo: dict[str, str], home: str) -> None:
    """district.admin runs each admin mutation once, then finds each event with `auditEvents`."""
    street = await new_tenant(api, "district.admin", home, tier="STREET")
    community = await new_tenant(api, "district.admin", home)
    await ok(
        api, "district.admin", UPDATE_TENANT, {"i": {"tenantId": community["id"], "name": "审计测试社区"}}
    )
    await ok(
        api, "district.admin", MOVE_TENANT, {"i": {"tenantId": community["id"], "parentId": street["id"]}}
    )
    user = await new_user(api, "district.admin", community["id"], ["observer"])
    await ok(api, "district.admin", RESET_PASSWORD, {"i": {"userId": user["id"], "password": "Another-123"}})
    grant = {"userId": user["id"], "tenantId": community["id"], "role": "mediator"}
    await ok(api, "district.admin", GRANT_ROLE, {"i": grant})
    await ok(api, "district.admin", REVOKE_ROLE, {"i": grant})
    await ok(api, "district.admin", DEACTIVATE_USER, {"i": {"userId": user["id"]}})
    await ok(api, "district.admin", DEACTIVATE_TENANT, {"i": {"tenantId": community["id"]}})
    client = await new_client(api, "district.admin")
    client_id = client["apiClient"]["id"]
    await ok(api, "district.admin", ROTATE_CLIENT, {"id": client_id})
    await ok(api, "district.admin", REVOKE_CLIENT, {"id": client_id})

    expected = {
        "tenant.create": ("Tenant", community["id"], "新建机构"),
        "tenant.update": ("Tenant", community["id"], "修改机构信息"),
        "tenant.move": ("Tenant", community["id"], "调整上级机构"),
        "tenant.deactivate": ("Tenant", community["id"], "停用机构"),
        "user.create": ("User", user["id"], "创建用户"),
        "user.password.reset": ("User", user["id"], "重置密码"),
        "user.deactivate": ("User", user["id"], "停用用户"),
        "role.grant": ("Membership", None, "授予角色"),
        "role.revoke": ("Membership", None, "撤销角色"),
        "client.create": ("ApiClient", client_id, "创建外部应用"),
        "client.secret.rotate": ("ApiClient", client_id, "更换外部应用密钥"),
        "client.revoke": ("ApiClient", client_id, "吊销外部应用"),
    }
    for action, (object_type, object_id, label) in expected.items():
        events = await trail(api, "district.admin", action)
        if object_id is not None:
            mine = [e for e in events if e["objectId"] == object_id]
        else:  # a membership has no id of its own in the API: find it by the user it is about
            mine = [e for e in events if changes(e).get("user_id") == [None, str(db_id(user["id"]))]]
        assert len(mine) == 1, (action, events)
        event = mine[0]
        assert (event["action"], event["objectType"], event["actionLabel"]) == (action, object_type, label)
        assert event["actor"] == {"type": "user", "name": "李文静"}
        assert event["tenant"] == {"code": "district-centre"}
        assert event["requestId"]


async def test_audit_events_needs_audit_read(api: Api) -> None:
    for user in ("court.clerk", "district.officer", "lawyer.li"):
        body = await gql(api, user, AUDIT, {"action": "tenant.create"})
        ext = assert_error(body, "FORBIDDEN")
        assert ext["action"] == "audit:read"
    assert_error(await gql(api, None, AUDIT, {"action": "tenant.create"}), "UNAUTHENTICATED")


async def test_another_branchs_admin_events_are_not_in_the_districts_trail(
    api: Api, court_branch: Any
) -> None:
    """Events are read by subtree: the court branch's client creation is not district.admin's to read."""
    made = await new_client(api, court_branch.admin, "分支审计隔离")
    ids = {e["objectId"] for e in await trail(api, "district.admin", "client.create")}
    assert made["apiClient"]["id"] not in ids
    ids = {e["objectId"] for e in await trail(api, "admin", "client.create")}
    assert made["apiClient"]["id"] in ids


async def test_no_password_or_secret_reaches_the_trail(api: Api, home: str, owner_url: URL) -> None:
    marker = uuid.uuid4().hex[:10]
    first_password, second_password, wrong_password = f"First-{marker}", f"Second-{marker}", f"Wrong-{marker}"
    user = await new_user(api, "district.admin", home, ["observer"], password=first_password)
    await login(api, user["username"], first_password)
    await ok(
        api, "district.admin", RESET_PASSWORD, {"i": {"userId": user["id"], "password": second_password}}
    )
    for password in (first_password, wrong_password):  # refused logins are audited: with the username only
        assert (await password_grant(api, user["username"], password)).status_code == 401
    await login(api, user["username"], second_password)
    # a refused createUser with a password in it: rolled back, so nothing at all
    body = await gql(
        api,
        "district.admin",
        CREATE_USER,
        {
            "i": {
                "username": "x",
                "displayName": "x",
                "password": f"Refused-{marker}",
                "tenantId": home,
                "roles": [],
            }
        },
    )
    assert_error(body, "BAD_USER_INPUT", "username")

    made = (await ok(api, "district.admin", CREATE_CLIENT, {"i": {"name": "密钥审计"}}))["createApiClient"]
    rotated = (await ok(api, "district.admin", ROTATE_CLIENT, {"id": made["apiClient"]["id"]}))[
        "rotateApiClientSecret"
    ]
    wrong_secret = f"wrong-secret-{marker}"
    for secret, basic, status in (
        (made["clientSecret"], True, 401),
        (wrong_secret, False, 401),
        (rotated["clientSecret"], True, 200),
    ):
        assert (await client_grant(api, made["clientId"], secret, basic=basic)).status_code == status

    secrets = [first_password, second_password, wrong_password, f"Refused-{marker}", wrong_secret]
    secrets += [made["clientSecret"], rotated["clientSecret"]]
    rows = await owner_fetch(owner_url, "SELECT e.action, row_to_json(e)::text AS row FROM audit_events e")
    leaks = [(r["action"], s) for r in rows for s in secrets if s in r["row"]]
    assert leaks == []
    # not the hashes either
    assert not [r["action"] for r in rows if "$argon2" in r["row"]]
    # the refused logins were recorded, with the username and the error only
    failed = await owner_fetch(
        owner_url,
        "SELECT changes::text AS c FROM audit_events WHERE action = 'auth.login.failed' AND changes->'username'->>1 = $1",
        user["username"],
    )
    assert len(failed) == 2 and all('"invalid_grant"' in r["c"] for r in failed)
