"""Training (队伍建设): who organises, who attends, who sees whose hours, and the yearly minimum.

The justice bureau oversees people's mediation in the district (roster_oversight over the district centre's
subtree): it trains the street's mediators and sees every one's hours; the court sees none of them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from concord.config import get_settings
from concord.kit import clock
from concord.models import Mediator
from concord.models.enums import MediatorKind, MediatorStatus
from concord.training import service
from tests.helpers import Api, error_code, error_field
from tests.training.support import new_mediator

CREATE = """mutation($input: CreateTrainingEventInput!) { createTrainingEvent(input: $input) {
  event { id title kind heldOn hours organiser { code } attendees { hours mediator { id } } } } }"""
UPDATE = """mutation($input: UpdateTrainingEventInput!) { updateTrainingEvent(input: $input) {
  event { id title hours attendees { hours mediator { id } } } } }"""
DELETE = """mutation($id: ID!) { deleteTrainingEvent(input: {eventId: $id}) { deletedEventId } }"""
ATTEND = """mutation($input: RecordTrainingAttendanceInput!) { recordTrainingAttendance(input: $input) {
  event { id attendees { hours mediator { id name } } } } }"""
UNATTEND = """mutation($e: ID!, $m: ID!) { removeTrainingAttendance(input: {eventId: $e, mediatorId: $m}) {
  event { attendees { mediator { id } } } } }"""
EVENTS = """query($filter: TrainingEventFilter) { trainingEvents(filter: $filter, first: 100) {
  edges { node { id title attendees { mediator { id } } } } } }"""
SUMMARY = """query($year: Int!, $filter: TrainingSummaryFilter, $after: String) {
  trainingSummary(year: $year, filter: $filter, first: 100, after: $after) {
  edges { node { hours eventsCount counted belowMinimum mediator { id } } } pageInfo { hasNextPage endCursor } } }"""
HOURS = """query($id: ID!, $year: Int!) { node(id: $id) { ... on Mediator {
  trainingHours(year: $year) trainingBelowMinimum(year: $year) } } }"""
# What components/MediatorTraining.vue sends (read once, at import).
MEDIATOR_TRAINING = (
    Path(__file__).resolve().parents[2] / "schema/operations/MediatorTraining.graphql"
).read_text()
AUDIT = """query($action: String!) { auditEvents(first: 50, filter: {action: $action}) {
  edges { node { action actionLabel objectId } } } }"""


async def _event(api: Api, actor: str, organiser: str, **fields: Any) -> dict[str, Any]:
    data = {
        "tenantId": await api.tenant_id(organiser),
        "title": "人民调解业务培训",
        "kind": "BUSINESS",
        "heldOn": "2026-03-12",
        "hours": "6",
        "place": "区司法局三楼会议室",
        **fields,
    }
    body = await api.gql(actor, CREATE, {"input": data})
    return body


async def _new_event(api: Api, actor: str, organiser: str, **fields: Any) -> str:
    body = await _event(api, actor, organiser, **fields)
    assert not body.get("errors"), body
    event_id: str = body["data"]["createTrainingEvent"]["event"]["id"]
    return event_id


async def _summary(api: Api, actor: str, year: int, **filter_: Any) -> dict[str, dict[str, Any]]:
    """Every row of the viewer's summary, walking the pages."""
    rows: dict[str, dict[str, Any]] = {}
    after = None
    while True:
        data = await api.ok(actor, SUMMARY, {"year": year, "filter": filter_ or None, "after": after})
        page = data["trainingSummary"]
        rows.update({e["node"]["mediator"]["id"]: e["node"] for e in page["edges"]})
        if not page["pageInfo"]["hasNextPage"]:
            return rows
        after = page["pageInfo"]["endCursor"]


async def test_the_bureau_trains_street_mediators_and_sees_their_hours_the_court_does_not(api: Api) -> None:
    east = await new_mediator(api, "justice.officer", "street-east")
    invited = await new_mediator(api, "court.clerk", "district-court", kind="INVITED")
    event = await _new_event(api, "justice.officer", "justice-bureau", title="人民调解员年度轮训")
    data = await api.ok("justice.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": [east]}})
    assert data["recordTrainingAttendance"]["event"]["attendees"][0]["hours"] == "6.0"

    bureau = await _summary(api, "justice.officer", 2026)
    assert bureau[east]["hours"] == "6.0" and bureau[east]["eventsCount"] == 1
    assert invited not in bureau  # the court's 特邀 roster is not the bureau's
    street = await _summary(api, "east.mediator", 2026)
    assert street[east]["hours"] == "6.0"
    assert east not in await _summary(api, "west.mediator", 2026)  # a sibling street sees none of it

    court = await _summary(api, "court.clerk", 2026)
    assert east not in court and invited in court
    hours = await api.ok("court.clerk", HOURS, {"id": east, "year": 2026})
    assert hours["node"] == {"trainingHours": None, "trainingBelowMinimum": None}
    listed = await api.ok("court.clerk", EVENTS, {"filter": {"from": "2026-03-12", "to": "2026-03-12"}})
    assert event not in [e["node"]["id"] for e in listed["trainingEvents"]["edges"]]
    # Another committee neither organised it nor manages the attendee.
    other = await api.ok("petition.officer", EVENTS)
    assert event not in [e["node"]["id"] for e in other["trainingEvents"]["edges"]]
    # The street centre sees the bureau's event because its mediator attended it, and may not change it.
    seen = await api.ok("east.mediator", EVENTS, {"filter": {"mediatorId": east}})
    assert [e["node"]["id"] for e in seen["trainingEvents"]["edges"]] == [event]
    can = "query($f: TrainingEventFilter) { trainingEvents(filter: $f, first: 5) { edges { node { viewerCanManage } } } }"
    for actor, expected in (("east.mediator", False), ("district.officer", False), ("justice.officer", True)):
        got = await api.ok(actor, can, {"f": {"mediatorId": east}})
        assert [e["node"]["viewerCanManage"] for e in got["trainingEvents"]["edges"]] == [expected], actor


async def test_the_yearly_minimum_flags_mediators_below_it(api: Api) -> None:
    assert get_settings().training_min_hours_per_year == 24
    full, short, none = [await new_mediator(api, "justice.officer", "street-west") for _ in range(3)]
    with clock.frozen(datetime(2026, 11, 20, 9, 0, tzinfo=UTC)):
        for held_on in ("2026-04-01", "2026-10-01"):
            e = await _new_event(api, "justice.officer", "justice-bureau", heldOn=held_on, hours="12")
            await api.ok("justice.officer", ATTEND, {"input": {"eventId": e, "mediatorIds": [full]}})
        e = await _new_event(api, "justice.officer", "justice-bureau", heldOn="2026-05-01", hours="8")
        await api.ok(
            "justice.officer", ATTEND, {"input": {"eventId": e, "mediatorIds": [short], "hours": "2.5"}}
        )
        # Last year's training does not count for this year.
        e = await _new_event(api, "justice.officer", "justice-bureau", heldOn="2025-12-31", hours="24")
        await api.ok("justice.officer", ATTEND, {"input": {"eventId": e, "mediatorIds": [short]}})

        rows = await _summary(api, "justice.officer", 2026, tenantId=await api.tenant_id("street-west"))
    assert (rows[full]["hours"], rows[full]["eventsCount"], rows[full]["belowMinimum"]) == ("24.0", 2, False)
    assert (rows[short]["hours"], rows[short]["eventsCount"], rows[short]["belowMinimum"]) == ("2.5", 1, True)
    assert (rows[none]["hours"], rows[none]["eventsCount"], rows[none]["belowMinimum"]) == ("0", 0, True)
    field = await api.ok("justice.officer", HOURS, {"id": short, "year": 2026})
    assert field["node"] == {"trainingHours": "2.5", "trainingBelowMinimum": True}
    # A mediator put on the roster this year is not held to last year's minimum.
    last_year = await api.ok("justice.officer", HOURS, {"id": none, "year": 2025})
    assert last_year["node"] == {"trainingHours": "0", "trainingBelowMinimum": False}


def test_only_mediators_on_the_roster_through_the_year_count() -> None:
    joined = datetime(2025, 6, 1, tzinfo=UTC)

    def m(status: MediatorStatus, changed: datetime | None = None) -> Mediator:
        return Mediator(
            kind=MediatorKind.FULL_TIME, status=status, status_changed_at=changed, created_at=joined
        )

    assert service.counted_in_year(m(MediatorStatus.ACTIVE), 2026)
    assert not service.counted_in_year(m(MediatorStatus.ACTIVE), 2024)  # not yet on the roster
    retired_mid_year = m(MediatorStatus.RETIRED, datetime(2026, 7, 1, tzinfo=UTC))
    assert not service.counted_in_year(retired_mid_year, 2026)
    assert service.counted_in_year(retired_mid_year, 2025)  # active through 2025
    assert not service.below_minimum(retired_mid_year, 2026, Decimal(0))
    assert service.below_minimum(m(MediatorStatus.ACTIVE), 2026, Decimal("23.9"))


async def test_changing_hours_moves_full_attendance_and_delete_needs_no_attendance(api: Api) -> None:
    a, b = [await new_mediator(api, "district.officer", "street-east") for _ in range(2)]
    event = await _new_event(api, "district.officer", "district-centre", hours="4", kind="CASE_STUDY")
    await api.ok("district.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": [a]}})
    await api.ok("district.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": [b], "hours": "2"}})
    data = await api.ok("district.officer", UPDATE, {"input": {"eventId": event, "hours": "3"}})
    got = {x["mediator"]["id"]: x["hours"] for x in data["updateTrainingEvent"]["event"]["attendees"]}
    assert got == {a: "3.0", b: "2.0"}
    # Recording someone again corrects their hours (no second row).
    again = await api.ok(
        "district.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": [b], "hours": "2.5"}}
    )
    got = {x["mediator"]["id"]: x["hours"] for x in again["recordTrainingAttendance"]["event"]["attendees"]}
    assert got == {a: "3.0", b: "2.5"}
    too_low = await api.gql("district.officer", UPDATE, {"input": {"eventId": event, "hours": "1"}})
    assert error_code(too_low) == "BAD_USER_INPUT" and error_field(too_low) == "hours"

    refused = await api.gql("district.officer", DELETE, {"id": event})
    assert error_code(refused) == "CONFLICT"
    for m in (a, b):
        await api.ok("district.officer", UNATTEND, {"e": event, "m": m})
    assert (await api.ok("district.officer", DELETE, {"id": event}))["deleteTrainingEvent"]["deletedEventId"]
    gone = await api.gql("district.officer", UPDATE, {"input": {"eventId": event, "title": "x"}})
    assert error_code(gone) == "NOT_FOUND"

    labels = {
        "training.create": "新建培训",
        "training.update": "修改培训",
        "training.attend": "记录参训",
        "training.unattend": "移除参训记录",
        "training.delete": "删除培训",
    }
    for action, label in labels.items():
        trail = await api.ok("district.admin", AUDIT, {"action": action})
        mine = [e["node"] for e in trail["auditEvents"]["edges"] if e["node"]["objectId"] == event]
        assert mine and {e["actionLabel"] for e in mine} == {label}, action


async def test_roles_without_training_manage_are_forbidden(api: Api) -> None:
    body = await _event(api, "lawyer.li", "lawyer-studio")
    assert error_code(body) == "FORBIDDEN"
    event = await _new_event(api, "district.officer", "district-centre")
    body = await api.gql("east.mediator", ATTEND, {"input": {"eventId": event, "mediatorIds": []}})
    assert error_code(body) == "FORBIDDEN"
    body = await api.gql("east.mediator", DELETE, {"id": event})
    assert error_code(body) == "FORBIDDEN"


async def test_another_organisation_is_not_found(api: Api) -> None:
    east = await new_mediator(api, "district.officer", "street-east")
    bureau_event = await _new_event(api, "justice.officer", "justice-bureau")
    # The court may not organise for the street, nor touch the bureau's event, nor enrol a street mediator.
    body = await _event(api, "court.clerk", "street-east")
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"
    body = await api.gql("court.clerk", UPDATE, {"input": {"eventId": bureau_event, "title": "改"}})
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "eventId"
    body = await api.gql("court.clerk", DELETE, {"id": bureau_event})
    assert error_code(body) == "NOT_FOUND"
    court_event = await _new_event(api, "court.clerk", "district-court", title="特邀调解员培训")
    body = await api.gql("court.clerk", ATTEND, {"input": {"eventId": court_event, "mediatorIds": [east]}})
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "mediatorIds"
    body = await api.gql("court.clerk", UNATTEND, {"e": bureau_event, "m": east})
    assert error_code(body) == "NOT_FOUND"
    # node(id:) answers only a visible event: NOT_FOUND for the court, the event for the bureau.
    node = "query($id: ID!) { node(id: $id) { id ... on TrainingEvent { title } } }"
    assert error_code(await api.gql("court.clerk", node, {"id": bureau_event})) == "NOT_FOUND"
    assert (await api.ok("justice.officer", node, {"id": bureau_event}))["node"]["id"] == bureau_event
    # The district centre does not oversee the bureau: it cannot organise in its name.
    body = await _event(api, "district.officer", "justice-bureau")
    assert error_code(body) == "NOT_FOUND"


async def test_bad_input_is_refused_with_the_field(api: Api) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"hours": "0"}, "hours"),
        ({"hours": "24.5"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"title": "  "}, "title"),
        ({"title": "训" * 201}, "title"),
        ({"place": "址" * 201}, "place"),
        ({"heldOn": "1999-12-31"}, "heldOn"),
        ({"heldOn": "2199-01-01"}, "heldOn"),
        ({"heldOn": "2201-01-01"}, "input.heldOn"),
        ({"kind": "PARTY"}, ""),
    ]
    for fields, field in cases:
        body = await _event(api, "justice.officer", "justice-bureau", **fields)
        assert error_code(body) == "BAD_USER_INPUT", (fields, body)
        if field:
            assert error_field(body) == field, (fields, body)
    east = await new_mediator(api, "justice.officer", "street-east")
    event = await _new_event(api, "justice.officer", "justice-bureau", hours="3")
    body = await api.gql(
        "justice.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": [east], "hours": "3.5"}}
    )
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "hours"
    body = await api.gql("justice.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": []}})
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "mediatorIds"
    for year in (1999, 2300):
        body = await api.gql("justice.officer", SUMMARY, {"year": year})
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "year"
    body = await api.gql("justice.officer", EVENTS, {"filter": {"from": "2026-05-01", "to": "2026-04-01"}})
    assert error_code(body) == "BAD_USER_INPUT"


async def test_summary_rows_load_without_one_statement_per_mediator(api: Api) -> None:
    for _ in range(3):
        await new_mediator(api, "justice.officer", "community-e1")
    query = """query { trainingSummary(year: 2026, first: 100) { edges { node { hours belowMinimum
      mediator { id name trainingHours(year: 2026) tenant { code } } } } } }"""
    api.counter.count = 0
    await api.ok("justice.officer", query)
    few = api.counter.count
    for _ in range(4):
        await new_mediator(api, "justice.officer", "community-e1")
    api.counter.count = 0
    await api.ok("justice.officer", query)
    assert api.counter.count == few


async def test_the_mediator_detail_section_query_answers_for_a_managed_mediator(api: Api) -> None:
    """schema/operations/MediatorTraining.graphql, what components/MediatorTraining.vue sends."""
    document = MEDIATOR_TRAINING
    east = await new_mediator(api, "justice.officer", "street-east")
    event = await _new_event(api, "justice.officer", "justice-bureau", heldOn="2026-06-01", hours="5")
    await api.ok(
        "justice.officer", ATTEND, {"input": {"eventId": event, "mediatorIds": [east], "hours": "4"}}
    )
    variables = {"mediatorId": east, "year": 2026, "from": "2026-01-01", "to": "2026-12-31"}
    data = await api.ok("justice.officer", document, variables)
    assert data["node"]["trainingHours"] == "4.0" and data["node"]["trainingBelowMinimum"] is True
    assert [e["node"]["id"] for e in data["trainingEvents"]["edges"]] == [event]
    court = await api.ok("court.clerk", document, variables)
    assert court["node"]["trainingHours"] is None and court["trainingEvents"]["edges"] == []
