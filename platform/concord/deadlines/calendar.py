"""The official working-day calendar: statutory holidays and adjusted workdays (调休上班).

Source of truth, in order:
1. administrator overrides (stored in the database by the platform, passed in here as a mapping), because the
   State Council publishes each year's arrangement only in late autumn and occasionally adds a one-off holiday;
2. the `chinesecalendar` package, which transcribes the State Council notices for the years it knows;
3. for any other year, a fallback that rests on Saturdays, Sundays and the fixed-date statutory days, and marks
   the day as *unknown* so the explanation can tell the clerk to re-check once the year is published.

`chinese_calendar` raises NotImplementedError for years it does not know; we catch it rather than pre-computing
its range, so a newer package version is picked up without code changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

import chinese_calendar

# Package names are English; the explanations are Chinese and use the names of 《全国年节及纪念日放假办法》.
_CHINESE_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
ENGLISH_NAMES: dict[str, str] = {v: k for k, v in _CHINESE_NAMES.items()}

# Statutory holidays on fixed Gregorian dates (《全国年节及纪念日放假办法》第二条, 2024年修订, 国务院令第795号).
# Used only for years the package does not know: even before the State Council publishes a year's
# arrangement, 1 January, 1–2 May and 1–3 October are certainly rest days. The lunar holidays are not guessed.
_FIXED_DATE_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}

DaySource = Literal["package", "override", "fallback"]


def _package_years() -> tuple[int, int] | None:
    """The years chinese_calendar has data for, for the warning text only (never for deciding)."""
    try:
        from chinese_calendar.constants import holidays

        years = [d.year for d in holidays]
        return min(years), max(years)
    except Exception:  # pragma: no cover - a future package layout; the warning just gets less specific
        return None


PACKAGE_VERSION: str = getattr(chinese_calendar, "__version__", "?")
PACKAGE_YEARS: tuple[int, int] | None = _package_years()


@dataclass(frozen=True)
class DayInfo:
    """Everything the engine needs to know about one day.

    `holiday` names the statutory holiday period a rest day belongs to (None for an ordinary weekend);
    `adjusted_for` names the holiday an adjusted workday (调休上班日) compensates for. `known` is False when the
    day's status is a guess (fallback) rather than the published arrangement.
    """

    day: date
    workday: bool
    holiday: str | None
    adjusted_for: str | None
    known: bool
    source: DaySource

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def adjusted_workday(self) -> bool:
        """A Saturday or Sunday on which people work (调休上班)."""
        return self.workday and self.is_weekend


class CalendarOverrideRow(Protocol):
    """The shape of one administrator override row, as the lead's table will store it."""

    @property
    def day(self) -> date: ...

    @property
    def is_workday(self) -> bool: ...

    @property
    def name(self) -> str: ...


def _chinese(name: str | None) -> str | None:
    if name is None:
        return None
    return _CHINESE_NAMES.get(name, name)


class WorkCalendar:
    """Answers "is this a working day?" per the official calendar, with administrator overrides.

    `overrides` maps a date to `(is_workday, name)`: `(False, "国庆节")` makes it a holiday rest day,
    `(True, "国庆节调休")` makes it a working day (on a weekend: an adjusted workday). Overrides win over the
    package, so an administrator can also correct a year the package knows (e.g. a one-off holiday announced
    mid-year). `confirmed_years` lists years the package does not know for which an administrator has entered
    the complete published arrangement; days in those years count as known.
    """

    def __init__(
        self,
        overrides: Mapping[date, tuple[bool, str]] | None = None,
        confirmed_years: Collection[int] = (),
    ) -> None:
        self._overrides: dict[date, tuple[bool, str]] = dict(overrides or {})
        self._confirmed_years = frozenset(confirmed_years)
        self._cache: dict[date, DayInfo] = {}

    @property
    def overrides(self) -> Mapping[date, tuple[bool, str]]:
        return self._overrides

    def day(self, d: date) -> DayInfo:
        info = self._cache.get(d)
        if info is None:
            info = self._cache[d] = self._lookup(d)
        return info

    def is_workday(self, d: date) -> bool:
        return self.day(d).workday

    def holiday_name(self, d: date) -> str | None:
        """The Chinese name of the statutory holiday whose rest period contains `d`, or None."""
        info = self.day(d)
        return None if info.workday else info.holiday

    def is_adjusted_workday(self, d: date) -> bool:
        return self.day(d).adjusted_workday

    def is_known(self, d: date) -> bool:
        return self.day(d).known

    def _year_known_by_package(self, d: date) -> bool:
        try:
            chinese_calendar.is_workday(d)
        except NotImplementedError:
            return False
        return True

    def _lookup(self, d: date) -> DayInfo:
        package_knows = self._year_known_by_package(d)
        known = package_knows or d.year in self._confirmed_years
        weekend = d.weekday() >= 5
        if d in self._overrides:
            workday, name = self._overrides[d]
            label = name.strip() or None
            return DayInfo(
                day=d,
                workday=workday,
                holiday=None if workday else label,
                adjusted_for=label if workday and weekend else None,
                known=known,
                source="override",
            )
        if package_knows:
            on_holiday, name = chinese_calendar.get_holiday_detail(d)
            workday = not on_holiday
            return DayInfo(
                day=d,
                workday=workday,
                holiday=_chinese(name) if not workday else None,
                adjusted_for=_chinese(name) if workday and weekend else None,
                known=True,
                source="package",
            )
        fixed = _FIXED_DATE_HOLIDAYS.get((d.month, d.day))
        return DayInfo(
            day=d,
            workday=not weekend and fixed is None,
            holiday=fixed,
            adjusted_for=None,
            known=known,
            source="fallback",
        )


# The holidays every year's State Council notice arranges (《全国年节及纪念日放假办法》第二条).
ANNUAL_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


def complete_years(rows: Iterable[CalendarOverrideRow]) -> set[int]:
    """Years whose whole official arrangement the administrators have entered: rest days named for every
    annual holiday (a name may cover two, e.g. "中秋节、国庆节"). Such a year is known, so its deadlines carry no
    "calendar unknown" warning; a year with only a few one-off entries stays unknown."""
    named: dict[int, set[str]] = {}
    for row in rows:
        if row.is_workday:
            continue
        found = {h for h in ANNUAL_HOLIDAYS if h in (row.name or "")}
        named.setdefault(row.day.year, set()).update(found)
    return {year for year, holidays in named.items() if holidays >= set(ANNUAL_HOLIDAYS)}


def calendar_from_rows(
    rows: Iterable[CalendarOverrideRow], confirmed_years: Collection[int] | None = None
) -> WorkCalendar:
    """Build the calendar from the administrators' override rows (the table the platform stores them in).

    Call it with the rows of the overrides table, e.g. `calendar_from_rows(await session.scalars(select(...)))`;
    any objects with `day`, `is_workday` and `name` attributes will do. Unless `confirmed_years` is given, a
    year counts as known when the rows hold its complete arrangement (`complete_years`).
    """
    rows = list(rows)
    years = complete_years(rows) if confirmed_years is None else confirmed_years
    return WorkCalendar({row.day: (bool(row.is_workday), row.name) for row in rows}, years)


DEFAULT_CALENDAR = WorkCalendar()
