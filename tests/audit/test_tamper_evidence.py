"""The trail is append-only in PostgreSQL, and tampering by the owner (trigger disabled) is detected by
`concord audit verify`, which names the first broken event. Each tamper is undone afterwards."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL

from concord.config import Settings
from concord.db.server import asyncpg_dsn
from concord.db.urls import application_url
from tests.helpers import Api, create_case, error_code

CONCORD = str(Path(sys.executable).parent / "concord")


def _concord(owner_url: URL, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": owner_url.render_as_string(hide_password=False)}
    return subprocess.run([CONCORD, *args], env=env, capture_output=True, text=True, timeout=120)


async def run_verify(owner_url: URL, *extra: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(_concord, owner_url, "audit", "verify", *extra)


@pytest.fixture
async def owner(owner_url: URL) -> AsyncIterator[asyncpg.Connection]:
    dsn, kw = asyncpg_dsn(owner_url)
    conn = await asyncpg.connect(dsn, **kw)
    yield conn
    await conn.close()


async def _court_events(api: Api, owner: asyncpg.Connection) -> list[asyncpg.Record]:
    await create_case(api, "court.clerk", f"篡改检测 {uuid.uuid4().hex[:6]}")
    await create_case(api, "court.clerk", f"篡改检测 {uuid.uuid4().hex[:6]}")
    return list(
        await owner.fetch(
            "SELECT e.* FROM audit_events e JOIN tenants t ON t.id = e.chain_id "
            "WHERE t.code = 'district-court' ORDER BY e.seq DESC LIMIT 3"
        )
    )


async def test_app_role_can_only_insert_and_select(settings: Settings, owner_url: URL, api: Api) -> None:
    await create_case(api, "court.clerk", "只读审计")
    dsn, kw = asyncpg_dsn(application_url(settings, owner=owner_url))
    app = await asyncpg.connect(dsn, **kw)
    try:
        tid = await app.fetchval("SELECT id FROM tenants WHERE code = 'district-court'")
        for sql in (
            "UPDATE audit_events SET action = 'x'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
        ):
            async with app.transaction():
                await app.execute("SELECT set_config('concord.tenant_id', $1, true)", str(tid))
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await app.execute(sql)
    finally:
        await app.close()


async def test_owner_is_refused_by_the_trigger(owner: asyncpg.Connection, api: Api) -> None:
    await create_case(api, "court.clerk", "触发器")
    for sql in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"):
        with pytest.raises(asyncpg.PostgresError, match="append-only"):
            await owner.execute(sql)


async def test_verify_passes_on_an_untouched_trail(owner_url: URL, api: Api) -> None:
    await create_case(api, "court.clerk", "未篡改")
    result = await run_verify(owner_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "district-court" in result.stdout and "BROKEN" not in result.stdout


async def test_changed_field_is_detected_and_named(
    owner_url: URL, owner: asyncpg.Connection, api: Api
) -> None:
    victim = (await _court_events(api, owner))[1]
    await owner.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    try:
        await owner.execute("UPDATE audit_events SET actor_name = '某某' WHERE id = $1", victim["id"])
        result = await run_verify(owner_url, "--tenant", "district-court")
        assert result.returncode == 1
        assert str(victim["id"]) in result.stdout
        await owner.execute(
            "UPDATE audit_events SET actor_name = $2 WHERE id = $1", victim["id"], victim["actor_name"]
        )
    finally:
        await owner.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    assert (await run_verify(owner_url, "--tenant", "district-court")).returncode == 0


async def test_deleted_event_is_detected(owner_url: URL, owner: asyncpg.Connection, api: Api) -> None:
    latest, middle, _ = await _court_events(api, owner)
    await owner.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    try:
        await owner.execute("DELETE FROM audit_events WHERE id = $1", middle["id"])
        result = await run_verify(owner_url, "--tenant", "district-court")
        assert result.returncode == 1
        assert str(latest["id"]) in result.stdout  # the event after the gap is the first that no longer fits
        cols = list(middle.keys())
        await owner.execute(
            f"INSERT INTO audit_events ({', '.join(cols)}) VALUES ({', '.join(f'${i + 1}' for i in range(len(cols)))})",
            *[middle[c] for c in cols],
        )
    finally:
        await owner.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    assert (await run_verify(owner_url, "--tenant", "district-court")).returncode == 0


async def test_swapped_events_are_detected(owner_url: URL, owner: asyncpg.Connection, api: Api) -> None:
    latest, middle, _ = await _court_events(api, owner)
    await owner.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    try:
        async with owner.transaction():
            await owner.execute("UPDATE audit_events SET seq = -1 WHERE id = $1", latest["id"])
            await owner.execute("UPDATE audit_events SET seq = $2 WHERE id = $1", middle["id"], latest["seq"])
            await owner.execute("UPDATE audit_events SET seq = $2 WHERE id = $1", latest["id"], middle["seq"])
        result = await run_verify(owner_url, "--tenant", "district-court")
        assert result.returncode == 1
        assert str(latest["id"]) in result.stdout
        async with owner.transaction():
            await owner.execute("UPDATE audit_events SET seq = -1 WHERE id = $1", latest["id"])
            await owner.execute("UPDATE audit_events SET seq = $2 WHERE id = $1", middle["id"], middle["seq"])
            await owner.execute("UPDATE audit_events SET seq = $2 WHERE id = $1", latest["id"], latest["seq"])
    finally:
        await owner.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    assert (await run_verify(owner_url, "--tenant", "district-court")).returncode == 0


async def test_verify_query_is_for_auditors_of_visible_tenants(api: Api) -> None:
    q = "query($t: ID!) { verifyAuditChain(tenantId: $t) { ok checkedEvents } }"
    court = await api.tenant_id("district-court")
    assert error_code(await api.gql("court.clerk", q, {"t": court})) == "FORBIDDEN"  # no audit:read
    assert error_code(await api.gql("district.admin", q, {"t": court})) == "NOT_FOUND"  # not in its subtree
    await create_case(api, "e1.worker", "社区审计")
    body = await api.ok("district.admin", q, {"t": await api.tenant_id("community-e1")})
    assert body["verifyAuditChain"]["ok"] is True
    assert body["verifyAuditChain"]["checkedEvents"] > 0


async def test_audit_events_query_is_scoped(api: Api) -> None:
    court_case = await create_case(api, "court.clerk", f"法院内部 {uuid.uuid4().hex[:6]}")
    q = """query($f: AuditEventFilter) { auditEvents(first: 50, filter: $f) { edges { node {
      action tenant { code } caseId } } } }"""
    # district.admin (tenant_admin: audit:read) sees nothing of a court-only case
    body = await api.ok("district.admin", q, {"f": {"caseId": court_case["id"]}})
    assert body["auditEvents"]["edges"] == []
    # its own subtree's events are there, filterable by action
    e1_case = await create_case(api, "e1.worker", f"社区纠纷 {uuid.uuid4().hex[:6]}")
    body = await api.ok("district.admin", q, {"f": {"caseId": e1_case["id"], "action": "case.create"}})
    assert [(e["node"]["action"], e["node"]["tenant"]["code"]) for e in body["auditEvents"]["edges"]] == [
        ("case.create", "community-e1")
    ]
    assert error_code(await api.gql("court.clerk", q, {"f": None})) == "FORBIDDEN"
