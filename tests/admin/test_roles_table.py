"""policies/roles.csv is the permission table; these tests read it independently and check both the Casbin
enforcer and the GraphQL gates against it.

1. For every role in the file and every (object, action) pair anywhere in it, the enforcer allows exactly the
   lines that exist, in any tenant (every line's domain is `*`).
2. Through GraphQL, for a handful of gated operations, a fresh user holding just one built-in role gets
   FORBIDDEN exactly when the file gives that role no line for the operation's permission (otherwise any
   other outcome: success, or a business error from the deliberately invalid input past the gate)."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from concord.authz.enforcer import POLICY_DIR, Authorizer
from concord.authz.roles import ROLE_LABELS, known_roles
from concord.kit.ids import to_global_id
from tests.admin.support import (
    CREATE_CLIENT,
    CREATE_TENANT,
    CREATE_USER,
    GRANT_ROLE,
    MIN_CASE,
    Token,
    gql,
    login,
    new_tenant,
    new_user,
    viewer,
)
from tests.helpers import REFER, Api

ROLES_CSV = Path(__file__).resolve().parents[2] / "policies" / "roles.csv"


def read_policy(path: Path = ROLES_CSV) -> set[tuple[str, str, str, str]]:
    """The `p` lines of the file as (role, domain, object, action); comments and blank lines skipped."""
    with path.open(encoding="utf-8") as f:
        rows = [[c.strip() for c in row] for row in csv.reader(f)]
    assert all(len(r) == 5 for r in rows if r and r[0] == "p"), "p, role, domain, object, action"
    return {(r[1], r[2], r[3], r[4]) for r in rows if r and r[0] == "p"}


POLICY = read_policy()
ROLES = sorted({role for role, *_ in POLICY})
PAIRS = sorted({(obj, act) for _, _, obj, act in POLICY})
GRANTS = {(role, obj, act) for role, _, obj, act in POLICY}


def holds(role: str, permission: str) -> bool:
    obj, act = permission.split(":")
    return (role, obj, act) in GRANTS


@pytest.fixture(scope="module")
def authorizer() -> Authorizer:
    return Authorizer()


# --- the file itself ----------------------------------------------------------------------------------------------


def test_the_file_is_what_the_platform_reads() -> None:
    assert ROLES_CSV == POLICY_DIR / "roles.csv"
    assert set(ROLES) == set(known_roles()) == set(ROLE_LABELS)
    assert {dom for _, dom, _, _ in POLICY} == {"*"}, "every line applies in every tenant"
    assert len(ROLES) == 11 and len(PAIRS) >= 13


def test_the_file_grants_what_the_admin_design_needs() -> None:
    """The administrative permissions belong to the two admin roles only; read-only roles stay read-only."""
    for permission in ("tenant:manage", "user:manage", "role:grant", "client:manage"):
        assert {r for r in ROLES if holds(r, permission)} == {"platform_admin", "tenant_admin"}, permission
    assert {r for r in ROLES if holds(r, "audit:read")} == {"platform_admin", "tenant_admin", "auditor"}
    for role in ("observer", "auditor"):
        assert not any(holds(role, p) for p in ("case:create", "case:refer", "referral:accept"))


# --- the enforcer ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_enforcer_follows_the_file(authorizer: Authorizer, role: str) -> None:
    wrong = [
        (obj, act)
        for obj, act in PAIRS
        if authorizer.allowed((role,), "any-tenant", obj, act) != ((role, obj, act) in GRANTS)
    ]
    assert wrong == [], f"{role}: enforcer and roles.csv disagree on {wrong}"


@pytest.mark.parametrize(
    "domain", ["platform", "district-centre", "district-court", "a-tenant-not-in-the-database"]
)
def test_the_domain_does_not_matter(authorizer: Authorizer, domain: str) -> None:
    for role in ROLES:
        for obj, act in PAIRS:
            assert authorizer.allowed((role,), domain, obj, act) == ((role, obj, act) in GRANTS)


def test_anything_not_in_the_file_is_denied(authorizer: Authorizer) -> None:
    for role in ("wizard", "", "*", "PLATFORM_ADMIN", "platform_admin "):
        assert not any(authorizer.allowed((role,), "any-tenant", obj, act) for obj, act in PAIRS), role
    for role in ROLES:
        for obj, act in (("case", "delete"), ("tenant", "*"), ("*", "read"), ("audit", "write")):
            assert not authorizer.allowed((role,), "any-tenant", obj, act)
    assert not authorizer.allowed((), "any-tenant", "case", "read")


def test_several_roles_combine(authorizer: Authorizer) -> None:
    assert authorizer.allowed(("observer", "auditor"), "any-tenant", "audit", "read")
    assert authorizer.allowed(("observer", "mediator"), "any-tenant", "case", "create")
    assert not authorizer.allowed(("observer", "lawyer"), "any-tenant", "case", "create")


# --- the GraphQL gates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    name: str
    permission: str
    document: str
    variables: dict[str, Any]

    def __str__(self) -> str:
        return self.name


NOWHERE = to_global_id("Tenant", uuid.UUID(int=1))
OPERATIONS = [
    Operation("cases", "case:read", "{ cases(first: 1) { edges { node { id } } } }", {}),
    Operation("createCase", "case:create", MIN_CASE, {}),
    # past the gate, a blank reason is refused first: BAD_USER_INPUT, not FORBIDDEN
    Operation(
        "referCase",
        "case:refer",
        REFER,
        {
            "input": {
                "caseId": to_global_id("Case", uuid.UUID(int=1)),
                "toTenantId": NOWHERE,
                "kind": "TRANSFERRED",
                "reason": " ",
            }
        },
    ),
    Operation("auditEvents", "audit:read", "{ auditEvents(first: 1) { edges { node { id action } } } }", {}),
    Operation(
        "createTenant",
        "tenant:manage",
        CREATE_TENANT,
        {"i": {"code": "-bad-", "name": "x", "kind": "CENTRE", "tier": "STREET", "parentId": NOWHERE}},
    ),
    Operation(
        "createUser",
        "user:manage",
        CREATE_USER,
        {"i": {"username": "!", "displayName": "x", "password": "x", "tenantId": NOWHERE, "roles": []}},
    ),
    Operation(
        "grantRole",
        "role:grant",
        GRANT_ROLE,
        {"i": {"userId": to_global_id("User", uuid.UUID(int=1)), "tenantId": NOWHERE, "role": "wizard"}},
    ),
    Operation("createApiClient", "client:manage", CREATE_CLIENT, {"i": {"name": " "}}),
]


@pytest.fixture(scope="module")
async def role_tokens(api: Api, demo: dict[str, str]) -> dict[str, Token]:
    """One fresh user per built-in role, all in one fresh tenant under district-centre, logged in. A tenant
    admin can grant every role but platform_admin; that one takes the platform administrator."""
    tenant = await new_tenant(api, "district.admin", demo["district-centre"], tier="STREET")
    tokens: dict[str, Token] = {}
    for role in ROLES:
        granter = "admin" if role == "platform_admin" else "district.admin"
        user = await new_user(api, granter, tenant["id"], [role])
        tokens[role] = await login(api, user["username"])
    return tokens


async def test_each_role_user_holds_exactly_its_role(api: Api, role_tokens: dict[str, Token]) -> None:
    for role, token in role_tokens.items():
        assert (await viewer(api, token))["roles"] == [role]


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
@pytest.mark.parametrize("role", ROLES)
async def test_the_gate_follows_the_file(
    api: Api, role_tokens: dict[str, Token], role: str, operation: Operation
) -> None:
    body = await gql(api, role_tokens[role], operation.document, operation.variables)
    errors = body.get("errors") or []
    gate_refused = any(
        e["extensions"].get("code") == "FORBIDDEN" and e["extensions"].get("action") == operation.permission
        for e in errors
    )
    if holds(role, operation.permission):
        assert not gate_refused, f"{role} holds {operation.permission} but was refused: {errors}"
        assert all(e["extensions"]["code"] != "UNAUTHENTICATED" for e in errors)
    else:
        assert gate_refused, f"{role} lacks {operation.permission} but got {body}"
        assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]
