"""Races on one referral: two requests with the same token sent at once through the same client. The referral
(or, for referCase, the case) row is locked before its state is read, so exactly one request wins and the
other is told CONFLICT; the loser writes nothing."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from tests.helpers import Api, error_code
from tests.referrals.support import (
    COURT,
    DOCKING,
    accept,
    case_referrals,
    handoff,
    new_case,
    refer_body,
    referral_state,
    return_,
    sign,
)


def outcome(body: dict[str, Any], mutation: str) -> str:
    """The referral's new status for a success, else the error code."""
    if body.get("errors"):
        return error_code(body)
    status: str = body["data"][mutation]["referral"]["status"]
    return status


async def race_accepts(api: Api) -> None:
    h = await handoff(api, upto="SIGNED_FOR")
    bodies = await asyncio.gather(accept(api, DOCKING, h.referral_id), accept(api, DOCKING, h.referral_id))
    assert Counter(outcome(b, "acceptReferral") for b in bodies) == {"ACCEPTED": 1, "CONFLICT": 1}, bodies
    state = await referral_state(api, DOCKING, h.referral_id)
    assert (state["status"], state["version"]) == ("ACCEPTED", 3)  # accepted once, not twice


async def test_two_concurrent_accepts_one_wins(api: Api) -> None:
    await race_accepts(api)


async def test_two_concurrent_accepts_five_times_over(api: Api) -> None:
    for _ in range(5):
        await race_accepts(api)


async def test_two_concurrent_signs_one_wins(api: Api) -> None:
    for _ in range(3):
        h = await handoff(api)
        bodies = await asyncio.gather(sign(api, DOCKING, h.referral_id), sign(api, DOCKING, h.referral_id))
        assert Counter(outcome(b, "signForReferral") for b in bodies) == {"SIGNED_FOR": 1, "CONFLICT": 1}, (
            bodies
        )
        state = await referral_state(api, DOCKING, h.referral_id)
        assert (state["status"], state["version"]) == ("SIGNED_FOR", 2)


async def test_concurrent_accept_and_return_one_wins(api: Api) -> None:
    for _ in range(3):
        h = await handoff(api, upto="SIGNED_FOR")
        accepted, returned = await asyncio.gather(
            accept(api, DOCKING, h.referral_id), return_(api, DOCKING, h.referral_id)
        )
        outcomes = {outcome(accepted, "acceptReferral"), outcome(returned, "returnReferral")}
        assert outcomes in ({"ACCEPTED", "CONFLICT"}, {"RETURNED", "CONFLICT"}), (accepted, returned)
        winner = (outcomes - {"CONFLICT"}).pop()
        state = await referral_state(api, DOCKING, h.referral_id)
        assert (state["status"], state["version"]) == (winner, 3)
        assert (state["acceptedAt"] is None) == (winner == "RETURNED")
        assert (state["returnReason"] is None) == (winner == "ACCEPTED")


@pytest.mark.parametrize("round_", range(3))
async def test_two_concurrent_referrals_to_the_same_tenant_one_wins(api: Api, round_: int) -> None:
    case_id, _ = await new_case(api, COURT)
    docking = await api.tenant_id("docking-centre")  # looked up first, so that only the mutations race
    bodies = await asyncio.gather(
        refer_body(api, COURT, case_id, docking, "DELEGATED", raw_to_id=True),
        refer_body(api, COURT, case_id, docking, "ENTRUSTED", raw_to_id=True),
    )
    assert Counter(outcome(b, "referCase") for b in bodies) == {"SENT": 1, "CONFLICT": 1}, bodies
    assert len(await case_referrals(api, COURT, case_id)) == 1
