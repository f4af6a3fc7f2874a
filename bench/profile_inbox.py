"""In-process harness for the inbox query: time it through the real ASGI app (httpx ASGITransport), count its
SQL statements, and optionally profile it — next to a one-statement asyncpg endpoint (the ceiling) served by
a bare Starlette app through the same transport, so both pay the same in-process HTTP cost.

    .venv/bin/python -m bench.profile_inbox [--cases 10000] [--rounds 300] [--profile] [--keep] [--db URL]

Without --db a fresh database is migrated, loaded with the demo district and padded with generated cases
(SQL, as the owner); --keep leaves it in place so that later runs can pass --db and skip seeding.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.common import fresh_database
from concord.app import create_app
from concord.config import Settings
from concord.db.server import asyncpg_dsn
from concord.db.urls import application_url, drop_database
from concord.demo.loader import load_demo
from concord.models.enums import (
    CaseCategory,
    CaseStatus,
    PartyKind,
    PartyRole,
    ReferralKind,
    ReferralStatus,
    SourceChannel,
)

QUERY_FILE = Path(__file__).resolve().parent / "inbox.graphql"
INBOX = """query Inbox { cases(first: 50) { edges { node { id number title status category createdAt
  ownerTenant { id name } parties { id kind name }
  referrals(first: 10) { edges { node { id status kind sentAt fromTenant { id name } toTenant { id name } } } }
} } } }"""

USER = "district.officer"

# Cases spread over every tenant but the platform, some tenants far larger than others; each case has 1-3
# parties and 0-3 referrals to other tenants, with the access edges the services would have written.
SEED = """
WITH t AS (SELECT array_agg(id ORDER BY code) AS ids FROM tenants WHERE kind <> 'PLATFORM'),
g AS (
  SELECT g, gen_random_uuid() AS id,
         (SELECT ids FROM t) AS ids,
         now() - make_interval(secs => g * 137) AS at
  FROM generate_series(1, $1) AS g
)
INSERT INTO cases (id, tenant_id, number, year, seq, title, description, category, source_channel, status,
                   complexity, people_involved, created_at, updated_at, version, risk_flags, supervision_level,
                   bounce_count, needs_conference)
SELECT id, ids[1 + ((g * g) % 7 + g % array_length(ids, 1)) % array_length(ids, 1)],
       '（2026）压测' || g || '号', 2026, g, '压测案件' || g || '：邻里纠纷', '生成的案件', ($2::text[])[1 + g % $3],
       ($4::text[])[1 + g % $5], ($6::text[])[1 + g % $7], 'SIMPLE', 1 + g % 5, at, at, 1, '{}', 'NONE', 0, false
FROM g
"""
SEED_ACCESS = """
INSERT INTO case_access (case_id, tenant_id, reason, created_at)
SELECT id, tenant_id, 'OWNER', created_at FROM cases WHERE number LIKE '（2026）压测%'
"""
SEED_PARTIES = """
INSERT INTO parties (id, case_id, kind, name, role, id_number, phone, position, created_at)
SELECT gen_random_uuid(), c.id, ($1::text[])[1 + (c.seq + n) % 2], '当事人' || c.seq || '-' || n,
       ($2::text[])[1 + n % 2], '11010519850312' || lpad(((c.seq * 7 + n) % 10000)::text, 4, '0'),
       '1381234' || lpad(((c.seq + n) % 10000)::text, 4, '0'), n, c.created_at
FROM cases c CROSS JOIN generate_series(0, 2) AS n
WHERE c.number LIKE '（2026）压测%' AND n <= c.seq % 3
"""
SEED_REFERRALS = """
WITH t AS (SELECT array_agg(id ORDER BY code) AS ids FROM tenants WHERE kind <> 'PLATFORM')
INSERT INTO referrals (id, case_id, kind, from_tenant_id, to_tenant_id, status, reason, sent_at, updated_at,
                       version)
SELECT gen_random_uuid(), c.id, ($1::text[])[1 + (c.seq + n) % $2], c.tenant_id,
       (SELECT ids FROM t)[1 + (c.seq * 3 + n * 5 + 1) % array_length((SELECT ids FROM t), 1)],
       ($3::text[])[1 + (c.seq + n) % $4], '生成的转介', c.created_at + make_interval(hours => n + 1),
       c.created_at + make_interval(hours => n + 1), 1
FROM cases c CROSS JOIN generate_series(0, 2) AS n
WHERE c.number LIKE '（2026）压测%' AND n < c.seq % 4
"""
SEED_REFERRAL_ACCESS = """
INSERT INTO case_access (case_id, tenant_id, reason, created_at)
SELECT DISTINCT case_id, to_tenant_id, 'REFERRAL_TO'::varchar, now() FROM referrals WHERE reason = '生成的转介'
UNION
SELECT DISTINCT case_id, from_tenant_id, 'REFERRAL_FROM', now() FROM referrals WHERE reason = '生成的转介'
ON CONFLICT DO NOTHING
"""


def _vals(enum: Any) -> list[str]:
    return [m.value for m in enum]


async def seed(owner: URL, cases: int) -> None:
    dsn, kw = asyncpg_dsn(owner)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        cat, src, st = _vals(CaseCategory), _vals(SourceChannel), _vals(CaseStatus)
        st = [s for s in st if s not in ("CLOSED",)] or st
        async with conn.transaction():
            await conn.execute(SEED, cases, cat, len(cat), src, len(src), st, len(st))
            await conn.execute(SEED_ACCESS)
            await conn.execute(SEED_PARTIES, _vals(PartyKind), _vals(PartyRole)[:2])
            kinds, rst = _vals(ReferralKind), _vals(ReferralStatus)
            await conn.execute(SEED_REFERRALS, kinds, len(kinds), rst, len(rst))
            await conn.execute(SEED_REFERRAL_ACCESS)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


# The ceiling: one statement that builds the whole answer as JSON inside PostgreSQL.
CEILING_SQL = """
WITH me AS (SELECT $1::uuid AS tid),
vis AS (
  SELECT c.* FROM cases c
  WHERE c.tenant_id IN (SELECT descendant_id FROM tenant_closure WHERE ancestor_id = (SELECT tid FROM me))
     OR c.id IN (SELECT case_id FROM case_access WHERE tenant_id IN
                   (SELECT descendant_id FROM tenant_closure WHERE ancestor_id = (SELECT tid FROM me)))
  ORDER BY c.created_at DESC, c.id DESC LIMIT 50
)
SELECT json_build_object('data', json_build_object('cases', json_build_object('edges', coalesce(json_agg(
  json_build_object('node', json_build_object(
    'id', v.id, 'number', v.number, 'title', v.title, 'status', v.status, 'category', v.category,
    'createdAt', v.created_at,
    'ownerTenant', (SELECT json_build_object('id', t.id, 'name', t.name) FROM tenants t WHERE t.id = v.tenant_id),
    'parties', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'kind', p.kind, 'name', p.name)
                ORDER BY p.position), '[]') FROM parties p WHERE p.case_id = v.id),
    'referrals', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object(
        'id', r.id, 'status', r.status, 'kind', r.kind, 'sentAt', r.sent_at,
        'fromTenant', json_build_object('id', ft.id, 'name', ft.name),
        'toTenant', json_build_object('id', tt.id, 'name', tt.name))) ORDER BY r.sent_at DESC, r.id DESC), '[]')
      FROM (SELECT * FROM referrals r0 WHERE r0.case_id = v.id ORDER BY r0.sent_at DESC, r0.id DESC LIMIT 10) r
      JOIN tenants ft ON ft.id = r.from_tenant_id JOIN tenants tt ON tt.id = r.to_tenant_id))
  )) ORDER BY v.created_at DESC, v.id DESC), '[]'))))::text
FROM vis v
"""


def ceiling_app(owner: URL, tenant_code: str) -> Starlette:
    state: dict[str, Any] = {}

    async def inbox(request: Request) -> Response:
        if "pool" not in state:
            dsn, kw = asyncpg_dsn(owner)
            state["pool"] = await asyncpg.create_pool(dsn, min_size=1, max_size=4, **kw)
            async with state["pool"].acquire() as c:
                state["tid"] = await c.fetchval("SELECT id FROM tenants WHERE code = $1", tenant_code)
        async with state["pool"].acquire() as c:
            body = await c.fetchval(CEILING_SQL, state["tid"])
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/inbox", inbox, methods=["POST"])])


_cpu: list[float] = []


async def _time(send: Any, rounds: int) -> list[float]:
    """Wall time per request; the process's CPU time per request goes to _cpu (steadier on a busy machine)."""
    samples = []
    c0 = time.process_time()
    for _ in range(rounds):
        t0 = time.perf_counter()
        await send()
        samples.append(time.perf_counter() - t0)
    _cpu.append((time.process_time() - c0) / rounds)
    return samples


def _fmt(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(samples) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


async def run(
    owner: URL, rounds: int, profile: bool, repeats: int, query: str, user: str, cprofile: bool = False
) -> None:
    settings = Settings(
        env="test",
        watch_interval_seconds=0,
        database_url=owner.render_as_string(hide_password=False),
        secret_key="profile-secret-key-with-enough-length-for-hs256",
    )
    app = create_app(settings, db_url=application_url(settings, owner=owner))
    statements: list[str] = []
    async with app.router.lifespan_context(app):
        engine = app.state.db.engine.sync_engine
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://concord.test") as client:
            r = await client.post(
                "/auth/token", data={"grant_type": "password", "username": user, "password": "demo"}
            )
            token = r.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            body = {"query": query}

            async def send() -> None:
                resp = await client.post("/graphql", json=body, headers=headers)
                assert resp.status_code == 200, resp.text

            first = (await client.post("/graphql", json=body, headers=headers)).json()
            assert not first.get("errors"), first["errors"]
            edges = first["data"]["cases"]["edges"]
            statements.clear()
            await send()
            print(
                f"inbox: {len(edges)} cases, {sum(len(e['node']['parties']) for e in edges)} parties, "
                f"{sum(len(e['node']['referrals']['edges']) for e in edges)} referrals; "
                f"{len(statements)} SQL statements per request:"
            )
            for s in statements:
                print("   ", " ".join(s.split())[:150])
            await _time(send, 20)  # warm-up

            ceiling = ceiling_app(owner, first_tenant_code(user))
            ct = httpx.ASGITransport(app=ceiling)
            async with httpx.AsyncClient(transport=ct, base_url="http://ceiling.test") as cc:
                cbody = (await cc.post("/inbox")).json()
                assert len(cbody["data"]["cases"]["edges"]) == len(edges), "ceiling disagrees on the page"

                async def csend() -> None:
                    resp = await cc.post("/inbox")
                    assert resp.status_code == 200

                await _time(csend, 20)
                meds_c, meds_x, cpus = [], [], []
                for i in range(repeats):
                    xs = await _time(send, rounds)
                    cpu_x = _cpu[-1]
                    cs = await _time(csend, rounds)
                    cpu_c = _cpu[-1]
                    meds_x.append(statistics.median(xs))
                    meds_c.append(statistics.median(cs))
                    cpus.append(cpu_x)
                    print(
                        f"run {i + 1}: concord {_fmt(xs)}, CPU {cpu_x * 1000:.2f} ms | ceiling {_fmt(cs)}, "
                        f"CPU {cpu_c * 1000:.2f} ms"
                    )
                mx, mc = statistics.median(meds_x), statistics.median(meds_c)
                print(
                    f"median of medians: concord {mx * 1000:.2f} ms/request, ceiling {mc * 1000:.2f} ms/request, "
                    f"ratio {mc / mx:.2f} of the ceiling's throughput (sequential, in-process); "
                    f"concord CPU (this process) {statistics.median(cpus) * 1000:.2f} ms/request"
                )
            if cprofile:
                import cProfile
                import pstats

                prof = cProfile.Profile(time.process_time)
                prof.enable()
                await _time(send, rounds)
                prof.disable()
                buf = io.StringIO()
                st = pstats.Stats(prof, stream=buf)
                st.sort_stats("tottime").print_stats(60)
                st.sort_stats("cumulative").print_stats(80)
                _write("/tmp/cprofile_inbox.txt", buf.getvalue())
                print("cProfile (CPU time) written to /tmp/cprofile_inbox.txt")
            if profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005, async_mode="enabled")
                profiler.start()
                await _time(send, rounds)
                profiler.stop()
                _write("/tmp/profile_inbox.txt", profiler.output_text(unicode=False, color=False))
                _write("/tmp/profile_inbox.html", profiler.output_html())
                print("profile written to /tmp/profile_inbox.txt and /tmp/profile_inbox.html")


def _write(path: str, text: str) -> None:
    Path(path).write_text(text)


_TENANT_OF = {"district.officer": "district-centre", "e1.worker": "community-e1", "admin": "platform"}


def first_tenant_code(user: str) -> str:
    return _TENANT_OF[user]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="pyinstrument (wall clock) profile")
    parser.add_argument("--cprofile", action="store_true", help="cProfile on CPU time")
    parser.add_argument("--keep", action="store_true", help="keep the database (print its URL)")
    parser.add_argument("--db", help="reuse a database made by an earlier --keep run")
    parser.add_argument("--user", default=USER, choices=sorted(_TENANT_OF))
    args = parser.parse_args()
    query = INBOX
    if QUERY_FILE.exists():
        query = QUERY_FILE.read_text()
    owner = make_url(args.db) if args.db else fresh_database("concord_inbox")
    try:
        if not args.db:
            asyncio.run(load_demo(owner))
            t0 = time.perf_counter()
            asyncio.run(seed(owner, args.cases))
            print(f"seeded {args.cases} cases in {time.perf_counter() - t0:.1f}s")
            if args.keep:
                print("database:", json.dumps(owner.render_as_string(hide_password=False)))
        asyncio.run(run(owner, args.rounds, args.profile, args.repeats, query, args.user, args.cprofile))
    finally:
        if not args.keep and not args.db:
            asyncio.run(drop_database(owner))


if __name__ == "__main__":
    main()
