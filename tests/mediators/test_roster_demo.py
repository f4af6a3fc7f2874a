"""The demo roster other demo modules and the console rely on: 40+ mediators of every kind, several 在册 at
every organisation that mediates, committee specialists, the court's 特邀 roster on both court tenants."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from concord.demo.roster import ROSTER
from tests.helpers import Api

DEMO_NAMES = {row[1] for row in ROSTER}

PUBLIC = """{ mediators(first: 100, filter: { publicRoster: true }) { edges { node {
  name kind specialties tenant { code } organisations { code } } } } }"""


async def test_the_demo_roster_fills_every_organisation(api: Api) -> None:
    nodes = [e["node"] for e in (await api.ok("admin", PUBLIC))["mediators"]["edges"]]
    demo = [n for n in nodes if n["name"] in DEMO_NAMES]
    assert len(demo) >= 40
    assert set(Counter(n["kind"] for n in demo)) == {
        "FULL_TIME",
        "PART_TIME",
        "VOLUNTEER",
        "INVITED",
        "LAWYER",
        "ADMINISTRATIVE",
    }
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in demo:
        for o in n["organisations"]:
            by_org[o["code"]].append(n)
    for code in (
        "district-centre",
        "street-east",
        "street-west",
        "community-e1",
        "medical-committee",
        "labour-committee",
        "property-committee",
        "district-court",
        "docking-centre",
        "lawyer-studio",
        "hrss",
        "housing",
        "market-regulation",
        "petition-bureau",
    ):
        assert len(by_org[code]) >= 2, code
    medical = [n for n in by_org["medical-committee"] if "MEDICAL" in n["specialties"]]
    assert len(medical) >= 5
    assert all("LABOUR" in n["specialties"] for n in by_org["labour-committee"])
    assert all("PROPERTY_MANAGEMENT" in n["specialties"] for n in by_org["property-committee"])
    invited = [n for n in demo if n["kind"] == "INVITED"]
    assert all(
        {o["code"] for o in n["organisations"]} == {"district-court", "docking-centre"} for n in invited
    )
