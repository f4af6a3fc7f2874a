"""The database side of the deadline engine: administrator calendar overrides and rules stored with deadlines.

The engine itself is pure; this module is the thin layer the clocks (concord.deadlines.clocks) and the GraphQL
resolvers call. Overrides of the official calendar are for years the holiday package does not know yet (the
State Council publishes each year's arrangement in the autumn before).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.deadlines import engine, errors, repository
from concord.deadlines.calendar import WorkCalendar, calendar_from_rows
from concord.deadlines.rules import RuleBook, national_rules
from concord.deadlines.types import Deadline, DeadlineStep, PeriodUnit, Rule, Track
from concord.models import CalendarOverride
from concord.trail.recorder import diff, record

OVERRIDE_NAME_MAX = 40  # the column's length


async def load_calendar(session: AsyncSession) -> WorkCalendar:
    """The official calendar with every administrator override (the table holds a few dozen rows a year)."""
    return calendar_from_rows(await repository.calendar_overrides(session))


async def set_override(session: AsyncSession, day: date, is_workday: bool, name: str) -> CalendarOverride:
    """Record one day of the official arrangement (a holiday needs its name); replaces an earlier entry."""
    name = (name or "").strip()
    if not is_workday and not name:
        raise errors.holiday_without_name()
    if len(name) > OVERRIDE_NAME_MAX:
        raise errors.override_name_too_long(OVERRIDE_NAME_MAX)
    existing = await repository.override_on(session, day)
    before = {"is_workday": existing.is_workday, "name": existing.name} if existing else {}
    row = await repository.upsert_override(session, day, is_workday, name)
    record(
        session,
        "calendar.override.set",
        "CalendarOverride",
        None,
        changes=diff(before, {"is_workday": is_workday, "name": name}) | {"day": [None, day.isoformat()]},
    )
    return row


def rule_as_dict(rule: Rule) -> dict[str, Any]:
    """A JSON-ready copy of the rule, stored with each deadline so it still shows the rule it was computed by
    after the rule pack changes."""
    ext = rule.extension
    return {
        "track": rule.track.value,
        "step": rule.step.value,
        "name": rule.name,
        "days": rule.days,
        "unit": rule.unit.value,
        "starts_from": rule.starts_from,
        "pausable": rule.pausable,
        "pause_reason": rule.pause_reason,
        "pause_reasons": [r.value for r in rule.pause_reasons],
        "starts_on": [t.value for t in rule.starts_on],
        "procedure": rule.procedure.value if rule.procedure else None,
        "extension": {"requires": ext.requires.value, "days": ext.days, "note": ext.note} if ext else None,
        "cap": rule.cap,
        "legal_basis": rule.legal_basis,
        "confidence": rule.confidence,
        "source_url": rule.source_url,
        "local_practice": rule.local_practice,
        "note": rule.note,
        "pack": rule.pack,
    }


async def compute_for(
    session: AsyncSession,
    track: Track,
    step: DeadlineStep | str,
    start: date,
    paused_days: int = 0,
    extensions: int = 0,
    book: RuleBook | None = None,
) -> tuple[dict[str, Any], Deadline] | None:
    """Compute a deadline with the stored calendar overrides; None when the track has no such step.

    Returns the rule as a dict (for the deadlines.rule column) and the computed Deadline. Invalid pauses or
    extensions still raise BadUserInput: they are the caller's mistake, not a missing rule.
    """
    try:
        step = DeadlineStep(step)
    except ValueError:
        return None
    rule = (book if book is not None else national_rules()).get(track, step)
    if rule is None:
        return None
    result = engine.compute(rule, start, paused_days, extensions, calendar=await load_calendar(session))
    return rule_as_dict(rule), result


def paused_units(rule: Rule, first_paused_day: date, resumed_day: date, calendar: WorkCalendar) -> int:
    """How much of the rule's period a pause used, in the rule's unit.

    A pause from `first_paused_day` up to (not including) `resumed_day` excludes that many calendar days from a
    calendar-day period, but only the working days among them from a working-day period (medical mediation's
    appraisal time): a pause over a holiday week must not add a week of working days.
    """
    if resumed_day <= first_paused_day:
        return 0
    days = (resumed_day - first_paused_day).days
    if rule.unit is not PeriodUnit.WORKING_DAYS:
        return days
    return sum(calendar.is_workday(first_paused_day + timedelta(days=i)) for i in range(days))
