"""Soak run: many concurrent clients mixing reads and mutations against a real Concord server, then checks.

    .venv/bin/python -m bench.soak --clients 200 --seconds 60

It uses the database DATABASE_URL names (or `--database NAME` on that server; the embedded server's when
DATABASE_URL is unset), and says which. The run writes cases and referrals, so it refuses — before touching
anything — a database that holds data other than a bench seed (no `bench.admin` account); an empty or new
database is seeded first (`--cases`, default 10k), never wiped. Clients act as the workers of the
busiest tenants (one login per account, tokens shared) and loop: the inbox (bench/inbox.graphql), a case's
detail (schema/operations/CaseDetail.graphql), createCase, referCase of a case they created to another
soak tenant, and signForReferral / acceptReferral of referrals sent to their tenant. Clients of one tenant
share its referral queue, so two of them sometimes act on the same referral at once: the loser's CONFLICT
is counted as an expected race, apart from unexpected errors. Every acknowledged mutation is recorded; at
the end each is looked up in the database (with its audit event), and every audit chain is verified.
Prints PASS when there were no unexpected errors, nothing acknowledged is missing and the chains verify.

`--restart-db-at S` restarts PostgreSQL S seconds into the run (`pg_ctl restart -m fast`, or `--restart-mode
immediate` for a crash): the run then uses a PostgreSQL of its own (bench/pgctl.py, seeded afresh) instead of
DATABASE_URL's server, which it must not restart under other users. It prints the fault table: requests,
unexpected errors by kind (HTTP 500, uncoded or masked errors, dropped connections), coded retryable answers
(503 SERVICE_UNAVAILABLE / 409 CONFLICT, retried after Retry-After with the same Idempotency-Key), and
acknowledged writes missing afterwards.
`--think S` gives each client a mean pause between requests (people, not a load generator); `--workers N` runs
uvicorn with N processes. Offered load beyond what the server sustains shows up as HTTP 500s: a request that
waits longer than the database pool's 30 s timeout for a connection fails rather than queueing forever."""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import URL

from bench import servers
from bench.inbox import ACCEPT, QUERY, _fetch
from bench.pgctl import OwnPostgres
from concord.audit import cli as audit_cli
from concord.benchdata.seed import BENCH_PASSWORD, SeedRefused, seed
from concord.db import migrate
from concord.db.server import asyncpg_dsn, with_database
from concord.db.urls import ensure_database, owner_url
from concord.documents.registry import operation_text
from concord.kit.ids import from_global_id

OPS = Path(__file__).resolve().parents[1] / "schema" / "operations"
CASE_DETAIL = operation_text("CaseDetail", OPS)
CREATE_CASE = operation_text("CreateCase", OPS)
REFER_CASE = operation_text("ReferCase", OPS)
SIGN = operation_text("SignForReferral", OPS)
ACCEPT_REFERRAL = operation_text("AcceptReferral", OPS)
COURT_KINDS = ("COURT", "DOCKING_CENTRE")


@dataclass
class Account:
    username: str
    tenant_id: str  # global id
    tenant_kind: str
    token: str = ""


@dataclass
class Shared:
    accounts: list[Account]
    # per receiving tenant (global id): referrals waiting to be signed for, and signed ones waiting to be accepted
    to_sign: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    to_accept: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    acked: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # op -> ids
    ops: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    races: Counter[str] = field(default_factory=Counter)
    shed: Counter[str] = field(default_factory=Counter)  # 503/429 answers retried with the same key
    coded: Counter[str] = field(default_factory=Counter)  # coded retryable answers (503/409) by code
    restarts: list[tuple[float, float]] = field(default_factory=list)  # (at second, seconds it took)


MUTATIONS = frozenset({"createCase", "referCase", "sign", "accept"})
RETRIES = 5


async def gql(
    client: httpx.AsyncClient, shared: Shared, op: str, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any] | None:
    """One logical request, sent the way a well-behaved external app sends it: every mutation carries an
    Idempotency-Key, and a request the server shed (503, or 429) is retried after its Retry-After with the
    same key, so a retry can never do the work twice. Sheds are counted apart; only a request that still
    fails after the retries is an error."""
    shared.ops[op] += 1
    headers = {"Authorization": f"Bearer {token}", "Accept": ACCEPT}
    if op in MUTATIONS:
        headers["Idempotency-Key"] = uuid.uuid4().hex
    for attempt in range(RETRIES + 1):
        try:
            r = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        except httpx.HTTPError as exc:
            shared.errors[f"{op}:{type(exc).__name__}"] += 1
            return None
        if r.status_code not in (429, 503) or attempt == RETRIES:
            break
        shared.shed[op] += 1
        shared.coded[_code_of(r)] += 1
        await asyncio.sleep(float(r.headers.get("retry-after", "1")))
    try:
        body: dict[str, Any] = r.json()
    except ValueError:
        shared.errors[f"{op}:HTTP {r.status_code}"] += 1
        return None
    if body.get("errors"):
        code = body["errors"][0].get("extensions", {}).get("code", "?")
        if code == "CONFLICT" and op in ("sign", "accept"):
            shared.races[op] += 1
        else:
            shared.errors[f"{op}:{code}"] += 1
        return None
    if r.status_code != 200:
        shared.errors[f"{op}:HTTP {r.status_code}"] += 1
        return None
    data: dict[str, Any] = body["data"]
    return data


def _code_of(r: httpx.Response) -> str:
    try:
        return str(r.json()["errors"][0]["extensions"]["code"])
    except (ValueError, KeyError, IndexError, TypeError):
        return f"HTTP {r.status_code} uncoded"


def new_case(rng: random.Random, n: int) -> dict[str, Any]:
    return {
        "title": f"压力测试纠纷{n}",
        "category": rng.choice(["LOAN", "NEIGHBOUR", "LABOUR", "CONSUMER"]),
        "sourceChannel": "PARTY_APPLICATION",
        "parties": [
            {"name": "张三", "kind": "PERSON", "role": "APPLICANT", "phone": "13812345678"},
            {"name": "李四", "kind": "PERSON", "role": "RESPONDENT"},
        ],
    }


async def client_loop(
    n: int, me: Account, client: httpx.AsyncClient, shared: Shared, until: float, think: float
) -> None:
    rng = random.Random(n)
    mine: list[str] = []  # cases this client created (it may refer them on)
    seen: list[str] = []
    while time.monotonic() < until:
        if think:  # a person reads the screen between requests: 0.5×–1.5× the mean think time
            await asyncio.sleep(think * (0.5 + rng.random()))
        x = rng.random()
        if x < 0.40:
            data = await gql(client, shared, "inbox", me.token, QUERY, {})
            if data:
                seen = [e["node"]["id"] for e in data["cases"]["edges"]][:20]
        elif x < 0.55 and seen:
            await gql(client, shared, "caseDetail", me.token, CASE_DETAIL, {"id": rng.choice(seen)})
        elif x < 0.70:
            data = await gql(client, shared, "createCase", me.token, CREATE_CASE, {"input": new_case(rng, n)})
            if data:
                mine.append(data["createCase"]["case"]["id"])
                shared.acked["createCase"].append(mine[-1])
        elif x < 0.82 and mine:
            target = rng.choice([a for a in shared.accounts if a.tenant_id != me.tenant_id])
            kind = "DELEGATED" if me.tenant_kind in COURT_KINDS else "TRANSFERRED"
            case_id = mine.pop(rng.randrange(len(mine)))  # each case referred once: no deliberate clash here
            variables = {
                "input": {
                    "caseId": case_id,
                    "toTenantId": target.tenant_id,
                    "kind": kind,
                    "reason": "压测转介",
                }
            }
            data = await gql(client, shared, "referCase", me.token, REFER_CASE, variables)
            if data:
                rid = data["referCase"]["referral"]["id"]
                shared.acked["referCase"].append(rid)
                shared.to_sign[target.tenant_id].append(rid)
        else:
            await act_on_referral(rng, me, client, shared)


async def act_on_referral(rng: random.Random, me: Account, client: httpx.AsyncClient, shared: Shared) -> None:
    """Sign for or accept one of the tenant's referrals. The id stays in the queue a moment after it is taken,
    so that another client of the same tenant can race for it: exactly one of them must win."""
    queue, op = (shared.to_accept, "accept") if rng.random() < 0.5 else (shared.to_sign, "sign")
    items = queue[me.tenant_id]
    if not items:
        return
    rid = items[-1]
    data = await gql(
        client,
        shared,
        op,
        me.token,
        SIGN if op == "sign" else ACCEPT_REFERRAL,
        {"input": {"referralId": rid}},
    )
    if rid in items:
        items.remove(rid)
    if data:
        shared.acked[op].append(rid)
        if op == "sign":
            shared.to_accept[me.tenant_id].append(rid)


async def accounts_for(url: URL, count: int) -> list[Account]:
    """Workers of the `count` tenants that own the most cases (lawyer studios register none of their own)."""
    from concord.kit.ids import to_global_id

    rows = await _fetch(
        url,
        "SELECT t.id, t.code, t.kind FROM tenants t LEFT JOIN cases c ON c.tenant_id = t.id "
        f"WHERE t.kind NOT IN ('PLATFORM', 'LAWYER_STUDIO') GROUP BY t.id ORDER BY count(c.id) DESC, t.code LIMIT {int(count)}",
    )
    return [Account(f"{r['code']}.worker", to_global_id("Tenant", r["id"]), r["kind"]) for r in rows]


async def restart_later(pg: OwnPostgres | None, at: float | None, mode: str, shared: Shared) -> None:
    if pg is None or at is None:
        return
    await asyncio.sleep(at)
    started = time.monotonic()
    await asyncio.to_thread(pg.restart, mode)
    shared.restarts.append((at, time.monotonic() - started))


async def soak(
    base: str,
    url: URL,
    clients: int,
    seconds: float,
    tenants: int,
    think: float,
    pg: OwnPostgres | None = None,
    restart_at: float | None = None,
    restart_mode: str = "fast",
) -> Shared:
    accounts = await accounts_for(url, tenants)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        for a in accounts:  # one login per account: argon2 is slow on purpose
            r = await client.post(
                "/auth/token",
                data={"grant_type": "password", "username": a.username, "password": BENCH_PASSWORD},
            )
            r.raise_for_status()
            a.token = r.json()["access_token"]
        shared = Shared(accounts)
        until = time.monotonic() + seconds
        await asyncio.gather(
            restart_later(pg, restart_at, restart_mode, shared),
            *(
                client_loop(i, accounts[i % len(accounts)], client, shared, until, think)
                for i in range(clients)
            ),
        )
    return shared


async def check_database(url: URL, shared: Shared) -> list[str]:
    """Every acknowledged mutation, looked up as the owner: the row in its acknowledged state, and its audit event."""
    problems: list[str] = []
    dsn, kw = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn, **kw)
    try:

        def ids(op: str) -> list[uuid.UUID]:
            return [from_global_id(g)[1] for g in shared.acked[op]]

        found = await conn.fetchval(
            "SELECT count(*) FROM cases WHERE id = ANY($1::uuid[])", ids("createCase")
        )
        if found != len(ids("createCase")):
            problems.append(f"createCase: {len(ids('createCase')) - found} acknowledged cases missing")
        status = dict(
            await conn.fetch("SELECT id, status FROM referrals WHERE id = ANY($1::uuid[])", ids("referCase"))
        )
        if len(status) != len(ids("referCase")):
            problems.append(
                f"referCase: {len(ids('referCase')) - len(status)} acknowledged referrals missing"
            )
        signed = [i for i in ids("sign") if status.get(i) not in ("SIGNED_FOR", "ACCEPTED")]
        accepted = [i for i in ids("accept") if status.get(i) != "ACCEPTED"]
        if signed or accepted:
            problems.append(
                f"{len(signed)} acknowledged sign-fors and {len(accepted)} accepts not in the database"
            )
        for op, action in (
            ("createCase", "case.create"),
            ("referCase", "referral.create"),
            ("accept", "referral.accept"),
        ):
            audited = await conn.fetchval(
                "SELECT count(DISTINCT object_id) FROM audit_events WHERE action = $1 AND object_id = ANY($2::uuid[])",
                action,
                ids(op),
            )
            if audited != len(set(ids(op))):
                problems.append(f"{op}: {len(set(ids(op))) - audited} acknowledged without an audit event")
    finally:
        await conn.close()
    reports, _ = await audit_cli.verify(url, None)
    broken = [r for r in reports if not r.ok]
    print(
        f"[soak] audit verify: {len(reports)} chains, {sum(r.checked for r in reports)} events, {len(broken)} broken"
    )
    if broken:
        problems.append(f"audit: {len(broken)} broken chains")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description="Concord soak run")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", default=None, help="default: the database DATABASE_URL names")
    parser.add_argument("--cases", type=int, default=10_000, help="cases to seed when the database is empty")
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=20, help="how many tenants' workers act")
    parser.add_argument("--env", default="production")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--think", type=float, default=0, help="mean seconds between a client's requests")
    parser.add_argument("--restart-db-at", type=float, default=None, help="restart PostgreSQL at this second")
    parser.add_argument("--restart-mode", choices=["fast", "immediate"], default="fast")
    args = parser.parse_args()
    pg = OwnPostgres() if args.restart_db_at is not None else None
    try:
        ok = run(args, pg)
    finally:
        if pg is not None:
            pg.cleanup()
    sys.exit(0 if ok else 1)


def target(args: argparse.Namespace, pg: OwnPostgres | None) -> URL:
    """The database the run uses: the one named, else DATABASE_URL's own (a PostgreSQL of the run's own, with a
    bench database, when it restarts the server)."""
    if pg is not None:
        return pg.url(args.database or "concord_bench")
    url = owner_url()
    return with_database(url, args.database) if args.database else url


def prepare(url: URL, cases: int, tenants: int) -> None:
    """Seed an empty database; use a bench seed as it is; refuse anything else before writing a row."""
    try:
        rows = asyncio.run(
            _fetch(
                url,
                "SELECT (SELECT count(*) FROM tenants) AS tenants, "
                "(SELECT count(*) FROM users WHERE username = 'bench.admin') AS bench",
            )
        )
        existing, bench = rows[0]["tenants"], rows[0]["bench"]
    except (asyncpg.InvalidCatalogNameError, asyncpg.UndefinedTableError):
        existing = bench = 0
    if existing and not bench:
        raise SystemExit(
            f"[soak] refused: database {url.database!r} already holds data that is not a bench seed (no bench.admin "
            "account), and the soak run would write cases into it. Point DATABASE_URL (or --database) at an "
            "empty database, or at one seeded by `concord bench seed`."
        )
    if existing:
        print(f"[soak] database {url.database!r}: a bench seed, used as it is", file=sys.stderr)
        return
    print(f"[soak] database {url.database!r} is empty: seeding {cases:,} cases", file=sys.stderr)
    asyncio.run(ensure_database(url))
    migrate.upgrade(url)
    try:
        report = asyncio.run(seed(url, cases=cases, tenants=tenants, seed=1))
    except SeedRefused as exc:
        raise SystemExit(f"[soak] refused: {exc}") from None
    for line in report.lines():
        print(f"[soak] {line}", file=sys.stderr)


def run(args: argparse.Namespace, pg: OwnPostgres | None) -> bool:
    url = target(args, pg)
    prepare(url, args.cases, args.tenants)
    secret = servers.new_secret()
    with servers.concord(url, secret, env=args.env, workers=args.workers) as server:
        started = time.monotonic()
        shared = asyncio.run(
            soak(
                server.base,
                url,
                args.clients,
                args.seconds,
                args.accounts,
                args.think,
                pg,
                args.restart_db_at,
                args.restart_mode,
            )
        )
        elapsed = time.monotonic() - started
    total = sum(shared.ops.values())
    print(
        f"[soak] {args.clients} clients (think {args.think:g}s), {args.workers} worker(s), {elapsed:.0f}s including "
        f"logins: {total} requests ({total / args.seconds:.1f}/s)"
    )
    print("[soak] requests: " + ", ".join(f"{k} {v}" for k, v in sorted(shared.ops.items())))
    print("[soak] acknowledged: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(shared.acked.items())))
    print(f"[soak] expected CONFLICTs from deliberate races: {dict(shared.races) or 0}")
    print(
        f"[soak] shed by the server (503/429) and retried with the same Idempotency-Key: {dict(shared.shed) or 0}"
    )
    unexpected = sum(shared.errors.values())
    print(f"[soak] unexpected errors: {unexpected} {dict(shared.errors) if unexpected else ''}")
    problems = asyncio.run(check_database(url, shared))
    for p in problems:
        print(f"[soak] MISSING: {p}")
    print_fault_table(args, shared, total, problems)
    ok = unexpected == 0 and not problems
    print("PASS" if ok else "FAIL")
    return ok


def print_fault_table(args: argparse.Namespace, shared: Shared, total: int, problems: list[str]) -> None:
    """The issue's table: one row for this run."""
    if args.restart_db_at is None:
        run_name = "no restart"
    else:
        took = ", ".join(f"{d:.1f}s" for _, d in shared.restarts) or "not reached"
        run_name = f"one {args.restart_mode} restart at {args.restart_db_at:g}s (pg_ctl took {took})"
    kinds = ", ".join(f"{k} ×{v}" for k, v in sorted(shared.errors.items())) or "none"
    coded = ", ".join(f"{k} ×{v}" for k, v in sorted(shared.coded.items())) or "none"
    missing = "; ".join(problems) or "0"
    print()
    print(
        "| run | requests | unexpected errors | coded retryable answers (retried) | acknowledged writes missing |"
    )
    print("|---|---:|---|---|---:|")
    print(f"| {run_name} | {total:,} | {sum(shared.errors.values())} ({kinds}) | {coded} | {missing} |")


if __name__ == "__main__":
    main()
