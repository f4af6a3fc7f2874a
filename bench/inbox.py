"""The inbox benchmark: Concord's GraphQL inbox query against the ceiling (bench/ceiling.py), side by side.

    .venv/bin/python -m bench.inbox --cases 10000          (DATABASE_URL names the PostgreSQL server)

Seeds the bench database (`concord bench seed`; reused when it already holds that many cases), picks the
worker of the tenant that owns the most cases, starts Concord (uvicorn, 1 worker, CONCORD_ENV=production)
and the ceiling (uvicorn, 1 worker, raw ASGI + asyncpg), checks that both return the same first page, then
drives each in turn with the same load generator (bench/load.py, its own process) and prints throughput,
p50/p99 latency, CPU per request (the server process, and the database backends serving the bench database),
SQL statements per request for Concord, and the ratios. No rate limits are in force during the run."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.engine import URL

from bench import servers
from concord.benchdata.seed import BENCH_PASSWORD, seed
from concord.config import Settings
from concord.db import migrate
from concord.db.server import asyncpg_dsn, with_database
from concord.db.urls import ensure_database, owner_url

QUERY = (Path(__file__).parent / "inbox.graphql").read_text(encoding="utf-8")
ACCEPT = "application/graphql-response+json, application/json"


@dataclass
class Principal:
    username: str
    tenant_code: str
    owned: int


async def _fetch(url: URL, sql: str) -> list[Any]:
    dsn, kw = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


def ensure_seeded(url: URL, cases: int, tenants: int, seed_value: int) -> None:
    asyncio.run(ensure_database(url))
    migrate.upgrade(url)
    rows = asyncio.run(
        _fetch(url, "SELECT (SELECT count(*) FROM cases) AS c, (SELECT count(*) FROM tenants) AS t")
    )
    if rows[0]["c"] == cases and rows[0]["t"] == tenants + 1:
        print(f"[bench] {url.database} already holds {cases:,} cases; reusing it", file=sys.stderr)
        return
    report = asyncio.run(seed(url, cases=cases, tenants=tenants, seed=seed_value, reset=True))
    for line in report.lines():
        print(f"[bench] {line}", file=sys.stderr)


def largest_owner(url: URL) -> Principal:
    rows = asyncio.run(
        _fetch(
            url,
            "SELECT t.code, count(*) AS n FROM cases c JOIN tenants t ON t.id = c.tenant_id "
            "GROUP BY t.code ORDER BY n DESC LIMIT 1",
        )
    )
    return Principal(f"{rows[0]['code']}.worker", rows[0]["code"], rows[0]["n"])


def login(base: str, username: str) -> str:
    r = httpx.post(
        base + "/auth/token",
        data={"grant_type": "password", "username": username, "password": BENCH_PASSWORD},
    )
    r.raise_for_status()
    token: str = r.json()["access_token"]
    return token


def page_shape(body: dict[str, Any]) -> list[tuple[str, list[str], list[str]]]:
    """Case ids with their party ids and referral ids, in order: what must agree between the two answers."""
    edges = body["data"]["cases"]["edges"]
    return [
        (
            e["node"]["id"],
            [p["id"] for p in e["node"]["parties"]],
            [r["node"]["id"] for r in e["node"]["referrals"]["edges"]],
        )
        for e in edges
    ]


def _instants(value: Any) -> Any:
    """The answer with every timestamp (a key ending in "At") as an instant: PostgreSQL's JSON writes
    00:05:34.11565+00:00 where Python writes 00:05:34.115650+00:00, the same moment."""
    if isinstance(value, dict):
        return {
            k: datetime.fromisoformat(v) if k.endswith("At") and isinstance(v, str) else _instants(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_instants(v) for v in value]
    return value


def same_answer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The two bodies say the same thing, field for field, in the same order of cases, parties, referrals."""
    return bool(_instants(a) == _instants(b))


def fetch_both(concord_base: str, ceiling_base: str, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    auth = {"Authorization": f"Bearer {token}"}
    a = httpx.post(
        concord_base + "/graphql", json={"query": QUERY}, headers=auth | {"Accept": ACCEPT}, timeout=60
    )
    b = httpx.get(ceiling_base + "/", headers=auth, timeout=60)
    assert a.status_code == 200, a.text[:500]
    assert b.status_code == 200, b.text[:500]
    body_a, body_b = a.json(), b.json()
    assert not body_a.get("errors"), body_a["errors"]
    return body_a, body_b


async def _count_statements(owner: URL, secret: str, username: str) -> int:
    """One inbox request through the real ASGI app in this process, counting the statements its engine runs."""
    from concord.app import create_app

    settings = Settings(
        env="production",
        database_url=owner.render_as_string(hide_password=False),
        secret_key=secret,
        watch_interval_seconds=0,
        rate_limit_user_per_minute=0,
    )
    app = create_app(settings, db_url=servers.app_role_url(owner))
    count = 0

    def on_execute(*_: Any) -> None:
        nonlocal count
        count += 1

    async with app.router.lifespan_context(app):
        event.listen(app.state.db.engine.sync_engine, "before_cursor_execute", on_execute)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            r = await client.post(
                "/auth/token",
                data={"grant_type": "password", "username": username, "password": BENCH_PASSWORD},
            )
            auth = {"Authorization": f"Bearer {r.json()['access_token']}", "Accept": ACCEPT}
            await client.post("/graphql", json={"query": QUERY}, headers=auth)  # warm: caches, pool
            count = 0
            r = await client.post("/graphql", json={"query": QUERY}, headers=auth)
            assert r.status_code == 200 and not r.json().get("errors"), r.text[:300]
    return count


def drive(
    server: servers.Server, args: argparse.Namespace, database: str, request: dict[str, Any]
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("wb", suffix=".body", delete=False) as f:
        f.write(request.get("body", b""))
    argv = [sys.executable, "-m", "bench.load", "--port", str(server.port), "--method", request["method"]]
    argv += ["--path", request["path"], "--body-file", f.name, "--connections", str(args.connections)]
    argv += ["--seconds", str(args.seconds), "--warmup", str(args.warmup)]
    for h in request["headers"]:
        argv += ["--header", h]
    # CPU is sampled around the whole run; the warm-up's share is taken out in proportion to time.
    cpu0, pg0 = server.cpu_seconds(), servers.postgres_cpu(database)
    out = subprocess.run(argv, cwd=servers.ROOT, capture_output=True, check=True, text=True)
    cpu1, pg1 = server.cpu_seconds(), servers.postgres_cpu(database)
    Path(f.name).unlink()
    result: dict[str, Any] = json.loads(out.stdout)
    share = args.seconds / (args.seconds + args.warmup)
    n = max(result["requests"], 1)
    result["app_cpu_ms"] = (cpu1 - cpu0) * share / n * 1000
    result["pg_cpu_ms"] = servers.cpu_delta(pg0, pg1) * share / n * 1000
    return result


def report(
    cases: int, who: Principal, stmts: int, runs: dict[str, list[dict[str, Any]]], args: argparse.Namespace
) -> None:
    def agg(rs: list[dict[str, Any]], key: str) -> float:
        return sum(r[key] for r in rs) / len(rs)

    print(
        f"\ninbox benchmark — {cases:,} cases, principal {who.username} ({who.owned:,} cases owned), "
        f"{args.connections} connections, {args.seconds:g}s × {args.rounds} round(s) each, 1 uvicorn worker each"
    )
    print(
        f"{'':10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'app CPU ms/req':>15} {'db CPU ms/req':>14} {'errors':>7}"
    )
    row = {}
    for name, rs in runs.items():
        row[name] = {k: agg(rs, k) for k in ("rps", "p50_ms", "p99_ms", "app_cpu_ms", "pg_cpu_ms")}
        errors = sum(r["errors"] for r in rs)
        v = row[name]
        print(
            f"{name:10} {v['rps']:9.1f} {v['p50_ms']:8.2f} {v['p99_ms']:8.2f} {v['app_cpu_ms']:15.2f} "
            f"{v['pg_cpu_ms']:14.2f} {errors:7d}"
        )
    c, k = row["concord"], row["ceiling"]
    if not (c["rps"] and k["rps"]):
        print("no request completed in the window for one of them: lengthen --seconds")
        return
    print(
        f"concord/ceiling: throughput x{c['rps'] / k['rps']:.2f}, p50 x{c['p50_ms'] / k['p50_ms']:.2f}, "
        f"app CPU/req x{c['app_cpu_ms'] / max(k['app_cpu_ms'], 1e-9):.2f}"
    )
    print(
        f"SQL statements per request: concord {stmts} (measured in-process); ceiling 2 (context + one query)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="concord_bench")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="alternate concord/ceiling this many times")
    args = parser.parse_args()
    if "bench" not in args.database:
        raise SystemExit("the benchmark reseeds its database: use a name containing 'bench'")
    url = with_database(owner_url(), args.database)
    ensure_seeded(url, args.cases, args.tenants, args.seed)
    who = largest_owner(url)
    secret = servers.new_secret()
    stmts = asyncio.run(_count_statements(url, secret, who.username))
    with servers.concord(url, secret) as concord, servers.ceiling(url, secret) as ceiling:
        token = login(concord.base, who.username)
        a, b = fetch_both(concord.base, ceiling.base, token)
        same = same_answer(a, b)
        print(
            f"[bench] first page: concord {len(page_shape(a))} cases, ceiling {len(page_shape(b))}; "
            f"the same answer field for field: {same}",
            file=sys.stderr,
        )
        if not same:
            raise SystemExit("the two endpoints disagree; not measuring")
        auth = f"Authorization: Bearer {token}"
        requests = {
            "concord": {
                "method": "POST",
                "path": "/graphql",
                "body": json.dumps({"query": QUERY}).encode(),
                "headers": [auth, "Content-Type: application/json", f"Accept: {ACCEPT}"],
            },
            "ceiling": {"method": "GET", "path": "/", "headers": [auth]},
        }
        runs: dict[str, list[dict[str, Any]]] = {"concord": [], "ceiling": []}
        for _ in range(args.rounds):
            for name, server in (("concord", concord), ("ceiling", ceiling)):
                runs[name].append(drive(server, args, args.database, requests[name]))
                print(f"[bench] {name}: {json.dumps(runs[name][-1])}", file=sys.stderr)
    report(args.cases, who, stmts, runs, args)


if __name__ == "__main__":
    main()
