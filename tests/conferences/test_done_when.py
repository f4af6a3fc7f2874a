"""The issue's Done-when, end to end over HTTP: district.officer convenes a conference on a wage-arrears case with
hrss, housing and petition-bureau; they accept; attendance, minutes, sign-off and two decisions with action items
are recorded; hrss sees the case and its action item, medical-committee sees neither; after every action item is
closed the conference closes; its auditTrail shows every step and the chain verifies; the PDF shows it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from pypdf import PdfReader

from concord.cases.lifecycle import set_supervision
from concord.deadlines.watcher import sweep
from concord.kit import clock
from tests.conferences.support import (
    AGENDA,
    COMMENT,
    DECIDE,
    NODE,
    REFERRAL_T,
    SAVE,
    SIGN,
    held_conference,
    tids,
    trail,
    transition,
)
from tests.helpers import CHINA, NODE_CASE, Api, error_code

# The conference meets on Thursday 3 December 2026 (support.convene schedules it for 9:30 that day); the test
# runs that afternoon on the business clock, so the action items' deadlines fall on known dates.
CONFERENCE_DAY = datetime(2026, 12, 3, 15, 0, tzinfo=CHINA)
CASE_DEADLINES = (
    "query($id: ID!) { node(id: $id) { ... on Case { supervisionLevel deadlines { step status dueDate } } } }"
)

AUDIT_TRAIL_ACTIONS = {
    "conference.convene",
    "conference.participant.invite",
    "conference.invitation.accept",
    "conference.schedule",
    "conference.attendance.record",
    "conference.hold",
    "conference.agenda.add",
    "conference.minutes.save",
    "conference.minutes.comment",
    "conference.minutes.sign",
    "conference.minutes.lock",
    "conference.decision.add",
    "conference.action_item.add",
    "conference.issue_decisions",
    "referral.create",
    "conference.action_item.assign",
    "referral.sign",
    "referral.accept",
    "referral.start",
    "referral.report",
    "referral.approve",
    "referral.close",
    "conference.close",
    "conference.action_item.close",
}


def _pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"[\s\x00]+", "", "".join(p.extract_text() or "" for p in reader.pages))


@pytest.fixture
def conference_day() -> Iterator[datetime]:
    with clock.frozen(CONFERENCE_DAY) as at:
        yield at


async def test_done_when(api: Api, conference_day: datetime) -> None:
    case, conf = await held_conference(api)
    cid = conf["id"]
    assert [p["status"] for p in conf["participants"]] == ["INVITED"] * 3
    hrss, housing, petition = await tids(api, "hrss", "housing", "petition-bureau")

    await api.ok(
        "district.officer",
        AGENDA,
        {"input": {"conferenceId": cid, "title": "欠薪清偿方案", "caseId": case["id"]}},
    )
    await api.ok(
        "district.officer",
        SAVE,
        {"input": {"conferenceId": cid, "body": "纪要初稿：人社局牵头核实欠薪数额。"}},
    )
    await api.ok("hrss.officer", COMMENT, {"input": {"conferenceId": cid, "body": "建议写明核实期限。"}})
    minutes = "会议纪要：人社局牵头核实欠薪数额并督促清偿，住建委约谈总包单位，信访局做好群众接待。"
    await api.ok(
        "district.officer", SAVE, {"input": {"conferenceId": cid, "body": minutes, "expectedVersion": 1}}
    )
    for user in ("district.officer", "hrss.officer", "housing.officer", "petition.officer"):
        data = await api.ok(user, SIGN, {"input": {"conferenceId": cid, "expectedVersion": 2}})
    assert data["signOffConferenceMinutes"]["conference"]["minutesStatus"] == "LOCKED"

    d1 = await api.ok(
        "district.officer",
        DECIDE,
        {"input": {"conferenceId": cid, "text": "由人社局牵头核实欠薪并督促清偿，信访局配合。",
                   "responsibleTenantId": hrss, "supportingTenantIds": [petition],
                   "actionItems": [{"description": "核实欠薪人数和金额，督促限期清偿", "dueDate": "2026-12-14"}]}},
    )  # fmt: skip
    assert d1["addConferenceDecision"]["decision"]["supportingTenants"] == [{"code": "petition-bureau"}]
    await api.ok(
        "district.officer",
        DECIDE,
        {"input": {"conferenceId": cid, "text": "由住建委约谈总包单位，落实工资保证金。",
                   "responsibleTenantId": housing,
                   "actionItems": [{"description": "约谈总包单位并动用工资保证金", "dueDate": "2026-12-18"}]}},
    )  # fmt: skip
    assert (await transition(api, cid, "ISSUE_DECISIONS"))["status"] == "DECISIONS_ISSUED"

    node = (await api.ok("district.officer", NODE, {"id": cid}))["node"]
    items = [i for d in node["decisions"] for i in d["actionItems"]]
    assert [i["status"] for i in items] == ["OPEN", "OPEN"]
    assert all(i["referral"]["kind"] == "ASSIGNED" and i["referral"]["status"] == "SENT" for i in items)

    # hrss sees the conference, the case and its action item; medical-committee sees none of them.
    seen = (await api.ok("hrss.officer", NODE, {"id": cid}))["node"]
    assert [c["id"] for c in seen["cases"]] == [case["id"]]
    assert (await api.ok("hrss.officer", NODE_CASE, {"id": case["id"]}))["node"]["id"] == case["id"]
    hrss_item = next(
        i for d in seen["decisions"] for i in d["actionItems"] if i["responsibleTenant"]["code"] == "hrss"
    )
    assert (
        await api.ok("hrss.officer", "query($id: ID!) { node(id: $id) { id } }", {"id": hrss_item["id"]})
    )["node"]
    for obj in (cid, case["id"], hrss_item["id"], hrss_item["referral"]["id"]):
        body = await api.gql("medical.mediator", "query($id: ID!) { node(id: $id) { id } }", {"id": obj})
        assert error_code(body) == "NOT_FOUND", obj
    listed = await api.ok("medical.mediator", "{ conferences(first: 50) { edges { node { id } } } }")
    assert cid not in [e["node"]["id"] for e in listed["conferences"]["edges"]]

    # Not closable while action items are open.
    body = await api.gql(
        "district.officer",
        "mutation($id: ID!) { transitionConference(input: {conferenceId: $id, event: CLOSE}) { conference { status } } }",
        {"id": cid},
    )
    assert error_code(body) == "BAD_USER_INPUT"

    # An overdue action item raises supervision through the ordinary deadline watcher. On Wednesday 16 December
    # the first item (due Monday 14th, 23:59:59) is overdue and the second (due Friday 18th) is due soon.
    with clock.frozen(datetime(2026, 12, 16, 10, 0, tzinfo=CHINA)):
        report = await sweep(api.app.state.db.sessions, supervise=set_supervision)
    assert report.ran and report.overdue >= 1
    sup = (await api.ok("district.officer", CASE_DEADLINES, {"id": case["id"]}))["node"]
    assert [(d["step"], d["status"], d["dueDate"]) for d in sup["deadlines"]] == [
        ("ACTION_ITEM", "OVERDUE", "2026-12-14"),
        ("ACTION_ITEM", "DUE_SOON", "2026-12-18"),
    ]
    assert sup["supervisionLevel"] == "SUPERVISED"

    # Each responsible department works its hand-off; the convenor approves and closes it.
    for item in items:
        user = "hrss.officer" if item["responsibleTenant"]["code"] == "hrss" else "housing.officer"
        rid = item["referral"]["id"]
        for event, reason in (
            ("SIGN", None),
            ("ACCEPT", None),
            ("START", None),
            ("REPORT", "已办结：清偿到位"),
        ):
            await api.ok(user, REFERRAL_T, {"id": rid, "event": event, "reason": reason})
        for event in ("APPROVE", "CLOSE"):
            await api.ok("district.officer", REFERRAL_T, {"id": rid, "event": event, "reason": None})
    assert (await transition(api, cid, "CLOSE"))["status"] == "CLOSED"
    closed = (await api.ok("hrss.officer", NODE, {"id": cid}))["node"]
    assert [i["status"] for d in closed["decisions"] for i in d["actionItems"]] == ["CLOSED", "CLOSED"]
    # Read access to the case is kept after closure (the conference is part of the record).
    assert (await api.ok("hrss.officer", NODE_CASE, {"id": case["id"]}))["node"]["id"] == case["id"]

    # The trail: every step, oldest first, readable by every participant.
    events = await trail(api, "hrss.officer", cid)
    actions = [e["action"] for e in events]
    assert set(actions) >= AUDIT_TRAIL_ACTIONS, AUDIT_TRAIL_ACTIONS - set(actions)
    assert actions[0] == "conference.convene" and actions[-1] == "conference.action_item.close"
    times = [e["occurredAt"] for e in events]
    assert times == sorted(times)
    assert all(e["actor"]["name"] and e["tenant"]["code"] for e in events)
    assert {e["tenant"]["code"] for e in events} >= {"district-centre", "hrss", "housing", "petition-bureau"}
    assert events[0]["actionLabel"] == "发起联席会议"
    assert await trail(api, "district.officer", cid) == events
    for code in ("district-centre", "hrss", "housing", "petition-bureau"):
        v = await api.ok(
            "admin", "query($t: ID!) { verifyAuditChain(tenantId: $t) { ok checkedEvents problem } }",
            {"t": await api.tenant_id(code)},
        )  # fmt: skip
        assert v["verifyAuditChain"]["ok"], (code, v)

    # The printable record.
    token = await api.token("hrss.officer")
    r = await api.client.get(closed["recordPdfUrl"], headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert b"/FontFile" in r.content  # the Chinese font is embedded
    text = _pdf_text(r.content)
    assert re.sub(r"\s+", "", minutes) in text
    for expected in (
        "联席会议卷宗",
        "郭卫国",
        "核实欠薪人数和金额",
        "发起联席会议",
        "会签会议纪要",
        "联席会议办结",
        "conference.close",
    ):
        assert expected in text, expected
    r = await api.client.get(
        closed["recordPdfUrl"], headers={"Authorization": f"Bearer {await api.token('medical.mediator')}"}
    )
    assert r.status_code == 404
    assert (await api.client.get(closed["recordPdfUrl"])).status_code == 401
    # The export itself is on the trail.
    assert (await trail(api, "district.officer", cid))[-1]["action"] == "conference.record.export"
