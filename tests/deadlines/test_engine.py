"""The deadline engine against dates checked by hand on the official calendar.

Calendar facts used below (State Council notices, as transcribed by chinesecalendar 1.11.0):
  2025: 春节 1-28…2-04 (2-08 Sat worked); 国庆节+中秋节 10-01…10-08 (9-28 Sun and 10-11 Sat worked).
  2026: 元旦 1-01…1-03 (1-04 Sun worked); 春节 2-15…2-23 (2-14 Sat and 2-28 Sat worked); 劳动节 5-01…5-05
        (5-09 Sat worked); 中秋节 9-25…9-27 (Fri–Sun); 国庆节 10-01…10-07 (9-20 Sun and 10-10 Sat worked).
  Weekdays: 2026-03-02 Mon, 2026-09-28 Mon, 2026-10-01 Thu, 2027-10-01 Fri.
  2027 is not in the package: the engine falls back to weekends + 1-01, 5-01/02, 10-01/02/03 and warns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from concord.deadlines import (
    DeadlineStep,
    Extension,
    ExtensionRequirement,
    PeriodUnit,
    Rule,
    Track,
    WorkCalendar,
    compute,
    compute_for,
    national_rules,
)
from concord.kit.errors import BadUserInput

S = DeadlineStep
T = Track


def _rule(track: Track, step: DeadlineStep) -> Rule:
    rule = national_rules().get(track, step)
    assert rule is not None, (track, step)
    return rule


@dataclass(frozen=True)
class Row:
    track: Track
    step: DeadlineStep
    start: date
    due: date
    paused: int = 0
    extensions: int = 0


# Each row: the hand count in the comment. "+N" means N calendar days after the start (start day not counted).
ROWS = {
    # --- calendar days, last day on a statutory holiday -> next working day -------------------------------
    # 15 days from 9-16: 9-30 is day 14, 10-01 day 15 = 国庆节 (10-01…10-07) -> 10-08 (Thu).
    "petition-registration-ends-on-national-day": Row(
        T.PETITION, S.REGISTRATION, date(2026, 9, 16), date(2026, 10, 8)
    ),
    # 30 days from 9-01: 9-30 is day 29, 10-01 day 30 = 国庆节 -> 10-08.
    "court-delegated-30-days-ends-on-national-day": Row(
        T.COURT_DELEGATED, S.MEDIATION, date(2026, 9, 1), date(2026, 10, 8)
    ),
    # 15 days from 2-05: 2-20 (Fri) = 春节 (2-15…2-23) -> 2-24 (Tue).
    "labour-15-days-ends-in-spring-festival": Row(T.LABOUR, S.MEDIATION, date(2026, 2, 5), date(2026, 2, 24)),
    # --- calendar days, last day on an ordinary weekend -> Monday (法定休假日 includes 公休日) -------------
    # 3 days from Thu 3-19: 3-22 is a Sunday -> Mon 3-23.
    "confirmation-accept-ends-on-sunday": Row(
        T.PEOPLES_MEDIATION, S.CONFIRMATION_ACCEPT, date(2026, 3, 19), date(2026, 3, 23)
    ),
    # --- calendar days, last day on an adjusted workday -> no shift --------------------------------------
    # 3 days from 10-07: 10-10 is a Saturday but a 国庆节 调休上班日, a working day -> stays 10-10.
    "confirmation-accept-ends-on-adjusted-workday": Row(
        T.PEOPLES_MEDIATION, S.CONFIRMATION_ACCEPT, date(2026, 10, 7), date(2026, 10, 10)
    ),
    # --- calendar days, holidays inside the period are not deducted ---------------------------------------
    # 60 days from 9-03: 9-30 is day 27, 10-31 day 58, 11-02 (Mon) day 60; the 国庆节 week inside counts.
    "petition-handling-holidays-inside-count": Row(
        T.PETITION, S.HANDLING, date(2026, 9, 3), date(2026, 11, 2)
    ),
    # --- the start day is not counted ---------------------------------------------------------------------
    # 15 days from Mon 3-02: first counted day 3-03, day 15 = 3-17 (Tue), not 3-16.
    "labour-start-day-not-counted": Row(T.LABOUR, S.MEDIATION, date(2026, 3, 2), date(2026, 3, 17)),
    # 1 working day from Tue 3-03 is Wed 3-04, not the start day itself.
    "hotline-sign-for-next-working-day": Row(T.HOTLINE_12345, S.SIGN_FOR, date(2026, 3, 3), date(2026, 3, 4)),
    # 1 working day from Fri 3-06: Sat/Sun skipped -> Mon 3-09.
    "hotline-sign-for-over-weekend": Row(T.HOTLINE_12345, S.SIGN_FOR, date(2026, 3, 6), date(2026, 3, 9)),
    # --- working days across National Day / Mid-Autumn ------------------------------------------------------
    # 30 WD from Mon 9-28: 9-29=1, 9-30=2; 10-01…10-07 skipped; 10-08=3, 10-09=4, 10-10 (Sat, 调休)=5;
    # 10-12…16=6–10, 10-19…23=11–15, 10-26…30=16–20, 11-02…06=21–25, 11-09…13=26–30 -> 11-13 (Fri).
    "medical-30-wd-across-national-day-2026": Row(
        T.MEDICAL, S.MEDIATION, date(2026, 9, 28), date(2026, 11, 13)
    ),
    # 30 WD from Fri 9-18: 9-20 (Sun, 调休)=1, 9-21…24=2–5; 中秋 9-25…27 skipped; 9-28…30=6–8; 国庆 skipped;
    # 10-08=9, 10-09=10, 10-10 (Sat, 调休)=11, 10-12…16=12–16, 10-19…23=17–21, 10-26…30=22–26,
    # 11-02…05=27–30 -> 11-05 (Thu).
    "medical-30-wd-mid-autumn-and-national-day-2026": Row(
        T.MEDICAL, S.MEDIATION, date(2026, 9, 18), date(2026, 11, 5)
    ),
    # 2025, the combined 国庆节+中秋节 holiday 10-01…10-08: 30 WD from Fri 9-26: 9-28 (Sun, 调休)=1, 9-29=2,
    # 9-30=3; 10-09=4, 10-10=5, 10-11 (Sat, 调休)=6, 10-13…17=7–11, 10-20…24=12–16, 10-27…31=17–21,
    # 11-03…07=22–26, 11-10…13=27–30 -> 2025-11-13 (Thu).
    "medical-30-wd-combined-holiday-2025": Row(T.MEDICAL, S.MEDIATION, date(2025, 9, 26), date(2025, 11, 13)),
    # 7 WD from Wed 9-30: 国庆 skipped; 10-08=1, 10-09=2, 10-10 (Sat, 调休)=3, 10-12…15=4–7 -> 10-15 (Thu).
    "consumer-acceptance-7-wd": Row(T.CONSUMER, S.ACCEPTANCE, date(2026, 9, 30), date(2026, 10, 15)),
    # --- a pause: medical appraisal, 10 working days excluded -----------------------------------------------
    # 30 + 10 = 40 WD from 9-28: day 30 is 11-13 (above); 11-16…20=31–35, 11-23…27=36–40 -> 11-27 (Fri).
    "medical-appraisal-pause-10-wd": Row(
        T.MEDICAL, S.MEDIATION, date(2026, 9, 28), date(2026, 11, 27), paused=10
    ),
    # Petition re-review: 30 days + 5 days of hearing = 35 days from 3-02: 3-31 is day 29, 4-06 day 35 =
    # the last day of 清明节 (4-04…4-06) -> 4-07 (Tue).
    "petition-re-review-hearing-pause": Row(
        T.PETITION, S.RE_REVIEW, date(2026, 3, 2), date(2026, 4, 7), paused=5
    ),
    # --- people's mediation: one month (民法典 Art. 202) -----------------------------------------------------
    # 1-31 + 1 month: February has no 31st -> its last day 2025-02-28 (Fri, a working day).
    "peoples-mediation-jan-31-2025": Row(
        T.PEOPLES_MEDIATION, S.MEDIATION, date(2025, 1, 31), date(2025, 2, 28)
    ),
    # 2026-02-28 is a Saturday but a 春节 调休上班日 -> no shift.
    "peoples-mediation-jan-31-2026": Row(
        T.PEOPLES_MEDIATION, S.MEDIATION, date(2026, 1, 31), date(2026, 2, 28)
    ),
    # Leap year: 2024-02-29 (Thu).
    "peoples-mediation-jan-31-2024": Row(
        T.PEOPLES_MEDIATION, S.MEDIATION, date(2024, 1, 31), date(2024, 2, 29)
    ),
    # 1-15 + 1 month = 2-15 = first day of 春节 (2-15…2-23) -> 2-24 (Tue).
    "peoples-mediation-into-spring-festival": Row(
        T.PEOPLES_MEDIATION, S.MEDIATION, date(2026, 1, 15), date(2026, 2, 24)
    ),
    # --- extensions with an approver, up to the cap -----------------------------------------------------------
    # 15 days from Mon 3-02 -> 3-17 (Tue).
    "confirmation-decide-15-days": Row(
        T.PEOPLES_MEDIATION, S.CONFIRMATION_DECIDE, date(2026, 3, 2), date(2026, 3, 17)
    ),
    # + 10 with the court president's approval = 25 days -> 3-27 (Fri) = the cap.
    "confirmation-decide-extended-to-cap": Row(
        T.PEOPLES_MEDIATION, S.CONFIRMATION_DECIDE, date(2026, 3, 2), date(2026, 3, 27), extensions=1
    ),
    # Petition handling 60 + 30 = 90 days from 9-03: 9-30=27, 10-31=58, 11-30=88, 12-02 (Wed)=90.
    "petition-handling-extended-to-cap": Row(
        T.PETITION, S.HANDLING, date(2026, 9, 3), date(2026, 12, 2), extensions=1
    ),
}


@pytest.mark.parametrize("row", list(ROWS.values()), ids=list(ROWS))
def test_hand_checked_due_dates(row: Row) -> None:
    deadline = compute_for(row.track, row.step, row.start, row.paused, row.extensions)
    assert deadline.due_date == row.due, deadline.explanation
    assert deadline.calendar_known
    assert deadline.due_at == datetime.combine(
        row.due + timedelta(days=1), datetime.min.time(), ZoneInfo("Asia/Shanghai")
    )
    assert f"截止于{row.due.year}年{row.due.month}月{row.due.day}日24时" in deadline.explanation


def test_working_day_explanation_reads_like_a_clerks_note() -> None:
    d = compute_for(T.MEDICAL, S.MEDIATION, date(2026, 9, 28))
    assert d.explanation == (
        "自2026年9月28日（医疗纠纷人民调解委员会受理之日）起算30个工作日（起算日不计入）："
        "跳过国庆节假期10月1日至10月7日，计入调休上班日10月10日，不计周六、周日9天；截止于2026年11月13日24时。"
    )
    assert d.explanation_en.startswith("30 working days from 2026-09-28 (the start day is not counted): ")
    assert "the National Day holiday 10-01…10-07" in d.explanation_en
    assert "adjusted workday 10-10" in d.explanation_en
    assert [(h.day, h.name) for h in d.skipped_holidays] == [
        (date(2026, 10, i), "国庆节") for i in range(1, 8)
    ]
    assert d.adjusted_workdays == (date(2026, 10, 10),)


def test_combined_holiday_is_named_once_with_both_festivals() -> None:
    d = compute_for(T.MEDICAL, S.MEDIATION, date(2025, 9, 26))
    assert "跳过国庆节、中秋节假期10月1日至10月8日" in d.explanation
    assert "计入调休上班日9月28日、10月11日" in d.explanation
    assert d.adjusted_workdays == (date(2025, 9, 28), date(2025, 10, 11))


def test_holiday_shift_is_explained() -> None:
    d = compute_for(T.PETITION, S.REGISTRATION, date(2026, 9, 16))
    assert d.nominal_last_day == date(2026, 10, 1)
    assert (
        "第15日为2026年10月1日，适逢国庆节假期10月1日至10月7日（法定休假日），顺延至假期结束后的第一个工作日2026年10月8日"
        in (d.explanation)
    )
    assert [h.day for h in d.skipped_holidays] == [date(2026, 10, i) for i in range(1, 8)]


def test_weekend_shift_is_explained() -> None:
    d = compute_for(T.PEOPLES_MEDIATION, S.CONFIRMATION_ACCEPT, date(2026, 3, 19))
    assert (
        "第3日为2026年3月22日，适逢星期日（公休日），顺延至其后的第一个工作日2026年3月23日" in d.explanation
    )
    assert d.skipped_holidays == ()


def test_month_end_and_adjusted_workday_are_explained() -> None:
    d = compute_for(T.PEOPLES_MEDIATION, S.MEDIATION, date(2026, 1, 31))
    assert "到期月没有对应日（2月31日），以月末日2026年2月28日为期间最后一日" in d.explanation
    assert "该日为春节调休上班日，不顺延" in d.explanation
    assert d.adjusted_workdays == (date(2026, 2, 28),)


def test_pause_is_explained_with_its_reason() -> None:
    d = compute_for(T.MEDICAL, S.MEDIATION, date(2026, 9, 28), paused_days=10)
    assert "另加中止计算的10个工作日（需要鉴定的，鉴定时间不计入调解期限），共40个工作日" in d.explanation
    assert d.total_units == 40


def test_due_at_is_24_00_of_the_last_day() -> None:
    d = compute_for(T.MEDICAL, S.MEDIATION, date(2026, 9, 28))
    assert d.due_at.isoformat() == "2026-11-14T00:00:00+08:00"
    assert d.due_at.utcoffset() == timedelta(hours=8)
    # One microsecond before the deadline is still the last day, in China time.
    assert (d.due_at - timedelta(microseconds=1)).date() == d.due_date


# --- extensions -----------------------------------------------------------------------------------------


def _error(exc: pytest.ExceptionInfo[BadUserInput]) -> tuple[str, str | None]:
    ext = exc.value.extensions or {}
    return ext["code"], ext.get("field")


def test_approver_extension_beyond_cap_is_refused() -> None:
    with pytest.raises(BadUserInput) as exc:
        compute_for(T.PEOPLES_MEDIATION, S.CONFIRMATION_DECIDE, date(2026, 3, 2), extensions=2)
    assert _error(exc) == ("BAD_USER_INPUT", "extensions")
    assert (exc.value.extensions or {})["maxExtensions"] == 1
    assert "最长25日" in exc.value.message


# A local pack (a district's practice) may grant consent extensions of a fixed length: 委派调解 30 days,
# +15 days each with both parties' consent, at most 60 days in all.
LOCAL_DELEGATED = replace(
    _rule(T.COURT_DELEGATED, S.MEDIATION),
    extension=Extension(ExtensionRequirement.CONSENT_OF_BOTH_PARTIES, 15, "经双方当事人同意，每次延长15日"),
    cap=60,
    local_practice=True,
    note="测试用本地规则",
)


@pytest.mark.parametrize(
    ("extensions", "due"),
    [
        # 30 days from Mon 3-02: 3-31 is day 29, 4-01 (Wed) day 30.
        (0, date(2026, 4, 1)),
        # 45 days: 4-16 (Thu).
        (1, date(2026, 4, 16)),
        # 60 days = the cap: 5-01 (Fri) = 劳动节 (5-01…5-05) -> 5-06 (Wed).
        (2, date(2026, 5, 6)),
    ],
)
def test_consent_extensions_up_to_the_cap(extensions: int, due: date) -> None:
    d = compute(LOCAL_DELEGATED, date(2026, 3, 2), extensions=extensions)
    assert d.due_date == due
    if extensions:
        assert f"经双方当事人同意延长{extensions}次、每次15日，共{30 + 15 * extensions}日" in d.explanation


def test_consent_extension_beyond_cap_is_refused() -> None:
    with pytest.raises(BadUserInput) as exc:
        compute(LOCAL_DELEGATED, date(2026, 3, 2), extensions=3)
    assert _error(exc) == ("BAD_USER_INPUT", "extensions")
    assert (exc.value.extensions or {})["maxExtensions"] == 2


def test_open_ended_consent_extension_cannot_be_computed() -> None:
    """People's mediation "may continue if both parties agree": no statutory length, so no date to compute."""
    with pytest.raises(BadUserInput) as exc:
        compute_for(T.PEOPLES_MEDIATION, S.MEDIATION, date(2026, 3, 2), extensions=1)
    assert _error(exc) == ("BAD_USER_INPUT", "extensions")
    assert "请直接记录双方约定的期限" in exc.value.message


@pytest.mark.parametrize(
    ("track", "step", "paused", "extensions", "field"),
    [
        (T.LABOUR, S.MEDIATION, 0, 1, "extensions"),  # labour mediation cannot be extended
        (T.LABOUR, S.MEDIATION, 0, -1, "extensions"),
        (T.MEDICAL, S.MEDIATION, -1, 0, "pausedDays"),
        (T.LABOUR, S.MEDIATION, 3, 0, "pausedDays"),  # nothing in labour mediation stops the clock
        (T.MEDICAL, S.MEDIATION, 10**9, 0, "pausedDays"),  # a typo must not walk the calendar for minutes
        (T.LABOUR, S.SIGN_FOR, 0, 0, "step"),  # labour mediation has no 12345 sign-for step
    ],
)
def test_bad_input_names_the_field(
    track: Track, step: DeadlineStep, paused: int, extensions: int, field: str
) -> None:
    with pytest.raises(BadUserInput) as exc:
        compute_for(track, step, date(2026, 3, 2), paused, extensions)
    assert _error(exc) == ("BAD_USER_INPUT", field)


def test_start_date_out_of_range_is_bad_input() -> None:
    with pytest.raises(BadUserInput) as exc:
        compute_for(T.LABOUR, S.MEDIATION, date.max - timedelta(days=3))
    assert _error(exc) == ("BAD_USER_INPUT", "start")


# --- years the package does not know ------------------------------------------------------------------------

# What an administrator might enter for 2027 before the package is updated (illustrative, not the real notice).
OVERRIDES_2027 = {
    **{date(2027, 10, d): (False, "国庆节") for d in range(1, 8)},
    date(2027, 9, 26): (True, "国庆节调休"),
    date(2027, 10, 9): (True, "国庆节调休"),
}


def test_unknown_year_without_overrides_falls_back_and_warns() -> None:
    # 15 days from 9-16 -> 10-01 (Fri). Fallback knows only the fixed days 10-01…10-03 -> 10-04 (Mon).
    d = compute_for(T.LABOUR, S.MEDIATION, date(2027, 9, 16))
    assert d.due_date == date(2027, 10, 4)
    assert d.calendar_known is False
    assert "注意：2027年的法定节假日和调休安排尚未公布或尚未收录" in d.explanation
    assert "Warning: the official holiday arrangement for 2027 is not known yet" in d.explanation_en


def test_unknown_year_uses_administrator_overrides() -> None:
    # Same period with the administrator's 2027 entries: 10-01…10-07 are holidays -> 10-08 (Fri).
    d = compute(_rule(T.LABOUR, S.MEDIATION), date(2027, 9, 16), overrides=OVERRIDES_2027)
    assert d.due_date == date(2027, 10, 8)
    assert (
        d.calendar_known is False
    )  # still unconfirmed: the administrator may not have entered the whole year
    assert "按管理员录入的放假调休安排计算" in d.explanation
    assert "尚未公布或尚未收录" in d.explanation


def test_unknown_year_working_days_count_an_overridden_adjusted_workday() -> None:
    # 30 WD from Tue 9-28 with the overrides: 9-29=1, 9-30=2; 10-01…07 skipped; 10-08=3, 10-09 (Sat, 调休)=4,
    # 10-11…15=5–9, 10-18…22=10–14, 10-25…29=15–19, 11-01…05=20–24, 11-08…12=25–29, 11-15 (Mon)=30.
    cal = WorkCalendar(OVERRIDES_2027)
    d = compute_for(T.MEDICAL, S.MEDIATION, date(2027, 9, 28), calendar=cal)
    assert d.due_date == date(2027, 11, 15)
    assert d.adjusted_workdays == (date(2027, 10, 9),)
    assert d.calendar_known is False
    # Without them: only 10-01…10-03 rest; 9-29=1, 9-30=2, 10-04…08=3–7, 10-11…15=8–12, 10-18…22=13–17,
    # 10-25…29=18–22, 11-01…05=23–27, 11-08…10=28–30 -> 11-10 (Wed).
    assert compute_for(T.MEDICAL, S.MEDIATION, date(2027, 9, 28)).due_date == date(2027, 11, 10)


def test_confirmed_year_counts_as_known() -> None:
    cal = WorkCalendar(OVERRIDES_2027, confirmed_years={2027})
    d = compute_for(T.LABOUR, S.MEDIATION, date(2027, 9, 16), calendar=cal)
    assert d.due_date == date(2027, 10, 8)
    assert d.calendar_known is True
    assert "尚未公布" not in d.explanation


def test_period_running_into_an_unknown_year_is_flagged() -> None:
    # 1 WD from Thu 2026-12-31: 2027-01-01 is 元旦 (fixed date), 1-02/1-03 the weekend -> Mon 2027-01-04.
    d = compute_for(T.HOTLINE_12345, S.SIGN_FOR, date(2026, 12, 31))
    assert d.due_date == date(2027, 1, 4)
    assert d.calendar_known is False


def test_calendar_and_overrides_are_exclusive() -> None:
    with pytest.raises(TypeError):
        compute(_rule(T.LABOUR, S.MEDIATION), date(2026, 3, 2), calendar=WorkCalendar(), overrides={})


# --- invariants over every rule ----------------------------------------------------------------------------


def test_every_rule_ends_on_a_working_day_after_its_nominal_last_day() -> None:
    """For every rule and every start day of 2026: the due date is a working day, after the start, and only
    rest days lie between the nominal last day and the due date."""
    cal = WorkCalendar()
    for rule in national_rules():
        assert rule.unit in PeriodUnit
        for offset in range(0, 365, 3):
            start = date(2026, 1, 1) + timedelta(days=offset)
            d = compute(rule, start, calendar=cal)
            assert d.due_date > start
            assert cal.is_workday(d.due_date), (rule.track, rule.step, start)
            gap = (d.due_date - d.nominal_last_day).days
            assert all(not cal.is_workday(d.nominal_last_day + timedelta(days=i)) for i in range(gap))


def test_shift_names_the_whole_holiday_period() -> None:
    # 15 days from 2-05 end on 2-20, inside 春节 2-15…2-23: the explanation names the whole holiday, while
    # skippedHolidays lists only the days the period actually moved over.
    d = compute_for(T.LABOUR, S.MEDIATION, date(2026, 2, 5))
    assert (
        "适逢春节假期2月15日至2月23日（法定休假日），顺延至假期结束后的第一个工作日2026年2月24日"
        in d.explanation
    )
    assert [h.day for h in d.skipped_holidays] == [date(2026, 2, i) for i in range(20, 24)]
