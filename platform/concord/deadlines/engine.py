"""The deadline engine: a pure function from (rule, start date, pauses, extensions, calendar) to a due date.

Counting follows the civil-law rules, which the civil procedure rules repeat (民法典 Art. 201–203, 民事诉讼法
Art. 85):

* the starting day is not counted: the first counted day is `start + 1` (Art. 201);
* a period in months ends on the corresponding day of the expiry month, or on that month's last day when the
  corresponding day does not exist (Art. 202: one month from 31 January ends on 28/29 February);
* a period whose last day is a statutory rest day (法定休假日) ends on the first working day after it (Art. 203).
  Rest days include ordinary Saturdays and Sundays as well as holidays: the Supreme People's Court's reading of
  "节假日" lists "星期六、星期日、“五一”、“十一”、元旦、春节等", and holidays *inside* a period are not
  deducted. An adjusted workday (调休上班日) is a working day, so a period may end on it;
* a period ends at 24:00 of its last day (Art. 203 para. 2), i.e. the next day 00:00 Asia/Shanghai.

Working-day periods (medical and consumer mediation, 12345) count only working days of the official calendar:
adjusted workdays count, holidays and ordinary weekends do not, so no shift is ever needed.

Pauses (e.g. appraisal time for medical mediation, hearing time for petition re-review) are excluded from the
period, which the engine expresses by counting that many more units. Extensions add `extension.days` each and
must stay within the rule's cap.

Everything is explained in the result, in Chinese and English, so a clerk can re-check the date by hand.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from concord.deadlines import errors
from concord.deadlines.calendar import (
    DEFAULT_CALENDAR,
    ENGLISH_NAMES,
    PACKAGE_VERSION,
    PACKAGE_YEARS,
    DayInfo,
    WorkCalendar,
)
from concord.deadlines.rules import RuleBook, national_rules
from concord.deadlines.types import (
    UNIT_WORDS,
    UNIT_WORDS_EN,
    Deadline,
    DeadlineStep,
    ExtensionRequirement,
    HolidayDay,
    PeriodUnit,
    Rule,
    Track,
)

CHINA = ZoneInfo("Asia/Shanghai")

# A sanity bound on the number of units counted (about ten years of days). The longest real rule is 90 days;
# the bound stops a typo such as pausedDays: 100000000 from walking the calendar for minutes.
MAX_UNITS = 3660

_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_REQUIRES_ZH = {
    ExtensionRequirement.CONSENT_OF_BOTH_PARTIES: "经双方当事人同意",
    ExtensionRequirement.APPROVER: "经批准",
}
_REQUIRES_EN = {
    ExtensionRequirement.CONSENT_OF_BOTH_PARTIES: "with both parties' consent",
    ExtensionRequirement.APPROVER: "with approval",
}


def end_of_day(d: date) -> datetime:
    """24:00 of `d`, written as the next day's 00:00 in China time (an aware datetime)."""
    return datetime.combine(d + timedelta(days=1), time(0), tzinfo=CHINA)


def add_months(start: date, months: int) -> tuple[date, bool]:
    """The corresponding day `months` later, or the month's last day when it has none (民法典 Art. 202).

    Returns the date and whether the corresponding day was missing (so the explanation can say so).
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last)), start.day > last


@dataclass
class _Walk:
    """What the engine saw while walking the calendar; turned into the explanation at the end."""

    skipped: list[HolidayDay] = field(default_factory=list)
    adjusted: list[DayInfo] = field(default_factory=list)
    weekend_days: int = 0
    unknown_years: set[int] = field(default_factory=set)
    override_days: list[DayInfo] = field(default_factory=list)
    # Holiday days just before a shifted last day, so the explanation can name the whole holiday period
    # ("清明节假期4月4日至4月6日") although only its tail was skipped.
    holiday_before: list[HolidayDay] = field(default_factory=list)

    def see(self, info: DayInfo) -> None:
        if not info.known:
            self.unknown_years.add(info.day.year)
        if info.source == "override":
            self.override_days.append(info)


def compute(
    rule: Rule,
    start: date,
    paused_days: int = 0,
    extensions: int = 0,
    calendar: WorkCalendar | None = None,
    overrides: Mapping[date, tuple[bool, str]] | None = None,
) -> Deadline:
    """Compute the due date of `rule` started on `start`.

    `paused_days` is the time excluded from the period (in the rule's unit; calendar days for a MONTHS rule);
    `extensions` is the number of granted extensions. Pass either a ready `calendar` or the administrators'
    `overrides` (date -> (is_workday, name)); with neither, the package calendar alone is used.
    Raises `BadUserInput` (field pausedDays / extensions / start) for inputs the rule does not allow.
    """
    if calendar is not None and overrides is not None:
        raise TypeError("pass either calendar or overrides, not both")
    cal = calendar if calendar is not None else WorkCalendar(overrides) if overrides else DEFAULT_CALENDAR

    extension_days = _check(rule, paused_days, extensions)
    base = rule.days + extensions * extension_days
    walk = _Walk()
    try:
        if rule.unit is PeriodUnit.WORKING_DAYS:
            total = base + paused_days
            due = _count_working_days(cal, start, total, walk)
            nominal, month_missing = due, False
        else:
            if rule.unit is PeriodUnit.MONTHS:
                month_day, month_missing = add_months(start, base)
                nominal = month_day + timedelta(days=paused_days)
                total = base
            else:
                total = base + paused_days
                nominal, month_missing = start + timedelta(days=total), False
            due = _shift_to_workday(cal, nominal, walk)
    except (OverflowError, ValueError):
        raise errors.out_of_range() from None

    zh, en = _explain(
        rule, start, paused_days, extensions, extension_days, total, nominal, month_missing, due, walk
    )
    return Deadline(
        rule=rule,
        start=start,
        due_date=due,
        due_at=end_of_day(due),
        explanation=zh,
        explanation_en=en,
        skipped_holidays=tuple(walk.skipped),
        adjusted_workdays=tuple(i.day for i in walk.adjusted),
        calendar_known=not walk.unknown_years,
        nominal_last_day=nominal,
        total_units=total,
        paused_days=paused_days,
        extensions=extensions,
    )


def compute_for(
    track: Track,
    step: DeadlineStep,
    start: date,
    paused_days: int = 0,
    extensions: int = 0,
    book: RuleBook | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Look the rule up in `book` (the national pack by default) and compute; a missing step is bad input."""
    book = book if book is not None else national_rules()
    rule = book.get(track, step)
    if rule is None:
        raise errors.unknown_step(track, step, book.steps_for(track))
    return compute(rule, start, paused_days, extensions, calendar=calendar)


def _check(rule: Rule, paused_days: int, extensions: int) -> int:
    """Refuse what the rule does not allow; return the length of one extension (0 when none are asked)."""
    if paused_days < 0:
        raise errors.negative_pause()
    if paused_days and not rule.pausable:
        raise errors.not_pausable(rule)
    if paused_days > MAX_UNITS:
        raise errors.too_long("pausedDays")
    if extensions < 0:
        raise errors.negative_extensions()
    if extensions == 0:
        return 0
    if rule.extension is None:
        raise errors.no_extension(rule)
    if rule.extension.days is None:
        raise errors.open_extension(rule)
    length = rule.extension.days
    cap = rule.cap if rule.cap is not None else rule.days  # the loader guarantees a cap; be safe anyway
    if rule.days + extensions * length > cap:
        raise errors.beyond_cap(rule, (cap - rule.days) // length)
    return length


def _count_working_days(cal: WorkCalendar, start: date, total: int, walk: _Walk) -> date:
    """The `total`-th working day after `start` (the start day itself is never counted)."""
    day, counted = start, 0
    while counted < total:
        day += timedelta(days=1)
        info = cal.day(day)
        walk.see(info)
        if info.workday:
            counted += 1
            if info.adjusted_workday:
                walk.adjusted.append(info)
        elif info.holiday:
            walk.skipped.append(HolidayDay(day, info.holiday))
        else:
            walk.weekend_days += 1
    return day


def _shift_to_workday(cal: WorkCalendar, last_day: date, walk: _Walk) -> date:
    """Move a last day that falls on a rest day to the first working day after it (民法典 Art. 203)."""
    day = last_day
    info = cal.day(day)
    walk.see(info)
    if not info.workday and info.holiday:
        before = last_day - timedelta(days=1)
        while (prev := cal.day(before)).holiday and not prev.workday:
            walk.holiday_before.insert(0, HolidayDay(before, prev.holiday))
            before -= timedelta(days=1)
    while not info.workday:
        if info.holiday:
            walk.skipped.append(HolidayDay(day, info.holiday))
        else:
            walk.weekend_days += 1
        day += timedelta(days=1)
        info = cal.day(day)
        walk.see(info)
    if info.adjusted_workday:
        walk.adjusted.append(info)
    return day


# --- explanations -------------------------------------------------------------------------------------------


def _full(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _short(d: date, year: int) -> str:
    """Month and day only when the year is obvious from the start date, as a clerk would write it."""
    return f"{d.month}月{d.day}日" if d.year == year else _full(d)


def _short_en(d: date, year: int) -> str:
    return d.strftime("%m-%d") if d.year == year else d.isoformat()


def _runs(days: Sequence[HolidayDay]) -> list[tuple[list[str], date, date]]:
    """Group consecutive holiday rest days into periods: ([names in order], first day, last day)."""
    runs: list[tuple[list[str], date, date]] = []
    for h in days:
        if runs and h.day == runs[-1][2] + timedelta(days=1):
            names, first, _ = runs[-1]
            if h.name not in names:
                names.append(h.name)
            runs[-1] = (names, first, h.day)
        else:
            runs.append(([h.name], h.day, h.day))
    return runs


def _holidays_zh(days: Sequence[HolidayDay], year: int) -> str:
    parts = []
    for names, first, last in _runs(days):
        span = _short(first, year) if first == last else f"{_short(first, year)}至{_short(last, year)}"
        parts.append(f"{'、'.join(names)}假期{span}")
    return "、".join(parts)


def _holidays_en(days: Sequence[HolidayDay], year: int) -> str:
    parts = []
    for names, first, last in _runs(days):
        label = " / ".join(ENGLISH_NAMES.get(n, n) for n in names)
        span = (
            _short_en(first, year) if first == last else f"{_short_en(first, year)}…{_short_en(last, year)}"
        )
        parts.append(f"the {label} holiday {span}")
    return ", ".join(parts)


def _units_en(n: int, unit: PeriodUnit) -> str:
    one, many = UNIT_WORDS_EN[unit]
    return f"{n} {one if n == 1 else many}"


def _explain(
    rule: Rule,
    start: date,
    paused_days: int,
    extensions: int,
    extension_days: int,
    total: int,
    nominal: date,
    month_missing: bool,
    due: date,
    walk: _Walk,
) -> tuple[str, str]:
    unit, word, year = rule.unit, UNIT_WORDS[rule.unit], start.year
    # Paused time in a MONTHS rule is counted in calendar days.
    pause_word = UNIT_WORDS[PeriodUnit.CALENDAR_DAYS] if unit is PeriodUnit.MONTHS else word
    pause_unit = PeriodUnit.CALENDAR_DAYS if unit is PeriodUnit.MONTHS else unit

    zh = f"自{_full(start)}（{rule.starts_from}）起算{rule.days}{word}"
    en = f"{_units_en(rule.days, unit)} from {start.isoformat()}"
    if extensions:
        assert rule.extension is not None
        zh += f"，{_REQUIRES_ZH[rule.extension.requires]}延长{extensions}次、每次{extension_days}{word}"
        en += f", extended {extensions}× by {_units_en(extension_days, unit)} {_REQUIRES_EN[rule.extension.requires]}"
    if paused_days:
        zh += f"，另加中止计算的{paused_days}{pause_word}（{rule.pause_reason}）"
        en += f", plus {_units_en(paused_days, pause_unit)} paused"
    if (extensions or paused_days) and unit is not PeriodUnit.MONTHS:
        zh += f"，共{total}{word}"
        en += f" = {_units_en(total, unit)}"
    if unit is PeriodUnit.WORKING_DAYS:
        zh += "（起算日不计入）："
        en += " (the start day is not counted): "
    else:
        zh += "（起算日不计入，期间内的节假日照常计入）："
        en += " (the start day is not counted; holidays inside the period count): "

    details_zh: list[str] = []
    details_en: list[str] = []
    if unit is PeriodUnit.WORKING_DAYS:
        if walk.skipped:
            details_zh.append(f"跳过{_holidays_zh(walk.skipped, year)}")
            details_en.append(f"skipping {_holidays_en(walk.skipped, year)}")
        if walk.adjusted:
            days_zh = "、".join(_short(i.day, year) for i in walk.adjusted)
            details_zh.append(f"计入调休上班日{days_zh}")
            details_en.append(
                f"counting the adjusted workday{'s' if len(walk.adjusted) > 1 else ''} "
                + ", ".join(_short_en(i.day, year) for i in walk.adjusted)
            )
        if walk.weekend_days:
            details_zh.append(f"不计周六、周日{walk.weekend_days}天")
            details_en.append(f"not counting {walk.weekend_days} weekend days")
        if not details_zh:
            details_zh.append("期间内均为工作日")
            details_en.append("every day in the period is a working day")
    else:
        if unit is PeriodUnit.MONTHS:
            month_day = nominal - timedelta(days=paused_days)
            if month_missing:
                details_zh.append(
                    f"到期月没有对应日（{month_day.month}月{start.day}日），以月末日{_full(month_day)}为期间最后一日"
                )
                details_en.append(
                    f"the expiry month has no day {start.day}, so its last day {month_day.isoformat()} is the last day"
                )
            else:
                details_zh.append(f"到期月的对应日为{_full(month_day)}")
                details_en.append(f"the corresponding day of the expiry month is {month_day.isoformat()}")
            if paused_days:
                details_zh.append(f"加中止计算的{paused_days}日为{_full(nominal)}")
                details_en.append(
                    f"plus {_units_en(paused_days, pause_unit)} paused gives {nominal.isoformat()}"
                )
        else:
            details_zh.append(f"第{total}日为{_full(nominal)}")
            details_en.append(f"day {total} is {nominal.isoformat()}")
        if due != nominal:
            first_rest = walk.skipped[0] if walk.skipped and walk.skipped[0].day == nominal else None
            if first_rest is not None:
                period = walk.holiday_before + walk.skipped
                details_zh.append(
                    f"适逢{_holidays_zh(period, year)}（法定休假日），顺延至假期结束后的第一个工作日{_full(due)}"
                )
                details_en.append(
                    f"which falls in {_holidays_en(period, year)}, so the period moves to the first "
                    f"working day after it, {due.isoformat()}"
                )
            else:
                then_zh = f"，其后为{_holidays_zh(walk.skipped, year)}" if walk.skipped else ""
                then_en = f", followed by {_holidays_en(walk.skipped, year)}" if walk.skipped else ""
                details_zh.append(
                    f"适逢{_WEEKDAYS_ZH[nominal.weekday()]}（公休日）{then_zh}，顺延至其后的第一个工作日{_full(due)}"
                )
                details_en.append(
                    f"which is a {_WEEKDAYS_EN[nominal.weekday()]} (rest day){then_en}, so the period moves to "
                    f"the next working day, {due.isoformat()}"
                )
        elif walk.adjusted:
            name = walk.adjusted[0].adjusted_for or ""
            details_zh.append(f"该日为{name}调休上班日，不顺延")
            details_en.append("which is an adjusted workday, so it does not move")

    zh += "，".join(details_zh) + f"；截止于{_full(due)}24时。"
    en += ", ".join(details_en) + f"; due {due.isoformat()} at 24:00 (Asia/Shanghai)."

    warning_zh, warning_en = _calendar_warning(walk)
    return zh + warning_zh, en + warning_en


def _calendar_warning(walk: _Walk) -> tuple[str, str]:
    """Say which days came from administrators and which years are only guessed."""
    zh = en = ""
    if walk.override_days:
        days = "、".join(_full(i.day) for i in walk.override_days)
        zh += f"其中{days}按管理员录入的放假调休安排计算。"
        en += (
            " Administrator calendar entries were used for "
            + ", ".join(i.day.isoformat() for i in walk.override_days)
            + "."
        )
    if walk.unknown_years:
        years = "、".join(str(y) for y in sorted(walk.unknown_years))
        known = (
            f"，内置日历 chinesecalendar {PACKAGE_VERSION} 收录{PACKAGE_YEARS[0]}年至{PACKAGE_YEARS[1]}年"
            if PACKAGE_YEARS
            else ""
        )
        zh += (
            f"注意：{years}年的法定节假日和调休安排尚未公布或尚未收录{known}；"
            "未经管理员录入的日期仅按周六、周日和元旦、劳动节、国庆节的固定放假日推算，"
            "国务院办公厅公布当年放假安排后请复核。"
        )
        en += (
            f" Warning: the official holiday arrangement for {years} is not known yet; days without an "
            "administrator entry assume only weekends and the fixed-date holidays (1 Jan, 1–2 May, 1–3 Oct). "
            "Re-check once the State Council publishes it."
        )
    return zh, en
