"""Each conference mutation: happy path, a role without the permission (FORBIDDEN), another tenant (NOT_FOUND);
minutes locking (edit after sign-off → CONFLICT; a signed addendum instead); invitations; cancellation."""

from __future__ import annotations

from typing import Any

from tests.conferences.support import (
    ADDENDUM,
    AGENDA,
    ATTEND,
    COMMENT,
    CONVENE,
    DECIDE,
    INVITE,
    NODE,
    RESPOND,
    SAVE,
    SIGN,
    TRANSITION,
    USERS,
    convene,
    due,
    held_conference,
    lock_minutes,
    tids,
    trail,
    transition,
    wage_case,
)
from tests.helpers import NODE_CASE, Api, error_code


async def _mutations(api: Api, conf_id: str, case_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    hrss = (await tids(api, "hrss"))[0]
    return {
        "convene": (CONVENE, {"input": {"title": "x", "caseIds": [case_id], "chair": "x"}}),
        "invite": (INVITE, {"input": {"conferenceId": conf_id, "tenantIds": [hrss]}}),
        "attend": (ATTEND, {"input": {"conferenceId": conf_id, "entries": [{"tenantId": hrss, "attendance": "PRESENT"}]}}),
        "agenda": (AGENDA, {"input": {"conferenceId": conf_id, "title": "议题"}}),
        "save": (SAVE, {"input": {"conferenceId": conf_id, "body": "纪要"}}),
        "addendum": (ADDENDUM, {"input": {"conferenceId": conf_id, "body": "补充"}}),
        "decide": (DECIDE, {"input": {"conferenceId": conf_id, "text": "决定", "responsibleTenantId": hrss,
                                      "actionItems": [{"description": "事项", "dueDate": due()}]}}),
        "transition": (TRANSITION, {"input": {"conferenceId": conf_id, "event": "CANCEL", "reason": "x"}}),
        "respond": (RESPOND, {"input": {"conferenceId": conf_id, "response": "ACCEPT", "representative": "x"}}),
        "comment": (COMMENT, {"input": {"conferenceId": conf_id, "body": "意见"}}),
        "sign": (SIGN, {"input": {"conferenceId": conf_id}}),
    }  # fmt: skip


CONVENE_ONLY = {"convene", "invite", "attend", "agenda", "save", "addendum", "decide", "transition"}


async def test_denied_and_other_tenant(api: Api) -> None:
    case = await wage_case(api)
    conf = await convene(api, case["id"])
    muts = await _mutations(api, conf["id"], case["id"])
    # A department officer may take part but not convene or run a conference.
    for name in CONVENE_ONLY:
        query, variables = muts[name]
        assert error_code(await api.gql("hrss.officer", query, variables)) == "FORBIDDEN", name
    # A lawyer has no conference permission at all; an auditor only reads.
    for name in ("respond", "comment", "sign"):
        query, variables = muts[name]
        assert error_code(await api.gql("lawyer.li", query, variables)) == "FORBIDDEN", name
    # Another tenant learns nothing: NOT_FOUND for every participant mutation, the node and the case.
    for name in ("respond", "comment", "sign"):
        query, variables = muts[name]
        assert error_code(await api.gql("medical.mediator", query, variables)) == "NOT_FOUND", name
    for obj in (conf["id"], case["id"]):
        body = await api.gql("medical.mediator", "query($id: ID!) { node(id: $id) { id } }", {"id": obj})
        assert error_code(body) == "NOT_FOUND"
    # The court clerk may take part in conferences, but not in this one.
    query, variables = muts["respond"]
    assert error_code(await api.gql("court.clerk", query, variables)) == "NOT_FOUND"
    # An invited but not-yet-accepted department sees the conference, but not the case yet.
    seen = (await api.ok("housing.officer", NODE, {"id": conf["id"]}))["node"]
    assert seen["cases"] == []
    assert error_code(await api.gql("housing.officer", NODE_CASE, {"id": case["id"]})) == "NOT_FOUND"
    # A participant (not the convenor) with a convening role still may not run it: relation, not role.
    east_conf = await convene(api, case["id"], codes=["street-east"])
    body = await api.gql(
        "east.mediator",
        TRANSITION,
        {"input": {"conferenceId": east_conf["id"], "event": "CANCEL", "reason": "x"}},
    )
    assert error_code(body) == "FORBIDDEN"


async def test_convene_requires_a_visible_case(api: Api) -> None:
    other = await wage_case(api)  # district-centre's case; medical-committee cannot see it
    body = await api.gql(
        "district.officer",
        CONVENE,
        {"input": {"title": "x", "caseIds": [], "chair": "x"}},
    )
    assert error_code(body) == "BAD_USER_INPUT"
    from tests.helpers import create_case

    hidden = await create_case(api, "medical.mediator", "某医院医疗纠纷")
    body = await api.gql(
        "district.officer",
        CONVENE,
        {"input": {"title": "x", "caseIds": [other["id"], hidden["id"]], "chair": "x"}},
    )
    # district-centre supervises medical-committee, so it sees the case; the court's case it does not see.
    court_case = await create_case(api, "court.clerk", "法院案件")
    body = await api.gql(
        "district.officer",
        CONVENE,
        {"input": {"title": "x", "caseIds": [other["id"], court_case["id"]], "chair": "x"}},
    )
    assert error_code(body) == "NOT_FOUND"


async def test_invitations_decline_and_delegate(api: Api) -> None:
    case = await wage_case(api)
    conf = await convene(api, case["id"])
    cid = conf["id"]
    body = await api.gql("hrss.officer", RESPOND, {"input": {"conferenceId": cid, "response": "DECLINE"}})
    assert error_code(body) == "BAD_USER_INPUT"
    declined = await api.ok(
        "hrss.officer",
        RESPOND,
        {"input": {"conferenceId": cid, "response": "DECLINE", "reason": "非本部门职责"}},
    )
    assert declined["respondToConferenceInvitation"]["participant"]["declineReason"] == "非本部门职责"
    body = await api.gql(
        "hrss.officer", RESPOND, {"input": {"conferenceId": cid, "response": "ACCEPT", "representative": "x"}}
    )
    assert error_code(body) == "CONFLICT"
    civil = (await tids(api, "civil-affairs"))[0]
    delegated = await api.ok(
        "petition.officer",
        RESPOND,
        {
            "input": {
                "conferenceId": cid,
                "response": "DELEGATE",
                "delegateTenantId": civil,
                "reason": "由民政局参会",
            }
        },
    )
    assert delegated["respondToConferenceInvitation"]["participant"]["delegatedTo"] == {
        "code": "civil-affairs"
    }
    await api.ok(
        "civil.officer",
        RESPOND,
        {"input": {"conferenceId": cid, "response": "ACCEPT", "representative": "胡玉珍"}},
    )
    node = (await api.ok("civil.officer", NODE, {"id": cid}))["node"]
    status = {p["tenant"]["code"]: p["status"] for p in node["participants"]}
    assert status == {
        "hrss": "DECLINED",
        "housing": "INVITED",
        "petition-bureau": "DELEGATED",
        "civil-affairs": "ACCEPTED",
    }
    assert [c["id"] for c in node["cases"]] == [case["id"]]
    actions = [e["action"] for e in await trail(api, "civil.officer", cid)]
    assert actions.count("conference.participant.invite") == 4
    assert {
        "conference.invitation.decline",
        "conference.invitation.delegate",
        "conference.invitation.accept",
    } <= set(actions)


async def test_minutes_lock_and_addendum(api: Api) -> None:
    _case, conf = await held_conference(api)
    cid = conf["id"]
    # Addenda only once locked.
    assert (
        error_code(await api.gql("district.officer", ADDENDUM, {"input": {"conferenceId": cid, "body": "x"}}))
        == "BAD_USER_INPUT"
    )
    await api.ok("district.officer", SAVE, {"input": {"conferenceId": cid, "body": "第一稿"}})
    # Stale version → CONFLICT.
    body = await api.gql(
        "district.officer", SAVE, {"input": {"conferenceId": cid, "body": "x", "expectedVersion": 0}}
    )
    assert error_code(body) == "CONFLICT"
    signed = await api.ok("hrss.officer", SIGN, {"input": {"conferenceId": cid}})
    assert signed["signOffConferenceMinutes"]["signoff"]["signerName"] == "郭卫国"
    assert error_code(await api.gql("hrss.officer", SIGN, {"input": {"conferenceId": cid}})) == "CONFLICT"
    # A new draft needs everyone to sign again.
    await api.ok(
        "district.officer", SAVE, {"input": {"conferenceId": cid, "body": "第二稿", "expectedVersion": 1}}
    )
    await lock_minutes(api, cid, "定稿")
    node = (await api.ok("petition.officer", NODE, {"id": cid}))["node"]
    assert (
        node["minutesStatus"] == "LOCKED" and node["minutes"]["number"] == 3 and node["pendingSigners"] == []
    )
    # Locked: every edit, comment or sign-off answers CONFLICT.
    for user, query, variables in (
        ("district.officer", SAVE, {"input": {"conferenceId": cid, "body": "改一下"}}),
        ("hrss.officer", COMMENT, {"input": {"conferenceId": cid, "body": "意见"}}),
        ("hrss.officer", SIGN, {"input": {"conferenceId": cid}}),
    ):
        assert error_code(await api.gql(user, query, variables)) == "CONFLICT"
    # Only the convenor adds the (signed) addendum.
    assert (
        error_code(await api.gql("hrss.officer", ADDENDUM, {"input": {"conferenceId": cid, "body": "x"}}))
        == "FORBIDDEN"
    )
    added = await api.ok(
        "district.officer", ADDENDUM, {"input": {"conferenceId": cid, "body": "更正：会议地点为第二会议室。"}}
    )
    assert added["addConferenceMinutesAddendum"]["addendum"] == {
        "number": 1, "body": "更正：会议地点为第二会议室。", "signerName": "王海峰", "tenant": {"code": "district-centre"},
    }  # fmt: skip
    node = (await api.ok("hrss.officer", NODE, {"id": cid}))["node"]
    assert node["minutes"]["body"] == "定稿"  # never edited
    actions = [e["action"] for e in await trail(api, "hrss.officer", cid)]
    assert actions.count("conference.minutes.save") == 3
    assert actions.count("conference.minutes.lock") == 1
    assert actions[-1] == "conference.minutes.addendum"


async def test_lifecycle_guards_and_cancel(api: Api) -> None:
    case = await wage_case(api)
    conf = await convene(api, case["id"])
    cid = conf["id"]
    # Nobody accepted yet: cannot be scheduled.
    body = await api.gql(
        "district.officer", TRANSITION, {"input": {"conferenceId": cid, "event": "SCHEDULE"}}
    )
    assert error_code(body) == "BAD_USER_INPUT"
    # Holding before scheduling is premature.
    body = await api.gql("district.officer", TRANSITION, {"input": {"conferenceId": cid, "event": "HOLD"}})
    assert error_code(body) == "BAD_USER_INPUT"
    body = await api.gql("district.officer", TRANSITION, {"input": {"conferenceId": cid, "event": "CANCEL"}})
    assert error_code(body) == "BAD_USER_INPUT"
    out = await transition(api, cid, "CANCEL", reason="当事人已自行和解")
    assert out["status"] == "CANCELLED" and out["cancelReason"] == "当事人已自行和解"
    # Anything after cancellation answers CONFLICT.
    assert (
        error_code(await api.gql("district.officer", AGENDA, {"input": {"conferenceId": cid, "title": "x"}}))
        == "CONFLICT"
    )
    body = await api.gql(
        "hrss.officer", RESPOND, {"input": {"conferenceId": cid, "response": "ACCEPT", "representative": "x"}}
    )
    assert error_code(body) == "CONFLICT"


async def test_issue_requires_locked_minutes_and_decisions(api: Api) -> None:
    _case, conf = await held_conference(api)
    cid = conf["id"]
    body = await api.gql(
        "district.officer", TRANSITION, {"input": {"conferenceId": cid, "event": "ISSUE_DECISIONS"}}
    )
    assert error_code(body) == "BAD_USER_INPUT"
    await lock_minutes(api, cid)
    body = await api.gql(
        "district.officer", TRANSITION, {"input": {"conferenceId": cid, "event": "ISSUE_DECISIONS"}}
    )
    assert error_code(body) == "BAD_USER_INPUT"  # no decision yet
    medical = (await tids(api, "medical-committee"))[0]
    body = await api.gql(
        "district.officer",
        DECIDE,
        {"input": {"conferenceId": cid, "text": "x", "responsibleTenantId": medical,
                   "actionItems": [{"description": "x", "dueDate": due()}]}},
    )  # fmt: skip
    assert error_code(body) == "BAD_USER_INPUT"  # not a participant
    hrss = (await tids(api, "hrss"))[0]
    body = await api.gql(
        "district.officer",
        DECIDE,
        {"input": {"conferenceId": cid, "text": "x", "responsibleTenantId": hrss,
                   "actionItems": [{"description": "x", "dueDate": "2020-01-01"}]}},
    )  # fmt: skip
    assert error_code(body) == "BAD_USER_INPUT"  # due date in the past
    assert set(USERS) == {"hrss.officer", "housing.officer", "petition.officer"}
