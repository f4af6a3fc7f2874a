"""以案定补: the monthly statement matches the cases behind it (computed again here from raw SQL), the cap, the
most specific rate, no follow-up no subsidy, a recused lead is not paid, and who sees which lines."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from concord.subsidies import rules
from tests.helpers import Api, error_code, error_field
from tests.subsidies.support import CHINA, demo_months, expected_statement, mediator_of, resolved_case

STATEMENT = """query($month: String!, $tenantId: ID) { subsidyStatement(month: $month, tenantId: $tenantId) {
  month total scheme { name monthlyCap tenant { code } }
  lines { mediator { name } organisation { code } gross payable capped
    cases { caseNumber category complexity resolvedAt amount rateRule case { id number } } }
  organisations { tenant { code } mediators cases payable } } }"""


async def _statement(api: Api, user: str, month: str, tenant_id: str | None = None) -> dict[str, Any]:
    data = await api.ok(user, STATEMENT, {"month": month, "tenantId": tenant_id})
    st: dict[str, Any] = data["subsidyStatement"]
    return st


def _by_mediator(st: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {ln["mediator"]["name"]: ln for ln in st["lines"]}


async def _matches(api: Api, owner: AsyncEngine, viewer: str, tenant: str, month: str) -> None:
    """The statement the viewer gets equals the one computed here from raw SQL, field by field."""
    st = await _statement(api, viewer, month)
    want = await expected_statement(owner, "justice-bureau", tenant, month)
    assert st["month"] == month and st["scheme"]["tenant"]["code"] == "justice-bureau"
    got = _by_mediator(st)
    assert set(got) == set(want["lines"]), (viewer, month)
    for name, w in want["lines"].items():
        g = got[name]
        assert g["organisation"]["code"] == w["org"]
        assert {c["caseNumber"]: Decimal(c["amount"]) for c in g["cases"]} == w["cases"]
        assert (Decimal(g["gross"]), Decimal(g["payable"]), g["capped"]) == (
            w["gross"],
            w["payable"],
            w["capped"],
        )
    assert Decimal(st["total"]) == want["total"]
    orgs = {o["tenant"]["code"]: o for o in st["organisations"]}
    assert set(orgs) == {w["org"] for w in want["lines"].values()}
    for code, o in orgs.items():
        lines = [w for w in want["lines"].values() if w["org"] == code]
        assert o["mediators"] == len(lines) and o["cases"] == sum(len(w["cases"]) for w in lines)
        assert Decimal(o["payable"]) == sum((w["payable"] for w in lines), Decimal(0))


VIEWERS = (
    ("justice.officer", "justice-bureau"),
    ("district.admin", "district-centre"),
    ("e1.worker", "community-e1"),
)


async def test_the_statement_for_a_month_matches_the_cases_behind_it(api: Api, owner: AsyncEngine) -> None:
    months = await demo_months(owner)
    assert len(months) >= 2
    for viewer, tenant in VIEWERS:
        for month in months:
            await _matches(api, owner, viewer, tenant, month)


async def test_the_monthly_cap_cuts_what_is_payable(api: Api, owner: AsyncEngine) -> None:
    months = await demo_months(owner)
    lines = [ln for m in months for ln in (await _statement(api, "justice.officer", m))["lines"]]
    capped = [ln for ln in lines if ln["capped"]]
    assert capped, "the demo's medical mediator passes the 3000 cap"
    for ln in capped:
        assert Decimal(ln["payable"]) == Decimal("3000.00") < Decimal(ln["gross"])
    assert all(Decimal(ln["payable"]) == Decimal(ln["gross"]) for ln in lines if not ln["capped"])


async def test_the_most_specific_rate_wins_and_says_why(api: Api, owner: AsyncEngine) -> None:
    rules_seen = {
        (c["category"], c["complexity"]): (Decimal(c["amount"]), c["rateRule"])
        for m in await demo_months(owner)
        for ln in (await _statement(api, "justice.officer", m))["lines"]
        for c in ln["cases"]
    }
    assert rules_seen[("MEDICAL", "HARD")] == (
        Decimal("1200.00"),
        "医疗纠纷·疑难 1200.00元（纠纷类型与难易程度均匹配）",
    )
    assert rules_seen[("LABOUR", "COMPLEX")] == (Decimal("500.00"), "劳动争议 500.00元（按纠纷类型）")
    assert rules_seen[("NEIGHBOUR", "SIMPLE")] == (Decimal("200.00"), "简单 200.00元（按难易程度）")


def test_rate_preference_category_and_complexity_then_category_then_complexity_then_default() -> None:
    class R:
        def __init__(self, category: str | None, complexity: str | None, amount: str) -> None:
            self.category, self.complexity, self.amount = category, complexity, Decimal(amount)

    default, simple, medical, medical_hard = (
        R(None, None, "100"),
        R(None, "SIMPLE", "200"),
        R("MEDICAL", None, "600"),
        R("MEDICAL", "HARD", "1200"),
    )
    every = [default, simple, medical, medical_hard]
    assert rules.pick_rate(every, "MEDICAL", "HARD") is medical_hard
    assert rules.pick_rate(every, "MEDICAL", "SIMPLE") is medical  # category beats complexity
    assert rules.pick_rate(every, "LOAN", "SIMPLE") is simple
    assert rules.pick_rate(every, "LOAN", "HARD") is default
    assert rules.pick_rate([simple], "LOAN", "HARD") is None
    assert rules.describe(None) == "方案中无适用标准，不予补贴"


async def test_a_case_without_follow_up_earns_nothing(api: Api, owner: AsyncEngine) -> None:
    async with owner.connect() as conn:
        number = (
            await conn.execute(
                text("SELECT number FROM cases WHERE title LIKE '%（未回访）' AND follow_up_at IS NULL")
            )
        ).scalar_one()
    for m in await demo_months(owner):
        st = await _statement(api, "justice.officer", m)
        assert number not in {c["caseNumber"] for ln in st["lines"] for c in ln["cases"]}


async def _quiet_month(owner: AsyncEngine) -> str:
    """A month in the demo scheme's (open-ended) period with no demo case: the cases a test writes are alone
    there, whatever day the suite runs."""
    last = (await demo_months(owner))[-1]
    return f"{int(last[:4]) + 1}-06"


async def test_a_lead_recused_before_the_resolution_is_not_paid_and_the_case_pays_once(
    api: Api, owner: AsyncEngine
) -> None:
    month = await _quiet_month(owner)
    y, mo = (int(p) for p in month.split("-"))
    resolved = datetime(y, mo, 20, 15, tzinfo=CHINA)
    recused, recused_name = await mediator_of(owner, "street-east")
    successor, successor_name = await mediator_of(owner, "community-e1")
    before = resolved - timedelta(days=10)
    _, swapped = await resolved_case(
        owner,
        "street-east",
        resolved,
        [
            {
                "mediator_id": recused,
                "assigned_at": before,
                "ended_at": before + timedelta(days=2),
                "end_reason": "RECUSED",
            },
            {"mediator_id": successor, "assigned_at": before + timedelta(days=2)},
        ],
    )
    # A lead who stepped aside only after the resolution is still the one who resolved it.
    _, kept = await resolved_case(
        owner,
        "street-east",
        resolved,
        [
            {
                "mediator_id": recused,
                "assigned_at": before,
                "ended_at": resolved + timedelta(days=1),
                "end_reason": "RECUSED",
            }
        ],
    )
    st = _by_mediator(await _statement(api, "justice.officer", month))
    assert [c["caseNumber"] for c in st[successor_name]["cases"]] == [swapped]
    assert [c["caseNumber"] for c in st[recused_name]["cases"]] == [kept]
    # The month's last instant in Beijing belongs to it; the next month's first does not.
    edge = datetime(y + mo // 12, mo % 12 + 1, 1, tzinfo=CHINA)
    _, inside = await resolved_case(
        owner, "street-east", edge - timedelta(seconds=1), [{"mediator_id": recused, "assigned_at": before}]
    )
    _, outside = await resolved_case(
        owner, "street-east", edge, [{"mediator_id": recused, "assigned_at": before}]
    )
    st = _by_mediator(await _statement(api, "justice.officer", month))
    numbers = {c["caseNumber"] for c in st[recused_name]["cases"]}
    assert inside in numbers and outside not in numbers


async def test_the_bureau_sees_case_numbers_only_and_the_owner_opens_its_cases(
    api: Api, owner: AsyncEngine
) -> None:
    month = (await demo_months(owner))[-1]
    bureau = await _statement(api, "justice.officer", month)
    cases = [c for ln in bureau["lines"] for c in ln["cases"]]
    assert cases and all(c["case"] is None and c["caseNumber"] for c in cases)
    district = await _statement(api, "district.admin", month)
    opened = [c for ln in district["lines"] for c in ln["cases"]]
    assert opened and all(c["case"] and c["case"]["number"] == c["caseNumber"] for c in opened)


async def test_other_tenants_see_none_of_these_mediators(api: Api, owner: AsyncEngine) -> None:
    month = (await demo_months(owner))[-1]
    bureau = await api.tenant_id("justice-bureau")
    mine = await _statement(api, "petition.officer", month)
    assert (
        mine["scheme"] is None
        and mine["lines"] == []
        and mine["organisations"] == []
        and mine["total"] == "0.00"
    )
    body = await api.gql("petition.officer", STATEMENT, {"month": month, "tenantId": bureau})
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"
    # A street sees the lines of its own subtree's mediators only.
    east = _by_mediator(await _statement(api, "e1.worker", month))
    everyone = _by_mediator(await _statement(api, "justice.officer", month))
    assert east and set(east) < set(everyone)
    assert {ln["organisation"]["code"] for ln in east.values()} == {"community-e1"}


async def test_a_role_without_subsidy_read_is_forbidden(api: Api) -> None:
    body = await api.gql("court.clerk", STATEMENT, {"month": "2026-11"})
    assert error_code(body) == "FORBIDDEN"


async def test_a_bad_month_is_refused(api: Api) -> None:
    for month in ("2026-13", "2026-1", "26-11", "", "2026-11-01", "1999-12", "二〇二六年十一月"):
        body = await api.gql("justice.officer", STATEMENT, {"month": month})
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "month", month


async def test_the_statement_costs_the_same_few_statements_however_many_lines(
    api: Api, owner: AsyncEngine
) -> None:
    """Nested fields (mediator, organisation, case, scheme rates) are batched per request: no N+1."""
    months = await demo_months(owner)
    await _statement(api, "district.admin", months[0])  # the token, outside the count
    counts = []
    for month in months:
        api.counter.count = 0
        st = await _statement(api, "district.admin", month)
        assert st["lines"] and all(ln["cases"] for ln in st["lines"])
        counts.append(api.counter.count)
    assert len(set(counts)) == 1 and counts[0] <= 20, counts


async def test_the_lead_paid_is_decided_on_the_whole_case_whoever_asks(api: Api, owner: AsyncEngine) -> None:
    """Two leads current at the resolution (the later assigned is paid): the community that manages only the
    earlier one does not count the case for it (one case pays once, whoever draws the statement)."""
    month = await _quiet_month(owner)
    y, mo = (int(p) for p in month.split("-"))
    resolved = datetime(y, mo, 10, 9, tzinfo=CHINA)
    earlier, earlier_name = await mediator_of(owner, "community-e1")
    later, later_name = await mediator_of(owner, "labour-committee")
    _, number = await resolved_case(
        owner,
        "community-e1",
        resolved,
        [
            {"mediator_id": earlier, "assigned_at": resolved - timedelta(days=9)},
            {"mediator_id": later, "assigned_at": resolved - timedelta(days=3)},
        ],
        category="LABOUR",
        complexity="COMPLEX",
    )
    bureau = _by_mediator(await _statement(api, "justice.officer", month))
    assert number in {c["caseNumber"] for c in bureau[later_name]["cases"]}
    assert number not in {c["caseNumber"] for c in bureau.get(earlier_name, {"cases": []})["cases"]}
    community = _by_mediator(await _statement(api, "e1.worker", month))
    assert later_name not in community
    assert number not in {c["caseNumber"] for ln in community.values() for c in ln["cases"]}
    for viewer, tenant in VIEWERS:
        await _matches(api, owner, viewer, tenant, month)
