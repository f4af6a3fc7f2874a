"""Plain domain types of the deadline engine: enums, rules and computed deadlines.

Nothing here imports strawberry or the database, so the engine stays a pure function that unit tests can call
without a schema or a connection. `concord.deadlines.schema` wraps these enums for GraphQL under the same
names ("Track", "DeadlineStep", ...).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

# The track is shared with the case model (cases.track, deadlines.track), so there is one enum and one GraphQL
# "Track" type: 人民调解, 委派, 委托, 劳动, 医疗, 消费, 律师, 行政, 信访, 12345.
from concord.models.enums import CivilProcedure, PauseReason, Track

__all__ = [
    "UNIT_WORDS",
    "UNIT_WORDS_EN",
    "CivilProcedure",
    "ClockTrigger",
    "Deadline",
    "DeadlineStep",
    "Extension",
    "ExtensionRequirement",
    "HolidayDay",
    "PauseReason",
    "PeriodUnit",
    "Rule",
    "Track",
]


class DeadlineStep(enum.StrEnum):
    """A timed step inside a track. Not every track has every step; the rule pack says which exist."""

    MEDIATION = "MEDIATION"  # 调解期限
    MEDIATION_ORDINARY = "MEDIATION_ORDINARY"  # 委托调解（普通程序）
    MEDIATION_SIMPLE = "MEDIATION_SIMPLE"  # 委托调解（简易程序）
    ACCEPTANCE = "ACCEPTANCE"  # 决定是否受理
    ADMINISTRATIVE_MEDIATION = "ADMINISTRATIVE_MEDIATION"  # 主管部门行政调解
    REGISTRATION = "REGISTRATION"  # 信访登记、转送交办
    HANDLING = "HANDLING"  # 办理
    REVIEW_APPLY = "REVIEW_APPLY"  # 申请复查
    REVIEW = "REVIEW"  # 复查
    RE_REVIEW_APPLY = "RE_REVIEW_APPLY"  # 申请复核
    RE_REVIEW = "RE_REVIEW"  # 复核
    CONFIRMATION_APPLY = "CONFIRMATION_APPLY"  # 申请司法确认
    CONFIRMATION_ACCEPT = "CONFIRMATION_ACCEPT"  # 法院决定是否受理司法确认申请
    CONFIRMATION_DECIDE = "CONFIRMATION_DECIDE"  # 法院作出确认决定
    MEDIATOR_CONTACT = "MEDIATOR_CONTACT"  # 特邀调解员联系当事人（本地做法）
    SIGN_FOR = "SIGN_FOR"  # 工单签收


class ClockTrigger(enum.StrEnum):
    """The event that starts a rule's clock, as the law names it (rule pack key `starts_on`).

    The start day is the day that event was recorded, never the day some later event fires: a track set a week
    after registration still counts a registration-triggered period from the registration day."""

    CASE_REGISTERED = "CASE_REGISTERED"  # 收到申请、登记 (the case's registration, cases.created_at)
    CASE_ACCEPTED = "CASE_ACCEPTED"  # 受理 (cases.accepted_at)
    COURT_MATERIALS_SIGNED_FOR = "COURT_MATERIALS_SIGNED_FOR"  # 签收法院移交材料 (委派/委托 signForReferral)
    TRANSFER_SIGNED_FOR = (
        "TRANSFER_SIGNED_FOR"  # 签收转送的事项 (转送 signForReferral): each transfer its own
    )
    # 法院委派时指定特邀调解员 (referCase with invitedMediatorId): the named mediator's contact clock
    INVITED_MEDIATOR_NAMED = "INVITED_MEDIATOR_NAMED"


class PeriodUnit(enum.StrEnum):
    """How a period is counted. MONTHS exists for people's mediation's "generally one month" (民法典 Art. 202)."""

    CALENDAR_DAYS = "CALENDAR_DAYS"
    WORKING_DAYS = "WORKING_DAYS"
    MONTHS = "MONTHS"


class ExtensionRequirement(enum.StrEnum):
    """Who must agree before a period may be extended."""

    CONSENT_OF_BOTH_PARTIES = "CONSENT_OF_BOTH_PARTIES"
    APPROVER = "APPROVER"


@dataclass(frozen=True)
class Extension:
    """How a period may be extended.

    `days` is the length of one extension in the rule's own unit (months for a MONTHS rule). It is None when the
    law allows an extension but sets no length (people's mediation "may continue if both parties agree"): the
    engine then cannot compute a date and refuses, and the clerk records the date the parties agreed.
    """

    requires: ExtensionRequirement
    days: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """One entry of a rule pack: the period of one step of one track, with where it comes from.

    `days` is the number of units (calendar days, working days or months, see `unit`); the name follows the
    issue's vocabulary. `cap` bounds `days` plus all extensions, in the same unit; pauses are not capped because
    the law excludes that time from the period instead of lengthening it.
    """

    track: Track
    step: DeadlineStep
    name: str
    days: int
    unit: PeriodUnit
    starts_from: str
    pausable: bool = False
    pause_reason: str = ""
    extension: Extension | None = None
    cap: int | None = None
    legal_basis: str = ""
    confidence: str = ""
    source_url: str = ""
    local_practice: bool = False
    note: str = ""
    pack: str = ""
    # What starts the clock on a case (empty: the platform does not start it; the preview still computes it).
    starts_on: tuple[ClockTrigger, ...] = ()
    # The pause reasons that stop this clock (non-empty exactly when pausable).
    pause_reasons: tuple[PauseReason, ...] = ()
    # 委托 only: the court procedure this period applies to.
    procedure: CivilProcedure | None = None


@dataclass(frozen=True)
class HolidayDay:
    """A rest day that belongs to a named statutory holiday period (国庆节, 春节 ...)."""

    day: date
    name: str


@dataclass(frozen=True)
class Deadline:
    """The result of `engine.compute`: the due date with everything a clerk needs to check it by hand."""

    rule: Rule
    start: date
    due_date: date
    due_at: datetime  # 24:00 of due_date, i.e. the next day 00:00 Asia/Shanghai (民法典 Art. 203 para. 2)
    explanation: str
    explanation_en: str
    skipped_holidays: tuple[HolidayDay, ...]
    adjusted_workdays: tuple[date, ...]
    calendar_known: bool
    nominal_last_day: date  # the last day before a rest-day shift; equals due_date when nothing moved
    total_units: int  # days + extensions (+ pauses, except for MONTHS whose pauses are calendar days)
    paused_days: int = 0
    extensions: int = 0


# How a number of units is written in Chinese and English explanations ("30个工作日", "30 working days").
UNIT_WORDS: dict[PeriodUnit, str] = {
    PeriodUnit.CALENDAR_DAYS: "日",
    PeriodUnit.WORKING_DAYS: "个工作日",
    PeriodUnit.MONTHS: "个月",
}
UNIT_WORDS_EN: dict[PeriodUnit, tuple[str, str]] = {
    PeriodUnit.CALENDAR_DAYS: ("day", "days"),
    PeriodUnit.WORKING_DAYS: ("working day", "working days"),
    PeriodUnit.MONTHS: ("month", "months"),
}
