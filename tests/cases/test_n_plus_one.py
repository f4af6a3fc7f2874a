"""No N+1: a page of cases with nested tenants, parties and referrals costs the same number of SQL statements
whatever the page size, because every nested field goes through a per-request dataloader."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import event

from tests.helpers import Api, create_case, refer

USER = "e1.worker"  # community-e1, a leaf of the tenant tree: its referrals all go to tenants outside its subtree
CASES_CREATED = 55
MAX_STATEMENTS = 10

NESTED = """
query($first: Int!) {
  cases(first: $first) {
    edges {
      node {
        id title
        ownerTenant { code }
        parties { name idNumber phone }
        referrals(first: 5) {
          edges { node { status fromTenant { code } toTenant { code } } }
        }
      }
    }
  }
}"""


@pytest.fixture(scope="module")
async def enough_cases(api: Api) -> list[dict[str, Any]]:
    """55 fresh cases of community-e1 (so a page of 50 is full of them), three of them referred on."""
    tag = f"N{uuid.uuid4().hex[:10]}"
    cases = [await create_case(api, USER, f"{tag}批量{i}") for i in range(CASES_CREATED)]
    await refer(api, USER, cases[-1]["id"], "street-east", kind="ESCALATED")
    await refer(api, USER, cases[-1]["id"], "labour-committee", kind="TRANSFERRED")
    await refer(api, USER, cases[-10]["id"], "street-east", kind="ESCALATED")
    await refer(api, USER, cases[-40]["id"], "property-committee", kind="TRANSFERRED")
    return cases


async def count_statements(
    api: Api, first: int, statements: list[str] | None = None
) -> tuple[int, dict[str, Any]]:
    """Run the nested query; return how many statements the app engine executed (and collect their SQL)."""
    engine = api.app.state.db.engine.sync_engine

    def collect(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if statements is not None:
            statements.append(" ".join(statement.split())[:120])

    event.listen(engine, "before_cursor_execute", collect)
    try:
        api.counter.count = 0
        data = await api.ok(USER, NESTED, {"first": first})
        return api.counter.count, data
    finally:
        event.remove(engine, "before_cursor_execute", collect)


async def test_statement_count_does_not_grow_with_page_size(
    api: Api, enough_cases: list[dict[str, Any]]
) -> None:
    await api.token(USER)  # log in first, so that the token request is not counted
    executed: list[str] = []
    small, small_data = await count_statements(api, 10)
    large, large_data = await count_statements(api, 50, executed)
    print(f"\nSQL statements: cases(first: 10) -> {small}, cases(first: 50) -> {large}")
    print("\n".join(f"  {sql}" for sql in executed))

    assert len(small_data["cases"]["edges"]) == 10
    assert len(large_data["cases"]["edges"]) == 50
    assert small == large
    assert large <= MAX_STATEMENTS


async def test_nested_data_is_complete(api: Api, enough_cases: list[dict[str, Any]]) -> None:
    _, data = await count_statements(api, 50)
    nodes = [e["node"] for e in data["cases"]["edges"]]
    newest = {c["id"]: c for c in enough_cases[-50:]}
    assert [n["id"] for n in nodes] == [c["id"] for c in reversed(enough_cases[-50:])]
    for n in nodes:
        assert n["ownerTenant"] == {"code": "community-e1"}
        assert [p["name"] for p in n["parties"]] == ["张三", "李四"]
        assert n["parties"][0]["phone"] == "138****5678"
        assert n["title"] == newest[n["id"]]["title"]

    referred = {
        n["id"]: [
            (e["node"]["status"], e["node"]["fromTenant"]["code"], e["node"]["toTenant"]["code"])
            for e in n["referrals"]["edges"]
        ]
        for n in nodes
        if n["referrals"]["edges"]
    }
    assert referred == {
        enough_cases[-1]["id"]: [
            ("SENT", "community-e1", "labour-committee"),
            ("SENT", "community-e1", "street-east"),
        ],
        enough_cases[-10]["id"]: [("SENT", "community-e1", "street-east")],
        enough_cases[-40]["id"]: [("SENT", "community-e1", "property-committee")],
    }


INBOX = """
query Inbox($first: Int!) {
  cases(first: $first) {
    edges {
      node {
        id number title status category createdAt
        ownerTenant { id name }
        parties { id kind name }
        referrals(first: 10) {
          edges { node { id status kind sentAt fromTenant { id name } toTenant { id name } } }
        }
      }
    }
  }
}"""


async def _count(api: Api, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    api.counter.count = 0
    data = await api.ok(USER, query, variables)
    return api.counter.count, data


async def test_inbox_statement_count_is_fixed_by_shape(api: Api, enough_cases: list[dict[str, Any]]) -> None:
    """The benchmark's inbox query: the same statements at 10 and at 50 cases, data complete either way."""
    await api.token(USER)
    small, small_data = await _count(api, INBOX, {"first": 10})
    large, large_data = await _count(api, INBOX, {"first": 50})
    print(f"\ninbox SQL statements: first 10 -> {small}, first 50 -> {large}")
    assert small == large <= MAX_STATEMENTS
    assert len(small_data["cases"]["edges"]) == 10 and len(large_data["cases"]["edges"]) == 50
    assert small_data["cases"]["edges"] == large_data["cases"]["edges"][:10]
    newest = large_data["cases"]["edges"][0]["node"]
    assert newest["id"] == enough_cases[-1]["id"]
    assert newest["ownerTenant"]["name"] and newest["ownerTenant"]["id"]
    assert [p["kind"] for p in newest["parties"]] == ["PERSON", "PERSON"]
    assert all(p["id"] for p in newest["parties"])
    referrals = [e["node"] for e in newest["referrals"]["edges"]]
    assert [r["kind"] for r in referrals] == ["TRANSFERRED", "ESCALATED"]
    assert all(r["fromTenant"]["id"] and r["toTenant"]["name"] and r["sentAt"] for r in referrals)


async def test_other_shapes_answer_the_same(api: Api, enough_cases: list[dict[str, Any]]) -> None:
    """What the look-ahead does not cover (fragments, two page sizes of referrals) still answers correctly."""
    query = """
    fragment P on Party { name }
    fragment C on Case { ownerTenant { code } parties { ...P } }
    query($first: Int!) {
      cases(first: $first) {
        edges { node { id ...C
          one: referrals(first: 1) { edges { node { toTenant { code } } } pageInfo { hasNextPage } }
          all: referrals { edges { node { toTenant { code } } } }
        } }
      }
    }"""
    data = await api.ok(USER, query, {"first": 50})
    nodes = {e["node"]["id"]: e["node"] for e in data["cases"]["edges"]}
    last = nodes[enough_cases[-1]["id"]]
    assert last["ownerTenant"] == {"code": "community-e1"}
    assert [p["name"] for p in last["parties"]] == ["张三", "李四"]
    assert [e["node"]["toTenant"]["code"] for e in last["one"]["edges"]] == ["labour-committee"]
    assert last["one"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["toTenant"]["code"] for e in last["all"]["edges"]] == [
        "labour-committee",
        "street-east",
    ]
