"""referCase: who may hand a case to another tenant, which inputs are refused, and that a refused referral
leaves nothing behind."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine

from tests.helpers import NODE_CASE, REFER, Api, error_code
from tests.referrals.support import (
    ADMIN,
    CENTRE,
    COURT,
    DISTRICT,
    DOCKING,
    EAST,
    LABOUR,
    LAWYER,
    MEDICAL,
    PETITION,
    accept,
    case_referrals,
    errors_of,
    global_id,
    handoff,
    new_case,
    payload,
    refer_body,
    refer_ok,
    referral_state,
    return_,
    sign,
)

# --- happy paths ------------------------------------------------------------------------------------------


async def test_court_delegates_a_case_to_the_docking_centre(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(
        api, COURT, case_id, "docking-centre", "DELEGATED", "  小额借贷，拟委派诉前调解  "
    )
    referral = payload(body, "referCase")
    assert referral["status"] == "SENT"
    assert referral["kind"] == "DELEGATED"
    assert referral["reason"] == "小额借贷，拟委派诉前调解"  # trimmed
    assert referral["fromTenant"]["code"] == "district-court"
    assert referral["toTenant"]["code"] == "docking-centre"

    state = await referral_state(api, COURT, referral["id"])
    assert state["version"] == 1
    assert state["case"]["id"] == case_id
    assert state["signedAt"] is None and state["acceptedAt"] is None and state["returnedAt"] is None


async def test_court_may_entrust(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    referral = await refer_ok(api, COURT, case_id, "docking-centre", "ENTRUSTED")
    assert (referral["kind"], referral["status"]) == ("ENTRUSTED", "SENT")


async def test_centre_transfers_to_a_committee(api: Api) -> None:
    case_id, _ = await new_case(api, CENTRE)
    referral = await refer_ok(api, CENTRE, case_id, "medical-committee", "TRANSFERRED")
    assert (referral["kind"], referral["status"]) == ("TRANSFERRED", "SENT")
    assert referral["fromTenant"]["code"] == "district-centre"
    assert referral["toTenant"]["code"] == "medical-committee"


async def test_docking_centre_may_entrust_to_a_committee(api: Api) -> None:
    case_id, _ = await new_case(api, DOCKING)
    referral = await refer_ok(api, DOCKING, case_id, "medical-committee", "ENTRUSTED")
    assert (referral["kind"], referral["status"]) == ("ENTRUSTED", "SENT")


async def test_committee_transfers_to_a_sibling_committee(api: Api) -> None:
    case_id, _ = await new_case(api, MEDICAL)
    referral = await refer_ok(api, MEDICAL, case_id, "labour-committee", "TRANSFERRED")
    assert referral["toTenant"]["code"] == "labour-committee"


async def test_department_assigns_to_another_department(api: Api) -> None:
    case_id, _ = await new_case(api, PETITION)
    referral = await refer_ok(api, PETITION, case_id, "hrss", "ASSIGNED")
    assert referral["kind"] == "ASSIGNED"


async def test_cross_tree_referral_succeeds_and_the_receiver_sees_it(api: Api) -> None:
    """Regression: the receiver's REFERRAL_TO edge used to be refused by row-level security when the receiver
    lay outside the sender's subtree (an ON CONFLICT target made PostgreSQL apply the SELECT policy)."""
    case_id, _ = await new_case(api, MEDICAL)
    body = await refer_body(api, MEDICAL, case_id, "labour-committee", "TRANSFERRED")
    assert payload(body, "referCase")["status"] == "SENT"
    assert [r["toTenant"]["code"] for r in await case_referrals(api, "labour.mediator", case_id)] == [
        "labour-committee"
    ]


async def test_reason_of_exactly_2000_characters_is_accepted(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, "docking-centre", reason="由" * 2000)
    assert len(payload(body, "referCase")["reason"]) == 2000


async def test_open_referrals_to_different_tenants_may_coexist(api: Api) -> None:
    case_id, _ = await new_case(api, CENTRE)
    await refer_ok(api, CENTRE, case_id, "labour-committee", "TRANSFERRED")
    await refer_ok(api, CENTRE, case_id, "property-committee", "ASSIST")
    statuses = [(r["toTenant"]["code"], r["status"]) for r in await case_referrals(api, CENTRE, case_id)]
    assert sorted(statuses) == [("labour-committee", "SENT"), ("property-committee", "SENT")]


async def test_a_tenant_that_accepted_may_refer_the_case_on(api: Api) -> None:
    # street-east → community-e1 stays inside the sender's subtree, clear of the cross-tree bug.
    h = await handoff(api, CENTRE, "street-east", "TRANSFERRED", receiver=EAST, upto="ACCEPTED")
    onward = await refer_ok(api, EAST, h.case_id, "community-e1", "TRANSFERRED")
    assert onward["fromTenant"]["code"] == "street-east"
    assert onward["toTenant"]["code"] == "community-e1"
    assert onward["status"] == "SENT"


async def test_docking_centre_refers_an_accepted_court_case_on_to_a_committee(api: Api) -> None:
    h = await handoff(api, upto="ACCEPTED")
    onward = await refer_ok(api, DOCKING, h.case_id, "medical-committee", "TRANSFERRED")
    assert onward["fromTenant"]["code"] == "docking-centre"
    assert onward["toTenant"]["code"] == "medical-committee"


# --- denied: FORBIDDEN ------------------------------------------------------------------------------------


async def test_supervising_ancestor_that_only_sees_the_case_is_forbidden(api: Api) -> None:
    # district-court supervises docking-centre, so it sees the docking-centre's own case, but does not handle it.
    case_id, _ = await new_case(api, DOCKING)
    assert (await api.ok(COURT, NODE_CASE, {"id": case_id}))["node"]["id"] == case_id
    body = await refer_body(api, COURT, case_id, "medical-committee", "TRANSFERRED")
    assert error_code(body) == "FORBIDDEN"


async def test_district_centre_cannot_refer_a_committee_case_it_supervises(api: Api) -> None:
    case_id, _ = await new_case(api, MEDICAL)
    assert (await api.ok(DISTRICT, NODE_CASE, {"id": case_id}))["node"]["id"] == case_id
    body = await refer_body(api, DISTRICT, case_id, "labour-committee", "TRANSFERRED")
    assert error_code(body) == "FORBIDDEN"
    assert await case_referrals(api, MEDICAL, case_id) == []


@pytest.mark.parametrize("upto", ["SENT", "SIGNED_FOR", "RETURNED"])
async def test_receiver_that_has_not_accepted_cannot_refer_on(api: Api, upto: str) -> None:
    h = await handoff(api, upto=upto)
    body = await refer_body(api, DOCKING, h.case_id, "medical-committee", "TRANSFERRED")
    assert error_code(body) == "FORBIDDEN"


async def test_role_without_case_refer_is_forbidden(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, LAWYER, case_id, "docking-centre", "TRANSFERRED")
    assert errors_of(body)[0] == "FORBIDDEN"
    assert body["errors"][0]["extensions"].get("action") == "case:refer"
    body = await refer_body(api, ADMIN, case_id, "docking-centre", "TRANSFERRED")
    assert error_code(body) == "FORBIDDEN"


async def test_without_a_token_is_unauthenticated(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, None, case_id, "docking-centre")
    assert error_code(body) == "UNAUTHENTICATED"
    assert await case_referrals(api, COURT, case_id) == []


async def test_invalid_token_is_unauthenticated(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    variables = {
        "input": {
            "caseId": case_id,
            "toTenantId": await api.tenant_id("docking-centre"),
            "kind": "DELEGATED",
            "reason": "诉前委派调解",
        }
    }
    body = await api.gql(None, REFER, variables, token="not.a.valid-token")
    assert error_code(body) == "UNAUTHENTICATED"
    assert await case_referrals(api, COURT, case_id) == []


# --- other tenant: NOT_FOUND ------------------------------------------------------------------------------


async def test_case_the_tenant_cannot_see_is_not_found(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, MEDICAL, case_id, "labour-committee", "TRANSFERRED")
    assert errors_of(body) == ("NOT_FOUND", "caseId")
    assert await case_referrals(api, COURT, case_id) == []


async def test_unknown_case_is_not_found(api: Api) -> None:
    body = await refer_body(api, COURT, global_id("Case"), "docking-centre")
    assert errors_of(body) == ("NOT_FOUND", "caseId")


async def test_unknown_target_tenant_is_not_found(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, global_id("Tenant"), raw_to_id=True)
    assert errors_of(body) == ("NOT_FOUND", "toTenantId")


@pytest.fixture
async def inactive_tenant_id(owner_url: URL) -> AsyncIterator[str]:
    """A deactivated tenant, written straight into the database (there is no mutation for it) and removed after."""
    engine = create_async_engine(owner_url)
    tid = uuid.uuid4()
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO tenants (id, code, name, kind, case_prefix, is_active, created_at) "
                    "VALUES (:id, :code, '已撤销的调解委员会', 'COMMITTEE', '撤调字第', false, now())"
                ),
                {"id": tid, "code": f"referrals-inactive-{tid.hex[:8]}"},
            )
        yield global_id("Tenant", tid)
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM tenants WHERE id = :id"), {"id": tid})
        await engine.dispose()


async def test_inactive_target_tenant_is_not_found(api: Api, inactive_tenant_id: str) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, inactive_tenant_id, raw_to_id=True)
    assert errors_of(body) == ("NOT_FOUND", "toTenantId")


# --- bad input --------------------------------------------------------------------------------------------


async def test_referring_to_itself_is_bad_input(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, "district-court")
    assert errors_of(body) == ("BAD_USER_INPUT", "toTenantId")


@pytest.mark.parametrize("kind", ["DELEGATED", "ENTRUSTED"])
@pytest.mark.parametrize(
    ("user", "to"), [(CENTRE, "medical-committee"), (EAST, "community-e1"), (PETITION, "hrss")]
)
async def test_only_courts_delegate_or_entrust(api: Api, user: str, to: str, kind: str) -> None:
    case_id, _ = await new_case(api, user)
    body = await refer_body(api, user, case_id, to, kind)
    assert errors_of(body) == ("BAD_USER_INPUT", "kind")


@pytest.mark.parametrize("reason", ["", "   ", "\n\t　"])
async def test_empty_reason_is_bad_input(api: Api, reason: str) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, "docking-centre", reason=reason)
    assert errors_of(body) == ("BAD_USER_INPUT", "reason")


async def test_reason_over_2000_characters_is_bad_input(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, "docking-centre", reason="由" * 2001)
    assert errors_of(body) == ("BAD_USER_INPUT", "reason")


async def test_unknown_kind_is_bad_input(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, case_id, "docking-centre", kind="TELEPORTED")
    assert error_code(body) == "BAD_USER_INPUT"


async def test_ids_of_the_wrong_type_are_not_found(api: Api) -> None:
    case_id, _ = await new_case(api, COURT)
    docking_id = await api.tenant_id("docking-centre")
    body = await refer_body(api, COURT, docking_id, "docking-centre")  # a Tenant id as caseId
    assert errors_of(body) == ("NOT_FOUND", "caseId")
    body = await refer_body(api, COURT, case_id, case_id, raw_to_id=True)  # a Case id as toTenantId
    assert errors_of(body) == ("NOT_FOUND", "toTenantId")


@pytest.mark.parametrize(
    "bad", ["not-an-id!", "", "Q2FzZTpub3QtYS11dWlk"]
)  # the last: base64 of "Case:not-a-uuid"
async def test_malformed_ids_are_bad_input(api: Api, bad: str) -> None:
    case_id, _ = await new_case(api, COURT)
    body = await refer_body(api, COURT, bad, "docking-centre")
    assert errors_of(body) == ("BAD_USER_INPUT", "caseId")
    body = await refer_body(api, COURT, case_id, bad, raw_to_id=True)
    assert errors_of(body) == ("BAD_USER_INPUT", "toTenantId")


# --- one open referral per receiver -----------------------------------------------------------------------


@pytest.mark.parametrize("upto", ["SENT", "SIGNED_FOR"])
async def test_second_open_referral_to_the_same_tenant_conflicts(api: Api, upto: str) -> None:
    h = await handoff(api, upto=upto)
    body = await refer_body(api, COURT, h.case_id, "docking-centre", "ENTRUSTED")
    assert error_code(body) == "CONFLICT"
    # Nothing was written: still the one referral, in the state it was.
    assert [(r["id"], r["status"]) for r in await case_referrals(api, COURT, h.case_id)] == [
        (h.referral_id, upto)
    ]


async def test_returned_referral_can_be_followed_by_a_new_one(api: Api) -> None:
    h = await handoff(api, upto="RETURNED")
    again = await refer_ok(api, COURT, h.case_id, "docking-centre", "DELEGATED")
    assert again["id"] != h.referral_id and again["status"] == "SENT"
    statuses = [r["status"] for r in await case_referrals(api, COURT, h.case_id)]
    assert statuses == ["SENT", "RETURNED"]  # newest first


async def test_after_a_return_the_new_referral_runs_its_own_course(api: Api) -> None:
    h = await handoff(api, upto="RETURNED")
    again = await refer_ok(api, COURT, h.case_id, "docking-centre", "DELEGATED")
    payload(await sign(api, DOCKING, again["id"]), "signForReferral")
    payload(await accept(api, DOCKING, again["id"]), "acceptReferral")
    # and the old one stays returned
    body = await return_(api, DOCKING, h.referral_id)
    assert error_code(body) == "CONFLICT"


async def test_failed_referral_adds_no_access(api: Api) -> None:
    """A refused referral must not hand the receiver any view of the case (the access edges are written last,
    and the whole mutation is rolled back on error)."""
    case_id, _ = await new_case(api, CENTRE)
    # ENTRUSTED is refused for a centre; the labour committee must not see the case afterwards.
    body = await refer_body(api, CENTRE, case_id, "labour-committee", "ENTRUSTED")
    assert errors_of(body) == ("BAD_USER_INPUT", "kind")
    assert error_code(await api.gql(LABOUR, NODE_CASE, {"id": case_id})) == "NOT_FOUND"
    assert await case_referrals(api, CENTRE, case_id) == []
