"""`concord bench seed` produces what it claims: the counts, every referral state, skew, case numbers like the
services write them, access edges as the services would write them, no orphans (COPY skips foreign-key
triggers as superuser), every case visible to its owner through the real GraphQL API, and a trail that
verifies. No timing assertions: speed is measured by bench/inbox.py, not tested."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import URL

from concord.audit import cli as audit_cli
from concord.benchdata.seed import BENCH_PASSWORD, SeedRefused, check_target
from concord.kit.ids import from_global_id
from concord.models.enums import ReferralStatus
from tests.bench.conftest import CASES, TENANTS

NUMBER = re.compile(r"^（(\d{4})）(.+?)(\d+)号$")
HANDLED = ("ACCEPTED", "IN_PROGRESS", "REPORTED", "APPROVED", "SENT_BACK", "CLOSED")


async def test_counts_and_every_referral_state(bench_db: asyncpg.Connection) -> None:
    assert await bench_db.fetchval("SELECT count(*) FROM tenants WHERE kind <> 'PLATFORM'") == TENANTS
    assert await bench_db.fetchval("SELECT count(*) FROM cases") == CASES
    assert await bench_db.fetchval("SELECT count(*) FROM parties") >= 2 * CASES
    states = {r["status"] for r in await bench_db.fetch("SELECT DISTINCT status FROM referrals")}
    assert states == {s.value for s in ReferralStatus}
    # every tenant can log in; the password is the documented one
    users = await bench_db.fetchval("SELECT count(DISTINCT tenant_id) FROM memberships")
    assert users == TENANTS + 1
    # bench data is not audited (logins by other tests are)
    assert await bench_db.fetchval("SELECT count(*) FROM audit_events WHERE case_id IS NOT NULL") == 0


async def test_owners_are_skewed(bench_db: asyncpg.Connection) -> None:
    counts = [r["n"] for r in await bench_db.fetch("SELECT count(*) AS n FROM cases GROUP BY tenant_id")]
    assert max(counts) >= 5 * statistics.median(counts)


async def test_case_numbers_like_the_services_write_them(bench_db: asyncpg.Connection) -> None:
    rows = await bench_db.fetch(
        "SELECT c.number, c.year, c.seq, c.tenant_id, t.case_prefix, "
        "extract(year FROM c.created_at AT TIME ZONE 'Asia/Shanghai')::int AS local_year "
        "FROM cases c JOIN tenants t ON t.id = c.tenant_id"
    )
    seqs: dict[tuple[Any, int], list[int]] = defaultdict(list)
    for r in rows:
        m = NUMBER.match(r["number"])
        assert m, r["number"]
        assert (int(m[1]), m[2], int(m[3])) == (r["year"], r["case_prefix"], r["seq"])
        assert r["year"] == r["local_year"]
        seqs[(r["tenant_id"], r["year"])].append(r["seq"])
    assert len({(r["tenant_id"], r["number"]) for r in rows}) == len(rows)
    for s in seqs.values():  # gap-free per tenant and year
        assert sorted(s) == list(range(1, len(s) + 1))
    counters = {
        (r["tenant_id"], r["year"]): r["last_seq"]
        for r in await bench_db.fetch("SELECT * FROM case_counters")
    }
    assert counters == {k: len(v) for k, v in seqs.items()}


async def test_no_orphans(bench_db: asyncpg.Connection) -> None:
    checks = {
        "parties": "SELECT count(*) FROM parties p LEFT JOIN cases c ON c.id = p.case_id WHERE c.id IS NULL",
        "referrals": "SELECT count(*) FROM referrals r LEFT JOIN cases c ON c.id = r.case_id "
        "LEFT JOIN tenants f ON f.id = r.from_tenant_id LEFT JOIN tenants t ON t.id = r.to_tenant_id "
        "WHERE c.id IS NULL OR f.id IS NULL OR t.id IS NULL",
        "case_access": "SELECT count(*) FROM case_access a LEFT JOIN cases c ON c.id = a.case_id "
        "LEFT JOIN tenants t ON t.id = a.tenant_id WHERE c.id IS NULL OR t.id IS NULL",
        "cases": "SELECT count(*) FROM cases c LEFT JOIN tenants t ON t.id = c.tenant_id "
        "LEFT JOIN users u ON u.id = c.created_by WHERE t.id IS NULL OR (c.created_by IS NOT NULL AND u.id IS NULL)",
        "closure": "SELECT count(*) FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM tenant_closure tc "
        "WHERE tc.ancestor_id = t.id AND tc.descendant_id = t.id AND tc.depth = 0)",
    }
    for name, sql in checks.items():
        assert await bench_db.fetchval(sql) == 0, name


async def test_access_edges_as_the_services_write_them(bench_db: asyncpg.Connection) -> None:
    missing_owner = "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = c.id AND a.tenant_id = c.tenant_id AND a.reason = 'OWNER')"
    assert await bench_db.fetchval(missing_owner) == 0
    for column, reason, where in (
        ("from_tenant_id", "REFERRAL_FROM", "true"),
        ("to_tenant_id", "REFERRAL_TO", "true"),
        ("to_tenant_id", "HANDLER", f"r.status IN {HANDLED}"),
    ):
        sql = (
            f"SELECT count(*) FROM referrals r WHERE {where} AND NOT EXISTS (SELECT 1 FROM case_access a "
            f"WHERE a.case_id = r.case_id AND a.tenant_id = r.{column} AND a.reason = '{reason}')"
        )
        assert await bench_db.fetchval(sql) == 0, reason
    # and nothing more: each edge is explained by the owner or a referral
    unexplained = (
        "SELECT count(*) FROM case_access a JOIN cases c ON c.id = a.case_id WHERE NOT ("
        "(a.reason = 'OWNER' AND a.tenant_id = c.tenant_id) OR EXISTS (SELECT 1 FROM referrals r WHERE "
        "r.case_id = a.case_id AND ((a.reason = 'REFERRAL_FROM' AND r.from_tenant_id = a.tenant_id) OR "
        "(a.reason = 'REFERRAL_TO' AND r.to_tenant_id = a.tenant_id) OR "
        f"(a.reason = 'HANDLER' AND r.to_tenant_id = a.tenant_id AND r.status IN {HANDLED}))))"
    )
    assert await bench_db.fetchval(unexplained) == 0
    # a referral is sent by the owner or by a tenant that handles the case
    stray = (
        "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id WHERE r.from_tenant_id <> c.tenant_id "
        "AND NOT EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = r.case_id AND a.tenant_id = r.from_tenant_id "
        "AND a.reason = 'HANDLER')"
    )
    assert await bench_db.fetchval(stray) == 0
    bounces = "SELECT count(*) FROM cases c WHERE c.bounce_count <> (SELECT count(*) FROM referrals r WHERE r.case_id = c.id AND r.status = 'RETURNED')"
    assert await bench_db.fetchval(bounces) == 0


async def _token(client: httpx.AsyncClient, username: str) -> str:
    r = await client.post(
        "/auth/token", data={"grant_type": "password", "username": username, "password": BENCH_PASSWORD}
    )
    assert r.status_code == 200, r.text
    token: str = r.json()["access_token"]
    return token


async def visible_case_ids(client: httpx.AsyncClient, token: str) -> set[str]:
    ids: set[str] = set()
    after = None
    query = "query($after: String){ cases(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }"
    while True:
        r = await client.post(
            "/graphql",
            json={"query": query, "variables": {"after": after}},
            headers={"Authorization": f"Bearer {token}"},
        )
        body = r.json()
        assert r.status_code == 200 and not body.get("errors"), body
        page = body["data"]["cases"]
        ids |= {str(from_global_id(e["node"]["id"])[1]) for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


async def test_every_case_is_visible_to_its_owner_through_graphql(
    bench_db: asyncpg.Connection, bench_client: httpx.AsyncClient
) -> None:
    owned: dict[str, set[str]] = defaultdict(set)
    for r in await bench_db.fetch("SELECT c.id, t.code FROM cases c JOIN tenants t ON t.id = c.tenant_id"):
        owned[r["code"]].add(str(r["id"]))
    for code, ids in owned.items():
        visible = await visible_case_ids(bench_client, await _token(bench_client, f"{code}.worker"))
        assert ids <= visible, f"{code}: {len(ids - visible)} of its cases are not visible to it"


async def test_audit_chains_verify(bench_url: URL) -> None:
    reports, _ = await audit_cli.verify(bench_url, None)
    assert all(r.ok for r in reports)


def test_refusals() -> None:
    with pytest.raises(SeedRefused):
        check_target("concord_bench", "production", reset=False)
    with pytest.raises(SeedRefused):
        check_target("concord", "development", reset=True)  # the demo / embedded database
    check_target("concord_bench", "development", reset=True)
