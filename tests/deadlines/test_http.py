"""`deadlinePreview` over HTTP: the real app, a signed-in user, and the error contract.

Runs only once `DeadlineQuery` is merged into the root Query (concord/graphql/schema.py); until then the whole
module is skipped with that reason.
"""

from __future__ import annotations

import pytest

from concord.graphql.schema import schema
from tests.helpers import Api, error_code, error_field

pytestmark = pytest.mark.skipif(
    "deadlinePreview" not in schema.as_str(),
    reason="DeadlineQuery is not merged into concord.graphql.schema yet (the lead merges it)",
)

PREVIEW = """
query($track: Track!, $step: DeadlineStep!, $start: Date!, $paused: Int!) {
  deadlinePreview(track: $track, step: $step, start: $start, pausedDays: $paused) {
    dueDate dueAt explanation explanationEn calendarKnown nominalLastDay totalUnits
    skippedHolidays { day name }
    adjustedWorkdays
    rule { track step days unit pausable legalBasis confidence localPractice note extension { requires days } cap }
  }
}"""


async def test_medical_mediation_preview(api: Api) -> None:
    # 30 working days from Mon 2026-09-28: 国庆节 10-01…10-07 skipped, Saturday 10-10 worked -> Fri 11-13.
    data = await api.ok(
        "medical.mediator",
        PREVIEW,
        {"track": "MEDICAL", "step": "MEDIATION", "start": "2026-09-28", "paused": 0},
    )
    p = data["deadlinePreview"]
    assert p["dueDate"] == "2026-11-13"
    assert p["dueAt"] == "2026-11-14T00:00:00+08:00"
    assert p["calendarKnown"] is True
    assert p["adjustedWorkdays"] == ["2026-10-10"]
    assert [h["day"] for h in p["skippedHolidays"]] == [f"2026-10-0{i}" for i in range(1, 8)]
    assert {h["name"] for h in p["skippedHolidays"]} == {"国庆节"}
    assert "跳过国庆节假期10月1日至10月7日，计入调休上班日10月10日" in p["explanation"]
    assert p["explanation"].endswith("截止于2026年11月13日24时。")
    assert p["rule"]["unit"] == "WORKING_DAYS" and p["rule"]["pausable"] is True
    assert "医疗纠纷预防和处理条例" in p["rule"]["legalBasis"]


async def test_pause_over_http(api: Api) -> None:
    data = await api.ok(
        "admin", PREVIEW, {"track": "MEDICAL", "step": "MEDIATION", "start": "2026-09-28", "paused": 10}
    )
    assert data["deadlinePreview"]["dueDate"] == "2026-11-27"
    assert data["deadlinePreview"]["totalUnits"] == 40


async def test_preview_needs_a_signed_in_principal(api: Api) -> None:
    body = await api.gql(
        None, PREVIEW, {"track": "MEDICAL", "step": "MEDIATION", "start": "2026-09-28", "paused": 0}
    )
    assert error_code(body) == "UNAUTHENTICATED"


async def test_step_the_track_does_not_have(api: Api) -> None:
    body = await api.gql(
        "admin", PREVIEW, {"track": "LABOUR", "step": "SIGN_FOR", "start": "2026-09-28", "paused": 0}
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert error_field(body) == "step"


async def test_negative_paused_days(api: Api) -> None:
    body = await api.gql(
        "admin", PREVIEW, {"track": "MEDICAL", "step": "MEDIATION", "start": "2026-09-28", "paused": -1}
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert error_field(body) == "pausedDays"


async def test_extension_beyond_cap(api: Api) -> None:
    body = await api.gql(
        "admin",
        'query { deadlinePreview(track: PETITION, step: HANDLING, start: "2026-09-03", extensions: 2) { dueDate } }',
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert error_field(body) == "extensions"
