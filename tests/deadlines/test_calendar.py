"""The working-day calendar: package data, Chinese holiday names, adjusted workdays, overrides, unknown years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import chinese_calendar
import pytest

from concord.deadlines import DeadlineStep, Track, WorkCalendar, calendar_from_rows, compute, national_rules


def test_package_version_and_years() -> None:
    """The engine's hand-checked tests assume chinesecalendar 1.11.0, which knows 2026 but not 2027."""
    assert chinese_calendar.__version__ == "1.11.0"
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "元旦"),
        (date(2026, 2, 17), "春节"),
        (date(2026, 4, 5), "清明节"),
        (date(2026, 5, 1), "劳动节"),
        (date(2026, 6, 19), "端午节"),
        (date(2026, 9, 25), "中秋节"),
        (date(2026, 10, 3), "国庆节"),  # a Saturday inside the holiday is part of it
        (date(2025, 10, 6), "中秋节"),  # 2025: Mid-Autumn inside the National Day week
        (date(2026, 10, 11), None),  # an ordinary Sunday is a rest day but not a holiday
        (date(2026, 10, 9), None),  # a working day
    ],
)
def test_holiday_names_are_chinese(day: date, name: str | None) -> None:
    assert WorkCalendar().holiday_name(day) == name


@pytest.mark.parametrize(
    ("day", "workday", "adjusted"),
    [
        (date(2026, 10, 10), True, True),  # Saturday, 国庆节 调休上班
        (date(2026, 9, 20), True, True),  # Sunday, 国庆节 调休上班
        (date(2026, 2, 28), True, True),  # Saturday, 春节 调休上班
        (date(2026, 10, 11), False, False),  # ordinary Sunday
        (date(2026, 10, 1), False, False),  # National Day
        (date(2026, 10, 8), True, False),  # ordinary Thursday
    ],
)
def test_workdays_and_adjusted_workdays(day: date, workday: bool, adjusted: bool) -> None:
    cal = WorkCalendar()
    assert cal.is_workday(day) is workday
    assert cal.is_adjusted_workday(day) is adjusted
    assert cal.is_known(day)


def test_adjusted_workday_knows_which_holiday_it_compensates() -> None:
    assert WorkCalendar().day(date(2026, 10, 10)).adjusted_for == "国庆节"


def test_unknown_year_does_not_raise_and_is_flagged() -> None:
    cal = WorkCalendar()
    assert cal.is_known(date(2027, 3, 1)) is False
    assert cal.is_workday(date(2027, 3, 1))  # Monday
    assert not cal.is_workday(date(2027, 3, 6))  # Saturday
    # Fixed-date statutory days are rest days even before the year's arrangement is published.
    assert cal.holiday_name(date(2027, 1, 1)) == "元旦"
    assert cal.holiday_name(date(2027, 5, 2)) == "劳动节"
    assert cal.holiday_name(date(2027, 10, 1)) == "国庆节"
    assert cal.is_workday(date(2027, 10, 4))  # unknown: a Monday until an administrator says otherwise


def test_overrides_fill_unknown_years() -> None:
    cal = WorkCalendar({date(2027, 10, 4): (False, "国庆节"), date(2027, 9, 26): (True, "国庆节调休")})
    assert cal.holiday_name(date(2027, 10, 4)) == "国庆节"
    assert cal.is_adjusted_workday(date(2027, 9, 26))
    assert cal.day(date(2027, 9, 26)).adjusted_for == "国庆节调休"
    assert cal.is_known(date(2027, 10, 4)) is False
    assert WorkCalendar(confirmed_years={2027}).is_known(date(2027, 10, 4))


def test_overrides_win_over_the_package() -> None:
    """An administrator can correct a known year (e.g. a one-off holiday announced after the release)."""
    cal = WorkCalendar({date(2026, 10, 9): (False, "临时放假")})
    assert cal.holiday_name(date(2026, 10, 9)) == "临时放假"
    assert cal.day(date(2026, 10, 9)).source == "override"
    assert cal.is_known(date(2026, 10, 9))


@dataclass
class Row:
    day: date
    is_workday: bool
    name: str


def test_calendar_from_rows() -> None:
    cal = calendar_from_rows(
        [Row(date(2027, 10, 5), False, "国庆节"), Row(date(2027, 10, 9), True, "国庆节调休")]
    )
    assert not cal.is_workday(date(2027, 10, 5))
    assert cal.is_adjusted_workday(date(2027, 10, 9))


# The 2027 arrangement as an administrator would enter it (illustrative dates: one rest day per holiday is
# enough for the completeness check; 中秋节 and 国庆节 may share one name).
ARRANGEMENT_2027 = [
    Row(date(2027, 1, 1), False, "元旦"),
    Row(date(2027, 2, 8), False, "春节"),
    Row(date(2027, 4, 5), False, "清明节"),
    Row(date(2027, 5, 3), False, "劳动节"),
    Row(date(2027, 6, 9), False, "端午节"),
    Row(date(2027, 10, 4), False, "中秋节、国庆节"),
    Row(date(2027, 9, 26), True, "国庆节调休"),
]


def test_a_year_whose_arrangement_is_entered_is_known() -> None:
    """Issue 14: the "calendar unknown" warning goes away once the year's official calendar is present."""
    cal = calendar_from_rows(ARRANGEMENT_2027)
    assert cal.is_known(date(2027, 3, 1)) and cal.is_known(date(2027, 10, 4))
    assert not cal.is_known(date(2028, 3, 1))
    rule = national_rules().get(Track.LABOUR, DeadlineStep.MEDIATION)
    assert rule is not None
    known = compute(rule, date(2027, 3, 1), calendar=cal)
    assert known.calendar_known and "尚未公布" not in known.explanation


def test_a_year_with_a_few_entries_stays_unknown() -> None:
    cal = calendar_from_rows(ARRANGEMENT_2027[:3])
    assert not cal.is_known(date(2027, 3, 1))
    rule = national_rules().get(Track.LABOUR, DeadlineStep.MEDIATION)
    assert rule is not None
    unknown = compute(rule, date(2027, 3, 1), calendar=cal)
    assert not unknown.calendar_known and "尚未公布" in unknown.explanation
