"""指派调解员 in the browser: the medical committee opens a medical case, sees a MEDICAL mediator recommended
with its reasons, does not see the mediator whose declared relative is a party (回避), assigns, and sees the
team with the lead badge."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.e2e.conftest import ServerApi
from tests.e2e.support import choose, expect, expect_message, login, shoot, unique

# The applicant of the demo's 误诊 case, a declared relative of a medical-committee mediator (demo/assignments.py).
RELATIVE = {"name": "毛建新", "kind": "PERSON", "role": "APPLICANT", "idNumber": "11010519820122115X"}
RECOMMEND = """query($c: ID!) { mediatorRecommendations(caseId: $c, first: 50) { mediator { id name } } }"""
ROSTER = """query { mediators(filter: {publicRoster: true}, first: 100) { edges { node { id name
  specialties tenant { code } } } } }"""


def test_the_committee_assigns_a_recommended_medical_mediator(
    page: Any, server_api: ServerApi, screenshots: Path
) -> None:
    case = server_api.create_case(
        "medical.mediator",
        unique("毛某与某医院医疗纠纷"),
        category="MEDICAL",
        parties=[RELATIVE, {"name": "清河区人民医院", "kind": "ORGANISATION", "role": "RESPONDENT"}],
    )
    recommended = {
        r["mediator"]["name"]
        for r in server_api.gql("medical.mediator", RECOMMEND, {"c": case["id"]})["mediatorRecommendations"]
    }
    committee = [
        e["node"]
        for e in server_api.gql("medical.mediator", ROSTER)["mediators"]["edges"]
        if e["node"]["tenant"]["code"] == "medical-committee" and "MEDICAL" in e["node"]["specialties"]
    ]
    related = [m["name"] for m in committee if m["name"] not in recommended]
    assert related, "the related mediator should not be recommended"

    login(page, "medical.mediator")
    page.goto(f"/#/cases/{case['id']}")
    panel = page.get_by_test_id("case-mediators")
    expect(panel).to_contain_text("尚未指派调解员")
    page.get_by_test_id("assign-open").click()
    dialog = page.get_by_test_id("assign-dialog")
    first = dialog.locator("[data-test^='rec-']").filter(has_text="擅长医疗纠纷").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("当前")
    for name in related:
        expect(dialog.get_by_test_id(f"rec-{name}")).to_have_count(0)
    name = first.locator("strong").inner_text()
    shoot(page, screenshots, "assign-mediator-dialog.png")
    dialog.get_by_test_id(f"rec-pick-{name}").click()
    dialog.get_by_test_id("assign-submit").click()
    expect_message(page, "已指派调解员")
    team = panel.get_by_test_id("mediator-team")
    expect(team).to_contain_text(name)
    expect(team.get_by_test_id("lead-badge")).to_have_count(1)
    expect(team).to_contain_text("机构指派")
    shoot(page, screenshots, "case-mediator-team.png")


CREATE_INVITED = (
    """mutation($input: CreateMediatorInput!) { createMediator(input: $input) { mediator { id } } }"""
)
ASSIGN = """mutation($input: AssignMediatorInput!) { assignMediator(input: $input) { case { id } } }"""
COURT = "query { tenants(first: 100) { edges { node { id code } } } }"


def test_a_party_asks_the_lead_to_step_aside_and_the_court_grants_it(
    page: Any, server_api: ServerApi, screenshots: Path
) -> None:
    court = next(
        e["node"]["id"]
        for e in server_api.gql("court.clerk", COURT)["tenants"]["edges"]
        if e["node"]["code"] == "district-court"
    )
    start = (date.today() - timedelta(days=10)).isoformat()
    ids = []
    for name in (unique("申调甲"), unique("申调乙")):
        data = server_api.gql(
            "court.clerk",
            CREATE_INVITED,
            {"input": {"tenantId": court, "name": name, "kind": "INVITED", "termStart": start}},
        )
        ids.append((name, data["createMediator"]["mediator"]["id"]))
    case = server_api.create_case("court.clerk", unique("回避申请纠纷"))
    server_api.gql(
        "court.clerk",
        ASSIGN,
        {"input": {"caseId": case["id"], "mediatorIds": [i for _, i in ids], "leadMediatorId": ids[0][1]}},
    )

    login(page, "court.clerk")
    page.goto(f"/#/cases/{case['id']}")
    panel = page.get_by_test_id("case-mediators")
    lead_name = ids[0][0]
    panel.get_by_test_id(f"recusal-open-{lead_name}").click()
    dialog = page.get_by_test_id("recusal-dialog")
    choose(page, dialog.get_by_test_id("recusal-party"), "张三")
    dialog.get_by_test_id("recusal-reason").fill("申请人认为该调解员与被申请人相识")
    dialog.get_by_test_id("recusal-submit").click()
    expect_message(page, "已登记回避申请")
    requests = panel.get_by_test_id("recusal-requests")
    expect(requests).to_contain_text("待决定")
    requests.get_by_test_id("recusal-grant").click()
    box = page.locator(".el-message-box")
    expect(box).to_be_visible()
    box.get_by_role("button", name="准予回避").click()
    expect_message(page, "已作出决定")
    expect(panel.get_by_test_id("lead-recused")).to_be_visible()
    expect(panel.get_by_test_id("mediator-team")).not_to_contain_text(lead_name)
    expect(requests).to_contain_text("准予回避")
    shoot(page, screenshots, "recusal-granted.png")


def test_the_court_names_an_invited_mediator_when_it_delegates(
    page: Any, server_api: ServerApi, screenshots: Path
) -> None:
    court = next(
        e["node"]["id"]
        for e in server_api.gql("court.clerk", COURT)["tenants"]["edges"]
        if e["node"]["code"] == "district-court"
    )
    name = unique("特邀指定")
    server_api.gql(
        "court.clerk",
        CREATE_INVITED,
        {
            "input": {
                "tenantId": court,
                "name": name,
                "kind": "INVITED",
                "termStart": (date.today() - timedelta(days=10)).isoformat(),
            }
        },
    )
    case = server_api.create_case("court.clerk", unique("委派指定特邀纠纷"))
    login(page, "court.clerk")
    page.goto(f"/#/cases/{case['id']}")
    page.get_by_test_id("refer-open").click()
    dialog = page.get_by_test_id("refer-dialog")
    choose(page, dialog.get_by_test_id("refer-tenant"), "清河区人民法院诉调对接中心")
    choose(page, dialog.get_by_test_id("refer-invited"), name)
    dialog.get_by_test_id("refer-reason").fill("诉前委派调解，指定特邀调解员")
    dialog.get_by_test_id("refer-submit").click()
    panel = page.get_by_test_id("case-mediators")
    team = panel.get_by_test_id("mediator-team")
    expect(team).to_contain_text(name)
    expect(team).to_contain_text("法院指定")
    expect(team.get_by_test_id("contact-due")).to_contain_text("前联系当事人")
    shoot(page, screenshots, "court-named-mediator.png")
