"""Helpers for the administration tests: the admin API's documents, acting as a demo user or with a bearer
token, logging in with a chosen password, asserting coded errors, and reading the audit trail through the
owner connection (which row-level security does not filter)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import URL

from concord.db.server import asyncpg_dsn
from concord.kit.ids import from_global_id, to_global_id
from tests.helpers import Api

PASSWORD = "Secret-123"

TENANT_FIELDS = "id code name kind tier specialty agency isActive parent { code }"
CREATE_TENANT = (
    f"mutation($i: CreateTenantInput!) {{ createTenant(input: $i) {{ tenant {{ {TENANT_FIELDS} }} }} }}"
)
UPDATE_TENANT = (
    f"mutation($i: UpdateTenantInput!) {{ updateTenant(input: $i) {{ tenant {{ {TENANT_FIELDS} }} }} }}"
)
MOVE_TENANT = f"mutation($i: MoveTenantInput!) {{ moveTenant(input: $i) {{ tenant {{ {TENANT_FIELDS} }} }} }}"
DEACTIVATE_TENANT = (
    f"mutation($i: TenantRefInput!) {{ deactivateTenant(input: $i) {{ tenant {{ {TENANT_FIELDS} }} }} }}"
)
CREATE_USER = """mutation($i: CreateUserInput!) { createUser(input: $i) {
  user { id username displayName isActive } member { roles roleDetails { name label } user { username } } } }"""
RESET_PASSWORD = (
    "mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { user { id username isActive } } }"
)
DEACTIVATE_USER = (
    "mutation($i: UserRefInput!) { deactivateUser(input: $i) { user { id username isActive } } }"
)
GRANT_ROLE = "mutation($i: RoleGrantInput!) { grantRole(input: $i) { user { id username } roles } }"
REVOKE_ROLE = "mutation($i: RoleGrantInput!) { revokeRole(input: $i) { user { id username } roles } }"
CLIENT_FIELDS = "id clientId name roles isActive createdAt rotatedAt revokedAt"
CREATE_CLIENT = f"""mutation($i: CreateApiClientInput!) {{ createApiClient(input: $i) {{
  clientId clientSecret apiClient {{ {CLIENT_FIELDS} }} }} }}"""
ROTATE_CLIENT = f"""mutation($id: ID!) {{ rotateApiClientSecret(input: {{apiClientId: $id}}) {{
  clientId clientSecret apiClient {{ {CLIENT_FIELDS} }} }} }}"""
REVOKE_CLIENT = f"mutation($id: ID!) {{ revokeApiClient(input: {{apiClientId: $id}}) {{ apiClient {{ {CLIENT_FIELDS} }} }} }}"
API_CLIENTS = f"query($n: Int, $a: String) {{ apiClients(first: $n, after: $a) {{ edges {{ cursor node {{ {CLIENT_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
VIEWER = "{ viewer { user { id username } tenant { code } roles } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
TENANT_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Tenant {{ {TENANT_FIELDS} }} }} }}"
MIN_CASE = """mutation { createCase(input: {title: "管理测试纠纷", category: NEIGHBOUR, sourceChannel: GRID_SCREENING,
  parties: [{name: "孙某", kind: PERSON, role: APPLICANT}]}) { case { id number ownerTenant { code } } } }"""


class Token(str):
    """A bearer token, wherever an actor is expected (a plain string there is a demo username)."""


Actor = str  # a demo username (password "demo", token cached by Api) or a Token


def unique(prefix: str) -> str:
    """A code or username nobody else in the shared test database uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def db_id(global_id: str) -> uuid.UUID:
    return from_global_id(global_id)[1]


def fake_id(type_name: str) -> str:
    """A well-formed global id of `type_name` that names no row."""
    return to_global_id(type_name, uuid.uuid4())


async def gql(
    api: Api, actor: Actor | None, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    if isinstance(actor, Token):
        return await api.gql(None, query, variables, token=actor)
    return await api.gql(actor, query, variables)


async def ok(api: Api, actor: Actor, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await gql(api, actor, query, variables)
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def assert_error(body: dict[str, Any], code: str, field: str | None = None) -> dict[str, Any]:
    """The first error has this code and this `extensions.field` (None: no field); returns its extensions."""
    assert body.get("errors"), f"expected {code}, got {body}"
    ext: dict[str, Any] = body["errors"][0]["extensions"]
    assert (ext.get("code"), ext.get("field")) == (code, field), body["errors"][0]
    data = body.get("data") or {}
    assert all(v is None for v in data.values()), data  # a refused operation returns no data
    return ext


# --- logging in ------------------------------------------------------------------------------------------


async def password_grant(api: Api, username: str, password: str, tenant: str | None = None) -> httpx.Response:
    form = {"grant_type": "password", "username": username, "password": password}
    if tenant:
        form["tenant"] = tenant
    return await api.client.post("/auth/token", data=form)


async def login(api: Api, username: str, password: str = PASSWORD, tenant: str | None = None) -> Token:
    r = await password_grant(api, username, password, tenant)
    assert r.status_code == 200, r.text
    return Token(r.json()["access_token"])


async def client_grant(
    api: Api, client_id: str, secret: str, *, basic: bool = False, extra: dict[str, str] | None = None
) -> httpx.Response:
    form = {"grant_type": "client_credentials", **(extra or {})}
    if basic:
        return await api.client.post("/auth/token", data=form, auth=httpx.BasicAuth(client_id, secret))
    form |= {"client_id": client_id, "client_secret": secret}
    return await api.client.post("/auth/token", data=form)


async def client_token(api: Api, client_id: str, secret: str) -> Token:
    r = await client_grant(api, client_id, secret)
    assert r.status_code == 200, r.text
    return Token(r.json()["access_token"])


# --- building tenants, users and clients -----------------------------------------------------------------


async def new_tenant(
    api: Api,
    actor: Actor,
    parent_id: str,
    *,
    code: str | None = None,
    kind: str = "CENTRE",
    tier: str | None = "COMMUNITY",
    **extra: Any,
) -> dict[str, Any]:
    """A fresh tenant (a community centre unless told otherwise) under `parent_id`."""
    code = code or unique("t")
    fields = {
        "code": code,
        "name": f"测试机构{code}",
        "kind": kind,
        "tier": tier,
        "parentId": parent_id,
        **extra,
    }
    data = await ok(api, actor, CREATE_TENANT, {"i": fields})
    tenant: dict[str, Any] = data["createTenant"]["tenant"]
    return tenant


async def new_user(
    api: Api,
    actor: Actor,
    tenant_id: str,
    roles: list[str],
    *,
    username: str | None = None,
    password: str = PASSWORD,
) -> dict[str, Any]:
    """A fresh user holding `roles` in `tenant_id`; returns the created user (id, username, …)."""
    username = username or unique("u").replace("-", ".")
    fields = {
        "username": username,
        "displayName": "测试用户",
        "password": password,
        "tenantId": tenant_id,
        "roles": roles,
    }
    data = await ok(api, actor, CREATE_USER, {"i": fields})
    user: dict[str, Any] = data["createUser"]["user"]
    return user


async def new_client(
    api: Api, actor: Actor, name: str = "12345热线对接", roles: list[str] | None = None
) -> dict[str, Any]:
    """A fresh API client of the actor's tenant: {clientId, clientSecret, apiClient}."""
    fields: dict[str, Any] = {"name": name}
    if roles is not None:
        fields["roles"] = roles
    made: dict[str, Any] = (await ok(api, actor, CREATE_CLIENT, {"i": fields}))["createApiClient"]
    return made


async def viewer(api: Api, token: Token) -> dict[str, Any]:
    data: dict[str, Any] = (await ok(api, token, VIEWER))["viewer"]
    return data


# --- the audit trail, read as the database owner ------------------------------------------------------------


async def owner_fetch(owner_url: URL, sql: str, *args: Any) -> list[asyncpg.Record]:
    dsn, kw = asyncpg_dsn(owner_url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def audit_events(
    owner_url: URL, action: str, object_id: uuid.UUID | None = None
) -> list[dict[str, Any]]:
    """Events of `action` (on `object_id`, when given), oldest first, with the acting tenant's code."""
    rows = await owner_fetch(
        owner_url,
        "SELECT e.action, e.actor_type, e.actor_name, e.actor_id, t.code AS tenant, e.object_type, e.object_id, "
        "e.changes::text AS changes FROM audit_events e LEFT JOIN tenants t ON t.id = e.tenant_id "
        "WHERE e.action = $1 AND ($2::uuid IS NULL OR e.object_id = $2) ORDER BY e.occurred_at, e.seq",
        action,
        object_id,
    )
    return [{**dict(r), "changes": json.loads(r["changes"])} for r in rows]


async def audit_count(owner_url: URL, action: str) -> int:
    rows = await owner_fetch(owner_url, "SELECT count(*) AS n FROM audit_events WHERE action = $1", action)
    return int(rows[0]["n"])


async def only_event(owner_url: URL, action: str, object_id: uuid.UUID) -> dict[str, Any]:
    events = await audit_events(owner_url, action, object_id)
    assert len(events) == 1, events
    return events[0]
