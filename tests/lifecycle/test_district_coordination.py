"""Issue 14: the district centre's coordination of the departments (统筹协调: supervision of a department's case,
a district-convened conference assigning on it), triage never sending a case back to whoever passed it on,
no supervision of a closed case, and the text given with AGREE kept.

Coordination is data (`tenant_coordination`, demo rows district-centre → the departments), not tenant-tree
parentage: the district sees and supervises the departments' cases, it does not administer the departments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from concord.authz import relations
from concord.models.enums import AccessReason
from tests.admin.support import login, new_user
from tests.conferences.support import (
    ATTEND,
    DECIDE,
    DEPARTMENTS,
    NODE,
    USERS,
    accept_all,
    convene,
    due,
    lock_minutes,
    tids,
    transition,
)
from tests.helpers import ACCEPT, REFER, SIGN, Api, create_case, error_code

SUPERVISE = """mutation($i: SuperviseCaseInput!) { superviseCase(input: $i) {
  case { supervisionLevel supervisionReason } } }"""
CASE = """query($id: ID!) { node(id: $id) { ... on Case { status statusReason supervisionLevel ownerTenant { code }
  viewerCan { supervise refer transition }
  auditTrail(first: 100) { edges { node { action changes { field before after } } } } } } }"""
TRANSITION = (
    """mutation($i: TransitionCaseInput!) { transitionCase(input: $i) { case { status statusReason } } }"""
)
TRIAGE = """query($id: ID!) { node(id: $id) { ... on Case { triageSuggestions(first: 50) { tenant { code } } } } }"""
ESCALATE = """mutation($id: ID!) { escalateCase(input: {caseId: $id, reason: "本社区无法化解，上报街道"}) {
  case { ownerTenant { code } } } }"""
ASSIGN = """mutation($id: ID!, $t: ID!) { assignCase(input: {caseId: $id, toTenantId: $t, reason: "交公安调处"}) {
  referral { id } } }"""
RETURN = """mutation($id: ID!) { returnReferral(input: {referralId: $id, reason: "不属于治安调解范围",
  reasonCode: NOT_OUR_DUTY}) { referral { status } } }"""
UPDATE_TENANT = """mutation($i: UpdateTenantInput!) { updateTenant(input: $i) { tenant { id name } } }"""


def tag() -> str:
    return uuid.uuid4().hex[:6]


async def petition_case(api: Api, title: str = "某小区业主集体信访纠纷") -> dict[str, Any]:
    """A fresh case of the petition bureau (a department coordinated by the district centre)."""
    return await create_case(api, "petition.officer", f"{title} {tag()}", category="DEMOLITION")


async def node(api: Api, user: str, case_id: str) -> dict[str, Any]:
    data: dict[str, Any] = (await api.ok(user, CASE, {"id": case_id}))["node"]
    return data


def supervise_input(case_id: str, reason: str = "区中心统筹协调督办") -> dict[str, Any]:
    return {"i": {"caseId": case_id, "level": "SUPERVISED", "reason": reason}}


# --- 1. coordination -----------------------------------------------------------------------------------------


async def test_district_supervises_a_department_case_it_coordinates(api: Api) -> None:
    case = await petition_case(api)
    seen = await node(api, "district.officer", case["id"])
    assert seen["ownerTenant"]["code"] == "petition-bureau"
    # sight and supervision, not the handler's say
    assert seen["viewerCan"] == {"supervise": True, "refer": False, "transition": False}
    done = await api.ok("district.officer", SUPERVISE, supervise_input(case["id"]))
    assert done["superviseCase"]["case"] == {
        "supervisionLevel": "SUPERVISED",
        "supervisionReason": "区中心统筹协调督办",
    }
    actions = [
        e["node"]["action"] for e in (await node(api, "petition.officer", case["id"]))["auditTrail"]["edges"]
    ]
    assert "case.supervise" in actions


async def test_a_street_centre_does_not_coordinate_the_departments(api: Api) -> None:
    """Denied: street-east sees a department case sent to it, and holds case:supervise, but coordinates no
    department (the district's coordination is not inherited down the tree): FORBIDDEN with the rule's words."""
    street = await api.tenant_id("street-east")
    officer = await new_user(api, "district.admin", street, ["centre_officer"])
    token = await login(api, officer["username"])
    case = await petition_case(api, "某街道居民信访纠纷")
    await api.ok(
        "petition.officer",
        REFER,
        {"input": {"caseId": case["id"], "toTenantId": street, "kind": "TRANSFERRED", "reason": "属地化解"}},
    )
    body = await api.gql(None, SUPERVISE, supervise_input(case["id"]), token=token)
    assert error_code(body) == "FORBIDDEN"
    assert "统筹协调" in body["errors"][0]["message"]
    can = (await api.gql(None, CASE, {"id": case["id"]}, token=token))["data"]["node"]["viewerCan"]
    assert can["supervise"] is False


async def test_other_tenants_neither_see_nor_supervise_a_department_case(api: Api) -> None:
    case = await petition_case(api)
    # the court holds case:supervise but neither owns, sees nor coordinates it
    assert error_code(await api.gql("court.clerk", SUPERVISE, supervise_input(case["id"]))) == "NOT_FOUND"
    assert error_code(await api.gql("e1.worker", SUPERVISE, supervise_input(case["id"]))) == "NOT_FOUND"
    # another department is coordinated too, but is not the district: it does not see the bureau's case
    assert (await api.gql("hrss.officer", CASE, {"id": case["id"]}))["data"]["node"] is None


async def test_coordination_is_not_administration(api: Api) -> None:
    """The district centre's administrator manages its own tree; the departments are not in it."""
    bureau = await api.tenant_id("petition-bureau")
    body = await api.gql("district.admin", UPDATE_TENANT, {"i": {"tenantId": bureau, "name": "改名"}})
    assert error_code(body) == "NOT_FOUND"


async def _held_conference_on(api: Api, case_id: str) -> dict[str, Any]:
    conf = await convene(api, case_id)
    await accept_all(api, conf["id"], USERS)
    await transition(api, conf["id"], "SCHEDULE")
    entries = [{"tenantId": t, "attendance": "PRESENT"} for t in await tids(api, *DEPARTMENTS)]
    await api.ok("district.officer", ATTEND, {"input": {"conferenceId": conf["id"], "entries": entries}})
    await transition(api, conf["id"], "HOLD")
    return conf


async def test_a_district_conference_assigns_on_a_department_case(api: Api, legal_monday: datetime) -> None:
    case = await petition_case(api, "某工地农民工集体讨薪信访纠纷")
    conf = await _held_conference_on(api, case["id"])
    await lock_minutes(api, conf["id"])
    hrss = (await tids(api, "hrss"))[0]
    await api.ok(
        "district.officer",
        DECIDE,
        {"input": {"conferenceId": conf["id"], "text": "区人社局牵头督促总包单位清偿欠薪",
                   "responsibleTenantId": hrss,
                   "actionItems": [{"description": "十日内约谈总包单位并报告进展", "dueDate": due(10)}]}},
    )  # fmt: skip
    issued = await transition(api, conf["id"], "ISSUE_DECISIONS")
    assert issued["status"] == "DECISIONS_ISSUED"
    data = (await api.ok("district.officer", NODE, {"id": conf["id"]}))["node"]
    item = data["decisions"][0]["actionItems"][0]
    assert item["status"] == "OPEN" and item["responsibleTenant"]["code"] == "hrss"
    assert item["referral"]["kind"] == "ASSIGNED" and item["referral"]["status"] == "SENT"
    # the 交办 reaches the department, which signs for and accepts it: it now handles the bureau's case
    await api.ok("hrss.officer", SIGN, {"id": item["referral"]["id"]})
    await api.ok("hrss.officer", ACCEPT, {"id": item["referral"]["id"]})
    assert (await node(api, "hrss.officer", case["id"]))["viewerCan"]["transition"] is True


async def test_coordination_does_not_let_the_district_refer_outside_a_conference(api: Api) -> None:
    """Conferences are the district's way to hand a department's case on; a direct referral stays the
    handler's (denied, though the case is visible)."""
    case = await petition_case(api)
    body = await api.gql(
        "district.officer",
        REFER,
        {"input": {"caseId": case["id"], "toTenantId": await api.tenant_id("hrss"), "kind": "TRANSFERRED",
                   "reason": "x"}},
    )  # fmt: skip
    assert error_code(body) == "FORBIDDEN"


# --- 2. triage -----------------------------------------------------------------------------------------------


async def suggested(api: Api, user: str, case_id: str) -> set[str]:
    data = await api.ok(user, TRIAGE, {"id": case_id})
    return {s["tenant"]["code"] for s in data["node"]["triageSuggestions"]}


async def test_triage_never_suggests_the_tenants_that_passed_the_case_on(api: Api) -> None:
    case = await create_case(api, "e1.worker", f"邻里噪音纠纷 {tag()}", category="NEIGHBOUR")
    await api.ok("e1.worker", ESCALATE, {"id": case["id"]})
    # community-e1 escalated it (上报): it is under street-east but must not be offered the case back
    assert "community-e1" not in await suggested(api, "east.mediator", case["id"])
    assert "police" in await suggested(api, "east.mediator", case["id"])
    rid = (await api.ok("east.mediator", ASSIGN, {"id": case["id"], "t": await api.tenant_id("police")}))[
        "assignCase"
    ]["referral"]["id"]
    await api.ok("police.officer", RETURN, {"id": rid})
    # the police returned it (退回): not suggested again
    assert "police" not in await suggested(api, "east.mediator", case["id"])


# --- 3. no supervision of a closed case ------------------------------------------------------------------------


async def test_a_closed_case_cannot_be_supervised(api: Api) -> None:
    case = await create_case(api, "e1.worker", f"已结案纠纷 {tag()}")
    cid = case["id"]
    for event, reason in (("TRIAGE", None), ("NOT_ACCEPT", "不属于人民调解受理范围"), ("CLOSE", None)):
        await api.ok("e1.worker", TRANSITION, {"i": {"caseId": cid, "event": event, "reason": reason}})
    for user in ("e1.worker", "district.officer"):  # the owner, and a tenant above it
        body = await api.gql(user, SUPERVISE, supervise_input(cid))
        assert error_code(body) == "CONFLICT", user
        assert "已结案" in body["errors"][0]["message"]
        assert (await node(api, user, cid))["viewerCan"]["supervise"] is False
    assert (
        error_code(await api.gql("west.mediator", SUPERVISE, supervise_input(cid))) == "FORBIDDEN"
    )  # no role
    assert (await node(api, "e1.worker", cid))["supervisionLevel"] == "NONE"


# --- 4. the text given with AGREE ------------------------------------------------------------------------------


async def test_the_text_given_with_agree_is_kept(api: Api) -> None:
    case = await create_case(api, "e1.worker", f"借款纠纷达成协议 {tag()}")
    cid = case["id"]
    for event in ("TRIAGE", "ACCEPT", "START_MEDIATION"):
        await api.ok("e1.worker", TRANSITION, {"i": {"caseId": cid, "event": event}})
    terms = "双方同意被申请人分三期归还借款五万元，每月15日前支付"
    done = await api.ok("e1.worker", TRANSITION, {"i": {"caseId": cid, "event": "AGREE", "reason": terms}})
    assert done["transitionCase"]["case"] == {"status": "AGREED", "statusReason": terms}
    trail = (await node(api, "e1.worker", cid))["auditTrail"]["edges"]
    agree = next(e["node"] for e in trail if e["node"]["action"] == "case.agree")
    assert {"field": "status_reason", "before": None, "after": terms} in agree["changes"]
    # the next status came without a text: the agreement's terms stay in the trail, not as its reason
    done = await api.ok("e1.worker", TRANSITION, {"i": {"caseId": cid, "event": "START_PERFORMANCE"}})
    assert done["transitionCase"]["case"] == {"status": "PERFORMING", "statusReason": None}


def test_the_conference_rule_needs_a_handler_or_a_coordinator() -> None:
    """The relation rule a conference's 交办 is checked with: a convenor that neither handles the case nor
    coordinates its owner is refused (a street centre convening on a department's case it was only sent)."""
    me, owner = uuid.uuid4(), uuid.uuid4()
    not_coordinated = relations.coordinates(owner, set())
    refused = relations.may_assign_through_conference(me, owner, {AccessReason.REFERRAL_TO}, not_coordinated)
    assert not refused and "统筹协调" in refused.reason
    assert relations.may_assign_through_conference(me, owner, (), relations.coordinates(owner, {owner}))
    assert relations.may_assign_through_conference(me, owner, {AccessReason.HANDLER}, not_coordinated)
    assert not relations.may_supervise(False, not_coordinated)
    assert relations.may_supervise(False, relations.coordinates(owner, {owner}))
