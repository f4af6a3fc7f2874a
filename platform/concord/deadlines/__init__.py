"""Legal deadline engine: rule packs (data) + the official working-day calendar + civil-law counting rules.

Entry points: `compute` / `compute_for` (pure), `national_rules()` (the shipped rule pack), `WorkCalendar` and
`calendar_from_rows` (administrator overrides), and `schema.DeadlineQuery` for GraphQL.
"""

from __future__ import annotations

from concord.deadlines.calendar import DEFAULT_CALENDAR, WorkCalendar, calendar_from_rows
from concord.deadlines.engine import compute, compute_for
from concord.deadlines.rules import RuleBook, RulePackError, load_pack, load_packs, national_rules, parse_pack
from concord.deadlines.types import (
    CivilProcedure,
    ClockTrigger,
    Deadline,
    DeadlineStep,
    Extension,
    ExtensionRequirement,
    HolidayDay,
    PauseReason,
    PeriodUnit,
    Rule,
    Track,
)

__all__ = [
    "DEFAULT_CALENDAR",
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
    "RuleBook",
    "RulePackError",
    "Track",
    "WorkCalendar",
    "calendar_from_rows",
    "compute",
    "compute_for",
    "load_pack",
    "load_packs",
    "national_rules",
    "parse_pack",
]
