"""Queries and helpers the assignment tests share."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.helpers import Api

RECOMMEND = """query($c: ID!, $n: Int) { mediatorRecommendations(caseId: $c, first: $n) {
  score reasons mediator { id name kind specialties } } }"""
ASSIGN = """mutation($input: AssignMediatorInput!) { assignMediator(input: $input) { case { id
  mediators { isLead source contactDueAt mediator { id name } assignedBy { code } } } } }"""
TEAM = """query($id: ID!) { node(id: $id) { ... on Case { leadMediatorRecused
  mediators { isLead source assignedAt contactedAt contactDueAt mediator { id name kind } assignedBy { code } }
  recusalRequests { id status reason mediator { id } party { name } }
  viewerCan { assignMediator decideRecusal } } } }"""
DECLARE = """mutation($input: DeclareMediatorConflictInput!) { declareMediatorConflict(input: $input) {
  case { mediators { mediator { id } } } } }"""
REQUEST = """mutation($input: RequestRecusalInput!) { requestRecusal(input: $input) {
  recusalRequest { id status reason mediator { id } party { name } } } }"""
DECIDE = """mutation($input: DecideRecusalInput!) { decideRecusal(input: $input) {
  recusalRequest { id status decisionNote decidedAt } } }"""
CHOOSE = """mutation($input: PartyMediatorChoiceInput!) { recordPartyMediatorChoice(input: $input) {
  case { mediators { isLead source mediator { id } } } } }"""
CONTACTED = """mutation($input: PartiesContactedInput!) { recordPartiesContacted(input: $input) {
  case { mediators { contactedAt mediator { id } } } } }"""
ROSTER = """query($t: ID) { mediators(filter: {tenantId: $t, publicRoster: true}, first: 100) {
  edges { node { id name kind status specialties } } } }"""
CREATE_MEDIATOR = """mutation($input: CreateMediatorInput!) { createMediator(input: $input) {
  mediator { id name } } }"""


async def case_by_title(api: Api, user: str, title: str) -> dict[str, Any]:
    data = await api.ok(
        user,
        """query($t: String) { cases(filter: {text: $t}, first: 5) { edges { node { id title status
             parties { id name } } } } }""",
        {"t": title},
    )
    [node] = [e["node"] for e in data["cases"]["edges"] if e["node"]["title"] == title]
    return node


async def roster(api: Api, user: str, tenant_code: str) -> list[dict[str, Any]]:
    data = await api.ok(user, ROSTER, {"t": await api.tenant_id(tenant_code)})
    return [e["node"] for e in data["mediators"]["edges"]]


async def recommend(api: Api, user: str, case_id: str, first: int = 50) -> list[dict[str, Any]]:
    data = await api.ok(user, RECOMMEND, {"c": case_id, "n": first})
    recs: list[dict[str, Any]] = data["mediatorRecommendations"]
    return recs


async def new_invited(api: Api, name: str, **fields: Any) -> str:
    """A 特邀调解员 on the court's roster whose term covers today (the real clock: the service reads it too)."""
    start = date.today() - timedelta(days=30)
    data = await api.ok(
        "court.clerk",
        CREATE_MEDIATOR,
        {
            "input": {
                "tenantId": await api.tenant_id("district-court"),
                "name": name,
                "kind": "INVITED",
                "termStart": start.isoformat(),
                "specialties": ["MEDICAL"],
                **fields,
            }
        },
    )
    mediator_id: str = data["createMediator"]["mediator"]["id"]
    return mediator_id


async def new_committee_mediator(api: Api, name: str, **fields: Any) -> str:
    data = await api.ok(
        "district.admin",
        CREATE_MEDIATOR,
        {
            "input": {
                "tenantId": await api.tenant_id("medical-committee"),
                "name": name,
                "kind": "PART_TIME",
                "specialties": ["MEDICAL"],
                **fields,
            }
        },
    )
    mediator_id: str = data["createMediator"]["mediator"]["id"]
    return mediator_id


async def trail_actions(api: Api, user: str, case_id: str) -> list[str]:
    data = await api.ok(
        user,
        "query($id: ID!) { node(id: $id) { ... on Case { auditTrail(first: 100) { edges { node { action } } } } } }",
        {"id": case_id},
    )
    return [e["node"]["action"] for e in data["node"]["auditTrail"]["edges"]]
