"""回避: a party's request recorded by staff and decided by the handling organisation (granted: the assignment
ends RECUSED, the mediator is conflicted on the case from then on, and a recused lead leaves the case without a
lead); a conflict the mediator or the organisation declares; a party's own choice of mediator (当事人选定)."""

from __future__ import annotations

from typing import Any

from tests.assignments.support import (
    ASSIGN,
    CHOOSE,
    CONTACTED,
    DECIDE,
    DECLARE,
    REQUEST,
    TEAM,
    case_by_title,
    new_invited,
    recommend,
    trail_actions,
)
from tests.helpers import Api, create_case, error_code, error_field


async def _court_case_with_team(api: Api, title: str) -> tuple[dict[str, Any], str, str]:
    case = await create_case(api, "court.clerk", title)
    full = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { id parties { id name } } } }",
        {"id": case["id"]},
    )
    lead = await new_invited(api, f"{title[:2]}主办")
    member = await new_invited(api, f"{title[:2]}成员")
    await api.ok(
        "court.clerk",
        ASSIGN,
        {"input": {"caseId": case["id"], "mediatorIds": [lead, member], "leadMediatorId": lead}},
    )
    return full["node"], lead, member


async def test_a_granted_request_recuses_the_lead_and_keeps_them_out(api: Api) -> None:
    case, lead, member = await _court_case_with_team(api, "回避甲某借贷纠纷")
    party = case["parties"][0]
    body = await api.ok(
        "court.clerk",
        REQUEST,
        {
            "input": {
                "caseId": case["id"],
                "mediatorId": lead,
                "partyId": party["id"],
                "reason": "调解员与对方相识",
            }
        },
    )
    request = body["requestRecusal"]["recusalRequest"]
    assert request["status"] == "PENDING" and request["party"]["name"] == party["name"]
    twice = await api.gql(
        "court.clerk",
        REQUEST,
        {"input": {"caseId": case["id"], "mediatorId": lead, "partyId": party["id"], "reason": "再次申请"}},
    )
    assert error_code(twice) == "CONFLICT"

    decided = await api.ok(
        "court.clerk", DECIDE, {"input": {"requestId": request["id"], "granted": True, "note": "准予"}}
    )
    assert decided["decideRecusal"]["recusalRequest"]["status"] == "GRANTED"
    team = (await api.ok("court.clerk", TEAM, {"id": case["id"]}))["node"]
    assert [m["mediator"]["id"] for m in team["mediators"]] == [member]
    assert team["leadMediatorRecused"] is True
    assert team["recusalRequests"][0]["status"] == "GRANTED"
    assert lead not in {r["mediator"]["id"] for r in await recommend(api, "court.clerk", case["id"])}
    again = await api.gql(
        "court.clerk",
        ASSIGN,
        {"input": {"caseId": case["id"], "mediatorIds": [lead], "leadMediatorId": lead}},
    )
    assert error_code(again) == "BAD_USER_INPUT" and again["errors"][0]["extensions"]["reason"] == "DECLARED"
    done = await api.gql("court.clerk", DECIDE, {"input": {"requestId": request["id"], "granted": False}})
    assert error_code(done) == "CONFLICT"
    # A new lead is named: the case has a lead again.
    await api.ok(
        "court.clerk",
        ASSIGN,
        {"input": {"caseId": case["id"], "mediatorIds": [member], "leadMediatorId": member}},
    )
    assert (await api.ok("court.clerk", TEAM, {"id": case["id"]}))["node"]["leadMediatorRecused"] is False
    actions = await trail_actions(api, "court.clerk", case["id"])
    assert {"case.recusal.request", "case.recusal.decide"} <= set(actions)


async def test_a_refused_request_keeps_the_team(api: Api) -> None:
    case, lead, _ = await _court_case_with_team(api, "回避乙某借贷纠纷")
    req = await api.ok(
        "court.clerk",
        REQUEST,
        {
            "input": {
                "caseId": case["id"],
                "mediatorId": lead,
                "partyId": case["parties"][1]["id"],
                "reason": "担心不公",
            }
        },
    )
    rid = req["requestRecusal"]["recusalRequest"]["id"]
    long_note = await api.gql(
        "court.clerk", DECIDE, {"input": {"requestId": rid, "granted": False, "note": "长" * 2001}}
    )
    assert error_code(long_note) == "BAD_USER_INPUT" and error_field(long_note) == "note"
    body = await api.ok(
        "court.clerk", DECIDE, {"input": {"requestId": rid, "granted": False, "note": "理由不成立"}}
    )
    assert body["decideRecusal"]["recusalRequest"]["decisionNote"] == "理由不成立"
    team = (await api.ok("court.clerk", TEAM, {"id": case["id"]}))["node"]
    assert team["mediators"][0]["mediator"]["id"] == lead and team["leadMediatorRecused"] is False


async def test_recusal_requests_denied_other_tenant_and_bad_input(api: Api) -> None:
    case, lead, _ = await _court_case_with_team(api, "回避丙某借贷纠纷")
    party = case["parties"][0]["id"]

    def req(reason: str, mediator: str = lead, party_id: str = party) -> dict[str, Any]:
        return {
            "input": {"caseId": case["id"], "mediatorId": mediator, "partyId": party_id, "reason": reason}
        }

    assert error_field(await api.gql("court.clerk", REQUEST, req(""))) == "reason"
    assert error_field(await api.gql("court.clerk", REQUEST, req("理" * 501))) == "reason"
    outsider = await new_invited(api, "不在本案的调解员")
    assert error_field(await api.gql("court.clerk", REQUEST, req("理由", outsider))) == "mediatorId"
    assert error_code(await api.gql("admin", REQUEST, req("理由"))) == "FORBIDDEN"
    assert error_code(await api.gql("medical.mediator", REQUEST, req("理由"))) == "NOT_FOUND"
    rid = (await api.ok("court.clerk", REQUEST, req("理由")))["requestRecusal"]["recusalRequest"]["id"]
    assert error_code(
        await api.gql("medical.mediator", DECIDE, {"input": {"requestId": rid, "granted": True}})
    ) == (
        "FORBIDDEN"  # the mediator role records requests but does not decide them
    )
    assert error_code(
        await api.gql("district.officer", DECIDE, {"input": {"requestId": rid, "granted": True}})
    ) == ("NOT_FOUND")
    # Another tenant's case: its requests are not listed.
    assert error_code(await api.gql("medical.mediator", TEAM, {"id": case["id"]})) == "NOT_FOUND"


async def test_a_declared_conflict_takes_the_mediator_off_the_case(api: Api) -> None:
    case, lead, member = await _court_case_with_team(api, "回避丁某借贷纠纷")

    def declare(reason: str, mediator: str = member) -> dict[str, Any]:
        return {"input": {"caseId": case["id"], "mediatorId": mediator, "reason": reason}}

    assert error_field(await api.gql("court.clerk", DECLARE, declare(" "))) == "reason"
    assert error_field(await api.gql("court.clerk", DECLARE, declare("因" * 501))) == "reason"
    assert error_code(await api.gql("medical.mediator", DECLARE, declare("同学关系"))) == "NOT_FOUND"
    body = await api.ok("court.clerk", DECLARE, declare("与被申请人系同学"))
    assert [m["mediator"]["id"] for m in body["declareMediatorConflict"]["case"]["mediators"]] == [lead]
    assert error_code(await api.gql("court.clerk", DECLARE, declare("再次登记"))) == "CONFLICT"
    assert "case.mediator_conflict.declare" in await trail_actions(api, "court.clerk", case["id"])
    # The district centre sees a committee's case by supervision but is neither the mediator nor its handler.
    committee_case = await case_by_title(api, "medical.mediator", "产妇与某妇幼保健院医疗损害纠纷")
    team = (await api.ok("medical.mediator", TEAM, {"id": committee_case["id"]}))["node"]["mediators"]
    denied = await api.gql(
        "district.officer",
        DECLARE,
        {
            "input": {
                "caseId": committee_case["id"],
                "mediatorId": team[0]["mediator"]["id"],
                "reason": "测试",
            }
        },
    )
    assert error_code(denied) == "FORBIDDEN"
    contacted = await api.gql(
        "district.officer",
        CONTACTED,
        {"input": {"caseId": committee_case["id"], "mediatorId": team[0]["mediator"]["id"]}},
    )
    assert error_code(contacted) == "FORBIDDEN"


async def test_a_party_chooses_a_mediator_from_the_public_roster(api: Api) -> None:
    case = await create_case(api, "court.clerk", "选定戊某借贷纠纷")
    parties = (
        await api.ok(
            "court.clerk",
            "query($id: ID!) { node(id: $id) { ... on Case { parties { id } } } }",
            {"id": case["id"]},
        )
    )["node"]["parties"]
    chosen = await new_invited(api, "当事人选定的调解员")

    def choose(mediator: str = chosen, party: str = parties[0]["id"]) -> dict[str, Any]:
        return {"input": {"caseId": case["id"], "partyId": party, "mediatorId": mediator}}

    body = await api.ok("court.clerk", CHOOSE, choose())
    [m] = body["recordPartyMediatorChoice"]["case"]["mediators"]
    assert m == {"isLead": True, "source": "PARTY_CHOSEN", "mediator": {"id": chosen}}
    assert error_code(await api.gql("court.clerk", CHOOSE, choose())) == "CONFLICT"
    assert "case.mediators.party_choice" in await trail_actions(api, "court.clerk", case["id"])
    other_case = await create_case(api, "court.clerk", "选定己某借贷纠纷")
    other_party = (
        await api.ok(
            "court.clerk",
            "query($id: ID!) { node(id: $id) { ... on Case { parties { id } } } }",
            {"id": other_case["id"]},
        )
    )["node"]["parties"][0]["id"]
    assert error_field(await api.gql("court.clerk", CHOOSE, choose(party=other_party))) == "partyId"
    assert error_code(await api.gql("admin", CHOOSE, choose())) == "FORBIDDEN"
    assert error_code(await api.gql("medical.mediator", CHOOSE, choose())) == "NOT_FOUND"
