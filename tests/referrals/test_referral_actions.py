"""signForReferral, acceptReferral, returnReferral: the receiving tenant moves a referral along
SENT → SIGNED_FOR → ACCEPTED, or returns it (from SENT or SIGNED_FOR) with a reason. Anyone else is refused,
a stale move is a CONFLICT, and a refused move changes nothing (status and version stay as they were)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.helpers import NODE_CASE, Api, error_code
from tests.referrals.support import (
    ADMIN,
    CENTRE,
    COURT,
    DISTRICT,
    DOCKING,
    E1,
    EAST,
    LABOUR,
    LAWYER,
    MEDICAL,
    accept,
    case_referrals,
    errors_of,
    global_id,
    handoff,
    payload,
    refer_ok,
    referral_state,
    return_,
    sign,
)

Action = Callable[[Api, str | None, str], Awaitable[dict[str, Any]]]

# Each action, the mutation's field name, and the state in which the receiver could take it.
ACTIONS: dict[str, tuple[Action, str, str]] = {
    "sign": (sign, "signForReferral", "SENT"),
    "accept": (accept, "acceptReferral", "SIGNED_FOR"),
    "return": (return_, "returnReferral", "SENT"),
}
ACTION_NAMES = list(ACTIONS)


async def assert_unchanged(api: Api, referral_id: str, status: str, version: int) -> None:
    state = await referral_state(api, COURT, referral_id)
    assert (state["status"], state["version"]) == (status, version)


def version_of(status: str) -> int:
    return {"SENT": 1, "SIGNED_FOR": 2, "ACCEPTED": 3}[status]


# --- happy paths ------------------------------------------------------------------------------------------


async def test_receiver_signs_for_a_sent_referral(api: Api) -> None:
    h = await handoff(api)
    signed = payload(await sign(api, DOCKING, h.referral_id), "signForReferral")
    assert signed["status"] == "SIGNED_FOR" and signed["signedAt"]
    state = await referral_state(api, COURT, h.referral_id)
    assert (state["status"], state["version"]) == ("SIGNED_FOR", 2)
    assert state["signedAt"] == signed["signedAt"]
    assert state["acceptedAt"] is None


async def test_receiver_accepts_a_signed_referral(api: Api) -> None:
    h = await handoff(api, upto="SIGNED_FOR")
    accepted = payload(await accept(api, DOCKING, h.referral_id), "acceptReferral")
    assert accepted["status"] == "ACCEPTED" and accepted["acceptedAt"]
    state = await referral_state(api, DOCKING, h.referral_id)
    assert (state["status"], state["version"]) == ("ACCEPTED", 3)
    assert state["signedAt"] and state["returnedAt"] is None


@pytest.mark.parametrize("upto", ["SENT", "SIGNED_FOR"])
async def test_receiver_returns_an_open_referral_with_a_reason(api: Api, upto: str) -> None:
    h = await handoff(api, upto=upto)
    returned = payload(
        await return_(api, DOCKING, h.referral_id, "  不属于诉前委派调解范围  "), "returnReferral"
    )
    assert returned["status"] == "RETURNED"
    assert returned["returnReason"] == "不属于诉前委派调解范围"  # trimmed
    state = await referral_state(api, COURT, h.referral_id)
    assert state["status"] == "RETURNED" and state["returnedAt"]
    assert state["version"] == version_of(upto) + 1
    assert state["returnReason"] == "不属于诉前委派调解范围"
    assert state["acceptedAt"] is None


async def test_a_lawyer_studio_works_a_referral_it_received(api: Api) -> None:
    """lawyer.li may not refer, but the lawyer role does hold referral:sign/accept."""
    h = await handoff(api, CENTRE, "lawyer-studio", "TRANSFERRED", receiver=LAWYER, upto="ACCEPTED")
    assert (await referral_state(api, LAWYER, h.referral_id))["status"] == "ACCEPTED"


async def test_a_committee_returns_a_referral_from_the_centre(api: Api) -> None:
    h = await handoff(api, CENTRE, "medical-committee", "TRANSFERRED", receiver=MEDICAL, upto="SIGNED_FOR")
    returned = payload(await return_(api, MEDICAL, h.referral_id, "非医疗纠纷"), "returnReferral")
    assert returned["returnReason"] == "非医疗纠纷"


# --- denied: FORBIDDEN ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_role_without_the_referral_permission_is_forbidden(api: Api, name: str) -> None:
    act, _, ready = ACTIONS[name]
    h = await handoff(api, upto=ready)
    body = await act(api, ADMIN, h.referral_id)
    assert error_code(body) == "FORBIDDEN"
    assert body["errors"][0]["extensions"].get("action") == f"referral:{name}"
    await assert_unchanged(api, h.referral_id, ready, version_of(ready))


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_sender_is_forbidden(api: Api, name: str) -> None:
    act, _, ready = ACTIONS[name]
    h = await handoff(api, upto=ready)
    body = await act(api, COURT, h.referral_id)
    assert error_code(body) == "FORBIDDEN"
    await assert_unchanged(api, h.referral_id, ready, version_of(ready))


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_supervising_ancestor_of_the_receiver_is_forbidden(api: Api, name: str) -> None:
    # street-east refers to community-e1; district-centre supervises both and sees the referral, but is not
    # the receiver.
    act, _, ready = ACTIONS[name]
    h = await handoff(api, EAST, "community-e1", "TRANSFERRED", receiver=E1, upto=ready)
    assert (await referral_state(api, DISTRICT, h.referral_id))["status"] == ready
    body = await act(api, DISTRICT, h.referral_id)
    assert error_code(body) == "FORBIDDEN"
    assert (await referral_state(api, E1, h.referral_id))["version"] == version_of(ready)


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_receiver_of_another_referral_of_the_same_case_is_forbidden(api: Api, name: str) -> None:
    """labour-committee sees the case through its own referral, but may not act on the medical committee's."""
    act, _, ready = ACTIONS[name]
    h = await handoff(api, CENTRE, "medical-committee", "TRANSFERRED", receiver=MEDICAL, upto=ready)
    await refer_ok(api, CENTRE, h.case_id, "labour-committee", "ASSIST")
    assert (await referral_state(api, LABOUR, h.referral_id))["status"] == ready
    body = await act(api, LABOUR, h.referral_id)
    assert error_code(body) == "FORBIDDEN"
    assert (await referral_state(api, MEDICAL, h.referral_id))["version"] == version_of(ready)


# --- other tenant: NOT_FOUND ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_tenant_that_cannot_see_the_case_gets_not_found(api: Api, name: str) -> None:
    act, _, ready = ACTIONS[name]
    h = await handoff(api, upto=ready)
    body = await act(api, MEDICAL, h.referral_id)
    assert errors_of(body) == ("NOT_FOUND", "referralId")
    await assert_unchanged(api, h.referral_id, ready, version_of(ready))


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_unknown_referral_is_not_found(api: Api, name: str) -> None:
    act, _, _ = ACTIONS[name]
    assert errors_of(await act(api, DOCKING, global_id("Referral"))) == ("NOT_FOUND", "referralId")


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_id_of_another_type_is_not_found(api: Api, name: str) -> None:
    act, _, _ = ACTIONS[name]
    h = await handoff(api)
    assert errors_of(await act(api, DOCKING, h.case_id)) == ("NOT_FOUND", "referralId")
    assert (await referral_state(api, DOCKING, h.referral_id))["status"] == "SENT"


@pytest.mark.parametrize("bad", ["not-an-id!", "", "UmVmZXJyYWw6eHl6"])  # the last: base64 of "Referral:xyz"
@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_malformed_id_is_bad_input(api: Api, name: str, bad: str) -> None:
    act, _, _ = ACTIONS[name]
    assert errors_of(await act(api, DOCKING, bad)) == ("BAD_USER_INPUT", "referralId")


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_without_a_token_is_unauthenticated(api: Api, name: str) -> None:
    act, _, ready = ACTIONS[name]
    h = await handoff(api, upto=ready)
    assert error_code(await act(api, None, h.referral_id)) == "UNAUTHENTICATED"
    await assert_unchanged(api, h.referral_id, ready, version_of(ready))


# --- state machine: stale or premature moves ---------------------------------------------------------------


async def test_signing_twice_conflicts_and_changes_nothing(api: Api) -> None:
    h = await handoff(api, upto="SIGNED_FOR")
    before = await referral_state(api, DOCKING, h.referral_id)
    body = await sign(api, DOCKING, h.referral_id)
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"].get("status") == "SIGNED_FOR"
    assert await referral_state(api, DOCKING, h.referral_id) == before


async def test_accepting_a_sent_referral_is_premature(api: Api) -> None:
    h = await handoff(api)
    body = await accept(api, DOCKING, h.referral_id)
    assert errors_of(body) == ("BAD_USER_INPUT", "referralId")
    await assert_unchanged(api, h.referral_id, "SENT", 1)


async def test_accepting_twice_conflicts_and_changes_nothing(api: Api) -> None:
    h = await handoff(api, upto="ACCEPTED")
    before = await referral_state(api, DOCKING, h.referral_id)
    body = await accept(api, DOCKING, h.referral_id)
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"].get("status") == "ACCEPTED"
    assert await referral_state(api, DOCKING, h.referral_id) == before


async def test_returning_an_accepted_referral_conflicts(api: Api) -> None:
    h = await handoff(api, upto="ACCEPTED")
    body = await return_(api, DOCKING, h.referral_id)
    assert error_code(body) == "CONFLICT"
    state = await referral_state(api, DOCKING, h.referral_id)
    assert (state["status"], state["version"], state["returnReason"]) == ("ACCEPTED", 3, None)


@pytest.mark.parametrize("name", ACTION_NAMES)
async def test_nothing_moves_a_returned_referral(api: Api, name: str) -> None:
    act, _, _ = ACTIONS[name]
    h = await handoff(api, upto="RETURNED")
    before = await referral_state(api, DOCKING, h.referral_id)
    body = await act(api, DOCKING, h.referral_id)
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"].get("status") == "RETURNED"
    assert await referral_state(api, DOCKING, h.referral_id) == before


async def test_signing_an_accepted_referral_conflicts(api: Api) -> None:
    h = await handoff(api, upto="ACCEPTED")
    assert error_code(await sign(api, DOCKING, h.referral_id)) == "CONFLICT"
    await assert_unchanged(api, h.referral_id, "ACCEPTED", 3)


# --- return needs a reason --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\n\t　"])
async def test_return_without_a_reason_is_bad_input(api: Api, reason: str) -> None:
    h = await handoff(api, upto="SIGNED_FOR")
    body = await return_(api, DOCKING, h.referral_id, reason)
    assert errors_of(body) == ("BAD_USER_INPUT", "reason")
    await assert_unchanged(api, h.referral_id, "SIGNED_FOR", 2)


async def test_return_reason_over_2000_characters_is_bad_input(api: Api) -> None:
    h = await handoff(api)
    assert errors_of(await return_(api, DOCKING, h.referral_id, "退" * 2001)) == ("BAD_USER_INPUT", "reason")
    await assert_unchanged(api, h.referral_id, "SENT", 1)


async def test_return_reason_is_required_by_the_schema(api: Api) -> None:
    h = await handoff(api)
    query = "mutation($id: ID!) { returnReferral(input: {referralId: $id}) { referral { id } } }"
    body = await api.gql(DOCKING, query, {"id": h.referral_id})
    assert error_code(body) == "GRAPHQL_VALIDATION_FAILED"
    await assert_unchanged(api, h.referral_id, "SENT", 1)


# --- what accepting gives the receiver --------------------------------------------------------------------


async def test_accepting_makes_the_receiver_a_handler(api: Api) -> None:
    """Before accepting, the receiver may only look; after, it may refer the case on."""
    h = await handoff(api, CENTRE, "street-east", "TRANSFERRED", receiver=EAST, upto="SIGNED_FOR")
    assert (await api.ok(EAST, NODE_CASE, {"id": h.case_id}))["node"]["id"] == h.case_id
    body = await api.gql(
        EAST,
        "mutation($input: ReferCaseInput!) { referCase(input: $input) { referral { id } } }",
        {
            "input": {
                "caseId": h.case_id,
                "toTenantId": await api.tenant_id("community-e1"),
                "kind": "TRANSFERRED",
                "reason": "属地调解",
            }
        },
    )
    assert error_code(body) == "FORBIDDEN"
    payload(await accept(api, EAST, h.referral_id), "acceptReferral")
    onward = await refer_ok(api, EAST, h.case_id, "community-e1", "TRANSFERRED")
    assert onward["status"] == "SENT"
    codes = [
        (r["fromTenant"]["code"], r["toTenant"]["code"]) for r in await case_referrals(api, CENTRE, h.case_id)
    ]
    assert codes == [("street-east", "community-e1"), ("district-centre", "street-east")]
