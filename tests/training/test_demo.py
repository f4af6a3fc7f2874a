"""The demo fills the training and duty pages: some mediators below the yearly minimum, and this week's duty
grid with consultations (the demo is loaded relative to the real date, so this test is too)."""

from __future__ import annotations

from datetime import timedelta

from concord.db.base import utcnow
from concord.demo.roster import ROSTER
from concord.demo.training import CHINA
from tests.helpers import Api

SUMMARY = """query($year: Int!) { trainingSummary(year: $year, first: 100) { edges { node {
  hours belowMinimum mediator { name kind } } } } }"""
GRID = """query($t: ID!, $from: Date!, $to: Date!) { dutySlots(tenantId: $t, from: $from, to: $to) {
  date halfDay mediator { name } consultations { outcome } } }"""


async def test_the_demo_has_mediators_on_both_sides_of_the_minimum(api: Api) -> None:
    year = utcnow().astimezone(CHINA).year
    rows = [
        e["node"]
        for e in (await api.ok("justice.officer", SUMMARY, {"year": year}))["trainingSummary"]["edges"]
    ]
    flags = {r["belowMinimum"] for r in rows if r["mediator"]["name"].startswith("测试") is False}
    assert flags == {True, False}, rows
    court = [
        e["node"] for e in (await api.ok("court.clerk", SUMMARY, {"year": year}))["trainingSummary"]["edges"]
    ]
    # The demo's court roster (other tests add mediators of other kinds to the court).
    demo_court = [r for r in court if r["mediator"]["name"] in {row[1] for row in ROSTER}]
    assert demo_court and all(r["mediator"]["kind"] == "INVITED" for r in demo_court)


async def test_the_demo_fills_this_weeks_duty_grid(api: Api) -> None:
    today = utcnow().astimezone(CHINA).date()
    monday = today - timedelta(days=today.weekday())
    window = {"from": monday.isoformat(), "to": (monday + timedelta(days=6)).isoformat()}
    for code in ("lawyer-studio", "district-centre"):
        grid = await api.ok("district.officer", GRID, {"t": await api.tenant_id(code), **window})
        assert len([s for s in grid["dutySlots"] if s["mediator"]["name"]]) >= 10, code
    last_week = {
        "from": (monday - timedelta(days=7)).isoformat(),
        "to": (monday - timedelta(days=1)).isoformat(),
    }
    grid = await api.ok("lawyer.li", GRID, {"t": await api.tenant_id("lawyer-studio"), **last_week})
    assert sum(len(s["consultations"]) for s in grid["dutySlots"]) > 0
