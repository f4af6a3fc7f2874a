"""Duty rosters (坐班): the lawyer studio publishes who is on duty, anyone in the district reads the week grid,
consultations given on duty are logged and counted per lawyer — and stay within the studio's roster scope.

The business clock is frozen on LEGAL_MONDAY (Monday 21 September 2026); each test uses its own week."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from tests.helpers import CREATE_CASE, Api, case_input, error_code, error_field
from tests.training.support import new_mediator

PUBLISH = """mutation($input: PublishDutySlotsInput!) { publishDutySlots(input: $input) {
  skipped slots { id date halfDay place tenant { code } mediator { id } } } }"""
REMOVE = """mutation($id: ID!) { removeDutySlot(input: {slotId: $id}) { removedSlotId } }"""
LOG = """mutation($input: LogDutyConsultationInput!) { logDutyConsultation(input: $input) {
  consultation { id topic outcome summary case { id } } slot { id consultations { id } } } }"""
GRID = """query($t: ID!, $from: Date!, $to: Date!) { dutySlots(tenantId: $t, from: $from, to: $to) {
  id date halfDay place mediator { id name } consultations { id outcome } } }"""
STATS = """query($t: ID!, $from: Date!, $to: Date!) { dutyStatistics(tenantId: $t, from: $from, to: $to) {
  mediator { id } slots consultations answered mediationStarted referred } }"""

pytestmark = pytest.mark.usefixtures("legal_monday")


def day(monday: date, offset: int) -> str:
    return (monday + timedelta(days=offset)).isoformat()


async def _lawyers(api: Api, n: int) -> list[str]:
    return [await new_mediator(api, "district.admin", "lawyer-studio", kind="LAWYER") for _ in range(n)]


async def _publish(api: Api, actor: str, tenant: str, slots: list[dict[str, Any]]) -> dict[str, Any]:
    return await api.gql(actor, PUBLISH, {"input": {"tenantId": await api.tenant_id(tenant), "slots": slots}})


def _slot(on: str, half: str, mediator: str, place: str = "律师调解工作室接待室") -> dict[str, Any]:
    return {"date": on, "halfDay": half, "place": place, "mediatorId": mediator}


async def test_the_studio_publishes_a_week_and_the_district_reads_the_grid(api: Api) -> None:
    monday = date(2026, 9, 28)
    wang, zhao = await _lawyers(api, 2)
    week = [_slot(day(monday, d), h, m) for d in range(5) for h, m in (("AM", wang), ("PM", zhao))]
    body = await _publish(api, "lawyer.li", "lawyer-studio", week)
    assert not body.get("errors"), body
    assert body["data"]["publishDutySlots"]["skipped"] == 0
    assert len(body["data"]["publishDutySlots"]["slots"]) == 10

    # Published again with one more line: only the new one is added, the rest skipped (not refused).
    again = await _publish(api, "lawyer.li", "lawyer-studio", [*week, _slot(day(monday, 5), "AM", wang)])
    assert again["data"]["publishDutySlots"]["skipped"] == 10
    assert len(again["data"]["publishDutySlots"]["slots"]) == 1

    studio = await api.tenant_id("lawyer-studio")
    for reader in ("court.clerk", "petition.officer", "east.mediator"):
        grid = await api.ok(reader, GRID, {"t": studio, "from": day(monday, 0), "to": day(monday, 6)})
        # (only this test's lawyers: the demo's roster fills the weeks around the real date)
        cells = [
            (s["date"], s["halfDay"], s["mediator"]["id"])
            for s in grid["dutySlots"]
            if s["mediator"]["id"] in (wang, zhao)
        ]
        expected = [(day(monday, d), h, m) for d in range(5) for h, m in (("AM", wang), ("PM", zhao))]
        assert cells == [*expected, (day(monday, 5), "AM", wang)]

    # What each may do with a slot still to come: the studio may remove it, nobody may log on it yet.
    can = """query($t: ID!, $from: Date!, $to: Date!) { dutySlots(tenantId: $t, from: $from, to: $to) {
      mediator { id } viewerCan { remove log } } }"""
    window = {"t": studio, "from": day(monday, 0), "to": day(monday, 0)}
    for actor, expected in (
        ("lawyer.li", {"remove": True, "log": False}),
        ("court.clerk", {"remove": False, "log": False}),
    ):
        got = await api.ok(actor, can, window)
        assert [s["viewerCan"] for s in got["dutySlots"] if s["mediator"]["id"] == wang] == [expected], actor


async def test_consultations_are_logged_counted_and_kept_in_the_studio_scope(api: Api) -> None:
    monday = date(2026, 9, 14)  # the week before the frozen Monday: its slots have happened
    wang, zhao = await _lawyers(api, 2)
    slots = [_slot(day(monday, d), "AM", wang) for d in range(3)] + [_slot(day(monday, 1), "PM", zhao)]
    body = await _publish(api, "lawyer.li", "lawyer-studio", slots)
    assert not body.get("errors"), body
    ids = {(s["date"], s["mediator"]["id"]): s["id"] for s in body["data"]["publishDutySlots"]["slots"]}
    case = await api.ok("district.officer", CREATE_CASE, {"input": case_input("坐班咨询转调解的借款纠纷")})
    case_id = case["createCase"]["case"]["id"]

    logged = [
        ("lawyer.li", ids[(day(monday, 0), wang)], "LOAN", "ANSWERED", None),
        ("lawyer.li", ids[(day(monday, 0), wang)], "LABOUR", "REFERRED", None),
        ("lawyer.li", ids[(day(monday, 2), wang)], "NEIGHBOUR", "ANSWERED", None),
        ("district.officer", ids[(day(monday, 1), zhao)], "LOAN", "MEDIATION_STARTED", case_id),
    ]
    for actor, slot, topic, outcome, case_ref in logged:
        data = {"slotId": slot, "topic": topic, "outcome": outcome, "summary": "咨询借款到期未还如何处理"}
        if case_ref:
            data["caseId"] = case_ref
        result = await api.ok(actor, LOG, {"input": data})
        assert result["logDutyConsultation"]["consultation"]["outcome"] == outcome
    started = await api.ok(
        "district.officer",
        GRID,
        {"t": await api.tenant_id("lawyer-studio"), "from": day(monday, 1), "to": day(monday, 1)},
    )
    assert [c["outcome"] for s in started["dutySlots"] for c in s["consultations"]] == ["MEDIATION_STARTED"]

    # The statistics, computed here from what was logged.
    per_slot = Counter(m for _d, m in ids)
    outcomes: dict[str, Counter[str]] = {wang: Counter(), zhao: Counter()}
    slot_owner = {v: m for (_d, m), v in ids.items()}
    for _a, slot, _t, outcome, _c in logged:
        outcomes[slot_owner[slot]][outcome] += 1
    expected = {
        m: {
            "slots": per_slot[m],
            "consultations": sum(outcomes[m].values()),
            "answered": outcomes[m]["ANSWERED"],
            "mediationStarted": outcomes[m]["MEDIATION_STARTED"],
            "referred": outcomes[m]["REFERRED"],
        }
        for m in (wang, zhao)
    }
    studio = await api.tenant_id("lawyer-studio")
    window = {"t": studio, "from": day(monday, 0), "to": day(monday, 6)}
    for reader in ("lawyer.li", "district.officer", "justice.officer"):
        stats = await api.ok(reader, STATS, window)
        got = {
            r["mediator"]["id"]: {k: v for k, v in r.items() if k != "mediator"}
            for r in stats["dutyStatistics"]
            if r["mediator"]["id"] in (wang, zhao)
        }
        assert got == expected, reader

    can = """query($t: ID!, $from: Date!, $to: Date!) { dutySlots(tenantId: $t, from: $from, to: $to) {
      id viewerCan { remove log } } }"""
    past = {"t": await api.tenant_id("lawyer-studio"), "from": day(monday, 0), "to": day(monday, 0)}
    rows = {s["id"]: s["viewerCan"] for s in (await api.ok("lawyer.li", can, past))["dutySlots"]}
    assert rows[ids[(day(monday, 0), wang)]] == {"remove": False, "log": True}  # consulted: it stays
    rows = {s["id"]: s["viewerCan"] for s in (await api.ok("docking.officer", can, past))["dutySlots"]}
    assert rows[ids[(day(monday, 0), wang)]] == {"remove": False, "log": False}

    # Outside the studio's roster scope: the grid shows no consultations, the statistics are not found.
    grid = await api.ok("court.clerk", GRID, window)
    assert grid["dutySlots"] and all(s["consultations"] == [] for s in grid["dutySlots"])
    body = await api.gql("court.clerk", STATS, window)
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"
    body = await api.gql(
        "docking.officer",
        LOG,
        {
            "input": {
                "slotId": ids[(day(monday, 0), wang)],
                "topic": "LOAN",
                "outcome": "ANSWERED",
                "summary": "x",
            }
        },
    )
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "slotId"

    # A slot with consultations stays; an empty one can go.
    refused = await api.gql("lawyer.li", REMOVE, {"id": ids[(day(monday, 0), wang)]})
    assert error_code(refused) == "CONFLICT"
    empty = await _publish(api, "lawyer.li", "lawyer-studio", [_slot(day(monday, 4), "PM", zhao)])
    empty_id = empty["data"]["publishDutySlots"]["slots"][0]["id"]
    other = await api.gql("medical.mediator", REMOVE, {"id": empty_id})
    assert error_code(other) == "FORBIDDEN"  # a mediator role logs, it does not publish
    other = await api.gql("docking.officer", REMOVE, {"id": empty_id})
    assert error_code(other) == "NOT_FOUND"
    assert (await api.ok("lawyer.li", REMOVE, {"id": empty_id}))["removeDutySlot"][
        "removedSlotId"
    ] == empty_id

    # Each change is in the trail, with its Chinese label.
    audit = """query($action: String!) { auditEvents(first: 100, filter: {action: $action}) {
      edges { node { actionLabel objectId } } } }"""
    expected_objects = {
        "duty.publish": ("发布坐班", {empty_id, *ids.values()}),
        "duty.remove": ("删除坐班", {empty_id}),
    }
    for action, (label, objects) in expected_objects.items():
        trail = await api.ok("district.admin", audit, {"action": action})
        found = {e["node"]["objectId"]: e["node"]["actionLabel"] for e in trail["auditEvents"]["edges"]}
        assert all(found.get(o) == label for o in objects), action
    trail = await api.ok("district.admin", audit, {"action": "duty.consultation"})
    logged_labels = [e["node"]["actionLabel"] for e in trail["auditEvents"]["edges"]]
    assert logged_labels.count("登记坐班咨询") >= len(logged)


async def test_mediation_started_needs_a_visible_case_registered_from_the_consultation(api: Api) -> None:
    monday = date(2026, 9, 7)
    [wang] = await _lawyers(api, 1)
    body = await _publish(api, "lawyer.li", "lawyer-studio", [_slot(day(monday, 0), "AM", wang)])
    slot = body["data"]["publishDutySlots"]["slots"][0]["id"]
    base = {"slotId": slot, "topic": "LOAN", "summary": "咨询"}
    no_case = await api.gql("lawyer.li", LOG, {"input": {**base, "outcome": "MEDIATION_STARTED"}})
    assert error_code(no_case) == "BAD_USER_INPUT" and error_field(no_case) == "caseId"
    court_case = await api.ok("court.clerk", CREATE_CASE, {"input": case_input("法院立案前的借款纠纷")})
    unseen = court_case["createCase"]["case"]["id"]
    body = await api.gql(
        "lawyer.li", LOG, {"input": {**base, "outcome": "MEDIATION_STARTED", "caseId": unseen}}
    )
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "caseId"
    body = await api.gql("lawyer.li", LOG, {"input": {**base, "outcome": "ANSWERED", "caseId": unseen}})
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "caseId"


async def test_roles_without_the_duty_permissions_are_forbidden(api: Api) -> None:
    [wang] = await _lawyers(api, 1)
    body = await _publish(api, "east.mediator", "street-east", [_slot("2026-10-12", "AM", wang)])
    assert error_code(body) == "FORBIDDEN"
    body = await api.gql(
        "petition.officer",
        LOG,
        {"input": {"slotId": "x", "topic": "LOAN", "outcome": "ANSWERED", "summary": "x"}},
    )
    assert error_code(body) == "FORBIDDEN"
    body = await api.gql(
        "admin", STATS, {"t": await api.tenant_id("lawyer-studio"), "from": "2026-10-12", "to": "2026-10-18"}
    )
    assert error_code(body) == "FORBIDDEN"  # the platform administrator reads no duty rosters


async def test_another_organisation_cannot_publish_or_use_anothers_mediators(api: Api) -> None:
    [wang] = await _lawyers(api, 1)
    east = await new_mediator(api, "district.officer", "street-east")
    body = await _publish(api, "lawyer.li", "street-east", [_slot("2026-10-12", "AM", east)])
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"
    body = await _publish(api, "docking.officer", "lawyer-studio", [_slot("2026-10-12", "AM", wang)])
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"
    # A mediator of another organisation (the street's) on the studio's roster: refused, with the line.
    body = await _publish(
        api, "lawyer.li", "lawyer-studio", [_slot("2026-10-12", "AM", wang), _slot("2026-10-12", "PM", east)]
    )
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "slots.1.mediatorId"


async def test_bad_input_is_refused_with_the_field(api: Api, legal_monday: datetime) -> None:
    [wang] = await _lawyers(api, 1)
    today = legal_monday.date()
    cases: list[tuple[list[dict[str, Any]], str]] = [
        ([], "slots"),
        ([_slot("2026-10-12", "AM", wang, place=" ")], "slots.0.place"),
        ([_slot("2026-10-12", "AM", wang, place="址" * 201)], "slots.0.place"),
        ([_slot((today + timedelta(days=200)).isoformat(), "AM", wang)], "slots.0.date"),
        ([_slot((today - timedelta(days=40)).isoformat(), "AM", wang)], "slots.0.date"),
        ([_slot("2201-01-01", "AM", wang)], "input.slots.0.date"),
    ]
    for slots, field in cases:
        body = await _publish(api, "lawyer.li", "lawyer-studio", slots)
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == field, (slots, body)
    studio = await api.tenant_id("lawyer-studio")
    for start, end in (("2026-10-12", "2026-10-11"), ("2026-10-01", "2026-12-31")):
        body = await api.gql("court.clerk", GRID, {"t": studio, "from": start, "to": end})
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "to"
    # A slot still to come takes no consultation yet; an empty summary is refused.
    body = await _publish(api, "lawyer.li", "lawyer-studio", [_slot("2026-10-13", "PM", wang)])
    future = body["data"]["publishDutySlots"]["slots"][0]["id"]
    base = {"slotId": future, "topic": "LOAN", "outcome": "ANSWERED"}
    body = await api.gql("lawyer.li", LOG, {"input": {**base, "summary": "咨询"}})
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "slotId"
    past = await _publish(api, "lawyer.li", "lawyer-studio", [_slot("2026-09-01", "PM", wang)])
    past_id = past["data"]["publishDutySlots"]["slots"][0]["id"]
    for summary in ("  ", "字" * 2001):
        body = await api.gql("lawyer.li", LOG, {"input": {**base, "slotId": past_id, "summary": summary}})
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "summary"


async def test_the_grid_loads_without_one_statement_per_slot(api: Api) -> None:
    lawyers = await _lawyers(api, 3)
    studio = await api.tenant_id("lawyer-studio")
    window = {"t": studio, "from": "2026-10-19", "to": "2026-10-25"}
    query = """query($t: ID!, $from: Date!, $to: Date!) { dutySlots(tenantId: $t, from: $from, to: $to) {
      id tenant { code } mediator { id name tenant { code } } consultations { id case { id } } } }"""
    await _publish(api, "lawyer.li", "lawyer-studio", [_slot("2026-10-19", "AM", lawyers[0])])
    api.counter.count = 0
    await api.ok("lawyer.li", query, window)
    few = api.counter.count
    more = [_slot(f"2026-10-{d}", h, m) for d in (20, 21, 22) for h in ("AM", "PM") for m in lawyers]
    await _publish(api, "lawyer.li", "lawyer-studio", more)
    api.counter.count = 0
    data = await api.ok("lawyer.li", query, window)
    assert len(data["dutySlots"]) >= 19
    assert api.counter.count == few
