"""The audit trail: every mutation leaves its event in the same transaction; the trail reads back in order."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy.engine import URL

from concord.graphql.schema import schema
from tests.admin.support import owner_fetch
from tests.helpers import ACCEPT, RETURN, SIGN, Api, create_case, error_code, refer

# Every mutation in the schema and the audit action it must write. A new mutation that is not listed here
# fails test_every_mutation_is_audited: add it here together with a test that it records its event.
MUTATION_ACTIONS = {
    "createCase": "case.create",
    "referCase": "referral.create",
    "signForReferral": "referral.sign",
    "acceptReferral": "referral.accept",
    "returnReferral": "referral.return",
    "createTenant": "tenant.create",
    "updateTenant": "tenant.update",
    "moveTenant": "tenant.move",
    "deactivateTenant": "tenant.deactivate",
    "createUser": "user.create",
    "resetPassword": "user.password.reset",
    "deactivateUser": "user.deactivate",
    "grantRole": "role.grant",
    "revokeRole": "role.revoke",
    "createApiClient": "client.create",
    "rotateApiClientSecret": "client.secret.rotate",
    "revokeApiClient": "client.revoke",
    # tested in tests/documents/test_register.py
    "registerTrustedDocument": "trusted_document.register",
    "revokeTrustedDocument": "trusted_document.revoke",
    "transitionCase": "case.<event>",
    "transitionReferral": "referral.<event>",
    "escalateCase": "case.escalate",
    "assignCase": "referral.create",
    "recordPerformance": "case.performance.record",
    "recordFollowUp": "case.follow_up.record",
    "updateCaseOverlays": "case.overlays.update",
    "superviseCase": "case.supervise",
    "setCalendarOverride": "calendar.override.set",
    "conveneConference": "conference.convene",
    "inviteConferenceParticipants": "conference.participant.invite",
    "respondToConferenceInvitation": "conference.invitation.<response>",
    "recordConferenceAttendance": "conference.attendance.record",
    "addConferenceAgendaItem": "conference.agenda.add",
    "saveConferenceMinutes": "conference.minutes.save",
    "commentOnConferenceMinutes": "conference.minutes.comment",
    "signOffConferenceMinutes": "conference.minutes.sign",
    "addConferenceMinutesAddendum": "conference.minutes.addendum",
    "addConferenceDecision": "conference.decision.add",
    "transitionConference": "conference.<event>",
    # the roster: tested in tests/mediators/test_roster_management.py
    "createMediator": "mediator.create",
    "updateMediator": "mediator.update",
    "setMediatorStatus": "mediator.status",
    "addMediatorOrganisation": "mediator.organisation.add",
    "removeMediatorOrganisation": "mediator.organisation.remove",
    "addMediatorCertificate": "mediator.certificate.add",
    "removeMediatorCertificate": "mediator.certificate.remove",
    "declareMediatorRelative": "mediator.relative.add",
    "removeMediatorRelative": "mediator.relative.remove",
    "linkMediatorUser": "mediator.user.link",
    "renewMediatorTerm": "mediator.term.renew",
    "createSubsidyScheme": "subsidy.scheme.create",
    "setSubsidyRate": "subsidy.rate.set",
    "removeSubsidyRate": "subsidy.rate.remove",
    # tested in tests/assignments/
    "assignMediator": "case.mediators.assign",
    "declareMediatorConflict": "case.mediator_conflict.declare",
    "requestRecusal": "case.recusal.request",
    "decideRecusal": "case.recusal.decide",
    "recordPartyMediatorChoice": "case.mediators.party_choice",
    "recordPartiesContacted": "case.mediators.parties_contacted",
    # the roster (tests/mediators)
    # training and duty rosters (tests/training, tests/duty)
    "createTrainingEvent": "training.create",
    "updateTrainingEvent": "training.update",
    "deleteTrainingEvent": "training.delete",
    "recordTrainingAttendance": "training.attend",
    "removeTrainingAttendance": "training.unattend",
    "publishDutySlots": "duty.publish",
    "removeDutySlot": "duty.remove",
    "logDutyConsultation": "duty.consultation",
}

TRAIL = """query($id: ID!) { node(id: $id) { ... on Case { auditTrail(first: 50) { edges { node {
  seq action actionLabel occurredAt actor { type name } tenant { code } objectType requestId clientAddress
  changes { field before after } hash prevHash } } pageInfo { hasNextPage } } } } }"""


async def _trail(api: Api, user: str, case_id: str) -> list[dict[str, Any]]:
    data = await api.ok(user, TRAIL, {"id": case_id})
    return [e["node"] for e in data["node"]["auditTrail"]["edges"]]


def test_every_mutation_is_audited() -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    assert set(mutation_type.fields) == set(MUTATION_ACTIONS), (
        "every mutation needs an audit action and a test"
    )


async def test_demo_walk_is_in_the_case_trail_in_order(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"审计轨迹测试 {uuid.uuid4().hex[:6]}")
    referral = await refer(api, "court.clerk", case["id"], "docking-centre")
    await api.ok("docking.officer", SIGN, {"id": referral["id"]})
    await api.ok("docking.officer", ACCEPT, {"id": referral["id"]})

    for viewer in ("court.clerk", "docking.officer"):
        trail = await _trail(api, viewer, case["id"])
        # signing for a 委派 (签收) starts the 30-day pre-filing mediation clock
        assert [e["action"] for e in trail] == [
            "case.create",
            "referral.create",
            "referral.sign",
            "deadline.start",
            "referral.accept",
        ]
        assert [e["tenant"]["code"] for e in trail] == [
            "district-court",
            "district-court",
            "docking-centre",
            "docking-centre",
            "docking-centre",
        ]
        assert all(e["actor"]["type"] == "user" and e["actor"]["name"] for e in trail)
        assert trail[0]["actionLabel"] == "登记案件"
        assert all(e["requestId"] and e["hash"] != e["prevHash"] for e in trail)
    changes = {c["field"]: c for c in trail[4]["changes"]}  # referral.accept
    assert changes["status"]["before"] == "SIGNED_FOR"
    assert changes["status"]["after"] == "ACCEPTED"
    created = {c["field"]: c for c in trail[0]["changes"]}
    assert created["title"]["before"] is None
    assert created["status"]["after"] == "REGISTERED"
    # identity numbers in the trail are masked
    assert "*" in created["parties"]["after"][0]["id_number"]


async def test_return_is_audited_with_its_reason(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"退回审计 {uuid.uuid4().hex[:6]}")
    referral = await refer(api, "court.clerk", case["id"], "docking-centre")
    await api.ok("docking.officer", RETURN, {"id": referral["id"], "reason": "非本中心受理范围"})
    trail = await _trail(api, "court.clerk", case["id"])
    assert [e["action"] for e in trail[-2:]] == ["referral.return", "case.bounce"]
    last = trail[-2]
    changes = {c["field"]: c["after"] for c in last["changes"]}
    assert changes["status"] == "RETURNED"
    assert changes["return_reason"] == "非本中心受理范围"


async def test_failed_mutation_leaves_neither_change_nor_event(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"失败无痕 {uuid.uuid4().hex[:6]}")
    referral = await refer(api, "court.clerk", case["id"], "docking-centre")
    before = await _trail(api, "court.clerk", case["id"])
    body = await api.gql("docking.officer", ACCEPT, {"id": referral["id"]})  # not signed for yet
    assert error_code(body) == "BAD_USER_INPUT"
    body = await api.gql("docking.officer", RETURN, {"id": referral["id"], "reason": "  "})
    assert error_code(body) == "BAD_USER_INPUT"
    assert await _trail(api, "court.clerk", case["id"]) == before


async def test_unmasked_identity_read_is_audited(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"身份查看留痕 {uuid.uuid4().hex[:6]}")
    q = "query($id: ID!) { node(id: $id) { ... on Case { parties { idNumber(reveal: true) } } } }"
    await api.ok("court.clerk", q, {"id": case["id"]})
    reads = [e for e in await _trail(api, "court.clerk", case["id"]) if e["action"] == "party.identity.read"]
    assert len(reads) == 1  # only the applicant has an ID number in case_input()
    assert reads[0]["objectType"] == "Party"
    assert {c["field"]: c["after"] for c in reads[0]["changes"]} == {"fields": ["idNumber"]}
    # masked reads are not sensitive and leave nothing
    await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { parties { idNumber } } } }",
        {"id": case["id"]},
    )
    assert (
        len([e for e in await _trail(api, "court.clerk", case["id"]) if e["action"] == "party.identity.read"])
        == 1
    )


async def test_logins_and_failed_logins_are_audited(api: Api, owner_url: URL) -> None:
    marker = f"nobody-{uuid.uuid4().hex[:6]}"
    r = await api.client.post(
        "/auth/token", data={"grant_type": "password", "username": marker, "password": "x"}
    )
    assert r.status_code == 401
    r = await api.client.post(
        "/auth/token", data={"grant_type": "password", "username": "lawyer.li", "password": "demo"}
    )
    assert r.status_code == 200
    failed = await owner_fetch(
        owner_url,
        "SELECT tenant_id, changes FROM audit_events WHERE action = 'auth.login.failed' AND changes->'username'->>1 = $1",
        marker,
    )
    assert len(failed) == 1 and failed[0]["tenant_id"] is None
    ok = await owner_fetch(
        owner_url,
        "SELECT e.actor_name, t.code FROM audit_events e JOIN tenants t ON t.id = e.tenant_id "
        "WHERE e.action = 'auth.login' ORDER BY e.occurred_at DESC LIMIT 1",
    )
    assert ok[0]["code"] == "lawyer-studio"


async def test_fifty_parallel_mutations_make_a_gap_free_chain(api: Api, owner_url: URL) -> None:
    tag = uuid.uuid4().hex[:6]
    await create_case(
        api, "west.mediator", f"并发预热 {tag}"
    )  # the token and the chain head exist before the burst
    results = await asyncio.gather(
        *[create_case(api, "west.mediator", f"并发审计 {tag} {i}") for i in range(50)]
    )
    assert len({c["number"] for c in results}) == 50
    rows = await owner_fetch(
        owner_url,
        "SELECT e.seq FROM audit_events e JOIN tenants t ON t.id = e.chain_id WHERE t.code = 'street-west' ORDER BY e.seq",
    )
    seqs = [r["seq"] for r in rows]
    assert seqs == list(range(1, len(seqs) + 1))
    body = await api.gql(
        "district.admin",
        "query($t: ID!) { verifyAuditChain(tenantId: $t) { ok checkedEvents firstBrokenEventId problem } }",
        {"t": await api.tenant_id("street-west")},
    )
    assert body["data"]["verifyAuditChain"]["ok"] is True, body
    assert body["data"]["verifyAuditChain"]["checkedEvents"] == len(seqs)
