"""Roster management (名册管理): every change needs `mediator:manage` (FORBIDDEN otherwise) and a mediator the
acting tenant manages (another organisation's answers NOT_FOUND); bad input names its field; every change is
audited; a retired record is final."""

from __future__ import annotations

from typing import Any

from tests.helpers import Api, error_code, error_field
from tests.mediators.test_roster_core import fresh_id_card

CREATE = (
    """mutation($input: CreateMediatorInput!) { createMediator(input: $input) { mediator { id version } } }"""
)
DETAIL = """query($id: ID!) { node(id: $id) { ... on Mediator { id name status statusReason version expertise
  specialties idNumber phone practiceCertificateNo rosterDetailsVisible organisations { code }
  certificates { id name number } relatives { id name relation idNumber } user { username }
  termStart termEnd viewerCan { update setStatus renewTerm revealIdentity } } } }"""
UPDATE = """mutation($input: UpdateMediatorInput!) { updateMediator(input: $input) {
  mediator { id version expertise specialties phone name } } }"""
STATUS = """mutation($input: SetMediatorStatusInput!) { setMediatorStatus(input: $input) {
  mediator { id status statusReason version } } }"""
ADD_ORG = """mutation($input: MediatorOrganisationInput!) { addMediatorOrganisation(input: $input) {
  mediator { organisations { code } } } }"""
REMOVE_ORG = """mutation($input: MediatorOrganisationInput!) { removeMediatorOrganisation(input: $input) {
  mediator { organisations { code } } } }"""
ADD_CERT = """mutation($input: AddMediatorCertificateInput!) { addMediatorCertificate(input: $input) {
  certificate { id name number } mediator { certificates { id } } } }"""
REMOVE_CERT = """mutation($id: ID!) { removeMediatorCertificate(certificateId: $id) {
  mediator { certificates { id } } } }"""
ADD_REL = """mutation($input: DeclareMediatorRelativeInput!) { declareMediatorRelative(input: $input) {
  relative { id name relation idNumber } } }"""
REMOVE_REL = (
    """mutation($id: ID!) { removeMediatorRelative(relativeId: $id) { mediator { relatives { id } } } }"""
)
LINK = """mutation($input: LinkMediatorUserInput!) { linkMediatorUser(input: $input) {
  mediator { user { username } } } }"""
RENEW = """mutation($input: RenewMediatorTermInput!) { renewMediatorTerm(input: $input) {
  mediator { termStart termEnd } } }"""
EVENTS = """query($f: AuditEventFilter) { auditEvents(first: 50, filter: $f) { edges { node {
  action objectId changes { field before after } } } } }"""


async def street_mediator(api: Api, name: str = "冯建国") -> str:
    body = await api.ok(
        "district.admin",
        CREATE,
        {
            "input": {
                "tenantId": await api.tenant_id("street-east"),
                "name": name,
                "kind": "PART_TIME",
                "specialties": ["NEIGHBOUR"],
                "idNumber": fresh_id_card(),
                "phone": "13912345678",
            }
        },
    )
    return str(body["createMediator"]["mediator"]["id"])


async def detail(api: Api, user: str, mediator_id: str) -> dict[str, Any]:
    return dict((await api.ok(user, DETAIL, {"id": mediator_id}))["node"])


async def actions(
    api: Api, mediator_id: str, action: str, user: str = "district.admin"
) -> list[dict[str, Any]]:
    """The events on one mediator (the district administrator sees its own tenant's; `admin` sees all)."""
    body = await api.ok(user, EVENTS, {"f": {"action": action}})
    return [e["node"] for e in body["auditEvents"]["edges"] if e["node"]["objectId"] == mediator_id]


async def test_update_changes_the_record_bumps_the_version_and_is_audited(api: Api) -> None:
    mid = await street_mediator(api)
    body = await api.ok(
        "district.admin",
        UPDATE,
        {
            "input": {
                "mediatorId": mid,
                "expectedVersion": 1,
                "expertise": "擅长邻里纠纷",
                "phone": "13811112222",
            }
        },
    )
    m = body["updateMediator"]["mediator"]
    assert m["version"] == 2 and m["expertise"] == "擅长邻里纠纷" and m["phone"] == "138****2222"
    assert m["specialties"] == ["NEIGHBOUR"] and m["name"] == "冯建国"  # untouched fields stay
    [event] = await actions(api, mid, "mediator.update")
    assert {c["field"] for c in event["changes"]} >= {"expertise", "phone"}
    stale = await api.gql("district.admin", UPDATE, {"input": {"mediatorId": mid, "expectedVersion": 1}})
    assert error_code(stale) == "CONFLICT"


async def test_update_refuses_bad_input_field_by_field(api: Api) -> None:
    mid = await street_mediator(api)
    cases = [
        ({"name": "  "}, "name"),
        ({"idNumber": "110105198503120000"}, "idNumber"),
        ({"phone": "12345"}, "phone"),
        ({"termStart": "2026-01-01"}, "termStart"),
        ({"practiceYears": 3}, "practiceCertificateNo"),
        ({"expertise": "长" * 2001}, "expertise"),
        ({"birthYear": 1800}, "birthYear"),
        ({"areaIds": [await api.tenant_id("police")]}, "areaIds"),
    ]
    for fields, field in cases:
        body = await api.gql("district.admin", UPDATE, {"input": {"mediatorId": mid, **fields}})
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == field, (fields, body)
    assert (await detail(api, "district.admin", mid))["version"] == 1  # nothing half-written


async def test_changes_are_forbidden_without_manage_and_not_found_outside_the_roster_scope(api: Api) -> None:
    mid = await street_mediator(api)
    mutations: list[tuple[str, dict[str, Any]]] = [
        (UPDATE, {"input": {"mediatorId": mid, "expertise": "x"}}),
        (STATUS, {"input": {"mediatorId": mid, "status": "SUSPENDED", "reason": "测试"}}),
        (ADD_ORG, {"input": {"mediatorId": mid, "tenantId": await api.tenant_id("community-e1")}}),
        (REMOVE_ORG, {"input": {"mediatorId": mid, "tenantId": await api.tenant_id("community-e1")}}),
        (ADD_CERT, {"input": {"mediatorId": mid, "name": "人民调解员证"}}),
        (ADD_REL, {"input": {"mediatorId": mid, "name": "冯某", "relation": "SPOUSE"}}),
        (LINK, {"input": {"mediatorId": mid}}),
        (RENEW, {"input": {"mediatorId": mid}}),
    ]
    for query, variables in mutations:
        assert error_code(await api.gql("lawyer.li", query, variables)) == "FORBIDDEN", query
        for outsider in ("court.clerk", "petition.officer"):
            body = await api.gql(outsider, query, variables)
            assert error_code(body) == "NOT_FOUND" and error_field(body) == "mediatorId", (outsider, query)


async def test_status_needs_a_reason_to_suspend_or_retire_and_retired_is_final(api: Api) -> None:
    mid = await street_mediator(api)
    no_reason = await api.gql("district.admin", STATUS, {"input": {"mediatorId": mid, "status": "SUSPENDED"}})
    assert error_code(no_reason) == "BAD_USER_INPUT" and error_field(no_reason) == "reason"
    same = await api.gql("district.admin", STATUS, {"input": {"mediatorId": mid, "status": "ACTIVE"}})
    assert error_code(same) == "BAD_USER_INPUT" and error_field(same) == "status"
    long = await api.gql(
        "district.admin", STATUS, {"input": {"mediatorId": mid, "status": "SUSPENDED", "reason": "长" * 501}}
    )
    assert error_field(long) == "reason"
    body = await api.ok(
        "justice.officer", STATUS, {"input": {"mediatorId": mid, "status": "SUSPENDED", "reason": "外出务工"}}
    )
    assert body["setMediatorStatus"]["mediator"]["statusReason"] == "外出务工"
    await api.ok("district.admin", STATUS, {"input": {"mediatorId": mid, "status": "ACTIVE"}})
    await api.ok(
        "district.admin", STATUS, {"input": {"mediatorId": mid, "status": "RETIRED", "reason": "本人申请"}}
    )
    assert len(await actions(api, mid, "mediator.status", "admin")) == 3
    again = await api.gql("district.admin", STATUS, {"input": {"mediatorId": mid, "status": "ACTIVE"}})
    assert error_code(again) == "CONFLICT"
    edit = await api.gql("district.admin", UPDATE, {"input": {"mediatorId": mid, "expertise": "x"}})
    assert error_code(edit) == "CONFLICT"
    can = (await detail(api, "district.admin", mid))["viewerCan"]
    assert can["update"] is False and can["setStatus"] is False


async def test_organisations_can_be_added_and_removed_but_not_the_managing_one(api: Api) -> None:
    mid = await street_mediator(api)
    e1, east = await api.tenant_id("community-e1"), await api.tenant_id("street-east")
    body = await api.ok("district.admin", ADD_ORG, {"input": {"mediatorId": mid, "tenantId": e1}})
    assert [o["code"] for o in body["addMediatorOrganisation"]["mediator"]["organisations"]] == [
        "street-east",
        "community-e1",
    ]
    twice = await api.gql("district.admin", ADD_ORG, {"input": {"mediatorId": mid, "tenantId": e1}})
    assert error_code(twice) == "CONFLICT"
    court = await api.tenant_id("district-court")
    outside = await api.gql("district.admin", ADD_ORG, {"input": {"mediatorId": mid, "tenantId": court}})
    assert error_code(outside) == "NOT_FOUND" and error_field(outside) == "tenantId"
    managing = await api.gql("district.admin", REMOVE_ORG, {"input": {"mediatorId": mid, "tenantId": east}})
    assert error_code(managing) == "BAD_USER_INPUT" and error_field(managing) == "tenantId"
    body = await api.ok("district.admin", REMOVE_ORG, {"input": {"mediatorId": mid, "tenantId": e1}})
    assert [o["code"] for o in body["removeMediatorOrganisation"]["mediator"]["organisations"]] == [
        "street-east"
    ]
    assert len(await actions(api, mid, "mediator.organisation.add")) == 1
    assert len(await actions(api, mid, "mediator.organisation.remove")) == 1


async def test_certificates(api: Api) -> None:
    mid = await street_mediator(api)
    bad = await api.gql(
        "district.admin",
        ADD_CERT,
        {"input": {"mediatorId": mid, "name": "证", "issuedOn": "2026-01-02", "expiresOn": "2026-01-01"}},
    )
    assert error_code(bad) == "BAD_USER_INPUT" and error_field(bad) == "expiresOn"
    empty = await api.gql("district.admin", ADD_CERT, {"input": {"mediatorId": mid, "name": " "}})
    assert error_field(empty) == "name"
    long = await api.gql(
        "district.admin", ADD_CERT, {"input": {"mediatorId": mid, "name": "证", "number": "9" * 65}}
    )
    assert error_field(long) == "number"
    body = await api.ok(
        "district.admin",
        ADD_CERT,
        {"input": {"mediatorId": mid, "name": "人民调解员证", "number": "RT2026001"}},
    )
    cert = body["addMediatorCertificate"]["certificate"]
    assert cert["number"] == "RT2026001"
    assert error_code(await api.gql("court.clerk", REMOVE_CERT, {"id": cert["id"]})) == "NOT_FOUND"
    assert error_code(await api.gql("lawyer.li", REMOVE_CERT, {"id": cert["id"]})) == "FORBIDDEN"
    gone = await api.ok("district.admin", REMOVE_CERT, {"id": cert["id"]})
    assert gone["removeMediatorCertificate"]["mediator"]["certificates"] == []
    assert len(await actions(api, mid, "mediator.certificate.add")) == 1
    assert len(await actions(api, mid, "mediator.certificate.remove")) == 1


async def test_relatives_are_validated_masked_and_declared_once(api: Api) -> None:
    mid = await street_mediator(api)
    bad = await api.gql(
        "district.admin",
        ADD_REL,
        {"input": {"mediatorId": mid, "name": "冯某", "relation": "SPOUSE", "idNumber": "123"}},
    )
    assert error_code(bad) == "BAD_USER_INPUT" and error_field(bad) == "idNumber"
    wrong_kind = await api.gql(
        "district.admin", ADD_REL, {"input": {"mediatorId": mid, "name": "冯某", "relation": "X"}}
    )
    assert error_code(wrong_kind) == "BAD_USER_INPUT"
    number = fresh_id_card()
    variables = {"input": {"mediatorId": mid, "name": "冯小红", "relation": "CHILD", "idNumber": number}}
    rel = (await api.ok("district.admin", ADD_REL, variables))["declareMediatorRelative"]["relative"]
    assert rel["relation"] == "CHILD" and rel["idNumber"] != number and rel["idNumber"].count("*") == 8
    assert error_code(await api.gql("district.admin", ADD_REL, variables)) == "CONFLICT"
    assert error_code(await api.gql("court.clerk", REMOVE_REL, {"id": rel["id"]})) == "NOT_FOUND"
    assert error_code(await api.gql("lawyer.li", REMOVE_REL, {"id": rel["id"]})) == "FORBIDDEN"
    gone = await api.ok("district.admin", REMOVE_REL, {"id": rel["id"]})
    assert gone["removeMediatorRelative"]["mediator"]["relatives"] == []
    [event] = await actions(api, mid, "mediator.relative.add")
    assert number not in str(event)  # the trail keeps the ID number masked


async def test_link_a_user_account_once(api: Api) -> None:
    mid, other = await street_mediator(api), await street_mediator(api, "冯建民")
    e1_worker = (await api.ok("e1.worker", "{ viewer { user { id } } }"))["viewer"]["user"]["id"]
    clerk = (await api.ok("court.clerk", "{ viewer { user { id } } }"))["viewer"]["user"]["id"]
    outside = await api.gql("district.admin", LINK, {"input": {"mediatorId": mid, "userId": clerk}})
    assert error_code(outside) == "NOT_FOUND" and error_field(outside) == "userId"
    body = await api.ok("district.admin", LINK, {"input": {"mediatorId": mid, "userId": e1_worker}})
    assert body["linkMediatorUser"]["mediator"]["user"] == {"username": "e1.worker"}
    taken = await api.gql("district.admin", LINK, {"input": {"mediatorId": other, "userId": e1_worker}})
    assert error_code(taken) == "CONFLICT" and error_field(taken) == "userId"
    body = await api.ok("district.admin", LINK, {"input": {"mediatorId": mid}})
    assert body["linkMediatorUser"]["mediator"]["user"] is None
    assert len(await actions(api, mid, "mediator.user.link")) == 2


async def test_the_court_renews_an_invited_term_for_another_two_years(api: Api) -> None:
    court = await api.tenant_id("district-court")
    created = await api.ok(
        "court.clerk",
        CREATE,
        {"input": {"tenantId": court, "name": "蔡特邀", "kind": "INVITED", "termStart": "2026-03-01"}},
    )
    mid = created["createMediator"]["mediator"]["id"]
    assert (await detail(api, "court.clerk", mid))["viewerCan"]["renewTerm"] is True
    body = await api.ok("court.clerk", RENEW, {"input": {"mediatorId": mid, "expectedVersion": 1}})
    assert body["renewMediatorTerm"]["mediator"] == {"termStart": "2028-03-01", "termEnd": "2030-02-28"}
    people = await api.ok(
        "court.clerk", CREATE, {"input": {"tenantId": court, "name": "蔡专职", "kind": "FULL_TIME"}}
    )
    not_invited = await api.gql(
        "court.clerk", RENEW, {"input": {"mediatorId": people["createMediator"]["mediator"]["id"]}}
    )
    assert error_code(not_invited) == "BAD_USER_INPUT" and error_field(not_invited) == "mediatorId"


async def test_a_new_term_start_recomputes_the_two_year_term_and_a_stale_version_is_refused(api: Api) -> None:
    court = await api.tenant_id("district-court")
    created = await api.ok(
        "court.clerk",
        CREATE,
        {"input": {"tenantId": court, "name": "蔡任期", "kind": "INVITED", "termStart": "2026-01-01"}},
    )
    mid = created["createMediator"]["mediator"]["id"]
    body = await api.ok("court.clerk", UPDATE, {"input": {"mediatorId": mid, "termStart": "2026-06-01"}})
    assert body["updateMediator"]["mediator"]["version"] == 2
    m = await detail(api, "court.clerk", mid)
    assert (m["termStart"], m["termEnd"]) == ("2026-06-01", "2028-05-31")
    bad = await api.gql(
        "court.clerk",
        UPDATE,
        {"input": {"mediatorId": mid, "termStart": "2026-06-01", "termEnd": "2026-01-01"}},
    )
    assert error_code(bad) == "BAD_USER_INPUT" and error_field(bad) == "termEnd"
    stale = await api.gql(
        "court.clerk",
        STATUS,
        {"input": {"mediatorId": mid, "status": "SUSPENDED", "reason": "x", "expectedVersion": 1}},
    )
    assert error_code(stale) == "CONFLICT" and error_field(stale) == "expectedVersion"
