"""GraphQL documents and steps shared by the conference tests."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from concord.kit import clock
from tests.helpers import CHINA, Api, create_case

CONF_FIELDS = """id status title version minutesStatus recordPdfUrl convenor { code } leadTenant { code }
  cases { id number } participants { tenant { code } status representative attendance declineReason delegatedTo { code } }
  agenda { position title case { id } } minutes { number body } minutesSignoffs { tenant { code } version signerName }
  pendingSigners { code } minutesAddenda { number body signerName }
  decisions { text responsibleTenant { code } supportingTenants { code }
    actionItems { id description dueDate status responsibleTenant { code } referral { id status kind } } }"""

CONVENE = f"""mutation($input: ConveneConferenceInput!) {{ conveneConference(input: $input) {{ conference {{ {CONF_FIELDS} }} }} }}"""
INVITE = """mutation($input: InviteParticipantsInput!) { inviteConferenceParticipants(input: $input) {
  conference { participants { tenant { code } status } } } }"""
RESPOND = """mutation($input: RespondToInvitationInput!) { respondToConferenceInvitation(input: $input) {
  participant { status representative declineReason delegatedTo { code } } conference { id } } }"""
ATTEND = """mutation($input: RecordAttendanceInput!) { recordConferenceAttendance(input: $input) {
  conference { participants { tenant { code } attendance } } } }"""
AGENDA = """mutation($input: AddAgendaItemInput!) { addConferenceAgendaItem(input: $input) {
  agendaItem { id position title case { id } } } }"""
SAVE = """mutation($input: SaveMinutesInput!) { saveConferenceMinutes(input: $input) { minutes { number body } } }"""
COMMENT = """mutation($input: MinutesCommentInput!) { commentOnConferenceMinutes(input: $input) {
  comment { body version tenant { code } } } }"""
SIGN = """mutation($input: SignOffMinutesInput!) { signOffConferenceMinutes(input: $input) {
  signoff { version signerName tenant { code } } conference { minutesStatus pendingSigners { code } } } }"""
ADDENDUM = """mutation($input: MinutesAddendumInput!) { addConferenceMinutesAddendum(input: $input) {
  addendum { number body signerName tenant { code } } } }"""
DECIDE = """mutation($input: AddDecisionInput!) { addConferenceDecision(input: $input) {
  decision { text responsibleTenant { code } supportingTenants { code } actionItems { id status dueDate } } } }"""
TRANSITION = """mutation($input: TransitionConferenceInput!) { transitionConference(input: $input) {
  conference { status version cancelReason } } }"""
REFERRAL_T = """mutation($id: ID!, $event: ReferralEvent!, $reason: String) {
  transitionReferral(input: {referralId: $id, event: $event, reason: $reason}) { referral { status } } }"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ id ... on JointConference {{ {CONF_FIELDS} }} }} }}"
TRAIL = """query($id: ID!, $after: String) { node(id: $id) { ... on JointConference { auditTrail(first: 100, after: $after) {
  edges { node { seq action actionLabel occurredAt actor { type name } tenant { code } objectType conferenceId
  changes { field before after } } } pageInfo { hasNextPage endCursor } } } } }"""

DEPARTMENTS = ["hrss", "housing", "petition-bureau"]


def due(days: int = 10) -> str:
    """A due date `days` after today on the business clock, in Beijing (what addConferenceDecision checks)."""
    return (clock.now().astimezone(CHINA).date() + timedelta(days=days)).isoformat()


async def tids(api: Api, *codes: str) -> list[str]:
    return [await api.tenant_id(c) for c in codes]


async def wage_case(api: Api) -> dict[str, Any]:
    return await create_case(
        api,
        "district.officer",
        f"某建筑公司拖欠农民工工资群体纠纷 {uuid.uuid4().hex[:6]}",
        category="LABOUR",
        description="四十余名农民工反映在建项目总包单位拖欠工资，已多次到信访局上访。",
    )


async def convene(api: Api, case_id: str, codes: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    data = await api.ok(
        "district.officer",
        CONVENE,
        {
            "input": {
                "title": "农民工欠薪群体纠纷联席会议",
                "purpose": "研究欠薪清偿方案，明确各部门职责",
                "caseIds": [case_id],
                "chair": "王海峰",
                "participantTenantIds": await tids(api, *(DEPARTMENTS if codes is None else codes)),
                "startsAt": "2026-12-03T09:30:00+08:00",
                "place": "区多元解纷中心第一会议室",
                **extra,
            }
        },
    )
    conf: dict[str, Any] = data["conveneConference"]["conference"]
    return conf


async def accept_all(api: Api, conf_id: str, users: dict[str, str]) -> None:
    for user, rep in users.items():
        await api.ok(
            user, RESPOND, {"input": {"conferenceId": conf_id, "response": "ACCEPT", "representative": rep}}
        )


USERS = {"hrss.officer": "郭卫国", "housing.officer": "住建代表", "petition.officer": "孙红梅"}


async def transition(api: Api, conf_id: str, event: str, **extra: Any) -> dict[str, Any]:
    data = await api.ok(
        "district.officer", TRANSITION, {"input": {"conferenceId": conf_id, "event": event, **extra}}
    )
    out: dict[str, Any] = data["transitionConference"]["conference"]
    return out


async def held_conference(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """A wage-arrears conference with the three departments accepted, scheduled, attendance recorded, held."""
    case = await wage_case(api)
    conf = await convene(api, case["id"])
    await accept_all(api, conf["id"], USERS)
    await transition(api, conf["id"], "SCHEDULE")
    entries = [
        {"tenantId": t, "attendance": a}
        for t, a in zip(await tids(api, *DEPARTMENTS), ["PRESENT", "LATE", "VIDEO"], strict=True)
    ]
    await api.ok("district.officer", ATTEND, {"input": {"conferenceId": conf["id"], "entries": entries}})
    await transition(api, conf["id"], "HOLD")
    return case, conf


async def lock_minutes(api: Api, conf_id: str, body: str = "会议纪要：各部门分工落实欠薪清偿。") -> None:
    await api.ok("district.officer", SAVE, {"input": {"conferenceId": conf_id, "body": body}})
    for user in ["district.officer", *USERS]:
        await api.ok(user, SIGN, {"input": {"conferenceId": conf_id}})


async def trail(api: Api, user: str, conf_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after = None
    while True:
        data = await api.ok(user, TRAIL, {"id": conf_id, "after": after})
        t = data["node"]["auditTrail"]
        out += [e["node"] for e in t["edges"]]
        if not t["pageInfo"]["hasNextPage"]:
            return out
        after = t["pageInfo"]["endCursor"]
