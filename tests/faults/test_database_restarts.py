"""The database goes away under a running Concord server: every answer is either the truth or a coded,
retryable error with its request id; nothing acknowledged is lost; the server recovers by itself.

Both tests drive a real uvicorn process over HTTP and WebSocket, against a PostgreSQL of their own that they
stop, kill and restart (tests/faults/support.py)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from typing import Any

import asyncpg
import httpx
import orjson
from bench.pgctl import OwnPostgres
from sqlalchemy.engine import URL
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from concord.audit import cli as audit_cli
from concord.cases.lifecycle import set_supervision
from concord.config import Settings
from concord.db.database import Database
from concord.db.server import asyncpg_dsn
from concord.db.urls import application_url
from concord.deadlines.watcher import sweep
from concord.kit.ids import from_global_id
from tests.events.support import PROTOCOL, REFERRAL_EVENTS, Server, open_socket
from tests.faults.support import INBOX, Answer, Load, case_input
from tests.helpers import SPEC_ACCEPT

RECOVERY = 30.0  # seconds the server gets to answer normally again once PostgreSQL is back


async def login(base: str, username: str) -> str:
    async with httpx.AsyncClient(headers=SPEC_ACCEPT, base_url=base, timeout=30) as client:
        r = await client.post(
            "/auth/token", data={"grant_type": "password", "username": username, "password": "demo"}
        )
        assert r.status_code == 200, r.text
        token: str = r.json()["access_token"]
        return token


def assert_unavailable(r: httpx.Response) -> dict[str, Any]:
    """A coded 503: Retry-After, SERVICE_UNAVAILABLE, the request id of the X-Request-ID header, no data."""
    assert r.status_code == 503, (r.status_code, r.text)
    assert int(r.headers["retry-after"]) >= 1
    body: dict[str, Any] = r.json()
    assert "data" not in body, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE", body
    assert error["extensions"]["requestId"] == r.headers["x-request-id"], (body, r.headers)
    return body


async def ws_close_code(base: str, token: str) -> int | None:
    url = base.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        await ws.send(orjson.dumps(init).decode())
        try:
            await asyncio.wait_for(ws.recv(), 10)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
    return None


async def until_healthy(client: httpx.AsyncClient, token: str) -> float:
    """Seconds until a read answers 200 again (the server is never restarted)."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY:
        try:
            r = await client.post(
                "/graphql", json={"query": INBOX}, headers={"Authorization": f"Bearer {token}"}
            )
            if r.status_code == 200 and not r.json().get("errors"):
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"the server did not recover within {RECOVERY}s")


async def test_a_stopped_database_gets_coded_answers_and_the_server_recovers(
    own_pg: OwnPostgres, fault_server: Server
) -> None:
    base = fault_server.url
    token = await login(base, "east.mediator")
    socket = await open_socket(base, token)  # a connection acknowledged before the outage
    await asyncio.to_thread(own_pg.stop, "fast")
    try:
        # A subscription started during the outage: a coded error on its operation, the socket stays open.
        op = await socket.subscribe(REFERRAL_EVENTS, {})
        message = await socket.message(op, within=20)
        errors = message["payload"] if message["type"] == "error" else message["payload"].get("errors")
        assert errors[0]["extensions"]["code"] == "SERVICE_UNAVAILABLE", message
        assert errors[0]["extensions"]["requestId"], message
        await socket.close()
        async with httpx.AsyncClient(headers=SPEC_ACCEPT, base_url=base, timeout=30) as client:
            auth = {"Authorization": f"Bearer {token}"}
            # A query: the principal's read is the first thing that fails.
            assert_unavailable(await client.post("/graphql", json={"query": INBOX}, headers=auth))
            # A mutation: an error, never data.
            create = {
                "query": "mutation($i: CreateCaseInput!) { createCase(input: $i) { case { id } } }",
                "variables": {"i": case_input("停库时登记")},
            }
            body = assert_unavailable(
                await client.post("/graphql", json=create, headers={**auth, "Idempotency-Key": "down-1"})
            )
            assert body["errors"][0]["extensions"]["outcome"] == "NOT_WRITTEN"
            # Legacy media type: the same coded 503.
            legacy = {**auth, "Accept": "application/json"}
            assert_unavailable(await client.post("/graphql", json={"query": INBOX}, headers=legacy))
            # Signing in: OAuth2's temporarily_unavailable, with Retry-After.
            r = await client.post(
                "/auth/token",
                data={"grant_type": "password", "username": "east.mediator", "password": "demo"},
            )
            assert r.status_code == 503 and r.json()["error"] == "temporarily_unavailable", r.text
            assert r.headers["retry-after"] == "1" and r.json()["request_id"] == r.headers["x-request-id"]
            health = await client.get("/healthz")
            assert health.status_code == 503 and health.json()["database"] == "down"
        # A subscription's connection_init: closed with 4503, not dropped.
        assert await ws_close_code(base, token) == 4503
    finally:
        await asyncio.to_thread(own_pg.start)
    async with httpx.AsyncClient(headers=SPEC_ACCEPT, base_url=base, timeout=30) as client:
        await until_healthy(client, token)
        r = await client.post("/graphql", json=create, headers={**auth, "Idempotency-Key": "down-1"})
        assert r.status_code == 200 and r.json()["data"]["createCase"]["case"]["id"], r.text
        assert "idempotent-replayed" not in r.headers  # nothing was stored while the database was down
    socket = await open_socket(base, token)  # connection_init works again
    await socket.close()


async def _restart_at(own_pg: OwnPostgres, after: float, mode: str) -> None:
    await asyncio.sleep(after)
    await asyncio.to_thread(own_pg.restart, mode)


async def test_restarts_under_load_lose_no_acknowledged_write(
    own_pg: OwnPostgres, fault_server: Server, fault_db: URL
) -> None:
    base = fault_server.url
    tokens = [await login(base, u) for u in ("east.mediator", "west.mediator", "court.clerk", "e1.worker")]
    docking = await login(base, "docking.officer")
    load = Load(base, tokens)
    limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
    async with httpx.AsyncClient(headers=SPEC_ACCEPT, base_url=base, timeout=60, limits=limits) as client:
        socket = await open_socket(base, docking)
        cursor = (
            await client.post("/graphql", json={"query": "{ eventCursor }"}, headers=_auth(docking))
        ).json()
        sub = await socket.subscribe(REFERRAL_EVENTS, {"after": cursor["data"]["eventCursor"]})
        clients = [asyncio.create_task(load.client(n, client)) for n in range(12)]
        # A clean restart while requests are in flight, then a crash-like one (the server recovers from WAL).
        await _restart_at(own_pg, 1.5, "fast")
        await _restart_at(own_pg, 2.5, "immediate")
        await asyncio.sleep(2.0)
        load.stopped.set()
        await asyncio.gather(*clients)
        await until_healthy(client, tokens[0])

        print("answers:", Counter((a.op, a.status, *a.codes, a.outcome) for a in load.answers))
        problems = _unexpected(load.answers)
        assert not problems, problems
        failed = [a for a in load.answers if a.op == "create" and not a.acknowledged]
        # NOT_WRITTEN means it: none of those is in the database. UNKNOWN (the connection was lost while the
        # COMMIT was on its way) may be either — which is what the retry under the same key settles.
        written = await _titles_written(fault_db, [a.title for a in failed if a.outcome == "NOT_WRITTEN"])
        assert not written, written
        # Every mutation that did not answer success is retried by its sender under its key: done once, or
        # its committed answer replayed.
        for a in failed:
            assert a.key and a.title
            again = await load.send(client, "create", a.token, a.key, a.title)
            assert again.acknowledged, (again.status, again.body)
        acked = [a for a in load.answers if a.op == "create" and a.acknowledged]
        assert len(acked) > 10, Counter(a.status for a in load.answers)
        await _check_written(fault_db, acked + failed)

        # The subscription listener resumed: a referral sent now reaches the open subscription.
        await _refer_to_docking(client, tokens[2], base)
        message = await socket.message(sub, within=20)
        assert message["type"] == "next", message
        await socket.close()

    # The deadline watcher's sweep works on the same pool after the restarts (run_forever just repeats it).
    db = Database.connect(application_url(Settings(), owner=fault_db), Settings())
    try:
        assert (await sweep(db.sessions, supervise=set_supervision)).ran
    finally:
        await db.dispose()
    reports, _ = await audit_cli.verify(fault_db, None)
    assert reports and all(r.ok for r in reports), [r for r in reports if not r.ok]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _unexpected(answers: list[Answer]) -> list[str]:
    """Anything but a success or a coded, retryable error: a dropped connection, a plain 500, an error
    without a code or request id, an uncoded INTERNAL."""
    out: list[str] = []
    for a in answers:
        if a.status is None:
            out.append(f"{a.op}: dropped connection: {a.failure}")
        elif a.status == 200 and not a.codes:
            continue
        elif a.status == 503:
            errors = (a.body or {}).get("errors") or [{}]
            ext = errors[0].get("extensions", {})
            if (
                ext.get("code") != "SERVICE_UNAVAILABLE"
                or not ext.get("requestId")
                or not a.headers.get("retry-after")
            ):
                out.append(f"{a.op}: 503 without a code, request id or Retry-After: {a.body}")
            if "data" in (a.body or {}):
                out.append(f"{a.op}: 503 with data: {a.body}")
        elif a.status == 409 and a.codes == ["CONFLICT"]:
            continue
        else:
            out.append(f"{a.op}: HTTP {a.status} {a.codes}: {a.body or a.failure}")
    return out


async def _titles_written(url: URL, titles: list[str | None]) -> list[str]:
    dsn, kw = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        rows = await conn.fetch("SELECT title FROM cases WHERE title = ANY($1::text[])", titles)
        return [r["title"] for r in rows]
    finally:
        await conn.close()


async def _check_written(url: URL, answers: list[Answer]) -> None:
    """Each acknowledged createCase is in the database once, with its audit event."""
    dsn, kw = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        titles = [a.title for a in answers]
        rows = await conn.fetch("SELECT id, title FROM cases WHERE title = ANY($1::text[])", titles)
        per_title = Counter(r["title"] for r in rows)
        assert set(per_title) == set(titles), set(titles) - set(per_title)
        assert max(per_title.values()) == 1, [t for t, n in per_title.items() if n > 1]
        ids = [r["id"] for r in rows]
        audited = await conn.fetchval(
            "SELECT count(DISTINCT object_id) FROM audit_events WHERE action = 'case.create' "
            "AND object_id = ANY($1::uuid[])",
            ids,
        )
        assert audited == len(ids)
        answered = {
            from_global_id(a.body["data"]["createCase"]["case"]["id"])[1]
            for a in answers
            if a.acknowledged and a.body
        }
        assert answered <= set(ids)  # the id each success answered with is the row that was written
    finally:
        await conn.close()


async def _refer_to_docking(client: httpx.AsyncClient, court: str, base: str) -> None:
    tenants = await client.post(
        "/graphql",
        json={"query": "{ tenants(first: 100) { edges { node { id code } } } }"},
        headers=_auth(court),
    )
    docking_id = next(
        e["node"]["id"]
        for e in tenants.json()["data"]["tenants"]["edges"]
        if e["node"]["code"] == "docking-centre"
    )
    create = await client.post(
        "/graphql",
        json={
            "query": "mutation($i: CreateCaseInput!) { createCase(input: $i) { case { id } } }",
            "variables": {
                "i": {**case_input(f"重启后委派{uuid.uuid4().hex[:6]}"), "sourceChannel": "COURT_REFERRAL"}
            },
        },
        headers=_auth(court),
    )
    case_id = create.json()["data"]["createCase"]["case"]["id"]
    refer = await client.post(
        "/graphql",
        json={
            "query": "mutation($i: ReferCaseInput!) { referCase(input: $i) { referral { id } } }",
            "variables": {
                "i": {"caseId": case_id, "toTenantId": docking_id, "kind": "DELEGATED", "reason": "重启后"}
            },
        },
        headers=_auth(court),
    )
    assert not refer.json().get("errors"), refer.text
