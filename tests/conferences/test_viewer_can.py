"""`JointConference.viewerCan` tells each viewer what the conference page may offer it — the convenor, an
accepted participant, an invited tenant that has not answered, an observer in the convening tenant (the relation
holds, the role does not), and a stranger (who learns nothing) — and agrees with the mutations: every false
answer is refused FORBIDDEN, every true one is not (the probes below are refused later, for the stage or the
input, so nothing changes)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.admin.support import Actor, Token, gql, login, new_user
from tests.conferences.support import (
    ADDENDUM,
    AGENDA,
    ATTEND,
    COMMENT,
    DECIDE,
    INVITE,
    RESPOND,
    SAVE,
    SIGN,
    TRANSITION,
    accept_all,
    convene,
    due,
    tids,
    wage_case,
)
from tests.helpers import Api, error_code

FIELDS = (
    "invite respond recordAttendance addAgendaItem saveMinutes comment signOff addAddendum addDecision "
    "transition exportRecord"
)
VIEWER_CAN = f"""query($id: ID!) {{ node(id: $id) {{ ... on JointConference {{
  status availableEvents viewerCan {{ {FIELDS} }} }} }} }}"""

NOTHING = dict.fromkeys(FIELDS.split(), False)
RUNS = {
    **dict.fromkeys(FIELDS.split(), True),
    "respond": False,  # the convenor invites; it has no invitation to answer
}
ACCEPTED = {**NOTHING, "respond": True, "comment": True, "signOff": True, "exportRecord": True}
INVITED = {**NOTHING, "respond": True, "exportRecord": True}
EXPECTED = {
    "district.officer": RUNS,  # the convenor (centre_officer)
    "district.admin": RUNS,  # the convenor's tenant admin
    "hrss.officer": ACCEPTED,
    "housing.officer": INVITED,  # invited, has not answered yet
    "observer": {**NOTHING, "exportRecord": True},  # the convenor's tenant, a read-only role
}


@pytest.fixture
async def conference(api: Api) -> dict[str, Any]:
    """A PROPOSED conference of the district centre inviting hrss (which accepts) and housing (which has not
    answered)."""
    case = await wage_case(api)
    conf = await convene(api, case["id"], codes=["hrss", "housing"])
    await accept_all(api, conf["id"], {"hrss.officer": "郭卫国"})
    return conf


async def actor(api: Api, user: str) -> Actor:
    """A demo user, or (for "observer") a fresh observer of the district centre."""
    if user != "observer":
        return user
    made = await new_user(api, "district.admin", await api.tenant_id("district-centre"), ["observer"])
    return await login(api, made["username"])


async def viewer_can(api: Api, who: Actor, conf_id: str) -> dict[str, Any]:
    body = await gql(api, who, VIEWER_CAN, {"id": conf_id})
    assert not body.get("errors"), body
    node: dict[str, Any] = body["data"]["node"]
    return node


@pytest.mark.parametrize("user", sorted(EXPECTED))
async def test_viewer_can_follows_role_and_relation(api: Api, conference: dict[str, Any], user: str) -> None:
    node = await viewer_can(api, await actor(api, user), conference["id"])
    assert node["viewerCan"] == EXPECTED[user], user
    # transition and availableEvents agree: the convenor may cancel a proposed conference, nobody else may
    assert node["viewerCan"]["transition"] == ("CANCEL" in node["availableEvents"])


async def test_a_stranger_is_told_nothing(api: Api, conference: dict[str, Any]) -> None:
    body = await api.gql("medical.mediator", VIEWER_CAN, {"id": conference["id"]})
    assert error_code(body) == "NOT_FOUND"


async def _probes(api: Api, conf_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """One mutation per field, each past the who-checks refused for the stage (the conference is PROPOSED) or for
    its input, so a probe never changes anything."""
    hrss = (await tids(api, "hrss"))[0]
    cid = {"conferenceId": conf_id}
    return {
        "invite": (INVITE, {"input": {**cid, "tenantIds": []}}),
        "respond": (RESPOND, {"input": {**cid, "response": "DECLINE"}}),  # no reason
        "recordAttendance": (ATTEND, {"input": {**cid, "entries": []}}),
        "addAgendaItem": (AGENDA, {"input": {**cid, "title": " "}}),
        "saveMinutes": (SAVE, {"input": {**cid, "body": "纪要"}}),  # minutes only once held
        "comment": (COMMENT, {"input": {**cid, "body": "意见"}}),
        "signOff": (SIGN, {"input": cid}),
        "addAddendum": (ADDENDUM, {"input": {**cid, "body": "补充"}}),  # only once locked
        "addDecision": (DECIDE, {"input": {**cid, "text": "决定", "responsibleTenantId": hrss,
                                           "actionItems": [{"description": "事项", "dueDate": due()}]}}),
        "transition": (TRANSITION, {"input": {**cid, "event": "HOLD"}}),  # not scheduled yet
    }  # fmt: skip


@pytest.mark.parametrize("user", sorted(EXPECTED))
async def test_viewer_can_agrees_with_the_mutations(api: Api, conference: dict[str, Any], user: str) -> None:
    who = await actor(api, user)
    can = (await viewer_can(api, who, conference["id"]))["viewerCan"]
    for name, (query, variables) in (await _probes(api, conference["id"])).items():
        code = error_code(await gql(api, who, query, variables))
        assert (code == "FORBIDDEN") == (not can[name]), (user, name, code)
        assert code in ("FORBIDDEN", "BAD_USER_INPUT", "CONFLICT"), (user, name, code)
    token = who if isinstance(who, Token) else await api.token(who)
    r = await api.client.get(
        f"/conferences/{conference['id']}/record.pdf", headers={"Authorization": f"Bearer {token}"}
    )
    assert (r.status_code == 403) == (not can["exportRecord"]), (user, r.status_code)
    # nothing changed: still proposed, hrss the only acceptance
    after = await viewer_can(api, "district.officer", conference["id"])
    assert after["status"] == "PROPOSED" and after["viewerCan"] == RUNS
    assert (await viewer_can(api, "housing.officer", conference["id"]))["viewerCan"] == INVITED
