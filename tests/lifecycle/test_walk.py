"""The lifecycle issue's acceptance walk: community → street (escalation) → labour committee (assignment,
return, reassignment) → mediation → agreement → performance → follow-up → closure, with availableEvents right
at every step; and the deadline watcher raising supervision on an overdue case.

The case is registered on the day the `legal_monday` fixture fixes (Monday 21 September 2026); the 15-day labour
period counts from that registration (the committee received the application, 劳动争议调解仲裁法 Art. 14), so
it and the watcher's windows fall on known dates whatever day the suite runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from concord.cases.lifecycle import set_supervision
from concord.deadlines.watcher import sweep
from concord.kit import clock
from tests.helpers import ACCEPT, CHINA, SIGN, Api, create_case, error_code

CASE = """query($id: ID!) { node(id: $id) { ... on Case { status version bounceCount needsConference availableEvents
  supervisionLevel supervisionReason ownerTenant { code } deadlines { step status dueDate explanation }
  referrals(first: 10) { edges { node { id kind status fromTenant { code } toTenant { code } availableEvents } } } } } }"""
TRANSITION = """mutation($i: TransitionCaseInput!) { transitionCase(input: $i) { case { status version availableEvents } } }"""
ESCALATE = """mutation($id: ID!, $r: String!) { escalateCase(input: {caseId: $id, reason: $r}) { case { ownerTenant { code } } } }"""
ASSIGN = """mutation($id: ID!, $t: ID!) { assignCase(input: {caseId: $id, toTenantId: $t, reason: "欠薪纠纷交劳动争议调委会调解"}) {
  referral { id kind status toTenant { code } } } }"""
RETURN = """mutation($id: ID!) { returnReferral(input: {referralId: $id, reason: "需先核实用工主体", reasonCode: INCOMPLETE_MATERIALS}) {
  referral { status returnCode } } }"""
TRAIL = "query($id: ID!) { node(id: $id) { ... on Case { auditTrail(first: 100) { edges { node { action } } } } } }"
OVERLAYS = """mutation($id: ID!) { updateCaseOverlays(input: {caseId: $id, track: LABOUR, riskFlags: [GROUP_DISPUTE]}) { case { track riskFlags } } }"""


async def case_state(api: Api, user: str, case_id: str) -> dict[str, Any]:
    data: dict[str, Any] = (await api.ok(user, CASE, {"id": case_id}))["node"]
    return data


async def fire(api: Api, user: str, case_id: str, event: str, reason: str | None = None) -> dict[str, Any]:
    body = await api.ok(user, TRANSITION, {"i": {"caseId": case_id, "event": event, "reason": reason}})
    result: dict[str, Any] = body["transitionCase"]["case"]
    return result


async def test_community_case_walks_to_closure(api: Api, legal_monday: datetime) -> None:
    case = await create_case(
        api, "e1.worker", f"某劳务公司拖欠工资纠纷 {uuid.uuid4().hex[:6]}", category="LABOUR"
    )
    cid = case["id"]
    state = await case_state(api, "e1.worker", cid)
    assert state["status"] == "REGISTERED" and "TRIAGE" in state["availableEvents"]

    await api.ok("e1.worker", ESCALATE, {"id": cid, "r": "涉及人数多，社区无力化解"})
    assert (await case_state(api, "east.mediator", cid))["ownerTenant"]["code"] == "street-east"
    # the community keeps sight of it but no longer works it
    assert (await case_state(api, "e1.worker", cid))["availableEvents"] == []

    labour = await api.tenant_id("labour-committee")
    first = (await api.ok("east.mediator", ASSIGN, {"id": cid, "t": labour}))["assignCase"]["referral"]
    assert (first["kind"], first["status"]) == ("ASSIGNED", "SENT")
    await api.ok("labour.mediator", SIGN, {"id": first["id"]})
    assert (await api.ok("labour.mediator", RETURN, {"id": first["id"]}))["returnReferral"]["referral"] == {
        "status": "RETURNED",
        "returnCode": "INCOMPLETE_MATERIALS",
    }
    assert (await case_state(api, "east.mediator", cid))["bounceCount"] == 1

    second = (await api.ok("east.mediator", ASSIGN, {"id": cid, "t": labour}))["assignCase"]["referral"]
    await api.ok("labour.mediator", SIGN, {"id": second["id"]})
    await api.ok("labour.mediator", ACCEPT, {"id": second["id"]})
    refs = (await case_state(api, "labour.mediator", cid))["referrals"]["edges"]
    accepted = next(e["node"] for e in refs if e["node"]["id"] == second["id"])
    assert accepted["availableEvents"] == ["START"]

    await api.ok("east.mediator", OVERLAYS, {"id": cid})
    assert (await fire(api, "east.mediator", cid, "TRIAGE"))["availableEvents"] == [
        "ACCEPT",
        "NOT_ACCEPT",
        "DIVERT",
        "MERGE",
    ]
    await fire(api, "east.mediator", cid, "ACCEPT")
    after = await fire(api, "labour.mediator", cid, "START_MEDIATION")
    assert after["status"] == "IN_MEDIATION"
    assert set(after["availableEvents"]) == {"PAUSE", "AGREE", "FAIL", "WITHDRAW"}
    deadlines = (await case_state(api, "labour.mediator", cid))["deadlines"]
    # 15 days from the registration on Monday 21 September end on Tuesday 6 October, inside 国庆节: the period
    # runs to Thursday 8th
    assert [(d["step"], d["status"], d["dueDate"]) for d in deadlines] == [
        ("MEDIATION", "ACTIVE", "2026-10-08")
    ]
    assert "15" in deadlines[0]["explanation"] and "国庆节" in deadlines[0]["explanation"]

    await fire(api, "labour.mediator", cid, "AGREE")
    performing = await fire(api, "labour.mediator", cid, "START_PERFORMANCE")
    # closure only after performance and a follow-up: RESOLVE is not offered yet, and refused if forced
    assert performing["availableEvents"] == ["BREACH"]
    body = await api.gql("labour.mediator", TRANSITION, {"i": {"caseId": cid, "event": "RESOLVE"}})
    assert error_code(body) == "BAD_USER_INPUT"
    await api.ok(
        "labour.mediator",
        'mutation($id: ID!) { recordPerformance(input: {caseId: $id, note: "工资已全额支付"}) { case { performanceNote } } }',
        {"id": cid},
    )
    body = await api.gql("labour.mediator", TRANSITION, {"i": {"caseId": cid, "event": "RESOLVE"}})
    assert error_code(body) == "BAD_USER_INPUT"  # still no follow-up
    await api.ok(
        "labour.mediator",
        'mutation($id: ID!) { recordFollowUp(input: {caseId: $id, satisfaction: 5, note: "电话回访，当事人满意"}) { case { satisfaction } } }',
        {"id": cid},
    )
    assert "RESOLVE" in (await case_state(api, "labour.mediator", cid))["availableEvents"]
    await fire(api, "labour.mediator", cid, "RESOLVE")
    closed = await fire(api, "east.mediator", cid, "CLOSE")
    assert closed["status"] == "CLOSED"
    assert closed["availableEvents"] == []  # reopening (重新启动) is for supervisors and administrators
    final = await case_state(api, "east.mediator", cid)
    assert [d["status"] for d in final["deadlines"]] == ["MET"]
    # every step is in the case's trail (tests/audit checks that each mutation has its action)
    trail = await api.ok("east.mediator", TRAIL, {"id": cid})
    actions = [e["node"]["action"] for e in trail["node"]["auditTrail"]["edges"]]
    for expected in (
        "case.create", "case.escalate", "referral.create", "referral.sign", "referral.return", "case.bounce",
        "referral.accept", "case.overlays.update", "deadline.start", "case.triage", "case.accept",
        "case.start_mediation", "case.agree", "case.start_performance", "case.performance.record",
        "case.follow_up.record", "case.resolve", "case.close", "deadline.settle",
    ):  # fmt: skip
        assert expected in actions, expected


async def test_illegal_and_stale_transitions(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"邻里纠纷 {uuid.uuid4().hex[:6]}", category="NEIGHBOUR")
    body = await api.gql("east.mediator", TRANSITION, {"i": {"caseId": case["id"], "event": "AGREE"}})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["allowedEvents"] == ["TRIAGE"]
    state = await case_state(api, "east.mediator", case["id"])
    body = await api.gql(
        "east.mediator",
        TRANSITION,
        {"i": {"caseId": case["id"], "event": "TRIAGE", "expectedVersion": state["version"] + 1}},
    )
    assert error_code(body) == "CONFLICT"
    await fire(api, "east.mediator", case["id"], "TRIAGE")
    body = await api.gql("east.mediator", TRANSITION, {"i": {"caseId": case["id"], "event": "NOT_ACCEPT"}})
    assert (error_code(body), body["errors"][0]["extensions"]["field"]) == ("BAD_USER_INPUT", "reason")
    # a tenant that sees the case from above may not work it; one that cannot see it gets NOT_FOUND
    assert (
        error_code(
            await api.gql("district.officer", TRANSITION, {"i": {"caseId": case["id"], "event": "ACCEPT"}})
        )
        == "FORBIDDEN"
    )
    assert (
        error_code(
            await api.gql("west.mediator", TRANSITION, {"i": {"caseId": case["id"], "event": "ACCEPT"}})
        )
        == "NOT_FOUND"
    )


async def test_overdue_case_rises_to_supervised_and_shows_in_the_district(
    api: Api, legal_monday: datetime
) -> None:
    case = await create_case(api, "east.mediator", f"超期督办 {uuid.uuid4().hex[:6]}", category="LABOUR")
    cid = case["id"]
    await api.ok("east.mediator", OVERLAYS, {"id": cid})
    for event in ("TRIAGE", "ACCEPT", "START_MEDIATION"):
        await fire(api, "east.mediator", cid, event)
    sessions = api.app.state.db.sessions

    async def at(moment: datetime) -> tuple[str, str, str]:
        """Sweep with the clock at `moment`; the case's deadline status and due date, and its supervision."""
        with clock.frozen(moment):
            assert (await sweep(sessions, supervise=set_supervision)).ran
        state = await case_state(api, "east.mediator", cid)
        [deadline] = state["deadlines"]
        return deadline["dueDate"], deadline["status"], state["supervisionLevel"]

    # Started Monday 21 September 2026: the 15th day, Tuesday 6 October, is a 国庆节 holiday, so the period
    # runs to Thursday 8 October and is due at 24:00 that day. Due soon from three days before (6 October 0:00).
    assert await at(datetime(2026, 10, 5, 10, 0, tzinfo=CHINA)) == ("2026-10-08", "ACTIVE", "NONE")
    assert await at(datetime(2026, 10, 6, 10, 0, tzinfo=CHINA)) == ("2026-10-08", "DUE_SOON", "URGED")
    assert await at(datetime(2026, 10, 8, 23, 59, tzinfo=CHINA)) == ("2026-10-08", "DUE_SOON", "URGED")
    assert await at(datetime(2026, 10, 9, 0, 0, tzinfo=CHINA)) == ("2026-10-08", "OVERDUE", "SUPERVISED")
    state = await case_state(api, "east.mediator", cid)
    assert "2026-10-08已超期" in state["supervisionReason"]
    assert cid in await overdue_case_ids(api, "district.officer")
    assert cid not in await overdue_case_ids(api, "west.mediator")


async def overdue_case_ids(api: Api, user: str) -> set[str]:
    """Every case in the user's overdueCases, page by page (cases are listed newest first, and this one was
    registered on the fixed day, behind whatever the rest of the suite registered since)."""
    q = """query($after: String) { overdueCases(first: 100, after: $after) {
      edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
    ids: set[str] = set()
    after = None
    while True:
        page = (await api.ok(user, q, {"after": after}))["overdueCases"]
        ids |= {e["node"]["id"] for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]
