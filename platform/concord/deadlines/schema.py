"""GraphQL surface of the deadline engine: a pure preview query, so a clerk can check a date before acting, and
the administrator's calendar overrides.

`DeadlineQuery` and `CalendarMutation` are merged into the root types in `concord.graphql.schema`. The preview
reads no case data, so any signed-in principal may use it. (The GraphQL types live here: concord.deadlines.types
holds the engine's plain types and imports no strawberry.)
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types.enum import has_enum_definition

from concord.authz.permissions import Can, IsAuthenticated
from concord.deadlines import engine
from concord.deadlines.rules import national_rules
from concord.deadlines.service import load_calendar, set_override
from concord.deadlines.types import (
    CivilProcedure,
    ClockTrigger,
    Deadline,
    DeadlineStep,
    ExtensionRequirement,
    PauseReason,
    PeriodUnit,
    Rule,
    Track,
)
from concord.kit.context import Info

if not has_enum_definition(Track):  # usually registered already by concord.cases.types (case.track)
    strawberry.enum(Track, name="Track", description="办理程序（决定适用的法定期限）")
if not has_enum_definition(PauseReason):  # shared with concord.cases.types (Case.pauseReason)
    strawberry.enum(
        PauseReason,
        name="PauseReason",
        description="中止事由：法定期限只因其规则允许的事由停止计算（如医疗纠纷调解的鉴定、复核的听证）",
    )
if not has_enum_definition(CivilProcedure):  # shared with concord.referrals.types (Referral.procedure)
    strawberry.enum(
        CivilProcedure,
        name="CivilProcedure",
        description="法院适用的审理程序：简易程序或普通程序（决定委托调解期限）",
    )
strawberry.enum(
    ClockTrigger,
    name="ClockTrigger",
    description="启动期限的事件：登记（收到申请）、受理、签收法院移交材料、签收转送事项",
)
strawberry.enum(DeadlineStep, name="DeadlineStep", description="程序中计时的环节（并非每类程序都有全部环节）")
strawberry.enum(PeriodUnit, name="PeriodUnit", description="期间单位：自然日、工作日或月")
strawberry.enum(ExtensionRequirement, name="ExtensionRequirement", description="延长期限的条件")


@strawberry.type(description="期限的延长方式")
class DeadlineExtension:
    requires: ExtensionRequirement
    days: int | None = strawberry.field(
        description="每次延长的长度（单位同规则）；为空表示法律未规定天数，按约定"
    )
    note: str


@strawberry.type(description="一条期限规则及其依据")
class DeadlineRule:
    track: Track
    step: DeadlineStep
    name: str
    days: int = strawberry.field(description="期间长度；单位见 unit（unit 为 MONTHS 时为月数）")
    unit: PeriodUnit
    starts_from: str = strawberry.field(description="起算事件，如“受理之日”")
    pausable: bool = strawberry.field(description="是否有依法不计入期限的期间（如鉴定、听证）")
    pause_reason: str
    pause_reasons: list[PauseReason] = strawberry.field(description="使本期限停止计算的中止事由代码")
    starts_on: list[ClockTrigger] = strawberry.field(
        description="平台据以启动本期限的事件（为空：平台不自动起算，可用预览核算）"
    )
    procedure: CivilProcedure | None = strawberry.field(description="委托调解：本期限适用的审理程序")
    extension: DeadlineExtension | None
    cap: int | None = strawberry.field(description="含延长在内的最长期间（单位同规则）")
    legal_basis: str = strawberry.field(description="法律依据（中文引注）")
    confidence: str = strawberry.field(description="依据的可信度标记：✅ 原文、🟡 二手来源、❓ 待核")
    source_url: str
    local_practice: bool = strawberry.field(description="无全国性规定、按本地做法设置的规则")
    note: str
    pack: str = strawberry.field(description="规则所在的规则包")

    @classmethod
    def from_rule(cls, rule: Rule) -> DeadlineRule:
        ext = rule.extension
        return cls(
            track=rule.track,
            step=rule.step,
            name=rule.name,
            days=rule.days,
            unit=rule.unit,
            starts_from=rule.starts_from,
            pausable=rule.pausable,
            pause_reason=rule.pause_reason,
            pause_reasons=list(rule.pause_reasons),
            starts_on=list(rule.starts_on),
            procedure=rule.procedure,
            extension=DeadlineExtension(requires=ext.requires, days=ext.days, note=ext.note) if ext else None,
            cap=rule.cap,
            legal_basis=rule.legal_basis,
            confidence=rule.confidence,
            source_url=rule.source_url,
            local_practice=rule.local_practice,
            note=rule.note,
            pack=rule.pack,
        )


@strawberry.type(name="HolidayDay", description="期间中跳过的法定节假日休息日")
class HolidayDayType:
    day: date
    name: str


@strawberry.type(description="期限预览：截止日及其计算过程")
class DeadlinePreview:
    due_date: date = strawberry.field(description="期间的最后一日")
    due_at: datetime = strawberry.field(description="截止时刻：最后一日24时，即次日0时（北京时间）")
    explanation: str = strawberry.field(description="中文计算说明")
    explanation_en: str
    rule: DeadlineRule
    skipped_holidays: list[HolidayDayType]
    adjusted_workdays: list[date] = strawberry.field(description="计入的调休上班日")
    calendar_known: bool = strawberry.field(
        description="为 false 时期间涉及尚未公布（或未收录）放假安排的年份，结果须复核"
    )
    nominal_last_day: date = strawberry.field(description="顺延前的最后一日；未顺延时等于 dueDate")
    total_units: int = strawberry.field(
        description="实际计算的期间长度（含延长；按日计算的规则还含中止期间），单位同规则"
    )

    @classmethod
    def from_deadline(cls, d: Deadline) -> DeadlinePreview:
        return cls(
            due_date=d.due_date,
            due_at=d.due_at,
            explanation=d.explanation,
            explanation_en=d.explanation_en,
            rule=DeadlineRule.from_rule(d.rule),
            skipped_holidays=[HolidayDayType(day=h.day, name=h.name) for h in d.skipped_holidays],
            adjusted_workdays=list(d.adjusted_workdays),
            calendar_known=d.calendar_known,
            nominal_last_day=d.nominal_last_day,
            total_units=d.total_units,
        )


@strawberry.type
class DeadlineQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="预览某一程序环节的法定期限：给出截止日和计算说明，不读写任何案件数据",
    )
    async def deadline_preview(
        self,
        info: Info,
        track: Track,
        step: DeadlineStep,
        start: date,
        paused_days: int = 0,
        extensions: int = 0,
    ) -> DeadlinePreview:
        # Administrators' calendar entries (calendar_overrides) cover years the holiday package does not know.
        calendar = await load_calendar(info.context.session)
        deadline = engine.compute_for(track, step, start, paused_days, extensions, calendar=calendar)
        return DeadlinePreview.from_deadline(deadline)

    @strawberry.field(permission_classes=[IsAuthenticated], description="期限规则表（可按程序类别筛选）")
    def deadline_rules(self, track: Track | None = None) -> list[DeadlineRule]:
        return [DeadlineRule.from_rule(r) for r in national_rules() if track is None or r.track == track]


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
