"""Who sees what of the audit trail (issue 14): an event on a case shows its contents only to a viewer who may
read cases and sees that case; the platform administrator (audit, no case data) gets the metadata; identity
reveals are one event per party per request, listing the fields revealed."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.helpers import Api, create_case

EVENTS = """query($f: AuditEventFilter) { auditEvents(first: 50, filter: $f) { edges { node {
  action actionLabel objectType objectId caseId occurredAt actor { type name } tenant { code } requestId
  contentsRedacted changes { field before after } } } } }"""


async def _events(api: Api, user: str, case_id: str) -> tuple[list[dict[str, Any]], str]:
    body = await api.ok(user, EVENTS, {"f": {"caseId": case_id}})
    return [e["node"] for e in body["auditEvents"]["edges"]], json.dumps(body, ensure_ascii=False)


async def test_platform_admin_sees_case_events_without_their_contents(api: Api) -> None:
    title = f"平台管理员不应看到 {uuid.uuid4().hex[:6]}"
    case = await create_case(api, "court.clerk", title)
    events, raw = await _events(api, "admin", case["id"])
    created = [e for e in events if e["action"] == "case.create"]
    assert len(created) == 1  # the event itself is listed: it belongs to the platform's subtree
    ev = created[0]
    # metadata only
    assert ev["objectType"] == "Case" and ev["objectId"] == case["id"] and ev["caseId"] == case["id"]
    assert ev["actor"]["type"] == "user" and ev["actor"]["name"] and ev["tenant"]["code"] == "district-court"
    assert ev["occurredAt"] and ev["requestId"]
    assert all(e["changes"] is None and e["contentsRedacted"] is True for e in events)
    # no case data anywhere in the answer: not the title, not a party's name
    assert title not in raw and "张三" not in raw and "李四" not in raw


async def test_a_tenant_that_sees_the_case_sees_the_contents(api: Api) -> None:
    title = f"区中心可见 {uuid.uuid4().hex[:6]}"
    case = await create_case(api, "e1.worker", title)  # community-e1 is in district-centre's subtree
    events, raw = await _events(api, "district.admin", case["id"])
    created = [e for e in events if e["action"] == "case.create"]
    assert len(created) == 1 and created[0]["contentsRedacted"] is False
    changes = {c["field"]: c["after"] for c in created[0]["changes"]}
    assert changes["title"] == title
    assert [p["name"] for p in changes["parties"]] == ["张三", "李四"]
    # the same events, seen by the platform administrator, keep their metadata and lose their contents
    admin_events, admin_raw = await _events(api, "admin", case["id"])
    assert [(e["action"], e["objectId"]) for e in admin_events] == [
        (e["action"], e["objectId"]) for e in events
    ]
    assert title in raw and title not in admin_raw


async def test_another_tenant_sees_nothing_of_the_case(api: Api) -> None:
    title = f"法院内部 {uuid.uuid4().hex[:6]}"
    case = await create_case(api, "court.clerk", title)
    events, raw = await _events(api, "district.admin", case["id"])
    assert events == [] and title not in raw


async def test_events_on_no_case_keep_their_contents_for_the_platform_admin(api: Api) -> None:
    code = f"t-{uuid.uuid4().hex[:6]}"
    await api.ok(
        "admin",
        """mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id } } }""",
        {
            "i": {
                "code": code,
                "name": f"测试机构 {code}",
                "kind": "CENTRE",
                "tier": "COMMUNITY",
                "parentId": await api.tenant_id("street-east"),
            }
        },
    )
    body = await api.ok("admin", EVENTS, {"f": {"action": "tenant.create"}})
    mine = [
        e["node"]
        for e in body["auditEvents"]["edges"]
        if any(c["field"] == "code" and c["after"] == code for c in e["node"]["changes"] or [])
    ]
    assert len(mine) == 1 and mine[0]["contentsRedacted"] is False


REVEAL = """query($id: ID!) { node(id: $id) { ... on Case { parties { name idNumber(reveal: true)
  phone(reveal: true) } again: parties { idNumber(reveal: true) } } } }"""

TRAIL = """query($id: ID!) { node(id: $id) { ... on Case { auditTrail(first: 50) { edges { node {
  action objectId requestId changes { field before after } } } } } } }"""


async def test_one_reveal_is_one_event_per_party_listing_the_fields(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"一次查看一条 {uuid.uuid4().hex[:6]}")
    await api.ok("court.clerk", REVEAL, {"id": case["id"]})
    body = await api.ok("court.clerk", TRAIL, {"id": case["id"]})
    trail = [e["node"] for e in body["node"]["auditTrail"]["edges"]]
    reads = [e for e in trail if e["action"] == "party.identity.read"]
    # 张三 (ID number and phone, the ID number selected twice) and 李四 (phone only, no ID number): two events
    assert len(reads) == 2
    assert len({e["requestId"] for e in reads}) == 1 and len({e["objectId"] for e in reads}) == 2
    fields = sorted(tuple(next(c["after"] for c in e["changes"] if c["field"] == "fields")) for e in reads)
    assert fields == [("idNumber", "phone"), ("phone",)]
    # another view is another event per party
    await api.ok("court.clerk", REVEAL, {"id": case["id"]})
    body = await api.ok("court.clerk", TRAIL, {"id": case["id"]})
    assert (
        len([e for e in body["node"]["auditTrail"]["edges"] if e["node"]["action"] == "party.identity.read"])
        == 4
    )
