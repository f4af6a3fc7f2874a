"""指派与推荐: in the demo district, the medical committee gets a MEDICAL mediator recommended for a medical case,
with Chinese reasons, and assigns it; the conflicted mediators (a declared relative who is a party, a conflict
declared on the case, the party themself) are never recommended and are refused by assignMediator with the
reason; re-assigning replaces the team; a fixed number of statements whatever the roster size."""

from __future__ import annotations

from typing import Any

from tests.assignments.support import (
    ASSIGN,
    TEAM,
    case_by_title,
    new_committee_mediator,
    new_invited,
    recommend,
    roster,
)
from tests.helpers import Api, create_case, error_code, error_field, valid_id_card

MISDIAGNOSIS = "毛某与清河区人民医院误诊纠纷"  # its applicant is a declared relative of a committee mediator
DEATH = "患者家属与某中医医院医疗损害赔偿纠纷"  # a committee mediator declared a conflict on it


async def _assign(api: Api, user: str, case_id: str, ids: list[str], lead: str) -> dict[str, Any]:
    return await api.gql(
        user, ASSIGN, {"input": {"caseId": case_id, "mediatorIds": ids, "leadMediatorId": lead}}
    )


async def test_the_committee_is_recommended_a_medical_mediator_and_assigns_it(api: Api) -> None:
    case = await case_by_title(api, "medical.mediator", MISDIAGNOSIS)
    recs = await recommend(api, "medical.mediator", case["id"])
    assert recs, "no recommendation"
    top = recs[0]
    assert "MEDICAL" in top["mediator"]["specialties"]
    assert "擅长医疗纠纷" in top["reasons"]
    assert any(r.startswith("当前") for r in top["reasons"])
    # Ranked by score, then name: deterministic.
    keys = [(-r["score"], r["mediator"]["name"]) for r in recs]
    assert keys == sorted(keys)

    # The related mediator (a declared relative is the applicant) is on the roster but not recommended.
    recommended = {r["mediator"]["id"] for r in recs}
    medical = [
        m for m in await roster(api, "medical.mediator", "medical-committee") if "MEDICAL" in m["specialties"]
    ]
    absent = [m for m in medical if m["id"] not in recommended and m["status"] == "ACTIVE"]
    assert absent, "the related mediator should be left out"
    refusals = {}
    for m in absent:
        body = await _assign(api, "medical.mediator", case["id"], [m["id"]], m["id"])
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "mediatorIds"
        ext = body["errors"][0]["extensions"]
        assert m["name"] in body["errors"][0]["message"] and "回避" in body["errors"][0]["message"]
        refusals[m["id"]] = ext["reason"]
    assert "RELATIVE" in refusals.values()

    ok = await api.ok(
        "medical.mediator",
        ASSIGN,
        {
            "input": {
                "caseId": case["id"],
                "mediatorIds": [top["mediator"]["id"]],
                "leadMediatorId": top["mediator"]["id"],
            }
        },
    )
    [member] = ok["assignMediator"]["case"]["mediators"]
    assert (
        member["isLead"]
        and member["source"] == "ASSIGNED"
        and member["mediator"]["id"] == top["mediator"]["id"]
    )
    assert member["assignedBy"]["code"] == "medical-committee" and member["contactDueAt"] is None
    team = await api.ok("medical.mediator", TEAM, {"id": case["id"]})
    assert team["node"]["viewerCan"] == {"assignMediator": True, "decideRecusal": False}


async def test_a_conflict_declared_on_the_case_keeps_the_mediator_out(api: Api) -> None:
    case = await case_by_title(api, "medical.mediator", DEATH)
    recommended = {r["mediator"]["id"] for r in await recommend(api, "medical.mediator", case["id"])}
    reasons = {}
    for m in await roster(api, "medical.mediator", "medical-committee"):
        if m["id"] in recommended or m["status"] != "ACTIVE":
            continue
        body = await _assign(api, "medical.mediator", case["id"], [m["id"]], m["id"])
        if body.get("errors") and "reason" in body["errors"][0]["extensions"]:
            reasons[m["name"]] = body["errors"][0]["extensions"]["reason"]
    assert "DECLARED" in reasons.values(), reasons


async def test_a_party_on_the_roster_is_conflicted_on_their_own_case(api: Api) -> None:
    id_card = valid_id_card("19700101")
    mediator = await new_invited(api, "测试特邀甲", idNumber=id_card)
    case = await create_case(
        api,
        "court.clerk",
        "甲某与乙某合同纠纷（回避测试）",
        parties=[{"name": "测试特邀甲", "kind": "PERSON", "role": "APPLICANT", "idNumber": id_card}],
    )
    assert mediator not in {r["mediator"]["id"] for r in await recommend(api, "court.clerk", case["id"])}
    body = await _assign(api, "court.clerk", case["id"], [mediator], mediator)
    assert error_code(body) == "BAD_USER_INPUT" and body["errors"][0]["extensions"]["reason"] == "PARTY"


async def test_reassigning_replaces_the_team_and_keeps_one_lead(api: Api) -> None:
    case = await create_case(api, "court.clerk", "丙某与丁某合同纠纷（指派测试）")
    a = await new_invited(api, "测试特邀乙")
    b = await new_invited(api, "测试特邀丙")
    first = await api.ok(
        "court.clerk", ASSIGN, {"input": {"caseId": case["id"], "mediatorIds": [a, b], "leadMediatorId": a}}
    )
    team = first["assignMediator"]["case"]["mediators"]
    assert [(m["mediator"]["id"], m["isLead"]) for m in team] == [(a, True), (b, False)]
    again = await api.ok(
        "court.clerk", ASSIGN, {"input": {"caseId": case["id"], "mediatorIds": [b], "leadMediatorId": b}}
    )
    assert [(m["mediator"]["id"], m["isLead"]) for m in again["assignMediator"]["case"]["mediators"]] == [
        (b, True)
    ]
    trail = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { auditTrail(first: 50) { edges { node { action } } } } } }",
        {"id": case["id"]},
    )
    actions = [e["node"]["action"] for e in trail["node"]["auditTrail"]["edges"]]
    assert actions.count("case.mediators.assign") == 2


async def test_bad_input_is_refused_on_its_field(api: Api) -> None:
    case = await create_case(api, "court.clerk", "戊某与己某合同纠纷（输入测试）")
    a = await new_invited(api, "测试特邀丁")
    empty = await _assign(api, "court.clerk", case["id"], [], a)
    assert error_code(empty) == "BAD_USER_INPUT" and error_field(empty) == "mediatorIds"
    lead = await _assign(api, "court.clerk", case["id"], [a], await new_invited(api, "测试特邀戊"))
    assert error_code(lead) == "BAD_USER_INPUT" and error_field(lead) == "leadMediatorId"
    bad_id = await _assign(api, "court.clerk", case["id"], ["bm90LWFuLWlk"], a)
    assert error_code(bad_id) == "BAD_USER_INPUT"
    # A committee's mediator is not on the court's roster.
    outsider = await new_committee_mediator(api, "测试医调员甲")
    body = await _assign(api, "court.clerk", case["id"], [outsider], outsider)
    assert error_code(body) == "BAD_USER_INPUT" and "测试医调员甲" in body["errors"][0]["message"]


async def test_denied_and_other_tenant(api: Api) -> None:
    case = await case_by_title(api, "medical.mediator", MISDIAGNOSIS)
    recs = await recommend(api, "medical.mediator", case["id"], 1)
    m = recs[0]["mediator"]["id"]
    assert error_code(await _assign(api, "admin", case["id"], [m], m)) == "FORBIDDEN"
    assert error_code(await _assign(api, "labour.mediator", case["id"], [m], m)) == "NOT_FOUND"
    # The district centre sees the committee's case (supervision) but does not handle it.
    assert error_code(await _assign(api, "district.officer", case["id"], [m], m)) == "FORBIDDEN"
    q = "query($c: ID!) { mediatorRecommendations(caseId: $c) { score } }"
    assert error_code(await api.gql("labour.mediator", q, {"c": case["id"]})) == "NOT_FOUND"
    assert error_code(await api.gql("admin", q, {"c": case["id"]})) == "FORBIDDEN"
    many = "query($c: ID!) { mediatorRecommendations(caseId: $c, first: 51) { score } }"
    body = await api.gql("medical.mediator", many, {"c": case["id"]})
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "first"


async def test_case_and_mediator_fields_show_only_visible_cases(api: Api) -> None:
    case = await case_by_title(api, "medical.mediator", DEATH)
    team = (await api.ok("medical.mediator", TEAM, {"id": case["id"]}))["node"]["mediators"]
    assert team and team[0]["isLead"]
    lead = team[0]["mediator"]["id"]
    other = await api.gql("labour.mediator", TEAM, {"id": case["id"]})
    assert error_code(other) == "NOT_FOUND"
    q = """query($id: ID!) { node(id: $id) { ... on Mediator { caseLoad outcomes { openCases led }
           cases(first: 10) { isLead case { id } } } } }"""
    mine = (await api.ok("medical.mediator", q, {"id": lead}))["node"]
    assert mine["caseLoad"] >= 1 and case["id"] in {c["case"]["id"] for c in mine["cases"]}
    theirs = (await api.ok("labour.mediator", q, {"id": lead}))["node"]
    assert theirs == {"caseLoad": 0, "outcomes": {"openCases": 0, "led": 0}, "cases": []}


async def test_recommendations_take_a_fixed_number_of_statements(api: Api) -> None:
    case = await create_case(api, "court.clerk", "庚某与辛某合同纠纷（语句数测试）", category="MEDICAL")
    await new_invited(api, "测试特邀计数0")

    async def count() -> int:
        await recommend(api, "court.clerk", case["id"])  # the token and caches warm
        api.counter.count = 0
        await recommend(api, "court.clerk", case["id"])
        return api.counter.count

    before = await count()
    for i in range(1, 6):
        await new_invited(api, f"测试特邀计数{i}")
    assert await count() == before


async def test_case_lists_load_their_teams_in_a_fixed_number_of_statements(api: Api) -> None:
    # The district centre sees every case of its subtree; its newest case gets a team (a committee's mediator
    # is in its subtree), so every page below has teams and recusal requests to load.
    case = await create_case(api, "district.officer", "壬某与癸某邻里纠纷（列表语句数）")
    top = (await recommend(api, "district.officer", case["id"], 1))[0]["mediator"]["id"]
    await api.ok(
        "district.officer",
        ASSIGN,
        {"input": {"caseId": case["id"], "mediatorIds": [top], "leadMediatorId": top}},
    )
    q = """query($n: Int) { cases(first: $n) { edges { node { id mediators { isLead
      mediator { name tenant { name } } assignedBy { name } } recusalRequests { status } } } } }"""

    async def count(n: int) -> int:
        await api.ok("district.officer", q, {"n": n})
        api.counter.count = 0
        data = await api.ok("district.officer", q, {"n": n})
        assert len(data["cases"]["edges"]) > 5 or n == 5
        return api.counter.count

    # Never more statements for a longer page (a longer page may find a tenant the list already loaded).
    counts = [await count(n) for n in (5, 10, 20, 50)]
    assert max(counts) == counts[0], counts
