"""The roster's foundation: who may put a mediator on which roster, what each kind must carry, and who sees
roster details (the managing organisation, its ancestors, the justice bureau that oversees people's mediation)
versus the public roster (在线调解规则 Art. 5)."""

from __future__ import annotations

import itertools
from typing import Any

from tests.helpers import Api, error_code, error_field, valid_id_card

CREATE = """mutation($input: CreateMediatorInput!) {
  createMediator(input: $input) { mediator { id name kind status specialties rosterDetailsVisible idNumber
    tenant { code } organisations { code } } } }"""
LIST = """query($filter: MediatorFilter) { mediators(filter: $filter, first: 100) {
  edges { node { id name rosterDetailsVisible idNumber phone } } } }"""

_births = (f"19{y:02d}0{m}1{d}" for y, m, d in itertools.product(range(60, 99), range(1, 10), range(0, 9)))


def fresh_id_card() -> str:
    return valid_id_card(next(_births))


async def _create(api: Api, user: str, **fields: Any) -> dict[str, Any]:
    return await api.gql(user, CREATE, {"input": fields})


async def test_justice_bureau_puts_a_people_mediator_on_a_street_roster_and_others_see_only_the_public_roster(
    api: Api,
) -> None:
    street = await api.tenant_id("street-east")
    body = await _create(
        api,
        "justice.officer",
        tenantId=street,
        name="钱卫东",
        kind="FULL_TIME",
        specialties=["NEIGHBOUR", "MARRIAGE_FAMILY"],
        idNumber=fresh_id_card(),
        phone="13800138000",
    )
    assert not body.get("errors"), body
    m = body["data"]["createMediator"]["mediator"]
    assert m["tenant"]["code"] == "street-east" and m["status"] == "ACTIVE"
    assert m["rosterDetailsVisible"] is True and m["idNumber"].count("*") == 8

    managed = await api.ok("justice.officer", LIST, {"filter": {"search": "钱卫东"}})
    assert [e["node"]["id"] for e in managed["mediators"]["edges"]] == [m["id"]]
    district = await api.ok("district.officer", LIST, {"filter": {"search": "钱卫东"}})
    assert [e["node"]["id"] for e in district["mediators"]["edges"]] == [m["id"]]

    # The court neither manages it nor has it on a case: not in its list; on the public roster without details.
    court = await api.ok("court.clerk", LIST, {"filter": {"search": "钱卫东"}})
    assert court["mediators"]["edges"] == []
    public = await api.ok("court.clerk", LIST, {"filter": {"search": "钱卫东", "publicRoster": True}})
    [node] = [e["node"] for e in public["mediators"]["edges"]]
    assert node["rosterDetailsVisible"] is False and node["idNumber"] is None and node["phone"] is None


async def test_a_tenant_outside_the_roster_scope_is_not_found(api: Api) -> None:
    body = await _create(
        api, "petition.officer", tenantId=await api.tenant_id("street-east"), name="孙某", kind="VOLUNTEER"
    )
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"


async def test_invited_mediators_belong_to_the_court_and_carry_a_two_year_term(api: Api) -> None:
    wrong = await _create(
        api,
        "district.admin",
        tenantId=await api.tenant_id("street-east"),
        name="周某",
        kind="INVITED",
        termStart="2026-01-01",
    )
    assert error_code(wrong) == "BAD_USER_INPUT" and error_field(wrong) == "tenantId"
    no_term = await _create(
        api, "court.clerk", tenantId=await api.tenant_id("district-court"), name="周某", kind="INVITED"
    )
    assert error_code(no_term) == "BAD_USER_INPUT" and error_field(no_term) == "termStart"
    ok = await api.ok(
        "court.clerk",
        """mutation($input: CreateMediatorInput!) { createMediator(input: $input) {
             mediator { kind termStart termEnd } } }""",
        {
            "input": {
                "tenantId": await api.tenant_id("district-court"),
                "name": "周某",
                "kind": "INVITED",
                "termStart": "2026-03-01",
            }
        },
    )
    assert ok["createMediator"]["mediator"] == {
        "kind": "INVITED",
        "termStart": "2026-03-01",
        "termEnd": "2028-02-29",
    }


async def test_lawyer_mediators_need_a_practice_certificate(api: Api) -> None:
    studio = await api.tenant_id("lawyer-studio")
    body = await _create(
        api, "district.admin", tenantId=studio, name="吴律师", kind="LAWYER", practiceYears=5
    )
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "practiceCertificateNo"


async def test_one_roster_record_per_person(api: Api) -> None:
    id_card = fresh_id_card()
    first = await _create(
        api,
        "district.admin",
        tenantId=await api.tenant_id("street-west"),
        name="郑某",
        kind="PART_TIME",
        idNumber=id_card,
    )
    assert not first.get("errors"), first
    again = await _create(
        api,
        "court.clerk",
        tenantId=await api.tenant_id("district-court"),
        name="郑某",
        kind="INVITED",
        termStart="2026-01-01",
        idNumber=id_card,
    )
    assert error_code(again) == "CONFLICT" and error_field(again) == "idNumber"


async def test_a_role_without_mediator_manage_is_forbidden(api: Api) -> None:
    body = await _create(
        api, "lawyer.li", tenantId=await api.tenant_id("lawyer-studio"), name="李某", kind="LAWYER"
    )
    assert error_code(body) == "FORBIDDEN"


async def test_an_unknown_kind_is_refused_at_the_edge(api: Api) -> None:
    body = await _create(
        api, "district.officer", tenantId=await api.tenant_id("street-east"), name="X", kind="BAD"
    )
    assert error_code(body) == "BAD_USER_INPUT"
