"""Who sees a referred case: the end-to-end flow of the issue ("Done when"), the receiver's view before and
after it acts, tenants outside the hand-off, supervising ancestors, and the case's referral list."""

from __future__ import annotations

import pytest

from tests.helpers import NODE_CASE, Api, error_code
from tests.referrals.support import (
    CASE_REFERRALS,
    CASES_BY_TITLE,
    CENTRE,
    COURT,
    DISTRICT,
    DOCKING,
    E1,
    EAST,
    LABOUR,
    MEDICAL,
    accept,
    case_referrals,
    errors_of,
    handoff,
    listed_case_ids,
    new_case,
    payload,
    refer_ok,
    referral_state,
    return_,
    sign,
)


async def assert_sees(api: Api, user: str, case_id: str, title: str, referral_id: str | None = None) -> None:
    assert (await api.ok(user, NODE_CASE, {"id": case_id}))["node"]["id"] == case_id
    assert case_id in await listed_case_ids(api, user, title)
    if referral_id is not None:
        assert referral_id in [r["id"] for r in await case_referrals(api, user, case_id)]
        assert (await referral_state(api, user, referral_id))["case"]["id"] == case_id


async def assert_blind(api: Api, user: str, case_id: str, title: str, referral_id: str | None = None) -> None:
    body = await api.gql(user, NODE_CASE, {"id": case_id})
    assert errors_of(body) == ("NOT_FOUND", "id")
    assert body["data"]["node"] is None
    assert case_id not in await listed_case_ids(api, user, title)
    if referral_id is not None:
        body = await api.gql(user, "query($id: ID!) { node(id: $id) { id } }", {"id": referral_id})
        assert errors_of(body) == ("NOT_FOUND", "id")


# --- the "Done when" ------------------------------------------------------------------------------


async def test_done_when_court_delegates_and_docking_centre_takes_the_case(api: Api) -> None:
    # court.clerk registers a case and delegates it to the docking centre.
    case_id, title = await new_case(api, COURT, "马某与周某民间借贷纠纷")
    referral = await refer_ok(api, COURT, case_id, "docking-centre", "DELEGATED")
    rid = referral["id"]
    assert (referral["status"], referral["kind"]) == ("SENT", "DELEGATED")

    # docking.officer sees the case, in its list and by id, with the referral under it.
    await assert_sees(api, DOCKING, case_id, title, rid)
    # it signs for the referral and accepts it.
    assert payload(await sign(api, DOCKING, rid), "signForReferral")["status"] == "SIGNED_FOR"
    assert payload(await accept(api, DOCKING, rid), "acceptReferral")["status"] == "ACCEPTED"
    listed = await case_referrals(api, DOCKING, case_id)
    assert [(r["id"], r["status"]) for r in listed] == [(rid, "ACCEPTED")]

    # medical-committee has nothing to do with it: NOT_FOUND for the case and the referral.
    await assert_blind(api, MEDICAL, case_id, title, rid)
    # district-centre supervises the committees, not the court: it does not see it either.
    await assert_blind(api, DISTRICT, case_id, title, rid)
    # the court still does, with the referral's outcome.
    assert (await referral_state(api, COURT, rid))["status"] == "ACCEPTED"


# --- the receiver ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("upto", ["SENT", "SIGNED_FOR", "ACCEPTED"])
async def test_receiver_sees_the_case_at_every_step(api: Api, upto: str) -> None:
    h = await handoff(api, upto=upto)
    await assert_sees(api, DOCKING, h.case_id, h.title, h.referral_id)


async def test_receiver_that_returned_keeps_sight_of_the_case(api: Api) -> None:
    """The visibility rule counts a referral's receiver edge whatever became of the referral, so the receiver
    can still read the case (and its reason for returning) afterwards."""
    h = await handoff(api, upto="RETURNED")
    await assert_sees(api, DOCKING, h.case_id, h.title, h.referral_id)


async def test_the_receiver_sees_the_case_only_once_referred(api: Api) -> None:
    case_id, title = await new_case(api, CENTRE)
    await assert_blind(api, E1, case_id, title)  # community-e1 is below district-centre, not above it
    await assert_blind(api, LABOUR, case_id, title)
    await refer_ok(api, CENTRE, case_id, "labour-committee", "TRANSFERRED")
    await assert_sees(api, LABOUR, case_id, title)
    await assert_blind(api, E1, case_id, title)


async def test_onward_referral_opens_the_case_to_the_next_receiver(api: Api) -> None:
    h = await handoff(api, CENTRE, "street-east", "TRANSFERRED", receiver=EAST, upto="ACCEPTED")
    await assert_blind(api, E1, h.case_id, h.title, h.referral_id)
    onward = await refer_ok(api, EAST, h.case_id, "community-e1", "TRANSFERRED")
    await assert_sees(api, E1, h.case_id, h.title, onward["id"])
    # ...including the earlier hand-off it was not part of.
    assert (await referral_state(api, E1, h.referral_id))["status"] == "ACCEPTED"


async def test_docking_centre_refers_on_and_the_medical_committee_sees_it(api: Api) -> None:
    h = await handoff(api, upto="ACCEPTED")
    await assert_blind(api, MEDICAL, h.case_id, h.title, h.referral_id)
    onward = await refer_ok(api, DOCKING, h.case_id, "medical-committee", "TRANSFERRED")
    await assert_sees(api, MEDICAL, h.case_id, h.title, onward["id"])
    listed = await case_referrals(api, MEDICAL, h.case_id)
    assert [(r["fromTenant"]["code"], r["toTenant"]["code"], r["kind"]) for r in listed] == [
        ("docking-centre", "medical-committee", "TRANSFERRED"),
        ("district-court", "docking-centre", "DELEGATED"),
    ]


# --- tenants outside the hand-off --------------------------------------------------------------------------


async def test_supervising_ancestors_see_referrals_below_them(api: Api) -> None:
    # district-centre → labour-committee: district-centre owns it; street-east and the court do not see it.
    h = await handoff(api, CENTRE, "labour-committee", "TRANSFERRED", receiver=LABOUR)
    await assert_sees(api, DISTRICT, h.case_id, h.title, h.referral_id)
    await assert_blind(api, EAST, h.case_id, h.title, h.referral_id)
    await assert_blind(api, COURT, h.case_id, h.title, h.referral_id)
    # the court sees what its docking centre works on.
    docking_case, title = await new_case(api, DOCKING)
    await assert_sees(api, COURT, docking_case, title)


async def test_sender_sees_the_receiver_return_reason(api: Api) -> None:
    h = await handoff(api)
    payload(await return_(api, DOCKING, h.referral_id, "双方均不同意调解"), "returnReferral")
    state = await referral_state(api, COURT, h.referral_id)
    assert (state["status"], state["returnReason"]) == ("RETURNED", "双方均不同意调解")


async def test_node_without_a_token_is_unauthenticated(api: Api) -> None:
    h = await handoff(api)
    body = await api.gql(None, "query($id: ID!) { node(id: $id) { id } }", {"id": h.referral_id})
    assert error_code(body) == "UNAUTHENTICATED"


# --- the case's referral list ------------------------------------------------------------------------------


async def test_case_referrals_are_listed_newest_first_with_tenant_codes(api: Api) -> None:
    h = await handoff(api, upto="RETURNED")
    second = await refer_ok(api, COURT, h.case_id, "docking-centre", "ENTRUSTED")
    listed = await case_referrals(api, COURT, h.case_id)
    assert [(r["id"], r["kind"], r["status"]) for r in listed] == [
        (second["id"], "ENTRUSTED", "SENT"),
        (h.referral_id, "DELEGATED", "RETURNED"),
    ]
    assert all(
        (r["fromTenant"]["code"], r["toTenant"]["code"]) == ("district-court", "docking-centre")
        for r in listed
    )


async def test_case_referrals_first_limits_the_page(api: Api) -> None:
    case_id, _ = await new_case(api, CENTRE)
    sent = [
        (await refer_ok(api, CENTRE, case_id, code, "TRANSFERRED"))["id"]
        for code in ("medical-committee", "labour-committee", "property-committee")
    ]
    data = await api.ok(CENTRE, CASE_REFERRALS, {"id": case_id, "first": 2})
    page = data["node"]["referrals"]
    assert [e["node"]["id"] for e in page["edges"]] == sent[::-1][:2]
    assert page["pageInfo"]["hasNextPage"] is True
    data = await api.ok(CENTRE, CASE_REFERRALS, {"id": case_id, "first": 3})
    assert data["node"]["referrals"]["pageInfo"]["hasNextPage"] is False
    assert await case_referrals(api, CENTRE, case_id, first=0) == []


@pytest.mark.parametrize("first", [-1, 51])
async def test_case_referrals_first_out_of_range_is_bad_input(api: Api, first: int) -> None:
    h = await handoff(api)
    body = await api.gql(COURT, CASE_REFERRALS, {"id": h.case_id, "first": first})
    assert errors_of(body) == ("BAD_USER_INPUT", "first")


async def test_referral_lists_of_many_cases_do_not_mix(api: Api) -> None:
    """The nested list is batched across cases by a dataloader; each case must get only its own referrals."""
    a = await handoff(api)
    b = await handoff(api, upto="SIGNED_FOR")
    query = """query($a: ID!, $b: ID!) {
      a: node(id: $a) { ... on Case { referrals(first: 5) { edges { node { id status } } } } }
      b: node(id: $b) { ... on Case { referrals(first: 5) { edges { node { id status } } } } }
    }"""
    data = await api.ok(DOCKING, query, {"a": a.case_id, "b": b.case_id})
    assert [e["node"]["id"] for e in data["a"]["referrals"]["edges"]] == [a.referral_id]
    assert [e["node"] for e in data["b"]["referrals"]["edges"]] == [
        {"id": b.referral_id, "status": "SIGNED_FOR"}
    ]


async def test_demo_case_lists_its_referral_history_to_each_party(api: Api) -> None:
    """Read-only check on the demo ledger: the petition bureau assigned the 嘉禾 heating case to the housing
    commission, which returned it, then to the property committee, which signed for it."""
    title = "嘉禾小区业主反映物业供暖不达标信访纠纷"
    expected = [
        ("petition-bureau", "property-committee", "SIGNED_FOR"),
        ("petition-bureau", "housing", "RETURNED"),
    ]
    for user in ("petition.officer", "property.mediator", "housing.officer"):
        data = await api.ok(user, CASES_BY_TITLE, {"text": title})
        ids = [e["node"]["id"] for e in data["cases"]["edges"] if e["node"]["title"] == title]
        assert len(ids) == 1, (user, data)
        listed = await case_referrals(api, user, ids[0])
        assert [(r["fromTenant"]["code"], r["toTenant"]["code"], r["status"]) for r in listed] == expected
    data = await api.ok(LABOUR, CASES_BY_TITLE, {"text": title})
    assert data["cases"]["edges"] == []
