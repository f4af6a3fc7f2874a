"""Who sees which roster details (issue 15): the justice bureau every people's mediator of the district, the
court its 特邀 roster, each organisation its own people; no other tenant sees another organisation's roster
details (identity, certificates, relatives, status reason); the public roster lists only 在册 mediators;
unmasked identity is audited once per mediator per request."""

from __future__ import annotations

from typing import Any

from concord.demo.roster import ROSTER
from tests.helpers import Api, error_code

# The demo's own mediators: other tests add mediators (without identity data) to the same organisations.
DEMO_NAMES = {row[1] for row in ROSTER}

FIELDS = """id name kind status specialties rosterDetailsVisible idNumber phone statusReason practiceCertificateNo version
  certificates { id } relatives { id } user { username } tenant { code } termExpiresSoon termExpired"""
LIST = f"""query($filter: MediatorFilter) {{ mediators(filter: $filter, first: 100) {{
  edges {{ node {{ {FIELDS} }} }} }} }}"""
NODE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Mediator {{ {FIELDS} }} }} }}"""
EVENTS = """query($f: AuditEventFilter) { auditEvents(first: 50, filter: $f) { edges { node {
  action objectId } } } }"""

PEOPLES_TENANTS = {
    "district-centre",
    "street-east",
    "street-west",
    "community-e1",
    "medical-committee",
    "labour-committee",
    "property-committee",
    "lawyer-studio",
}


async def roster(api: Api, user: str, **filter: Any) -> list[dict[str, Any]]:
    body = await api.ok(user, LIST, {"filter": filter})
    return [e["node"] for e in body["mediators"]["edges"]]


def hidden(node: dict[str, Any]) -> bool:
    """No roster detail at all (what another organisation sees)."""
    return (
        node["rosterDetailsVisible"] is False
        and node["idNumber"] is None
        and node["phone"] is None
        and node["statusReason"] is None
        and node["practiceCertificateNo"] is None
        and node["version"] is None
        and node["certificates"] == []
        and node["relatives"] == []
        and node["user"] is None
    )


async def test_the_justice_bureau_manages_every_peoples_mediator_of_the_district(api: Api) -> None:
    nodes = [n for n in await roster(api, "justice.officer") if n["name"] in DEMO_NAMES]
    codes = {n["tenant"]["code"] for n in nodes}
    assert codes == PEOPLES_TENANTS
    assert all(n["rosterDetailsVisible"] and n["idNumber"] and n["certificates"] is not None for n in nodes)
    names = {n["name"] for n in nodes}
    assert {"黄振华", "张桂兰", "吴秀珍", "李慕白"} <= names
    assert not names & {"罗振邦", "姜卫东"}  # the court's 特邀 roster, a department's administrative mediator


async def test_the_court_manages_its_invited_roster_only(api: Api) -> None:
    nodes = await roster(api, "court.clerk")
    assert {n["tenant"]["code"] for n in nodes} <= {"district-court", "docking-centre"}
    assert {"罗振邦", "高婉清", "林海涛", "梁淑贞", "谢明远"} <= {
        n["name"] for n in nodes if n["kind"] == "INVITED"
    }
    assert all(n["rosterDetailsVisible"] for n in nodes)
    assert "梁淑贞" in {n["name"] for n in nodes if n["termExpiresSoon"]}
    assert "谢明远" in {n["name"] for n in nodes if n["termExpired"]}
    assert "罗振邦" not in {n["name"] for n in nodes if n["termExpiresSoon"] or n["termExpired"]}


async def test_no_other_tenant_sees_another_organisations_roster_details(api: Api) -> None:
    medical = await api.tenant_id("medical-committee")
    own = [n for n in await roster(api, "medical.mediator", tenantId=medical) if n["name"] in DEMO_NAMES]
    assert own and all(n["rosterDetailsVisible"] and n["idNumber"] and n["phone"] for n in own)
    suspended = [n for n in own if n["status"] == "SUSPENDED"]
    assert suspended and all(n["statusReason"] for n in suspended)
    for outsider in ("court.clerk", "labour.mediator", "petition.officer", "hrss.officer", "lawyer.li"):
        assert await roster(api, outsider, tenantId=medical) == [], outsider  # not in its managed list
        public = await roster(api, outsider, tenantId=medical, publicRoster=True)
        assert public and all(hidden(n) for n in public), outsider
        body = await api.ok(outsider, NODE, {"id": suspended[0]["id"]})
        assert hidden(body["node"]), outsider


async def test_the_public_roster_lists_only_active_mediators(api: Api) -> None:
    public = await roster(api, "court.clerk", publicRoster=True)
    assert public and {n["status"] for n in public} == {"ACTIVE"}
    names = {n["name"] for n in public}
    assert "周文斌" not in names and "何志明" not in names  # suspended, retired
    managed = await roster(api, "justice.officer", search="周文斌")
    assert [n["status"] for n in managed] == ["SUSPENDED"]


async def test_revealing_identity_is_audited_once_per_mediator_per_request(api: Api) -> None:
    [m] = await roster(api, "justice.officer", search="张桂兰")
    q = """query($id: ID!) { node(id: $id) { ... on Mediator {
      a: idNumber(reveal: true) b: idNumber(reveal: true) phone(reveal: true) masked: idNumber } } }"""
    body = await api.ok("justice.officer", q, {"id": m["id"]})
    node = body["node"]
    assert node["a"] == node["b"] and len(node["a"]) == 18 and "*" not in node["a"] and "*" in node["masked"]
    assert "*" not in node["phone"]
    events = await api.ok("admin", EVENTS, {"f": {"action": "mediator.identity.read"}})
    mine = [e for e in events["auditEvents"]["edges"] if e["node"]["objectId"] == m["id"]]
    assert len(mine) == 1
    # A role without mediator:read_identity may not reveal; another organisation gets nothing to reveal.
    denied = await api.gql("district.admin", q, {"id": m["id"]})
    assert error_code(denied) == "FORBIDDEN"
    court = await api.ok("court.clerk", q, {"id": m["id"]})
    assert court["node"] == {"a": None, "b": None, "phone": None, "masked": None}


async def test_the_roster_filters_by_kind_specialty_organisation_and_status(api: Api) -> None:
    labour = await roster(api, "justice.officer", specialty="LABOUR")
    assert labour and all("LABOUR" in n["specialties"] for n in labour)
    lawyers = await roster(api, "justice.officer", kind="LAWYER")
    assert lawyers and {n["kind"] for n in lawyers} == {"LAWYER"}
    medical = await roster(api, "justice.officer", tenantId=await api.tenant_id("medical-committee"))
    assert len(medical) >= 5 and {n["tenant"]["code"] for n in medical} == {"medical-committee"}
    retired = await roster(api, "justice.officer", status="RETIRED")
    assert retired and {n["status"] for n in retired} == {"RETIRED"}


async def test_the_roster_page_costs_the_same_number_of_statements_whatever_its_size(api: Api) -> None:
    """Nested fields batch through the request's loaders (no N+1)."""
    q = """query($first: Int) { mediators(first: $first) { edges { node { id name idNumber phone statusReason
      certificates { name } relatives { name } user { username } organisations { name } areas { name }
      tenant { name } viewerCan { update setStatus renewTerm revealIdentity } } } } }"""
    await api.token("justice.officer")

    async def count(first: int) -> int:
        api.counter.count = 0
        body = await api.ok("justice.officer", q, {"first": first})
        assert len(body["mediators"]["edges"]) == first
        return api.counter.count

    assert await count(3) == await count(30)
