"""The access-control issue's acceptance walk, end to end over HTTP."""

from __future__ import annotations

import uuid

from tests.helpers import Api, create_case, error_code

CREATE_TENANT = """mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id code name kind tier parent { code } } } }"""
CREATE_USER = (
    """mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username } member { roles } } }"""
)
GRANT = """mutation($i: RoleGrantInput!) { grantRole(input: $i) { user { username } roles } }"""
CREATE_CLIENT = """mutation($i: CreateApiClientInput!) { createApiClient(input: $i) { clientId clientSecret apiClient { id roles } } }"""
REVOKE_CLIENT = """mutation($id: ID!) { revokeApiClient(input: {apiClientId: $id}) { apiClient { isActive revokedAt } } }"""
CASES = "{ cases(first: 100) { edges { node { id title ownerTenant { code } } } } }"


async def _login(api: Api, username: str, password: str) -> str:
    r = await api.client.post(
        "/auth/token", data={"grant_type": "password", "username": username, "password": password}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


async def test_district_admin_builds_a_street_and_its_mediator_sees_only_its_part(api: Api) -> None:
    tag = uuid.uuid4().hex[:6]
    district = await api.tenant_id("district-centre")
    street = (
        await api.ok(
            "district.admin",
            CREATE_TENANT,
            {
                "i": {
                    "code": f"street-north-{tag}",
                    "name": f"清河区北街街道多元解纷中心{tag}",
                    "kind": "CENTRE",
                    "tier": "STREET",
                    "parentId": district,
                }
            },
        )
    )["createTenant"]["tenant"]
    assert street["parent"] == {"code": "district-centre"}
    user = (
        await api.ok(
            "district.admin",
            CREATE_USER,
            {
                "i": {
                    "username": f"north.{tag}",
                    "displayName": "赵北",
                    "password": "Secret-123",
                    "tenantId": street["id"],
                    "roles": ["observer"],
                }
            },
        )
    )["createUser"]["user"]
    granted = await api.ok(
        "district.admin", GRANT, {"i": {"userId": user["id"], "tenantId": street["id"], "role": "mediator"}}
    )
    assert granted["grantRole"]["roles"] == ["mediator", "observer"]

    token = await _login(api, f"north.{tag}", "Secret-123")
    viewer = await api.gql(None, "{ viewer { tenant { code } roles } }", token=token)
    assert viewer["data"]["viewer"] == {
        "tenant": {"code": f"street-north-{tag}"},
        "roles": ["mediator", "observer"],
    }
    # a brand-new street sees no case at all: not the district's, not the court's
    body = await api.gql(None, CASES, token=token)
    assert body["data"]["cases"]["edges"] == []
    # it registers its own, and sees exactly that; the district centre above it sees it too (supervision)
    created = await api.gql(
        None,
        """mutation { createCase(input: {title: "北街邻里噪音纠纷", category: NEIGHBOUR, sourceChannel: GRID_SCREENING,
           parties: [{name: "孙某", kind: PERSON, role: APPLICANT}]}) { case { id } } }""",
        token=token,
    )
    case_id = created["data"]["createCase"]["case"]["id"]
    body = await api.gql(None, CASES, token=token)
    assert [e["node"]["id"] for e in body["data"]["cases"]["edges"]] == [case_id]
    seen = await api.ok("district.officer", "query($id: ID!) { node(id: $id) { id } }", {"id": case_id})
    assert seen["node"]["id"] == case_id


async def test_api_client_reads_its_tenants_cases_and_nothing_else(api: Api) -> None:
    mine = await create_case(api, "district.officer", f"外部应用可见 {uuid.uuid4().hex[:6]}")
    court = await create_case(api, "court.clerk", f"法院内部 {uuid.uuid4().hex[:6]}")
    made = (
        await api.ok(
            "district.admin", CREATE_CLIENT, {"i": {"name": "12345热线对接", "roles": ["api_client"]}}
        )
    )["createApiClient"]
    r = await api.client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": made["clientId"],
            "client_secret": made["clientSecret"],
        },
    )
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    body = await api.gql(None, CASES, token=token)
    ids = {e["node"]["id"] for e in body["data"]["cases"]["edges"]}
    assert mine["id"] in ids and court["id"] not in ids
    assert (
        error_code(
            await api.gql(None, "query($id: ID!) { node(id: $id) { id } }", {"id": court["id"]}, token=token)
        )
        == "NOT_FOUND"
    )
    # the client cannot administer
    assert error_code(await api.gql(None, CREATE_CLIENT, {"i": {"name": "x"}}, token=token)) == "FORBIDDEN"

    # revocation bites on the very next request, long before the token expires
    await api.ok("district.admin", REVOKE_CLIENT, {"id": made["apiClient"]["id"]})
    assert error_code(await api.gql(None, CASES, token=token)) == "UNAUTHENTICATED"
    r = await api.client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": made["clientId"],
            "client_secret": made["clientSecret"],
        },
    )
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"


async def test_access_explanation_names_the_edge_and_the_ancestor(api: Api) -> None:
    case = await create_case(api, "e1.worker", f"可见性说明 {uuid.uuid4().hex[:6]}")
    q = """query($id: ID!) { node(id: $id) { ... on Case { accessExplanation { tenant { code } roles
      paths { reason tenant { code } depth explanation } actions { action allowed reason } } } } }"""
    own = (await api.ok("e1.worker", q, {"id": case["id"]}))["node"]["accessExplanation"]
    assert [(p["reason"], p["tenant"]["code"], p["depth"]) for p in own["paths"]] == [
        ("OWNER", "community-e1", 0)
    ]
    assert {a["action"]: a["allowed"] for a in own["actions"]}["case:refer"] is True
    above = (await api.ok("east.mediator", q, {"id": case["id"]}))["node"]["accessExplanation"]
    assert [(p["reason"], p["tenant"]["code"], p["depth"]) for p in above["paths"]] == [
        ("OWNER", "community-e1", 1)
    ]
    refer = {a["action"]: a for a in above["actions"]}["case:refer"]
    assert refer["allowed"] is False and "主办" in refer["reason"]
