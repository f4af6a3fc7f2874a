"""Issue 14: each legal clock starts at the event the law names, and counts from the day that event was
recorded, not from the day a later event fires.

Cases are registered on the `legal_monday` fixture's day (Monday 21 September 2026); later events happen on
days the tests set with clock.frozen, so every start and due date below is a fixed, hand-checked date."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from concord.kit import clock
from tests.helpers import ACCEPT, CHINA, SIGN, Api, create_case, error_code, error_field, refer

CASE = """query($id: ID!) { node(id: $id) { ... on Case { status acceptedAt pauseReason
  deadlines { track step startDate dueDate status pausedDays legalBasis startsFrom explanation } } } }"""
TRANSITION = (
    """mutation($i: TransitionCaseInput!) { transitionCase(input: $i) { case { status pauseReason } } }"""
)
OVERLAYS = """mutation($id: ID!, $t: Track!) { updateCaseOverlays(input: {caseId: $id, track: $t}) { case { track } } }"""
REFER = (
    """mutation($input: ReferCaseInput!) { referCase(input: $input) { referral { id kind procedure } } }"""
)

WEDNESDAY = datetime(2026, 9, 23, 10, 0, tzinfo=CHINA)
THURSDAY = datetime(2026, 9, 24, 10, 0, tzinfo=CHINA)
FRIDAY = datetime(2026, 9, 25, 10, 0, tzinfo=CHINA)


def tag() -> str:
    return uuid.uuid4().hex[:6]


async def clocks(api: Api, user: str, case_id: str) -> list[tuple[str, str, str, str]]:
    node = (await api.ok(user, CASE, {"id": case_id}))["node"]
    return [(d["track"], d["step"], d["startDate"], d["dueDate"]) for d in node["deadlines"]]


async def fire(api: Api, user: str, case_id: str, event: str, **extra: Any) -> dict[str, Any]:
    body = await api.ok(user, TRANSITION, {"i": {"caseId": case_id, "event": event, **extra}})
    result: dict[str, Any] = body["transitionCase"]["case"]
    return result


async def test_labour_mediation_counts_from_the_application_not_from_start_mediation(
    api: Api, legal_monday: datetime
) -> None:
    """劳动争议调解仲裁法 Art. 14: 15 days from the day the committee receives the application (registration)."""
    cid = (await create_case(api, "labour.mediator", f"欠薪 {tag()}", category="LABOUR"))["id"]
    with clock.frozen(WEDNESDAY):  # the track is recorded two days later: the period still counts from Monday
        await api.ok("labour.mediator", OVERLAYS, {"id": cid, "t": "LABOUR"})
    with clock.frozen(FRIDAY):
        for event in ("TRIAGE", "ACCEPT", "START_MEDIATION"):
            await fire(api, "labour.mediator", cid, event)
    # 21 September + 15 = Tuesday 6 October, a 国庆节 holiday: the period runs to Thursday 8 October
    assert await clocks(api, "labour.mediator", cid) == [("LABOUR", "MEDIATION", "2026-09-21", "2026-10-08")]


async def test_peoples_mediation_counts_from_acceptance(api: Api, legal_monday: datetime) -> None:
    cid = (await create_case(api, "east.mediator", f"邻里 {tag()}", category="NEIGHBOUR"))["id"]
    await api.ok("east.mediator", OVERLAYS, {"id": cid, "t": "PEOPLES_MEDIATION"})
    assert await clocks(api, "east.mediator", cid) == []  # registration starts nothing on this track
    await fire(api, "east.mediator", cid, "TRIAGE")
    with clock.frozen(WEDNESDAY):
        assert (await fire(api, "east.mediator", cid, "ACCEPT"))["status"] == "ACCEPTED"
    with clock.frozen(FRIDAY):
        await fire(api, "east.mediator", cid, "START_MEDIATION")  # starts no clock of its own
    # one month from Wednesday 23 September: Friday 23 October
    assert await clocks(api, "east.mediator", cid) == [
        ("PEOPLES_MEDIATION", "MEDIATION", "2026-09-23", "2026-10-23")
    ]


async def test_track_set_after_acceptance_counts_from_the_recorded_acceptance_day(
    api: Api, legal_monday: datetime
) -> None:
    cid = (await create_case(api, "east.mediator", f"补录程序 {tag()}", category="NEIGHBOUR"))["id"]
    await fire(api, "east.mediator", cid, "TRIAGE")
    await fire(api, "east.mediator", cid, "ACCEPT")  # Monday 21 September
    with clock.frozen(THURSDAY):
        await api.ok("east.mediator", OVERLAYS, {"id": cid, "t": "PEOPLES_MEDIATION"})
    assert await clocks(api, "east.mediator", cid) == [
        ("PEOPLES_MEDIATION", "MEDIATION", "2026-09-21", "2026-10-21")
    ]


async def test_delegation_counts_from_sign_for_and_a_hand_on_keeps_the_one_clock(
    api: Api, legal_monday: datetime
) -> None:
    """法释〔2016〕14号 Art. 25: from the day the mediating body signs for the court's materials."""
    cid = (await create_case(api, "court.clerk", f"委派签收 {tag()}"))["id"]
    r = await refer(api, "court.clerk", cid, "docking-centre")  # sent Monday
    with clock.frozen(WEDNESDAY):
        await api.ok("docking.officer", SIGN, {"id": r["id"]})
    with clock.frozen(FRIDAY):
        await api.ok("docking.officer", ACCEPT, {"id": r["id"]})
        # the docking centre hands the case on to a committee inside the period
        on = await refer(api, "docking.officer", cid, "labour-committee")
        await api.ok("labour.mediator", SIGN, {"id": on["id"]})
    # 30 days from Wednesday 23 September: Friday 23 October; no second clock for the hand-on
    assert await clocks(api, "court.clerk", cid) == [
        ("COURT_DELEGATED", "MEDIATION", "2026-09-23", "2026-10-23")
    ]


async def test_entrustment_takes_its_period_from_the_courts_procedure(
    api: Api, legal_monday: datetime
) -> None:
    cid = (await create_case(api, "court.clerk", f"委托程序 {tag()}"))["id"]
    to = await api.tenant_id("docking-centre")
    base = {"caseId": cid, "toTenantId": to, "kind": "ENTRUSTED", "reason": "诉中委托调解"}
    body = await api.gql("court.clerk", REFER, {"input": base})
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "procedure")
    body = await api.gql(
        "court.clerk", REFER, {"input": {**base, "kind": "DELEGATED", "procedure": "SIMPLE"}}
    )
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "procedure")
    r = (await api.ok("court.clerk", REFER, {"input": {**base, "procedure": "SIMPLE"}}))["referCase"][
        "referral"
    ]
    assert r["procedure"] == "SIMPLE"
    # the case's complexity (SIMPLE by default, here made COMPLEX) does not choose the period
    await api.ok(
        "court.clerk",
        "mutation($id: ID!) { updateCaseOverlays(input: {caseId: $id, complexity: COMPLEX}) { case { id } } }",
        {"id": cid},
    )
    with clock.frozen(WEDNESDAY):
        await api.ok("docking.officer", SIGN, {"id": r["id"]})
    # 7 days from Wednesday 23 September: Wednesday 30 September
    assert await clocks(api, "court.clerk", cid) == [
        ("COURT_ENTRUSTED", "MEDIATION_SIMPLE", "2026-09-23", "2026-09-30")
    ]


async def test_petition_registration_counts_from_registration_and_a_transfer_starts_its_own_clock(
    api: Api, legal_monday: datetime
) -> None:
    cid = (await create_case(api, "petition.officer", f"信访 {tag()}", category="DEMOLITION"))["id"]
    with clock.frozen(THURSDAY):  # recorded as a petition three days after registration: never "today"
        await api.ok("petition.officer", OVERLAYS, {"id": cid, "t": "PETITION"})
    with clock.frozen(FRIDAY):
        r = await refer(api, "petition.officer", cid, "housing", kind="TRANSFERRED")
        await api.ok("housing.officer", SIGN, {"id": r["id"]})
    # registration: 21 September + 15 = 6 October (国庆节) → Thursday 8 October;
    # the transfer: signed for Friday 25 September + 15 = Saturday 10 October, a 国庆节 adjusted workday
    assert await clocks(api, "petition.officer", cid) == [
        ("PETITION", "REGISTRATION", "2026-09-21", "2026-10-08"),
        ("PETITION", "ACCEPTANCE", "2026-09-25", "2026-10-10"),
    ]


async def test_pause_reason_must_be_one_the_rule_allows(api: Api, legal_monday: datetime) -> None:
    """医疗纠纷预防和处理条例 Art. 38: appraisal time is excluded; gathering materials is not."""
    cid = (await create_case(api, "medical.mediator", f"医疗 {tag()}", category="MEDICAL"))["id"]
    await api.ok("medical.mediator", OVERLAYS, {"id": cid, "t": "MEDICAL"})
    for event in ("TRIAGE", "ACCEPT", "START_MEDIATION"):
        await fire(api, "medical.mediator", cid, event)
    pause = {"caseId": cid, "event": "PAUSE", "reason": "等待"}
    body = await api.gql("medical.mediator", TRANSITION, {"i": pause})
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "reasonCode")
    body = await api.gql(
        "medical.mediator", TRANSITION, {"i": {**pause, "reasonCode": "SUPPLEMENTARY_MATERIALS"}}
    )
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "reasonCode")
    assert body["errors"][0]["extensions"]["allowedReasonCodes"] == ["APPRAISAL"]
    paused = await fire(
        api, "medical.mediator", cid, "PAUSE", reason="委托医疗损害鉴定", reasonCode="APPRAISAL"
    )
    assert paused == {"status": "PAUSED", "pauseReason": "APPRAISAL"}
    with clock.frozen(FRIDAY):  # Monday to Friday: four working days of appraisal
        await fire(api, "medical.mediator", cid, "RESUME")
    node = (await api.ok("medical.mediator", CASE, {"id": cid}))["node"]
    [d] = node["deadlines"]
    assert (d["startDate"], d["pausedDays"]) == ("2026-09-21", 4)
    assert "鉴定" in d["explanation"] and node["pauseReason"] is None


async def test_a_clock_without_pause_reasons_refuses_a_pause(api: Api, legal_monday: datetime) -> None:
    cid = (await create_case(api, "labour.mediator", f"劳动中止 {tag()}", category="LABOUR"))["id"]
    await api.ok("labour.mediator", OVERLAYS, {"id": cid, "t": "LABOUR"})
    for event in ("TRIAGE", "ACCEPT", "START_MEDIATION"):
        await fire(api, "labour.mediator", cid, event)
    body = await api.gql(
        "labour.mediator",
        TRANSITION,
        {"i": {"caseId": cid, "event": "PAUSE", "reason": "x", "reasonCode": "APPRAISAL"}},
    )
    assert (error_code(body), error_field(body)) == ("BAD_USER_INPUT", "reasonCode")
    assert body["errors"][0]["extensions"]["allowedReasonCodes"] == []


async def test_rules_show_their_basis_and_start(api: Api) -> None:
    q = "{ deadlineRules { track step legalBasis startsFrom startsOn pauseReasons procedure } }"
    rules = {(r["track"], r["step"]): r for r in (await api.ok("court.clerk", q))["deadlineRules"]}
    assert rules[("LABOUR", "MEDIATION")]["startsOn"] == ["CASE_REGISTERED"]
    assert rules[("COURT_DELEGATED", "MEDIATION")]["startsOn"] == ["COURT_MATERIALS_SIGNED_FOR"]
    assert "第二十五条" in rules[("COURT_DELEGATED", "MEDIATION")]["legalBasis"]
    assert rules[("COURT_ENTRUSTED", "MEDIATION_SIMPLE")]["procedure"] == "SIMPLE"
    assert rules[("MEDICAL", "MEDIATION")]["pauseReasons"] == ["APPRAISAL"]
    assert "第二百零五条" in rules[("PEOPLES_MEDIATION", "CONFIRMATION_APPLY")]["legalBasis"]
