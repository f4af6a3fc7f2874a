"""What the API tells a client it may do — `viewer.permissions`, `Case.viewerCan`, `Referral.viewerCan` —
agrees with policies/roles.csv and with what the mutations then accept or refuse."""

from __future__ import annotations

from typing import Any

import pytest

from concord.authz.enforcer import role_permits
from concord.authz.roles import vocabulary
from tests.helpers import Api, create_case, error_code, refer

PERMISSIONS = "{ viewer { roles permissions } }"
CASE_CAN = """query($id: ID!) { node(id: $id) { ... on Case { viewerCan {
  transition refer escalate assign supervise updateOverlays recordPerformance recordFollowUp
  revealIdentity readAudit convene } } } }"""
REFERRAL_CAN = """query($id: ID!) { node(id: $id) { ... on Referral {
  availableEvents viewerCan { sign accept return recall work review } } } }"""
ESCALATE = 'mutation($id: ID!) { escalateCase(input: {caseId: $id, reason: "需上级协调"}) { case { id } } }'
SUPERVISE = """mutation($id: ID!) { superviseCase(input: {caseId: $id, level: URGED, reason: "催办"}) { case { id } } }"""
REFER = """mutation($i: ReferCaseInput!) { referCase(input: $i) { referral { id } } }"""


@pytest.mark.parametrize(
    "user", ["admin", "district.admin", "court.clerk", "lawyer.li", "east.mediator", "petition.officer"]
)
async def test_viewer_permissions_are_what_the_policy_grants_the_roles(api: Api, user: str) -> None:
    viewer = (await api.ok(user, PERMISSIONS))["viewer"]
    granted = role_permits(*viewer["roles"])
    assert set(viewer["permissions"]) == {f"{o}:{a}" for o, a in vocabulary() if granted(o, a)}
    assert viewer["permissions"], "every demo user holds some permission"


async def test_permissions_differ_by_role(api: Api) -> None:
    clerk = set((await api.ok("court.clerk", PERMISSIONS))["viewer"]["permissions"])
    lawyer = set((await api.ok("lawyer.li", PERMISSIONS))["viewer"]["permissions"])
    assert {"case:create", "case:refer", "referral:recall"} <= clerk
    assert "case:refer" not in lawyer and "referral:accept" in lawyer
    assert "tenant:manage" not in clerk


async def case_can(api: Api, user: str, case_id: str) -> dict[str, bool]:
    data: dict[str, Any] = (await api.ok(user, CASE_CAN, {"id": case_id}))["node"]["viewerCan"]
    return data


async def test_case_viewer_can_follows_the_relation_rules(api: Api) -> None:
    case = await create_case(api, "e1.worker", "可执行操作测试")
    owner = await case_can(api, "e1.worker", case["id"])
    assert owner["transition"] and owner["refer"] and owner["supervise"]
    assert owner["escalate"] is True  # a community centre reports up to its street
    above = await case_can(api, "district.officer", case["id"])  # the district centre, two tiers above
    street = await case_can(api, "east.mediator", case["id"])  # a mediator holds no case:supervise
    assert not street["supervise"] and not street["refer"]
    assert above["supervise"] and not above["refer"] and not above["transition"] and not above["escalate"], (
        above
    )
    # The answers are the services' own: what viewerCan refuses, the mutation refuses.
    refused = await api.gql("district.officer", ESCALATE, {"id": case["id"]})
    assert error_code(refused) == "FORBIDDEN"
    assert error_code(await api.gql("east.mediator", SUPERVISE, {"id": case["id"]})) == "FORBIDDEN"
    ok = await api.gql("district.officer", SUPERVISE, {"id": case["id"]})
    assert not ok.get("errors"), ok
    street = await api.tenant_id("street-west")
    denied = await api.gql(
        "district.officer",
        REFER,
        {"i": {"caseId": case["id"], "toTenantId": street, "kind": "TRANSFERRED", "reason": "转送"}},
    )
    assert error_code(denied) == "FORBIDDEN"


async def test_another_tenants_case_is_not_found_not_explained(api: Api) -> None:
    case = await create_case(api, "e1.worker", "他人不可见")
    body = await api.gql("west.mediator", CASE_CAN, {"id": case["id"]})
    assert error_code(body) == "NOT_FOUND"


async def test_referral_viewer_can_matches_available_events(api: Api) -> None:
    case = await create_case(api, "court.clerk", "转介可执行操作")
    referral = await refer(api, "court.clerk", case["id"], "docking-centre")
    receiver = (await api.ok("docking.officer", REFERRAL_CAN, {"id": referral["id"]}))["node"]
    assert receiver["viewerCan"] == {
        "sign": True, "accept": False, "return": True, "recall": False, "work": False, "review": False,
    }  # fmt: skip
    assert set(receiver["availableEvents"]) == {"SIGN", "RETURN"}
    sender = (await api.ok("court.clerk", REFERRAL_CAN, {"id": referral["id"]}))["node"]
    assert sender["viewerCan"]["recall"] and not sender["viewerCan"]["sign"]
