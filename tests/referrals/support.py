"""Helpers for the referral tests: the demo users who take part, GraphQL documents that read referrals back,
and builders that put a fresh case into a given referral state (every test works on cases of its own)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from concord.kit.ids import to_global_id
from tests.helpers import ACCEPT, REFER, RETURN, SIGN, Api, create_case, error_code

# Demo users (password "demo") and the tenants they act for.
COURT = "court.clerk"  # district-court (COURT)
DOCKING = "docking.officer"  # docking-centre (DOCKING_CENTRE), child of district-court
MEDICAL = "medical.mediator"  # medical-committee (COMMITTEE), child of district-centre
LABOUR = "labour.mediator"  # labour-committee (COMMITTEE), child of district-centre
DISTRICT = "district.admin"  # district-centre (CENTRE): supervises the committees, not the court
CENTRE = "district.officer"  # district-centre (CENTRE), centre_officer
EAST = "east.mediator"  # street-east (CENTRE), child of district-centre
E1 = "e1.worker"  # community-e1 (CENTRE), child of street-east
PETITION = "petition.officer"  # petition-bureau (DEPARTMENT)
LAWYER = "lawyer.li"  # lawyer-studio: may sign/accept/return, may not create or refer
ADMIN = "admin"  # platform tenant, platform_admin: no case or referral permissions at all

REASON = "诉前委派调解"


NODE_REFERRAL = """
query($id: ID!) {
  node(id: $id) {
    id
    ... on Referral {
      kind status reason returnReason version signedAt acceptedAt returnedAt
      fromTenant { code } toTenant { code } case { id }
    }
  }
}"""

CASE_REFERRALS = """
query($id: ID!, $first: Int!) {
  node(id: $id) {
    ... on Case {
      referrals(first: $first) {
        edges { node { id kind status fromTenant { code } toTenant { code } } }
        pageInfo { hasNextPage }
      }
    }
  }
}"""

CASES_BY_TITLE = (
    "query($text: String) { cases(first: 50, filter: {text: $text}) { edges { node { id title } } } }"
)


def unique_title(label: str = "民间借贷纠纷") -> str:
    """A title no other case has, so that `cases(filter: {text:})` finds exactly this test's case."""
    return f"{label}（{uuid.uuid4().hex[:10]}）"


def global_id(type_name: str, id_: uuid.UUID | None = None) -> str:
    return to_global_id(type_name, id_ or uuid.uuid4())


def errors_of(body: dict[str, Any]) -> tuple[str, str | None]:
    """(code, field) of the first error of a response that must have failed."""
    code = error_code(body)
    return code, body["errors"][0]["extensions"].get("field")


async def refer_body(
    api: Api,
    user: str | None,
    case_id: str,
    to: str,
    kind: str = "DELEGATED",
    reason: str = REASON,
    *,
    raw_to_id: bool = False,
) -> dict[str, Any]:
    """The whole response of referCase; `to` is a tenant code, or an id as it stands when raw_to_id. A 委托
    (ENTRUSTED) carries the court's procedure, ORDINARY here (tests/lifecycle/test_clock_triggers covers it)."""
    to_id = to if raw_to_id else await api.tenant_id(to)
    data: dict[str, Any] = {"caseId": case_id, "toTenantId": to_id, "kind": kind, "reason": reason}
    if kind == "ENTRUSTED":
        data["procedure"] = "ORDINARY"
    variables = {"input": data}
    return await api.gql(user, REFER, variables)


async def refer_ok(api: Api, user: str, case_id: str, to: str, kind: str = "DELEGATED") -> dict[str, Any]:
    body = await refer_body(api, user, case_id, to, kind)
    assert not body.get("errors"), body["errors"]
    referral: dict[str, Any] = body["data"]["referCase"]["referral"]
    return referral


async def sign(api: Api, user: str | None, referral_id: str) -> dict[str, Any]:
    return await api.gql(user, SIGN, {"id": referral_id})


async def accept(api: Api, user: str | None, referral_id: str) -> dict[str, Any]:
    return await api.gql(user, ACCEPT, {"id": referral_id})


async def return_(
    api: Api, user: str | None, referral_id: str, reason: str = "不属于受理范围"
) -> dict[str, Any]:
    return await api.gql(user, RETURN, {"id": referral_id, "reason": reason})


def payload(body: dict[str, Any], mutation: str) -> dict[str, Any]:
    """The referral a successful mutation returned."""
    assert not body.get("errors"), body["errors"]
    referral: dict[str, Any] = body["data"][mutation]["referral"]
    return referral


async def referral_state(api: Api, user: str, referral_id: str) -> dict[str, Any]:
    data = await api.ok(user, NODE_REFERRAL, {"id": referral_id})
    node: dict[str, Any] = data["node"]
    return node


async def case_referrals(api: Api, user: str, case_id: str, first: int = 10) -> list[dict[str, Any]]:
    data = await api.ok(user, CASE_REFERRALS, {"id": case_id, "first": first})
    return [e["node"] for e in data["node"]["referrals"]["edges"]]


async def listed_case_ids(api: Api, user: str, title: str) -> set[str]:
    data = await api.ok(user, CASES_BY_TITLE, {"text": title})
    return {e["node"]["id"] for e in data["cases"]["edges"]}


@dataclass
class Handoff:
    """A fresh case and one referral of it."""

    case_id: str
    referral_id: str
    title: str


async def new_case(api: Api, user: str, label: str = "民间借贷纠纷") -> tuple[str, str]:
    title = unique_title(label)
    case = await create_case(api, user, title)
    return case["id"], title


async def handoff(
    api: Api,
    sender: str = COURT,
    to: str = "docking-centre",
    kind: str = "DELEGATED",
    *,
    receiver: str | None = DOCKING,
    upto: str = "SENT",
) -> Handoff:
    """`sender` registers a case and refers it to `to`; `receiver` then moves it on to `upto`
    (SENT, SIGNED_FOR, ACCEPTED or RETURNED)."""
    case_id, title = await new_case(api, sender)
    referral = await refer_ok(api, sender, case_id, to, kind)
    rid = referral["id"]
    if upto in ("SIGNED_FOR", "ACCEPTED"):
        assert receiver is not None
        payload(await sign(api, receiver, rid), "signForReferral")
    if upto == "ACCEPTED":
        assert receiver is not None
        payload(await accept(api, receiver, rid), "acceptReferral")
    if upto == "RETURNED":
        assert receiver is not None
        payload(await return_(api, receiver, rid), "returnReferral")
    return Handoff(case_id, rid, title)
