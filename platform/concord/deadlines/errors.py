"""Deadline-specific input errors. Chinese first: a clerk sees them next to the field in the console.

All are `BadUserInput` with `field` set to the GraphQL argument name, so a program can highlight the field.
"""

from __future__ import annotations

from concord.deadlines.types import UNIT_WORDS, DeadlineStep, Rule, Track
from concord.kit.errors import BadUserInput


def unknown_step(track: Track, step: DeadlineStep, available: list[DeadlineStep]) -> BadUserInput:
    choices = "、".join(s.value for s in available) or "无"
    return BadUserInput(f"{track.value} 没有 {step.value} 这一期限；可选：{choices}", field="step")


def negative_pause() -> BadUserInput:
    return BadUserInput("中止计算的天数不能为负数", field="pausedDays")


def not_pausable(rule: Rule) -> BadUserInput:
    return BadUserInput(f"“{rule.name}”没有可以扣除不计的期间（无法定中止事由）", field="pausedDays")


def negative_extensions() -> BadUserInput:
    return BadUserInput("延长次数不能为负数", field="extensions")


def no_extension(rule: Rule) -> BadUserInput:
    return BadUserInput(f"“{rule.name}”依法不能延长", field="extensions")


def open_extension(rule: Rule) -> BadUserInput:
    note = rule.extension.note if rule.extension else ""
    return BadUserInput(
        f"“{rule.name}”的延长没有法定天数（{note}），无法推算日期；请直接记录双方约定的期限",
        field="extensions",
    )


def beyond_cap(rule: Rule, allowed: int) -> BadUserInput:
    return BadUserInput(
        f"“{rule.name}”最长{rule.cap}{UNIT_WORDS[rule.unit]}，最多可延长{allowed}次",
        field="extensions",
        maxExtensions=allowed,
    )


def too_long(field: str) -> BadUserInput:
    return BadUserInput("期间过长，无法推算（请核对天数）", field=field)


def out_of_range() -> BadUserInput:
    return BadUserInput("起算日超出可推算的日期范围", field="start")


def holiday_without_name() -> BadUserInput:
    return BadUserInput("节假日须填写名称（如“春节”）", field="name")


def override_name_too_long(limit: int) -> BadUserInput:
    return BadUserInput(f"名称不能超过{limit}个字", field="name")
