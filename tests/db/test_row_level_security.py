"""PostgreSQL repeats the visibility rule: the application role sees nothing without a tenant context, and
with one sees exactly what the application's own helper says."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import URL

from concord.config import Settings
from concord.db.server import asyncpg_dsn
from concord.db.urls import application_url

TENANT_TABLES = ["cases", "parties", "referrals", "case_access", "memberships", "case_counters"]


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _app_conn(settings: Settings, owner_url: URL) -> asyncpg.Connection:
    dsn, kw = asyncpg_dsn(application_url(settings, owner=owner_url))
    return await asyncpg.connect(dsn, **kw)


async def _owner_conn(owner_url: URL) -> asyncpg.Connection:
    dsn, kw = asyncpg_dsn(owner_url)
    return await asyncpg.connect(dsn, **kw)


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_app_role_without_context_reads_nothing(settings: Settings, owner_url: URL, table: str) -> None:
    async def check() -> tuple[int, int]:
        owner = await _owner_conn(owner_url)
        app = await _app_conn(settings, owner_url)
        try:
            return await owner.fetchval(f"SELECT count(*) FROM {table}"), await app.fetchval(
                f"SELECT count(*) FROM {table}"
            )
        finally:
            await owner.close()
            await app.close()

    total, seen = _run(check())
    assert total > 0, f"the demo data should have {table} rows"
    assert seen == 0


def test_every_table_with_a_tenant_column_forces_rls(owner_url: URL) -> None:
    async def check() -> list[str]:
        conn = await _owner_conn(owner_url)
        try:
            rows = await conn.fetch(
                """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind = 'r'
                     AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname IN
                                 ('tenant_id', 'case_id', 'from_tenant_id') AND NOT a.attisdropped)
                     AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"""
            )
            return [r["relname"] for r in rows]
        finally:
            await conn.close()

    assert _run(check()) == []


def test_app_role_owns_nothing_and_cannot_delete(settings: Settings, owner_url: URL) -> None:
    async def check() -> tuple[int, str]:
        owner = await _owner_conn(owner_url)
        app = await _app_conn(settings, owner_url)
        try:
            owned = await owner.fetchval(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1",
                settings.app_db_role,
            )
            try:
                await app.execute("DELETE FROM cases")
                outcome = "deleted"
            except asyncpg.InsufficientPrivilegeError:
                outcome = "refused"
            return owned, outcome
        finally:
            await owner.close()
            await app.close()

    assert _run(check()) == (0, "refused")


def test_context_is_transaction_local(settings: Settings, owner_url: URL) -> None:
    """A tenant set for one transaction does not survive into the next one on the same connection (pool safety)."""

    async def check() -> tuple[int, int]:
        owner = await _owner_conn(owner_url)
        tid = await owner.fetchval("SELECT id FROM tenants WHERE code = 'district-court'")
        await owner.close()
        app = await _app_conn(settings, owner_url)
        try:
            async with app.transaction():
                await app.execute("SELECT set_config('concord.tenant_id', $1, true)", str(tid))
                inside = await app.fetchval("SELECT count(*) FROM cases")
            after = await app.fetchval("SELECT count(*) FROM cases")
            return inside, after
        finally:
            await app.close()

    inside, after = _run(check())
    assert inside > 0
    assert after == 0


def test_rls_matches_the_application_rule(settings: Settings, owner_url: URL) -> None:
    """For every demo tenant, the rows PostgreSQL lets the app role read equal the rule computed as the owner."""

    async def check() -> list[str]:
        owner = await _owner_conn(owner_url)
        app = await _app_conn(settings, owner_url)
        mismatches = []
        try:
            for t in await owner.fetch("SELECT id, code FROM tenants"):
                expected = {
                    r["id"]
                    for r in await owner.fetch(
                        # the case scope: the subtree, and the subtrees the subtree coordinates (统筹协调)
                        """WITH scope AS (
                             SELECT descendant_id FROM tenant_closure WHERE ancestor_id = $1
                             UNION SELECT dn.descendant_id FROM tenant_closure up
                               JOIN tenant_coordination co ON co.coordinator_id = up.descendant_id
                               JOIN tenant_closure dn ON dn.ancestor_id = co.coordinated_id
                             WHERE up.ancestor_id = $1)
                           SELECT c.id FROM cases c WHERE c.tenant_id IN (SELECT descendant_id FROM scope)
                           OR c.id IN (SELECT case_id FROM case_access WHERE tenant_id IN
                           (SELECT descendant_id FROM scope))""",
                        t["id"],
                    )
                }
                async with app.transaction():
                    await app.execute("SELECT set_config('concord.tenant_id', $1, true)", str(t["id"]))
                    seen = {r["id"] for r in await app.fetch("SELECT id FROM cases")}
                    ref_cases = {
                        r["case_id"] for r in await app.fetch("SELECT DISTINCT case_id FROM referrals")
                    }
                if seen != expected or not ref_cases <= seen:
                    mismatches.append(t["code"])
            return mismatches
        finally:
            await owner.close()
            await app.close()

    assert _run(check()) == []


def test_an_edge_for_another_tenant_needs_sight_of_the_case(settings: Settings, owner_url: URL) -> None:
    """A tenant may give another tenant an edge (a referral's receiver) only to a case it can see itself."""

    async def check() -> tuple[str, str]:
        owner = await _owner_conn(owner_url)
        app = await _app_conn(settings, owner_url)
        visible_rule = """c.tenant_id IN (SELECT descendant_id FROM tenant_closure WHERE ancestor_id = $1)
            OR c.id IN (SELECT case_id FROM case_access WHERE tenant_id IN
                        (SELECT descendant_id FROM tenant_closure WHERE ancestor_id = $1))"""
        try:
            me = await owner.fetchrow("SELECT id FROM tenants WHERE code = 'docking-centre'")
            other = await owner.fetchrow("SELECT id FROM tenants WHERE code = 'district-centre'")
            assert me and other
            seen = await owner.fetchval(f"SELECT c.id FROM cases c WHERE {visible_rule} LIMIT 1", me["id"])
            unseen = await owner.fetchval(
                f"SELECT c.id FROM cases c WHERE NOT ({visible_rule}) LIMIT 1", me["id"]
            )
            assert seen and unseen
            outcomes = []
            for case_id in (seen, unseen):
                tx = app.transaction()
                await tx.start()
                try:
                    await app.execute("SELECT set_config('concord.tenant_id', $1, true)", str(me["id"]))
                    await app.execute(
                        "INSERT INTO case_access (case_id, tenant_id, reason, created_at) VALUES ($1, $2, 'REFERRAL_TO', now())",
                        case_id,
                        other["id"],
                    )
                    outcomes.append("inserted")
                except asyncpg.InsufficientPrivilegeError as exc:
                    outcomes.append(str(exc))
                finally:
                    await tx.rollback()
            return outcomes[0], outcomes[1]
        finally:
            await owner.close()
            await app.close()

    visible, invisible = _run(check())
    assert visible == "inserted"
    assert "row-level security" in invisible
