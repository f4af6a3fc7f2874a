"""The court names a 特邀调解员 on a 委派: the mediator leads the case and must contact the parties within the
configured days (rules.md §3.2 C10: 2 days, a local rule); recordPartiesContacted settles it. The receiving
body may then assign from the court's 特邀 roster."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.assignments.support import (
    ASSIGN,
    CONTACTED,
    TEAM,
    new_committee_mediator,
    new_invited,
    recommend,
    trail_actions,
)
from tests.helpers import ACCEPT, REFER, SIGN, Api, create_case, error_code, error_field

CHINA = ZoneInfo("Asia/Shanghai")
DEADLINES = """query($id: ID!) { node(id: $id) { ... on Case { deadlines { step status dueDate dueAt ruleName } } } }"""


async def _contact_clocks(api: Api, case_id: str) -> list[dict[str, Any]]:
    data = await api.ok("court.clerk", DEADLINES, {"id": case_id})
    return [d for d in data["node"]["deadlines"] if d["step"] == "MEDIATOR_CONTACT"]


async def _refer(
    api: Api, case_id: str, mediator: str, kind: str = "DELEGATED", **extra: Any
) -> dict[str, Any]:
    return await api.gql(
        "court.clerk",
        REFER,
        {
            "input": {
                "caseId": case_id,
                "toTenantId": await api.tenant_id("docking-centre"),
                "kind": kind,
                "reason": "诉前委派调解",
                "invitedMediatorId": mediator,
                **extra,
            }
        },
    )


async def test_the_court_names_an_invited_mediator_with_a_contact_deadline(api: Api) -> None:
    case = await create_case(api, "court.clerk", "庚某与某公司买卖合同纠纷（特邀指定）")
    mediator = await new_invited(api, "指定特邀调解员")
    body = await _refer(api, case["id"], mediator)
    assert not body.get("errors"), body
    team = (await api.ok("court.clerk", TEAM, {"id": case["id"]}))["node"]["mediators"]
    [named] = team
    assert (
        named["source"] == "COURT_NAMED"
        and named["isLead"]
        and named["assignedBy"]["code"] == "district-court"
    )
    # The rule pack's local rule (2 calendar days from the naming, China time) started a clock on the case.
    assigned = datetime.fromisoformat(named["assignedAt"]).astimezone(CHINA).date()
    assert named["contactedAt"] is None
    [clock] = await _contact_clocks(api, case["id"])
    assert clock["dueDate"] == (assigned + timedelta(days=2)).isoformat()
    assert clock["status"] == "ACTIVE" and clock["ruleName"] == "特邀调解员联系当事人（本地做法）"
    assert datetime.fromisoformat(clock["dueAt"]) == datetime.fromisoformat(named["contactDueAt"])

    # The docking centre signs for and accepts; the court's 特邀 roster is then assignable there.
    referral = body["data"]["referCase"]["referral"]["id"]
    await api.ok("docking.officer", SIGN, {"id": referral})
    await api.ok("docking.officer", ACCEPT, {"id": referral})
    other = await new_invited(api, "另一特邀调解员")
    recs = {r["mediator"]["id"]: r for r in await recommend(api, "docking.officer", case["id"])}
    assert (
        mediator in recs
        and other in recs
        and any(x.startswith("法院特邀调解员") for x in recs[other]["reasons"])
    )

    # The other tenant cannot record the contact; the handler can, once.
    contact = {"input": {"caseId": case["id"], "mediatorId": mediator}}
    assert error_code(await api.gql("medical.mediator", CONTACTED, contact)) == "NOT_FOUND"
    done = await api.ok("docking.officer", CONTACTED, contact)
    [row] = [
        m for m in done["recordPartiesContacted"]["case"]["mediators"] if m["mediator"]["id"] == mediator
    ]
    assert row["contactedAt"] is not None
    assert error_code(await api.gql("docking.officer", CONTACTED, contact)) == "CONFLICT"
    [clock] = await _contact_clocks(api, case["id"])
    assert clock["status"] == "MET"
    # The court's 30-day mediation clock still started at sign-for, beside the contact clock.
    steps = await api.ok("court.clerk", DEADLINES, {"id": case["id"]})
    assert "MEDIATION" in {d["step"] for d in steps["node"]["deadlines"]}
    actions = await trail_actions(api, "court.clerk", case["id"])
    assert {"case.mediators.court_named", "case.mediators.parties_contacted"} <= set(actions)
    # The court still owns the case (委派 hands over the work, not the case): it sees the contact recorded.
    assert error_code(await api.gql("court.clerk", CONTACTED, contact)) == "CONFLICT"


async def test_naming_is_refused_for_other_kinds_and_other_rosters(api: Api) -> None:
    case = await create_case(api, "court.clerk", "辛某与某公司买卖合同纠纷（特邀指定）")
    mediator = await new_invited(api, "指定特邀调解员乙")
    entrusted = await _refer(api, case["id"], mediator, kind="ENTRUSTED", procedure="SIMPLE")
    assert error_code(entrusted) == "BAD_USER_INPUT" and error_field(entrusted) == "invitedMediatorId"
    committee = await new_committee_mediator(api, "医调委调解员乙")
    body = await _refer(api, case["id"], committee)
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "invitedMediatorId"
    assert "医调委调解员乙" in body["errors"][0]["message"]
    # Nothing half-written: no referral, no mediator.
    team = (await api.ok("court.clerk", TEAM, {"id": case["id"]}))["node"]["mediators"]
    assert team == []
    refs = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { referrals { edges { node { id } } } } } }",
        {"id": case["id"]},
    )
    assert refs["node"]["referrals"]["edges"] == []


async def test_replacing_the_named_mediator_cancels_the_contact_clock(api: Api) -> None:
    case = await create_case(api, "court.clerk", "壬某与某公司买卖合同纠纷（特邀更换）")
    named = await new_invited(api, "被更换的特邀调解员")
    assert not (await _refer(api, case["id"], named)).get("errors")
    other = await new_invited(api, "接替的特邀调解员")
    await api.ok(
        "court.clerk",
        ASSIGN,
        {"input": {"caseId": case["id"], "mediatorIds": [other], "leadMediatorId": other}},
    )
    [clock] = await _contact_clocks(api, case["id"])
    assert clock["status"] == "CANCELLED"
