"""Reading cases: who sees what (ownership, referrals, supervision down the tenant tree), filters, keyset
pagination, `node(id:)`, `viewer` and `tenants`.

Expectations about the demo district are computed from `concord.demo.data`, the same data the harness loads.
Tests that need exact numbers create their own cases, tagged with a unique fragment in the title."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from concord.demo.data import CASES, COORDINATION, TENANTS, USERS
from concord.kit.ids import to_global_id
from tests.helpers import NODE_CASE, REFER, Api, create_case, error_code, error_field, refer

CASES_QUERY = """
query($first: Int, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title status category createdAt ownerTenant { code } } }
  }
}"""

DEMO_TITLES = {c["title"] for c in CASES}
USER_TENANT = {u["username"]: u["tenant"] for u in USERS}


def tag() -> str:
    return f"Q{uuid.uuid4().hex[:10]}"


def subtree(code: str) -> set[str]:
    """A tenant and all its descendants, from the demo tenant tree."""
    found = {code}
    changed = True
    while changed:
        changed = False
        for t in TENANTS:
            if t["parent"] in found and t["code"] not in found:
                found.add(t["code"])
                changed = True
    return found


def demo_visible_to(code: str) -> set[str]:
    """Demo case titles a tenant sees: owned, or referred from/to, by a tenant of its case scope — it, its
    descendants, and the tenants (with theirs) that it or a descendant coordinates (统筹协调)."""
    below = subtree(code)
    seen = below.union(*(subtree(b) for a, b in COORDINATION if a in below))
    return {
        c["title"]
        for c in CASES
        if c["owner"] in seen or any(r["from_"] in seen or r["to"] in seen for r in c["referrals"])
    }


def court_only_titles() -> set[str]:
    """Cases the court owns whose referrals never left the court and its docking centre."""
    court = {"district-court", "docking-centre"}
    return {
        c["title"]
        for c in CASES
        if c["owner"] == "district-court" and all({r["from_"], r["to"]} <= court for r in c["referrals"])
    }


async def cases_page(api: Api, user: str, **variables: Any) -> dict[str, Any]:
    data = await api.ok(user, CASES_QUERY, variables)
    conn: dict[str, Any] = data["cases"]
    return conn


def titles(conn: dict[str, Any]) -> list[str]:
    return [e["node"]["title"] for e in conn["edges"]]


async def all_titles(api: Api, user: str, **filter_: Any) -> list[str]:
    """Every case the user sees, page by page."""
    out: list[str] = []
    after = None
    while True:
        conn = await cases_page(api, user, first=100, after=after, filter=filter_ or None)
        out += titles(conn)
        if not conn["pageInfo"]["hasNextPage"]:
            return out
        after = conn["pageInfo"]["endCursor"]


async def by_text(api: Api, user: str, text: str, **filter_: Any) -> list[str]:
    return titles(await cases_page(api, user, first=100, filter={"text": text, **filter_}))


async def demo_case_ids(api: Api) -> dict[str, str]:
    """Global ids of the demo cases, by title, as the clerk of the court and others see them."""
    ids: dict[str, str] = {}
    for user in ("court.clerk", "district.officer", "petition.officer", "hrss.officer"):
        after = None
        while True:
            data = await api.ok(
                user,
                "query($after: String) { cases(first: 100, after: $after) {"
                " pageInfo { hasNextPage endCursor } edges { node { id title } } } }",
                {"after": after},
            )
            ids.update({e["node"]["title"]: e["node"]["id"] for e in data["cases"]["edges"]})
            if not data["cases"]["pageInfo"]["hasNextPage"]:
                break
            after = data["cases"]["pageInfo"]["endCursor"]
    return ids


async def assert_not_found(api: Api, user: str, case_id: str) -> None:
    body = await api.gql(user, NODE_CASE, {"id": case_id})
    assert error_code(body) == "NOT_FOUND", (user, body)
    assert body["data"]["node"] is None


async def assert_found(api: Api, user: str, case_id: str) -> None:
    data = await api.ok(user, NODE_CASE, {"id": case_id})
    assert data["node"]["id"] == case_id, user


# --- visibility ----------------------------------------------------------------------------------------


async def test_court_clerk_sees_the_courts_cases(api: Api) -> None:
    court_id = await api.tenant_id("district-court")
    conn = await cases_page(api, "court.clerk", first=100, filter={"ownerTenantId": court_id})
    assert {e["node"]["ownerTenant"]["code"] for e in conn["edges"]} == {"district-court"}
    # Every page, not the first: cases other tests register for the court come first (newest first), and
    # whether the demo's still fit on one page would depend on which tests ran before.
    expected = {c["title"] for c in CASES if c["owner"] == "district-court"}
    assert expected <= set(await all_titles(api, "court.clerk", ownerTenantId=court_id))


@pytest.mark.parametrize("user", [u["username"] for u in USERS if u["username"] != "admin"])
async def test_each_user_sees_exactly_its_demo_cases(api: Api, user: str) -> None:
    seen = set(await all_titles(api, user)) & DEMO_TITLES
    assert seen == demo_visible_to(USER_TENANT[user])


async def test_district_centre_does_not_see_court_only_cases(api: Api) -> None:
    hidden = court_only_titles()
    assert len(hidden) == 5  # the demo data this test is about
    ids = await demo_case_ids(api)
    visible = set(await all_titles(api, "district.admin"))
    assert not hidden & visible
    for title in sorted(hidden):
        assert await by_text(api, "district.admin", title) == []
        await assert_not_found(api, "district.admin", ids[title])
    # The court cases that were handed on into the centre's subtree are visible to it (supervision).
    handed_on = {c["title"] for c in CASES if c["owner"] == "district-court"} - hidden
    assert handed_on and handed_on <= visible


async def test_supervision_runs_down_the_tenant_tree(api: Api) -> None:
    t = tag()
    case = await create_case(api, "e1.worker", f"{t}社区案件")
    for user in ("e1.worker", "east.mediator", "district.officer", "district.admin"):
        await assert_found(api, user, case["id"])
        assert await by_text(api, user, t) == [case["title"]], user
    for user in ("west.mediator", "medical.mediator", "court.clerk", "hrss.officer"):
        await assert_not_found(api, user, case["id"])
        assert await by_text(api, user, t) == [], user


async def test_supervision_does_not_run_up_the_tree(api: Api) -> None:
    case = await create_case(api, "east.mediator", f"{tag()}街道案件")
    await assert_found(api, "district.officer", case["id"])
    await assert_not_found(api, "e1.worker", case["id"])


async def test_referral_makes_a_case_visible_to_the_receiver(api: Api) -> None:
    t = tag()
    case = await create_case(api, "court.clerk", f"{t}委派")
    await assert_not_found(api, "docking.officer", case["id"])  # a child does not see its parent's cases

    referral = await refer(api, "court.clerk", case["id"], "docking-centre")
    assert referral["status"] == "SENT"

    await assert_found(api, "docking.officer", case["id"])
    assert await by_text(api, "docking.officer", t) == [case["title"]]
    data = await api.ok(
        "docking.officer",
        "query($id: ID!) { node(id: $id) { ... on Case { referrals { edges { node { id status"
        " fromTenant { code } toTenant { code } } } } } } }",
        {"id": case["id"]},
    )
    assert [e["node"] for e in data["node"]["referrals"]["edges"]] == [
        {
            "id": referral["id"],
            "status": "SENT",
            "fromTenant": {"code": "district-court"},
            "toTenant": {"code": "docking-centre"},
        }
    ]
    for user in ("medical.mediator", "district.admin"):
        await assert_not_found(api, user, case["id"])
        assert await by_text(api, user, t) == [], user


@pytest.mark.parametrize(
    ("sender", "receiver_tenant", "receiver", "kind", "also_seen_by"),
    [
        pytest.param(
            "e1.worker", "labour-committee", "labour.mediator", "TRANSFERRED", [], id="leaf-to-committee"
        ),
        pytest.param(
            "court.clerk",
            "medical-committee",
            "medical.mediator",
            "DELEGATED",
            ["district.admin"],
            id="court-to-committee",
        ),
    ],
)
async def test_referral_outside_the_senders_subtree_makes_the_case_visible(
    api: Api, sender: str, receiver_tenant: str, receiver: str, kind: str, also_seen_by: list[str]
) -> None:
    """The receiver is neither the sender nor one of its descendants: its access edge is what lets it see."""
    t = tag()
    case = await create_case(api, sender, f"{t}跨机构转介")
    await assert_not_found(api, receiver, case["id"])
    to_id = await api.tenant_id(receiver_tenant)
    body = await api.gql(
        sender,
        REFER,
        {"input": {"caseId": case["id"], "toTenantId": to_id, "kind": kind, "reason": "转介调解"}},
    )
    assert not body.get("errors"), body
    assert body["data"]["referCase"]["referral"]["toTenant"] == {"code": receiver_tenant}

    for user in (receiver, *also_seen_by):
        await assert_found(api, user, case["id"])
        assert await by_text(api, user, t) == [case["title"]], user
    await assert_not_found(api, "property.mediator", case["id"])


async def test_cases_needs_login_and_case_read(api: Api) -> None:
    body = await api.gql(None, CASES_QUERY, {"first": 1})
    assert error_code(body) == "UNAUTHENTICATED"
    body = await api.gql("admin", CASES_QUERY, {"first": 1})  # platform_admin has no case:read
    assert error_code(body) == "FORBIDDEN"


async def test_node_needs_login(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"{tag()}登录")
    body = await api.gql(None, NODE_CASE, {"id": case["id"]})
    assert error_code(body) == "UNAUTHENTICATED"


# --- filters ---------------------------------------------------------------------------------------------


async def test_filter_by_status(api: Api) -> None:
    conn = await cases_page(api, "court.clerk", first=100, filter={"status": "IN_MEDIATION"})
    assert {e["node"]["status"] for e in conn["edges"]} == {"IN_MEDIATION"}
    expected = {
        c["title"]
        for c in CASES
        if c["title"] in demo_visible_to("district-court") and c["status"] == "IN_MEDIATION"
    }
    assert set(titles(conn)) & DEMO_TITLES == expected

    t = tag()
    await create_case(api, "court.clerk", f"{t}状态")
    assert await by_text(api, "court.clerk", t, status="REGISTERED") == [f"{t}状态"]
    assert await by_text(api, "court.clerk", t, status="CLOSED") == []


async def test_filter_by_category(api: Api) -> None:
    t = tag()
    loan1 = await create_case(api, "west.mediator", f"{t}借贷一", category="LOAN")
    await create_case(api, "west.mediator", f"{t}劳动", category="LABOUR")
    loan2 = await create_case(api, "west.mediator", f"{t}借贷二", category="LOAN")
    assert await by_text(api, "west.mediator", t, category="LOAN") == [loan2["title"], loan1["title"]]
    assert await by_text(api, "west.mediator", t, category="LABOUR") == [f"{t}劳动"]
    assert await by_text(api, "west.mediator", t, category="MEDICAL") == []


async def test_filters_combine(api: Api) -> None:
    conn = await cases_page(
        api, "court.clerk", first=100, filter={"status": "IN_MEDIATION", "category": "LOAN"}
    )
    assert "刘某某与陈某民间借贷纠纷" in titles(conn)
    assert all(
        e["node"]["status"] == "IN_MEDIATION" and e["node"]["category"] == "LOAN" for e in conn["edges"]
    )


async def test_filter_by_owner_tenant(api: Api) -> None:
    t = tag()
    mine = await create_case(api, "e1.worker", f"{t}社区")
    street = await create_case(api, "east.mediator", f"{t}街道")
    e1, east = await api.tenant_id("community-e1"), await api.tenant_id("street-east")
    assert await by_text(api, "district.officer", t) == [street["title"], mine["title"]]
    assert await by_text(api, "district.officer", t, ownerTenantId=e1) == [mine["title"]]
    assert await by_text(api, "district.officer", t, ownerTenantId=east) == [street["title"]]

    conn = await cases_page(api, "district.officer", first=100, filter={"ownerTenantId": e1})
    assert {e["node"]["ownerTenant"]["code"] for e in conn["edges"]} == {"community-e1"}


async def test_filter_by_owner_tenant_does_not_widen_visibility(api: Api) -> None:
    court = await api.tenant_id("district-court")
    conn = await cases_page(api, "district.officer", first=100, filter={"ownerTenantId": court})
    expected = {c["title"] for c in CASES if c["owner"] == "district-court"} & demo_visible_to(
        "district-centre"
    )
    assert set(titles(conn)) & DEMO_TITLES == expected
    assert not set(titles(conn)) & court_only_titles()


async def test_filter_by_owner_tenant_rejects_bad_ids(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"{tag()}错误ID")
    body = await api.gql("court.clerk", CASES_QUERY, {"filter": {"ownerTenantId": case["id"]}})
    assert error_code(body) == "NOT_FOUND"
    assert error_field(body) == "filter.ownerTenantId"
    body = await api.gql("court.clerk", CASES_QUERY, {"filter": {"ownerTenantId": "!!not-an-id!!"}})
    assert error_code(body) == "BAD_USER_INPUT"
    assert error_field(body) == "filter.ownerTenantId"


@pytest.mark.parametrize(
    ("stored", "decoy", "search"),
    [
        pytest.param("折扣100%纠纷", "折扣1000纠纷", "折扣100%", id="percent"),
        pytest.param("编号A_B纠纷", "编号AXB纠纷", "编号A_B", id="underscore"),
        pytest.param("路径C:\\D纠纷", "路径C:D纠纷", "路径C:\\D", id="backslash"),
    ],
)
async def test_text_filter_matches_literally(api: Api, stored: str, decoy: str, search: str) -> None:
    t = tag()
    await create_case(api, "west.mediator", f"{t}{stored}")
    await create_case(api, "west.mediator", f"{t}{decoy}")
    assert await by_text(api, "west.mediator", f"{t}{search}") == [f"{t}{stored}"]
    assert set(await by_text(api, "west.mediator", t)) == {f"{t}{stored}", f"{t}{decoy}"}


async def test_text_filter_matches_the_middle_of_titles_and_ignores_blank_text(api: Api) -> None:
    t = tag()
    await create_case(api, "west.mediator", f"前缀{t}后缀")
    assert await by_text(api, "west.mediator", f" {t}后 ") == [f"前缀{t}后缀"]
    blank = await cases_page(api, "west.mediator", first=1, filter={"text": "   "})
    newest = await cases_page(api, "west.mediator", first=1)
    assert titles(blank) == titles(newest)


# --- pagination ------------------------------------------------------------------------------------------


async def test_pages_are_newest_first_and_do_not_overlap(api: Api) -> None:
    t = tag()
    created = [(await create_case(api, "west.mediator", f"{t}第{i}件"))["title"] for i in range(7)]
    newest_first = list(reversed(created))

    big = await cases_page(api, "west.mediator", first=10, filter={"text": t})
    assert titles(big) == newest_first
    assert big["totalCount"] == len(big["edges"]) == 7
    assert big["pageInfo"]["hasNextPage"] is False
    stamps = [e["node"]["createdAt"] for e in big["edges"]]
    assert stamps == sorted(stamps, reverse=True)

    pages: list[list[str]] = []
    after = None
    for expected_next in (True, True, False):
        conn = await cases_page(api, "west.mediator", first=3, after=after, filter={"text": t})
        pages.append(titles(conn))
        assert conn["pageInfo"]["hasNextPage"] is expected_next
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert conn["pageInfo"]["startCursor"] == conn["edges"][0]["cursor"]
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        assert conn["totalCount"] == 7
        after = conn["pageInfo"]["endCursor"]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [title for p in pages for title in p] == newest_first


async def test_exact_fit_has_no_next_page(api: Api) -> None:
    t = tag()
    for i in range(3):
        await create_case(api, "west.mediator", f"{t}恰好{i}")
    conn = await cases_page(api, "west.mediator", first=3, filter={"text": t})
    assert len(conn["edges"]) == 3
    assert conn["pageInfo"]["hasNextPage"] is False
    rest = await cases_page(
        api, "west.mediator", first=3, after=conn["pageInfo"]["endCursor"], filter={"text": t}
    )
    assert rest["edges"] == []
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["startCursor"] is None and rest["pageInfo"]["endCursor"] is None


async def test_cases_created_between_pages_neither_repeat_nor_vanish(api: Api) -> None:
    t = tag()
    old = [(await create_case(api, "west.mediator", f"{t}旧{i}"))["title"] for i in range(3)]
    first = await cases_page(api, "west.mediator", first=2, filter={"text": t})
    assert titles(first) == [old[2], old[1]]
    await create_case(api, "west.mediator", f"{t}新")
    second = await cases_page(
        api, "west.mediator", first=2, after=first["pageInfo"]["endCursor"], filter={"text": t}
    )
    assert titles(second) == [old[0]]


async def test_first_zero_returns_no_edges(api: Api) -> None:
    t = tag()
    await create_case(api, "west.mediator", f"{t}零")
    conn = await cases_page(api, "west.mediator", first=0, filter={"text": t})
    assert conn["edges"] == []
    assert conn["pageInfo"]["hasNextPage"] is True
    assert conn["totalCount"] == 1


async def test_default_page_size_is_twenty(api: Api) -> None:
    conn = await cases_page(api, "district.officer")
    assert len(conn["edges"]) == 20  # the district centre's subtree holds more than 20 demo cases


@pytest.mark.parametrize("first", [101, 1000, -1])
async def test_first_out_of_range_is_bad_input(api: Api, first: int) -> None:
    body = await api.gql("court.clerk", CASES_QUERY, {"first": first})
    assert error_code(body) == "BAD_USER_INPUT"
    assert error_field(body) == "first"


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("garbage", id="not-base64"),
        pytest.param("游标", id="non-ascii"),
        pytest.param(_b64("hello"), id="not-json"),
        pytest.param(_b64('{"a": 1}'), id="json-object"),
        pytest.param(_b64("null"), id="json-null"),
        pytest.param(_b64("[1, 2, 3]"), id="three-items"),
        pytest.param(_b64('["2026-01-01T00:00:00+00:00", "not-a-uuid"]'), id="bad-uuid"),
        pytest.param(_b64(f'["yesterday", "{uuid.uuid4()}"]'), id="bad-timestamp"),
        pytest.param(_b64(f'[20260101, "{uuid.uuid4()}"]'), id="number-timestamp"),
        pytest.param(base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(), id="not-utf8"),
        pytest.param(_b64('["2026-01-01T00:00:00+00:00", 5]'), id="number-uuid"),
        pytest.param(_b64('["2026-01-01T00:00:00+00:00", null]'), id="null-uuid"),
        pytest.param(_b64("[" * 100_000 + "]" * 100_000), id="deeply-nested"),
    ],
)
async def test_garbage_cursor_is_bad_input(api: Api, cursor: str) -> None:
    body = await api.gql("court.clerk", CASES_QUERY, {"first": 5, "after": cursor})
    assert error_code(body) == "BAD_USER_INPUT", body
    assert error_field(body) == "after"


async def test_cursor_without_time_zone_is_accepted(api: Api) -> None:
    """A cursor from the far future, naive or not, pages from the newest case."""
    newest = await cases_page(api, "court.clerk", first=5)
    for ts in ("2999-01-01T00:00:00", "2999-01-01T00:00:00+08:00"):
        cursor = _b64(f'["{ts}", "{uuid.uuid4()}"]')
        conn = await cases_page(api, "court.clerk", first=5, after=cursor)
        assert titles(conn) == titles(newest)


# --- node(id:) ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    [
        pytest.param("!!!", id="not-base64"),
        pytest.param("not-an-id", id="garbage"),
        pytest.param(_b64("Case"), id="no-separator"),
        pytest.param(_b64("Case:not-a-uuid"), id="bad-uuid"),
        pytest.param(base64.urlsafe_b64encode(b"\xff\xfe:\x00").decode(), id="not-utf8"),
    ],
)
async def test_node_with_malformed_id_is_bad_input(api: Api, bad_id: str) -> None:
    body = await api.gql("court.clerk", NODE_CASE, {"id": bad_id})
    assert error_code(body) == "BAD_USER_INPUT", body
    assert error_field(body) == "id"


async def test_node_of_unknown_type_or_missing_row_is_not_found(api: Api) -> None:
    for gid in (to_global_id("Spaceship", uuid.uuid4()), to_global_id("Case", uuid.uuid4())):
        body = await api.gql("court.clerk", NODE_CASE, {"id": gid})
        assert error_code(body) == "NOT_FOUND"
        assert error_field(body) == "id"


async def test_node_returns_a_tenant(api: Api) -> None:
    gid = await api.tenant_id("docking-centre")
    data = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { __typename id ... on Tenant { code kind parent { code } } } }",
        {"id": gid},
    )
    assert data["node"] == {
        "__typename": "Tenant",
        "id": gid,
        "code": "docking-centre",
        "kind": "DOCKING_CENTRE",
        "parent": {"code": "district-court"},
    }


async def test_node_returns_a_referral_to_those_who_see_its_case(api: Api) -> None:
    case = await create_case(api, "court.clerk", f"{tag()}转介节点")
    referral = await refer(api, "court.clerk", case["id"], "docking-centre")
    query = "query($id: ID!) { node(id: $id) { __typename id ... on Referral { status case { id } toTenant { code } } } }"
    for user in ("court.clerk", "docking.officer"):
        data = await api.ok(user, query, {"id": referral["id"]})
        assert data["node"] == {
            "__typename": "Referral",
            "id": referral["id"],
            "status": "SENT",
            "case": {"id": case["id"]},
            "toTenant": {"code": "docking-centre"},
        }
    body = await api.gql("medical.mediator", query, {"id": referral["id"]})
    assert error_code(body) == "NOT_FOUND"


PARTY_NODE = "query($id: ID!) { node(id: $id) { __typename id ... on Party { name } } }"


async def _party_id(api: Api) -> str:
    case = await create_case(api, "court.clerk", f"{tag()}当事人节点")
    data = await api.ok(
        "court.clerk",
        "query($id: ID!) { node(id: $id) { ... on Case { parties { id } } } }",
        {"id": case["id"]},
    )
    party_id: str = data["node"]["parties"][0]["id"]
    return party_id


async def test_node_returns_a_party_of_a_visible_case(api: Api) -> None:
    party_id = await _party_id(api)
    data = await api.ok("court.clerk", PARTY_NODE, {"id": party_id})
    assert data["node"] == {"__typename": "Party", "id": party_id, "name": "张三"}


async def test_node_hides_a_party_of_an_invisible_case(api: Api) -> None:
    party_id = await _party_id(api)
    body = await api.gql("medical.mediator", PARTY_NODE, {"id": party_id})
    assert error_code(body) == "NOT_FOUND"
    assert body["data"]["node"] is None


# --- viewer and tenants ------------------------------------------------------------------------------------

VIEWER = "{ viewer { user { id username displayName } tenant { code kind } roles } }"


@pytest.mark.parametrize(
    ("user", "display_name", "tenant", "kind", "roles"),
    [
        ("court.clerk", "陈思远", "district-court", "COURT", ["court_clerk"]),
        ("e1.worker", "刘晓燕", "community-e1", "CENTRE", ["centre_officer"]),
        ("admin", "周明远", "platform", "PLATFORM", ["platform_admin"]),
    ],
)
async def test_viewer(
    api: Api, user: str, display_name: str, tenant: str, kind: str, roles: list[str]
) -> None:
    viewer = (await api.ok(user, VIEWER))["viewer"]
    assert viewer["user"]["username"] == user
    assert viewer["user"]["displayName"] == display_name
    assert viewer["user"]["id"]
    assert viewer["tenant"] == {"code": tenant, "kind": kind}
    assert viewer["roles"] == roles


async def test_viewer_needs_login(api: Api) -> None:
    body = await api.gql(None, VIEWER)
    assert error_code(body) == "UNAUTHENTICATED"


async def test_tenants_by_kind(api: Api) -> None:
    data = await api.ok(
        "court.clerk",
        "{ tenants(first: 100, kind: COMMITTEE) { edges { node { code kind specialty parent { code } } } } }",
    )
    demo = {t["code"] for t in TENANTS}  # other tests add committees of their own to the shared database
    nodes = sorted(
        (e["node"] for e in data["tenants"]["edges"] if e["node"]["code"] in demo), key=lambda n: n["code"]
    )
    assert nodes == [
        {
            "code": "labour-committee",
            "kind": "COMMITTEE",
            "specialty": "LABOUR",
            "parent": {"code": "district-centre"},
        },
        {
            "code": "medical-committee",
            "kind": "COMMITTEE",
            "specialty": "MEDICAL",
            "parent": {"code": "district-centre"},
        },
        {
            "code": "property-committee",
            "kind": "COMMITTEE",
            "specialty": "PROPERTY",
            "parent": {"code": "district-centre"},
        },
    ]


async def test_tenants_without_kind_lists_the_whole_directory(api: Api) -> None:
    data = await api.ok("lawyer.li", "{ tenants(first: 100) { edges { node { code } } } }")
    # other tests add tenants to the shared database; the whole demo directory must be there, oldest first
    assert {t["code"] for t in TENANTS} <= {e["node"]["code"] for e in data["tenants"]["edges"]}
