"""The gate in front of every admin mutation: no token → UNAUTHENTICATED; a principal whose roles lack the
permission (a court clerk, a centre officer, an API client) → FORBIDDEN naming the permission. A refused call
changes nothing and writes no audit event. The gate stands before any argument is looked at, so the ids
below name nothing at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import URL

from concord.graphql.schema import schema
from tests.admin.support import (
    CREATE_CLIENT,
    CREATE_TENANT,
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
    Token,
    assert_error,
    audit_count,
    client_token,
    fake_id,
    gql,
    new_client,
)
from tests.helpers import Api


@dataclass(frozen=True)
class Gate:
    mutation: str
    document: str
    variables: dict[str, Any]
    permission: str
    action: str  # the audit action a successful call writes

    def __str__(self) -> str:
        return self.mutation


TENANT, USER, CLIENT = fake_id("Tenant"), fake_id("User"), fake_id("ApiClient")
GATES = [
    Gate(
        "createTenant",
        CREATE_TENANT,
        {
            "i": {
                "code": "gate-test",
                "name": "门禁测试",
                "kind": "CENTRE",
                "tier": "STREET",
                "parentId": TENANT,
            }
        },
        "tenant:manage",
        "tenant.create",
    ),
    Gate(
        "updateTenant",
        UPDATE_TENANT,
        {"i": {"tenantId": TENANT, "name": "改名"}},
        "tenant:manage",
        "tenant.update",
    ),
    Gate(
        "moveTenant",
        MOVE_TENANT,
        {"i": {"tenantId": TENANT, "parentId": TENANT}},
        "tenant:manage",
        "tenant.move",
    ),
    Gate(
        "deactivateTenant",
        DEACTIVATE_TENANT,
        {"i": {"tenantId": TENANT}},
        "tenant:manage",
        "tenant.deactivate",
    ),
    Gate(
        "createUser",
        CREATE_USER,
        {
            "i": {
                "username": "gate.test",
                "displayName": "门禁",
                "password": "Secret-123",
                "tenantId": TENANT,
                "roles": ["observer"],
            }
        },
        "user:manage",
        "user.create",
    ),
    Gate(
        "resetPassword",
        RESET_PASSWORD,
        {"i": {"userId": USER, "password": "Secret-123"}},
        "user:manage",
        "user.password.reset",
    ),
    Gate("deactivateUser", DEACTIVATE_USER, {"i": {"userId": USER}}, "user:manage", "user.deactivate"),
    Gate(
        "grantRole",
        GRANT_ROLE,
        {"i": {"userId": USER, "tenantId": TENANT, "role": "observer"}},
        "role:grant",
        "role.grant",
    ),
    Gate(
        "revokeRole",
        REVOKE_ROLE,
        {"i": {"userId": USER, "tenantId": TENANT, "role": "observer"}},
        "role:grant",
        "role.revoke",
    ),
    Gate("createApiClient", CREATE_CLIENT, {"i": {"name": "门禁测试"}}, "client:manage", "client.create"),
    Gate("rotateApiClientSecret", ROTATE_CLIENT, {"id": CLIENT}, "client:manage", "client.secret.rotate"),
    Gate("revokeApiClient", REVOKE_CLIENT, {"id": CLIENT}, "client:manage", "client.revoke"),
]


@pytest.fixture(scope="module")
async def client_principal(api: Api) -> Token:
    """A district-centre API client (role api_client) acting with its own token."""
    made = await new_client(api, "district.admin", "门禁测试应用")
    return await client_token(api, made["clientId"], made["clientSecret"])


def test_every_admin_mutation_is_covered() -> None:
    """Every administration mutation of the schema (tenants, users, passwords, roles, API clients) has a gate here."""
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    admin = {
        name
        for name in mutation_type.fields
        if re.search(r"(Tenant|User|Password|Role|ApiClient|ApiClientSecret)$", name)
        and "Mediator"
        not in name  # the roster's own mutations (linkMediatorUser) have their gates in tests/mediators
    }
    assert {g.mutation for g in GATES} == admin


@pytest.mark.parametrize("gate", GATES, ids=str)
async def test_without_a_token_it_is_unauthenticated(api: Api, owner_url: URL, gate: Gate) -> None:
    before = await audit_count(owner_url, gate.action)
    assert_error(await gql(api, None, gate.document, gate.variables), "UNAUTHENTICATED")
    assert await audit_count(owner_url, gate.action) == before


@pytest.mark.parametrize("gate", GATES, ids=str)
@pytest.mark.parametrize("actor", ["court.clerk", "district.officer", "e1.worker", "lawyer.li", "api client"])
async def test_without_the_permission_it_is_forbidden(
    api: Api, owner_url: URL, client_principal: Token, gate: Gate, actor: str
) -> None:
    before = await audit_count(owner_url, gate.action)
    body = await gql(api, client_principal if actor == "api client" else actor, gate.document, gate.variables)
    ext = assert_error(body, "FORBIDDEN")
    assert ext["action"] == gate.permission
    assert await audit_count(owner_url, gate.action) == before


async def test_a_malformed_token_is_unauthenticated(api: Api) -> None:
    gate = GATES[0]
    for token in ("not-a-jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"):
        assert_error(await gql(api, Token(token), gate.document, gate.variables), "UNAUTHENTICATED")
