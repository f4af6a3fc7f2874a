"""Administrator overrides of the official calendar, for years the holiday package does not know yet (the State
Council publishes each year's arrangement in the autumn before)."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from concord.audit.service import diff, record
from concord.authz.permissions import Can
from concord.db.base import utcnow
from concord.kit.errors import BadUserInput
from concord.models import CalendarOverride


async def set_override(session: AsyncSession, day: date, is_workday: bool, name: str) -> CalendarOverride:
    name = (name or "").strip()
    if not is_workday and not name:
        raise BadUserInput("节假日须填写名称（如“春节”）", field="name")
    if len(name) > 40:
        raise BadUserInput("名称不能超过40个字", field="name")
    existing = (
        await session.execute(select(CalendarOverride).where(CalendarOverride.day == day))
    ).scalar_one_or_none()
    before = {"is_workday": existing.is_workday, "name": existing.name} if existing else {}
    stmt = insert(CalendarOverride).values(day=day, is_workday=is_workday, name=name, created_at=utcnow())
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[CalendarOverride.day], set_={"is_workday": is_workday, "name": name}
        )
    )
    record(
        session,
        "calendar.override.set",
        "CalendarOverride",
        None,
        changes=diff(before, {"is_workday": is_workday, "name": name}) | {"day": [None, day.isoformat()]},
    )
    row = (await session.execute(select(CalendarOverride).where(CalendarOverride.day == day))).scalar_one()
    return row


@strawberry.type(description="日历调整：某日是否为工作日（法定节假日或调休上班日）")
class CalendarDay:
    day: date
    is_workday: bool
    name: str


@strawberry.input
class CalendarOverrideInput:
    day: date
    is_workday: bool
    name: str = ""


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(
        permission_classes=[Can("calendar", "manage")],
        description="登记官方节假日安排中的一天（用于节假日数据包尚未收录的年份）",
    )
    async def set_calendar_override(self, info: Info, input: CalendarOverrideInput) -> CalendarDay:
        row = await set_override(info.context.session, input.day, input.is_workday, input.name)
        return CalendarDay(day=row.day, is_workday=row.is_workday, name=row.name)
