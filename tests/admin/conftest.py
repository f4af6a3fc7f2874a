"""Fixtures for the administration tests: the demo tenants' ids, a home tenant for fresh users under
district-centre, and a branch under district-court (outside district.admin's scope) with its own
administrator, a member and an API client."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.admin.support import Token, login, new_client, new_tenant, new_user, ok, unique
from tests.helpers import Api


@pytest.fixture(scope="session")
async def demo(api: Api) -> dict[str, str]:
    """Demo tenant code → global id (the demo tenants are the oldest, so they are on the first page)."""
    data = await ok(api, "admin", "{ tenants(first: 100) { edges { node { id code } } } }")
    return {e["node"]["code"]: e["node"]["id"] for e in data["tenants"]["edges"]}


@pytest.fixture(scope="session")
async def home(api: Api, demo: dict[str, str]) -> str:
    """A fresh community under district-centre where tests create their users (keeps demo tenants clean)."""
    tenant = await new_tenant(api, "district.admin", demo["district-centre"], code=unique("home"))
    return str(tenant["id"])


@dataclass(frozen=True)
class Branch:
    """A fresh tenant under district-court: outside district.admin's subtree, inside admin's."""

    tenant_id: str
    code: str
    admin: Token  # a tenant_admin of the branch
    member_id: str  # a court clerk of the branch
    member_username: str
    client_id: str  # global id of one of the branch's API clients


@pytest.fixture(scope="session")
async def court_branch(api: Api, demo: dict[str, str]) -> Branch:
    tenant = await new_tenant(
        api, "admin", demo["district-court"], code=unique("court-branch"), kind="COURT", tier=None
    )
    admin_user = await new_user(api, "admin", tenant["id"], ["tenant_admin"])
    member = await new_user(api, "admin", tenant["id"], ["court_clerk"])
    token = await login(api, admin_user["username"])
    client = await new_client(api, token, "法庭对接应用")
    return Branch(
        tenant_id=tenant["id"],
        code=tenant["code"],
        admin=token,
        member_id=member["id"],
        member_username=member["username"],
        client_id=client["apiClient"]["id"],
    )
