"""Lifecycle mutations one by one: happy, denied (FORBIDDEN), other-tenant (NOT_FOUND) and bad input; the
ping-pong detector; the court's 委派 clock; calendar overrides."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest

from tests.helpers import ACCEPT, RETURN, SIGN, Api, create_case, error_code, error_field, refer

CASE = """query($id: ID!) { node(id: $id) { ... on Case { status bounceCount needsConference conferenceReason
  supervisionLevel supervisionLeader track riskFlags complexity ownerTenant { code }
  referrals(first: 10) { edges { node { id deadlines { track step dueDate explanation } } } } } } }"""
ESCALATE = "mutation($id: ID!, $r: String!) { escalateCase(input: {caseId: $id, reason: $r}) { case { ownerTenant { code } } } }"
ASSIGN = 'mutation($id: ID!, $t: ID!) { assignCase(input: {caseId: $id, toTenantId: $t, reason: "交办"}) { referral { id } } }'
SUPERVISE = """mutation($i: SuperviseCaseInput!) { superviseCase(input: $i) { case { supervisionLevel supervisionLeader } } }"""
OVERLAYS = """mutation($i: UpdateCaseOverlaysInput!) { updateCaseOverlays(input: $i) { case { track complexity riskFlags } } }"""
PERFORM = (
    "mutation($id: ID!, $n: String!) { recordPerformance(input: {caseId: $id, note: $n}) { case { id } } }"
)
FOLLOW = (
    "mutation($id: ID!, $s: Int!) { recordFollowUp(input: {caseId: $id, satisfaction: $s}) { case { id } } }"
)
TREF = """mutation($i: TransitionReferralInput!) { transitionReferral(input: $i) { referral { status version availableEvents } } }"""


async def state(api: Api, user: str, case_id: str) -> dict[str, Any]:
    data: dict[str, Any] = (await api.ok(user, CASE, {"id": case_id}))["node"]
    return data


def tag() -> str:
    return uuid.uuid4().hex[:6]


async def test_escalate_rules(api: Api) -> None:
    case = await create_case(api, "e1.worker", f"上报 {tag()}")
    assert error_code(await api.gql("e1.worker", ESCALATE, {"id": case["id"], "r": " "})) == "BAD_USER_INPUT"
    assert error_code(await api.gql("west.mediator", ESCALATE, {"id": case["id"], "r": "x"})) == "NOT_FOUND"
    assert error_code(await api.gql("lawyer.li", ESCALATE, {"id": case["id"], "r": "x"})) == "FORBIDDEN"
    # the street above sees it but does not own it yet: only the owner escalates
    assert error_code(await api.gql("east.mediator", ESCALATE, {"id": case["id"], "r": "x"})) == "FORBIDDEN"
    await api.ok("e1.worker", ESCALATE, {"id": case["id"], "r": "群体性苗头"})
    street = await state(api, "east.mediator", case["id"])
    assert street["ownerTenant"]["code"] == "street-east"
    await api.ok("east.mediator", ESCALATE, {"id": case["id"], "r": "跨街道，需区级协调"})
    assert (await state(api, "district.officer", case["id"]))["ownerTenant"]["code"] == "district-centre"
    # the district has no tier above it
    body = await api.gql("district.officer", ESCALATE, {"id": case["id"], "r": "x"})
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "caseId")


async def test_assign_rules(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"交办 {tag()}")
    labour = await api.tenant_id("labour-committee")
    assert (
        error_code(await api.gql("e1.worker", ASSIGN, {"id": case["id"], "t": labour})) == "FORBIDDEN"
    )  # a community centre
    assert error_code(await api.gql("west.mediator", ASSIGN, {"id": case["id"], "t": labour})) == "NOT_FOUND"
    body = await api.gql(
        "east.mediator", ASSIGN, {"id": case["id"], "t": await api.tenant_id("district-centre")}
    )
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "toTenantId")  # not down or across
    await api.ok("east.mediator", ASSIGN, {"id": case["id"], "t": labour})
    body = await api.gql("east.mediator", ASSIGN, {"id": case["id"], "t": labour})
    assert error_code(body) == "CONFLICT"  # one active hand-off per receiver


async def test_ping_pong_and_bounces_flag_a_conference(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"踢皮球 {tag()}")
    labour = await api.tenant_id("labour-committee")
    for _ in range(3):
        rid = (await api.ok("east.mediator", ASSIGN, {"id": case["id"], "t": labour}))["assignCase"][
            "referral"
        ]["id"]
        await api.ok("labour.mediator", RETURN, {"id": rid, "reason": "非本委职责"})
    s = await state(api, "east.mediator", case["id"])
    assert (s["bounceCount"], s["needsConference"]) == (3, True)
    assert "往返3次" in s["conferenceReason"]
    q = "{ conferenceProposals(first: 100) { edges { node { id conferenceReason } } } }"
    assert case["id"] in {
        e["node"]["id"] for e in (await api.ok("district.officer", q))["conferenceProposals"]["edges"]
    }


async def test_a_to_b_to_a_counts_as_a_bounce(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"回传 {tag()}")
    r = await refer(api, "court.clerk", case["id"], "docking-centre")
    await api.ok("docking.officer", SIGN, {"id": r["id"]})
    await api.ok("docking.officer", ACCEPT, {"id": r["id"]})
    await refer(api, "docking.officer", case["id"], "district-court", kind="TRANSFERRED")
    assert (await state(api, "court.clerk", case["id"]))["bounceCount"] == 1


async def test_two_departments_flag_a_conference(api: Api) -> None:
    case = await create_case(api, "district.officer", f"多部门 {tag()}", category="DEMOLITION")
    for code in ("housing", "petition-bureau"):
        await api.ok("district.officer", ASSIGN, {"id": case["id"], "t": await api.tenant_id(code)})
    s = await state(api, "district.officer", case["id"])
    assert s["needsConference"] is True and "多个政府部门" in s["conferenceReason"]


async def test_delegated_referral_starts_the_thirty_day_clock_on_sign_for(
    api: Api, legal_monday: datetime
) -> None:
    case = await create_case(api, "court.clerk", f"委派期限 {tag()}")
    r = await refer(api, "court.clerk", case["id"], "docking-centre")
    await api.ok("docking.officer", SIGN, {"id": r["id"]})
    await api.ok("docking.officer", ACCEPT, {"id": r["id"]})
    refs = (await state(api, "docking.officer", case["id"]))["referrals"]["edges"]
    deadlines = next(e["node"]["deadlines"] for e in refs if e["node"]["id"] == r["id"])
    # signed for Monday 21 September 2026 (签收, not acceptance, starts it; tests/lifecycle/test_clock_triggers
    # moves the sign-for to another day): 30 calendar days end on Wednesday 21 October, a working day
    assert [(d["track"], d["step"], d["dueDate"]) for d in deadlines] == [
        ("COURT_DELEGATED", "MEDIATION", "2026-10-21")
    ]
    assert "30" in deadlines[0]["explanation"]


async def test_supervise_rules(api: Api) -> None:
    case = await create_case(api, "e1.worker", f"督办 {tag()}")
    i = {"caseId": case["id"], "level": "LEADER_OWNED", "reason": "群体性纠纷，区领导包案"}
    body = await api.gql("district.officer", SUPERVISE, {"i": i})
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "leader")
    done = await api.ok("district.officer", SUPERVISE, {"i": {**i, "leader": "王副区长"}})
    assert done["superviseCase"]["case"] == {
        "supervisionLevel": "LEADER_OWNED",
        "supervisionLeader": "王副区长",
    }
    assert (
        error_code(await api.gql("medical.mediator", SUPERVISE, {"i": {**i, "leader": "x"}})) == "FORBIDDEN"
    )  # no case:supervise
    assert error_code(await api.gql("court.clerk", SUPERVISE, {"i": {**i, "leader": "x"}})) == "NOT_FOUND"


async def test_overlays_rules(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"标记 {tag()}")
    i = {
        "caseId": case["id"],
        "track": "PEOPLES_MEDIATION",
        "complexity": "HARD",
        "riskFlags": ["STABILITY", "GROUP_DISPUTE"],
    }
    done = await api.ok("east.mediator", OVERLAYS, {"i": i})
    assert done["updateCaseOverlays"]["case"] == {
        "track": "PEOPLES_MEDIATION",
        "complexity": "HARD",
        "riskFlags": ["GROUP_DISPUTE", "STABILITY"],
    }
    assert (
        error_code(await api.gql("district.officer", OVERLAYS, {"i": i})) == "FORBIDDEN"
    )  # sees it, does not work it
    assert error_code(await api.gql("west.mediator", OVERLAYS, {"i": i})) == "NOT_FOUND"
    assert (
        error_code(await api.gql("east.mediator", OVERLAYS, {"i": {**i, "riskFlags": ["NOPE"]}}))
        == "BAD_USER_INPUT"
    )
    assert (
        error_code(await api.gql("east.mediator", OVERLAYS, {"i": {**i, "expectedVersion": 999}}))
        == "CONFLICT"
    )


@pytest.mark.parametrize("satisfaction", [0, 6])
async def test_follow_up_rating_is_one_to_five(api: Api, satisfaction: int) -> None:
    case = await create_case(api, "east.mediator", f"回访 {tag()}")
    body = await api.gql("east.mediator", FOLLOW, {"id": case["id"], "s": satisfaction})
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "satisfaction")


async def test_performance_and_follow_up_need_the_performing_state(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"履行 {tag()}")
    assert (
        error_code(await api.gql("east.mediator", PERFORM, {"id": case["id"], "n": "已履行"}))
        == "BAD_USER_INPUT"
    )
    assert error_code(await api.gql("east.mediator", FOLLOW, {"id": case["id"], "s": 4})) == "BAD_USER_INPUT"
    assert (
        error_code(await api.gql("east.mediator", PERFORM, {"id": case["id"], "n": " "})) == "BAD_USER_INPUT"
    )
    assert error_code(await api.gql("west.mediator", PERFORM, {"id": case["id"], "n": "x"})) == "NOT_FOUND"


async def test_referral_report_review_cycle(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"办结报告 {tag()}")
    rid = (await api.ok("east.mediator", ASSIGN, {"id": case["id"], "t": await api.tenant_id("hrss")}))[
        "assignCase"
    ]["referral"]["id"]

    async def fire(user: str, event: str, **extra: Any) -> dict[str, Any]:
        body = await api.ok(user, TREF, {"i": {"referralId": rid, "event": event, **extra}})
        result: dict[str, Any] = body["transitionReferral"]["referral"]
        return result

    await fire("hrss.officer", "SIGN")
    await fire("hrss.officer", "ACCEPT")
    assert (await fire("hrss.officer", "START"))["availableEvents"] == ["REPORT"]
    body = await api.gql("hrss.officer", TREF, {"i": {"referralId": rid, "event": "REPORT"}})
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "reason")
    await fire("hrss.officer", "REPORT", reason="已督促企业支付工资")
    assert (
        error_code(await api.gql("hrss.officer", TREF, {"i": {"referralId": rid, "event": "APPROVE"}}))
        == "FORBIDDEN"
    )
    assert (await fire("east.mediator", "SEND_BACK", reason="请附支付凭证"))["status"] == "SENT_BACK"
    await fire("hrss.officer", "RESUME")
    await fire("hrss.officer", "REPORT", reason="已附支付凭证")
    await fire("east.mediator", "APPROVE")
    closed = await fire("east.mediator", "CLOSE")
    assert (closed["status"], closed["availableEvents"]) == ("CLOSED", [])
    body = await api.gql(
        "east.mediator",
        TREF,
        {"i": {"referralId": rid, "event": "RETURN", "reason": "x", "reasonCode": "OTHER"}},
    )
    assert error_code(body) == "FORBIDDEN"  # the sender never returns
    assert (
        error_code(await api.gql("west.mediator", TREF, {"i": {"referralId": rid, "event": "CLOSE"}}))
        == "NOT_FOUND"
    )


async def test_recall_and_return_code(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"撤回 {tag()}")
    rid = (await api.ok("east.mediator", ASSIGN, {"id": case["id"], "t": await api.tenant_id("hrss")}))[
        "assignCase"
    ]["referral"]["id"]
    body = await api.gql(
        "hrss.officer", TREF, {"i": {"referralId": rid, "event": "RETURN", "reason": "不属于本部门"}}
    )
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "reasonCode")
    recalled = await api.ok("east.mediator", TREF, {"i": {"referralId": rid, "event": "RECALL"}})
    assert recalled["transitionReferral"]["referral"]["status"] == "RECALLED"


async def test_calendar_override_is_for_platform_admins_and_moves_a_2027_deadline(api: Api) -> None:
    q = 'query { deadlinePreview(track: LABOUR, step: MEDIATION, start: "2027-02-01") { dueDate } }'
    before = (await api.ok("court.clerk", q))["deadlinePreview"]["dueDate"]
    m = "mutation($i: CalendarOverrideInput!) { setCalendarOverride(input: $i) { day isWorkday name } }"
    i = {"day": before, "isWorkday": False, "name": "春节"}
    assert error_code(await api.gql("district.admin", m, {"i": i})) == "FORBIDDEN"
    assert (error_code(body := await api.gql("admin", m, {"i": {**i, "name": ""}})), error_field(body)) == (
        "BAD_USER_INPUT",
        "name",
    )
    await api.ok("admin", m, {"i": i})
    after = (await api.ok("court.clerk", q))["deadlinePreview"]["dueDate"]
    assert after > before  # a period ending on a holiday runs to the next working day
    await api.ok("admin", m, {"i": {"day": before, "isWorkday": True, "name": ""}})
