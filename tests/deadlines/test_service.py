"""The database-facing helpers, with a stand-in session (no database needed)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from concord.deadlines import DeadlineStep, Track, WorkCalendar, national_rules
from concord.deadlines.service import compute_for, paused_units, rule_as_dict


@dataclass
class OverrideRow:
    day: date
    is_workday: bool
    name: str


class FakeResult:
    def __init__(self, rows: list[OverrideRow]) -> None:
        self.rows = rows

    def all(self) -> list[OverrideRow]:
        return self.rows


class FakeSession:
    """Answers `session.scalars(select(CalendarOverride))` with fixed rows."""

    def __init__(self, rows: list[OverrideRow]) -> None:
        self.rows = rows

    async def scalars(self, statement: Any) -> FakeResult:
        return FakeResult(self.rows)


async def test_compute_for_uses_the_stored_overrides() -> None:
    # 15 days from 2027-09-16 -> 10-01; the administrator entered 10-01…10-07 as 国庆节 -> 10-08.
    rows = [OverrideRow(date(2027, 10, d), False, "国庆节") for d in range(1, 8)]
    computed = await compute_for(FakeSession(rows), Track.LABOUR, "MEDIATION", date(2027, 9, 16))  # type: ignore[arg-type]
    assert computed is not None
    rule, result = computed
    assert result.due_date == date(2027, 10, 8)
    assert rule["legal_basis"].startswith("《劳动争议调解仲裁法》")
    json.dumps(rule)  # storable in the deadlines.rule JSONB column


async def test_compute_for_returns_none_for_a_step_the_track_lacks() -> None:
    session = FakeSession([])
    assert await compute_for(session, Track.PETITION, "MEDIATION", date(2026, 3, 2)) is None  # type: ignore[arg-type]
    assert await compute_for(session, Track.PETITION, "NO_SUCH_STEP", date(2026, 3, 2)) is None  # type: ignore[arg-type]


def test_rule_as_dict_keeps_the_extension() -> None:
    rule = national_rules().get(Track.PETITION, DeadlineStep.HANDLING)
    assert rule is not None
    data = rule_as_dict(rule)
    assert data["extension"] == {
        "requires": "APPROVER",
        "days": 30,
        "note": "情况复杂的，经本机关、单位负责人批准，可以适当延长，但延长期限不得超过30日，并告知信访人延期理由",
    }
    assert (data["cap"], data["unit"], data["pausable"]) == (90, "CALENDAR_DAYS", False)


def test_paused_units_counts_working_days_for_a_working_day_rule() -> None:
    medical = national_rules().get(Track.MEDICAL, DeadlineStep.MEDIATION)
    re_review = national_rules().get(Track.PETITION, DeadlineStep.RE_REVIEW)
    assert medical is not None and re_review is not None
    cal = WorkCalendar()
    # Appraisal from 2026-09-28 to 2026-10-12 (14 calendar days): working days 9-28, 9-29, 9-30, 10-08, 10-09
    # and Saturday 10-10 (调休上班) = 6; the National Day week and Sunday 10-11 do not count.
    assert paused_units(medical, date(2026, 9, 28), date(2026, 10, 12), cal) == 6
    # A calendar-day rule loses every calendar day of the pause.
    assert paused_units(re_review, date(2026, 9, 28), date(2026, 10, 12), cal) == 14
    assert paused_units(medical, date(2026, 9, 28), date(2026, 9, 28), cal) == 0
