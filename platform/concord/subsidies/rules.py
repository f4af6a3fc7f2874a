"""The pure rules of 以案定补 (no database): the month window, which rate applies, which lead is paid, the cap.

docs/subsidies.md states them in Chinese and English; tests/subsidies computes the same figures on its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from concord.kit.errors import BadUserInput
from concord.models.enums import CaseCategory, CaseStatus, Complexity

CHINA = ZoneInfo("Asia/Shanghai")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
CENT = Decimal("0.01")
PAID_STATUSES = frozenset({CaseStatus.RESOLVED.value, CaseStatus.CLOSED.value})

CATEGORY_LABELS = {
    CaseCategory.MARRIAGE_FAMILY: "婚姻家庭", CaseCategory.NEIGHBOUR: "邻里纠纷",
    CaseCategory.PROPERTY_MANAGEMENT: "物业纠纷", CaseCategory.LABOUR: "劳动争议", CaseCategory.MEDICAL: "医疗纠纷",
    CaseCategory.CONSUMER: "消费纠纷", CaseCategory.TRAFFIC: "交通事故", CaseCategory.LAND: "土地纠纷",
    CaseCategory.DEMOLITION: "征收拆迁", CaseCategory.CONTRACT: "合同纠纷", CaseCategory.LOAN: "民间借贷",
    CaseCategory.OTHER: "其他纠纷",
}  # fmt: skip
COMPLEXITY_LABELS = {Complexity.SIMPLE: "简单", Complexity.COMPLEX: "复杂", Complexity.HARD: "疑难"}


@dataclass(frozen=True)
class Month:
    text: str  # "2026-11"
    first: date
    last: date
    start: datetime  # first day 00:00 Asia/Shanghai
    end: datetime  # the next month's start (exclusive)


def parse_month(value: str) -> Month:
    """ "YYYY-MM" (Asia/Shanghai calendar month); years 2000–2100."""
    m = MONTH_RE.match((value or "").strip())
    if m is None or not 2000 <= int(m.group(1)) <= 2100:
        raise BadUserInput("月份格式应为YYYY-MM（如2026-11），年份在2000至2100之间", field="month")
    year, month = int(m.group(1)), int(m.group(2))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    start = datetime(year, month, 1, tzinfo=CHINA)
    end = datetime(following.year, following.month, 1, tzinfo=CHINA)
    return Month(f"{year:04d}-{month:02d}", first, following - timedelta(days=1), start, end)


class RateLike(Protocol):
    category: Any
    complexity: Any
    amount: Decimal


def specificity(rate: RateLike) -> int:
    """category+complexity (3) > category (2) > complexity (1) > default (0)."""
    return (2 if rate.category is not None else 0) + (1 if rate.complexity is not None else 0)


def rate_label(category: str | None, complexity: str | None) -> str:
    parts = []
    if category is not None:
        parts.append(CATEGORY_LABELS[CaseCategory(category)])
    if complexity is not None:
        parts.append(COMPLEXITY_LABELS[Complexity(complexity)])
    return "·".join(parts) if parts else "默认标准"


RULE_KINDS = {3: "纠纷类型与难易程度均匹配", 2: "按纠纷类型", 1: "按难易程度", 0: "默认标准"}


def pick_rate(rates: Sequence[RateLike], category: str, complexity: str) -> RateLike | None:
    """The most specific rate matching the case (NULL on a rate matches any value)."""
    matching = [
        r
        for r in rates
        if (r.category is None or r.category == category)
        and (r.complexity is None or r.complexity == complexity)
    ]
    return max(matching, key=specificity, default=None)


def describe(rate: RateLike | None) -> str:
    """Which rate and why, e.g. "医疗纠纷·疑难 1200.00元（纠纷类型与难易程度均匹配）"."""
    if rate is None:
        return "方案中无适用标准，不予补贴"
    label = rate_label(rate.category, rate.complexity)
    return f"{label} {rate.amount:.2f}元（{RULE_KINDS[specificity(rate)]}）"


def paid_lead(rows: Sequence[Any]) -> Any | None:
    """The lead paid for a case: a lead row current at the resolution (not ended, or ended after it; a lead who
    stepped aside — recused, replaced, withdrew — before the resolution is not paid). Several: the latest
    assigned (one case pays once)."""
    eligible = [r for r in rows if r.ended_at is None or r.ended_at > r.resolved_at]
    return max(eligible, key=lambda r: (r.assigned_at, str(r.mediator_id)), default=None)


def earns(row: Any) -> bool:
    """Resolved (or since closed) with performance recorded and a follow-up (回访) recorded."""
    return (
        row.status in PAID_STATUSES
        and row.performance_recorded_at is not None
        and row.follow_up_at is not None
    )


def capped(gross: Decimal, cap: Decimal) -> tuple[Decimal, bool]:
    """(payable, whether the cap cut it)."""
    return (min(gross, cap), gross > cap)


def clean_amount(value: Decimal, field: str, label: str, limit: Decimal) -> Decimal:
    """Yuan with at most two decimals (分), not negative, below `limit`."""
    if not value.is_finite():
        raise BadUserInput(f"{label}须为有效数字", field=field)
    if value < 0:
        raise BadUserInput(f"{label}不能为负数", field=field)
    if value > limit:
        raise BadUserInput(f"{label}不能超过{limit:,.0f}元", field=field)
    if value != value.quantize(CENT):
        raise BadUserInput(f"{label}最多保留两位小数（分）", field=field)
    return value.quantize(CENT)
