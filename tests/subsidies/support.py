"""The subsidy statement computed on its own, from raw SQL reads as the database owner (no service code), and
cases with lead mediators written straight into the database (there is no assignMediator on this branch)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

CHINA = ZoneInfo("Asia/Shanghai")
# The order in which a rate is preferred: category and complexity, category, complexity, default.
PREFERENCE = ("both", "category", "complexity", "default")
TEST_TITLE = "测试补贴案件"  # the cases tests write (demo_months leaves them out)
# Their registration time: long before anything else, so lists of the newest cases other tests read (in the same
# database) never start with them, although they are resolved in a month after the demo's.
CREATED_LONG_AGO = datetime(2001, 1, 1, tzinfo=CHINA)


def month_window(month: str) -> tuple[datetime, datetime]:
    y, m = (int(p) for p in month.split("-"))
    start = datetime(y, m, 1, tzinfo=CHINA)
    end = datetime(y + m // 12, m % 12 + 1, 1, tzinfo=CHINA)
    return start, end


def _rate_for(rates: list[dict[str, Any]], category: str, complexity: str) -> dict[str, Any] | None:
    kinds = {
        "both": lambda r: r["category"] == category and r["complexity"] == complexity,
        "category": lambda r: r["category"] == category and r["complexity"] is None,
        "complexity": lambda r: r["category"] is None and r["complexity"] == complexity,
        "default": lambda r: r["category"] is None and r["complexity"] is None,
    }
    for kind in PREFERENCE:
        hits = [r for r in rates if kinds[kind](r)]
        if hits:
            return hits[0]
    return None


async def expected_statement(
    engine: AsyncEngine, scheme_tenant: str, viewer_tenant: str, month: str
) -> dict[str, Any]:
    """Lines keyed by mediator name: organisation code, case numbers with amounts, gross, payable, capped."""
    start, end = month_window(month)
    async with engine.connect() as conn:
        scheme = (
            (
                await conn.execute(
                    text(
                        "SELECT s.id, s.monthly_cap FROM subsidy_schemes s JOIN tenants t ON t.id = s.tenant_id "
                        "WHERE t.code = :code AND s.effective_from <= :last "
                        "AND (s.effective_to IS NULL OR s.effective_to >= :first)"
                    ),
                    {"code": scheme_tenant, "first": start.date(), "last": (end - timedelta(days=1)).date()},
                )
            )
            .mappings()
            .one()
        )
        rates = [
            dict(r)
            for r in (
                await conn.execute(
                    text("SELECT category, complexity, amount FROM subsidy_rates WHERE scheme_id = :s"),
                    {"s": scheme["id"]},
                )
            ).mappings()
        ]
        # Roster scope of a tenant: its subtree, and the subtrees it (or a descendant) oversees.
        scope = (
            "SELECT dn.descendant_id FROM tenants t JOIN tenant_closure up ON up.ancestor_id = t.id "
            "JOIN tenant_closure dn ON dn.ancestor_id = up.descendant_id WHERE t.code = {p} "
            "UNION SELECT dn.descendant_id FROM tenants t JOIN tenant_closure up ON up.ancestor_id = t.id "
            "JOIN roster_oversight ro ON ro.overseer_id = up.descendant_id "
            "JOIN tenant_closure dn ON dn.ancestor_id = ro.overseen_id WHERE t.code = {p}"
        )
        in_scope = "cm.mediator_id IN (SELECT mediator_id FROM mediator_affiliations WHERE tenant_id IN ({}))"
        rows = (
            await conn.execute(
                text(
                    "SELECT c.id, c.number, c.category, c.complexity, m.name AS mediator, o.code AS org, "
                    f"{in_scope.format(scope.format(p=':scheme_tenant'))} AS paid_by_scheme, "
                    f"{in_scope.format(scope.format(p=':viewer_tenant'))} AS managed_by_viewer "
                    "FROM cases c JOIN case_mediators cm ON cm.case_id = c.id AND cm.is_lead "
                    "JOIN mediators m ON m.id = cm.mediator_id JOIN tenants o ON o.id = m.tenant_id "
                    "WHERE c.resolved_at >= :start AND c.resolved_at < :end AND c.status IN ('RESOLVED', 'CLOSED') "
                    "AND c.performance_recorded_at IS NOT NULL AND c.follow_up_at IS NOT NULL "
                    "AND (cm.ended_at IS NULL OR cm.ended_at > c.resolved_at) "
                    "ORDER BY c.id, cm.assigned_at DESC"
                ),
                {"start": start, "end": end, "scheme_tenant": scheme_tenant, "viewer_tenant": viewer_tenant},
            )
        ).mappings()
        paid: dict[uuid.UUID, dict[str, Any]] = {}
        for r in rows:
            paid.setdefault(r["id"], dict(r))  # the latest assigned lead current at the resolution: paid once
    paid = {k: r for k, r in paid.items() if r["paid_by_scheme"] and r["managed_by_viewer"]}
    lines: dict[str, dict[str, Any]] = defaultdict(lambda: {"cases": {}, "gross": Decimal("0.00")})
    for r in paid.values():
        rate = _rate_for(rates, r["category"], r["complexity"])
        amount = rate["amount"] if rate else Decimal("0.00")
        line = lines[r["mediator"]]
        line["org"] = r["org"]
        line["cases"][r["number"]] = amount
        line["gross"] += amount
    cap = scheme["monthly_cap"]
    for line in lines.values():
        line["payable"] = min(line["gross"], cap)
        line["capped"] = line["gross"] > cap
    return {
        "cap": cap,
        "lines": dict(lines),
        "total": sum((ln["payable"] for ln in lines.values()), Decimal(0)),
    }


async def demo_months(engine: AsyncEngine) -> list[str]:
    """The months (Asia/Shanghai) the demo's subsidy cases were resolved in (data-driven: no test depends on the
    day it runs)."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT DISTINCT to_char(c.resolved_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') FROM cases c "
                "JOIN case_mediators cm ON cm.case_id = c.id WHERE c.resolved_at IS NOT NULL "
                f"AND c.title <> '{TEST_TITLE}' ORDER BY 1"
            )
        )
        return [r[0] for r in rows]


async def mediator_of(engine: AsyncEngine, org: str) -> tuple[uuid.UUID, str]:
    """A mediator on the organisation's roster (the demo puts one on each it pays)."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT m.id, m.name FROM mediators m JOIN tenants t ON t.id = m.tenant_id WHERE t.code = :c "
                    "AND m.status = 'ACTIVE' ORDER BY m.created_at, m.id LIMIT 1"
                ),
                {"c": org},
            )
        ).one()
        return row[0], row[1]


async def resolved_case(
    engine: AsyncEngine,
    org: str,
    resolved_at: datetime,
    leads: list[dict[str, Any]],
    *,
    category: str = "NEIGHBOUR",
    complexity: str = "SIMPLE",
    follow_up: bool = True,
) -> tuple[uuid.UUID, str]:
    """A RESOLVED case of `org` with performance recorded (and a follow-up), and its lead mediator rows:
    each {mediator_id, assigned_at, ended_at, end_reason}."""
    case_id = uuid.uuid4()
    number = f"测调字第{case_id.hex[:10]}号"
    async with engine.begin() as conn:
        tenant_id = (
            await conn.execute(text("SELECT id FROM tenants WHERE code = :c"), {"c": org})
        ).scalar_one()
        await conn.execute(
            text(
                "INSERT INTO cases (id, tenant_id, number, year, seq, title, description, category, source_channel,"
                " status, tier, complexity, people_involved, resolved_at, performance_recorded_at, follow_up_at,"
                " created_at, updated_at, version, supervision_level) VALUES (:id, :t, :n, 2026, :seq, :title,"
                " '', :cat, 'PARTY_APPLICATION', 'RESOLVED', NULL, :cx, 2, :r, :r, :f, :c, :r, 1, 'NONE')"
            ),
            {
                "id": case_id,
                "t": tenant_id,
                "n": number,
                "title": TEST_TITLE,
                "seq": 900000 + case_id.int % 90000,
                "cat": category,
                "cx": complexity,
                "r": resolved_at,
                "f": resolved_at + timedelta(hours=1) if follow_up else None,
                "c": CREATED_LONG_AGO,
            },
        )
        await conn.execute(
            text(
                "INSERT INTO case_access (case_id, tenant_id, reason, created_at, case_created_at) "
                "VALUES (:id, :t, 'OWNER', now(), :c)"
            ),
            {"id": case_id, "t": tenant_id, "c": CREATED_LONG_AGO},
        )
        for lead in leads:
            await conn.execute(
                text(
                    "INSERT INTO case_mediators (id, case_id, mediator_id, tenant_id, is_lead, source, assigned_at,"
                    " ended_at, end_reason) VALUES (:id, :case, :m, :t, true, 'ASSIGNED', :a, :e, :why)"
                ),
                {
                    "id": uuid.uuid4(),
                    "case": case_id,
                    "m": lead["mediator_id"],
                    "t": tenant_id,
                    "a": lead["assigned_at"],
                    "e": lead.get("ended_at"),
                    "why": lead.get("end_reason"),
                },
            )
    return case_id, number
