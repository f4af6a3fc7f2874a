"""Write the bench district with COPY (asyncpg `copy_records_to_table`) as the owner role, in one transaction.

No audit events are written for bench data: the trail records what principals did, and nobody did this. The
audit chains therefore start empty and still verify; whatever a soak run does afterwards is chained as usual.
Deadlines (started when a referral is accepted) are not generated either: the inbox does not read them."""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import asyncpg
from sqlalchemy.engine import URL

from concord.auth.passwords import hash_password
from concord.benchdata.cases import (
    ACCESS_COLUMNS,
    CASE_COLUMNS,
    PARTY_COLUMNS,
    REFERRAL_COLUMNS,
    Batch,
    Generator,
)
from concord.benchdata.pools import build_pools
from concord.benchdata.tenants import TENANT_COLUMNS, BenchTenant, accounts, build_tree, closure_rows
from concord.db.server import asyncpg_dsn

BENCH_PASSWORD = "bench"
BATCH = 20_000
# Tables that FORCE row-level security: COPY into them needs the policies out of the way for the owner.
RLS_TABLES = ("tenants", "tenant_closure", "users", "memberships", "cases", "parties", "referrals", "case_access",
              "case_counters")  # fmt: skip


class SeedRefused(Exception):
    pass


@dataclass
class SeedReport:
    tenants: int = 0
    users: int = 0
    cases: int = 0
    parties: int = 0
    referrals: int = 0
    access: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        total = sum(self.seconds.values())
        rows = self.cases + self.parties + self.referrals + self.access
        return [
            f"机构 {self.tenants}，用户 {self.users}（密码 {BENCH_PASSWORD}），案件 {self.cases}，当事人 {self.parties}，"
            f"转介 {self.referrals}，可见性边 {self.access}",
            "耗时：" + "，".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()) + f"；合计 {total:.1f}s"
            f"（{rows / max(total, 1e-9):,.0f} 行/秒）",
        ]


def check_target(database: str, env: str, reset: bool) -> None:
    """Refuse production, and refuse wiping any database that is not visibly a bench database."""
    if env == "production":
        raise SeedRefused("生产环境（CONCORD_ENV=production）不能装入基准测试数据")
    if reset and "bench" not in database:
        raise SeedRefused(f"--reset 只能用于名称含 bench 的专用数据库，拒绝清空 {database}")


async def _is_empty(conn: asyncpg.Connection) -> bool:
    return not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM tenants)")


async def _wipe(conn: asyncpg.Connection) -> None:
    tables = await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
    )
    names = ", ".join(f'"{r["tablename"]}"' for r in tables)
    # The trail refuses TRUNCATE; wiping a dedicated bench database is the one deliberate exception.
    await conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_truncate")
    await conn.execute(f"TRUNCATE {names} CASCADE")
    await conn.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_truncate")


async def _copy(
    conn: asyncpg.Connection, table: str, columns: tuple[str, ...], rows: Sequence[tuple[object, ...]]
) -> None:
    if rows:
        await conn.copy_records_to_table(table, records=rows, columns=list(columns))


async def _directory(
    conn: asyncpg.Connection, tree: list[BenchTenant], report: SeedReport
) -> dict[uuid.UUID, uuid.UUID]:
    """Tenants, closure, users and memberships; returns each tenant's worker (the creator of its cases)."""
    base = datetime.now(UTC) - timedelta(days=4 * 365)
    await _copy(
        conn, "tenants", TENANT_COLUMNS, [t.row(base + timedelta(minutes=i)) for i, t in enumerate(tree)]
    )
    await _copy(conn, "tenant_closure", ("ancestor_id", "descendant_id", "depth"), closure_rows(tree))
    password_hash = hash_password(BENCH_PASSWORD)  # once: argon2 is deliberately slow
    users, memberships, workers = [], [], {}
    for a in accounts(tree):
        uid = uuid.uuid4()
        users.append((uid, a.username, a.display_name, password_hash, True, base))
        memberships.append((uuid.uuid4(), uid, a.tenant.id, list(a.roles), base))
        if a.username.endswith(".worker"):
            workers[a.tenant.id] = uid
    await _copy(
        conn, "users", ("id", "username", "display_name", "password_hash", "is_active", "created_at"), users
    )
    await _copy(conn, "memberships", ("id", "user_id", "tenant_id", "roles", "created_at"), memberships)
    report.tenants, report.users = len(tree) - 1, len(users)
    return workers


async def seed(
    url: URL,
    *,
    cases: int,
    tenants: int,
    seed: int = 1,
    reset: bool = False,
    env: str = "development",
    progress: bool = True,
    batch: int = BATCH,
) -> SeedReport:
    assert url.database
    check_target(url.database, env, reset)
    dsn, kw = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn, **kw)
    report = SeedReport()
    try:
        await _seed(
            conn, report, cases=cases, tenants=tenants, seed=seed, reset=reset, progress=progress, batch=batch
        )
        started = time.perf_counter()
        # Fresh statistics and visibility map, so the first benchmark query plans as it will later.
        for table in ("tenants", "tenant_closure", "cases", "parties", "referrals", "case_access"):
            await conn.execute(f'VACUUM ANALYZE "{table}"')
        report.seconds["vacuum analyze"] = time.perf_counter() - started
    finally:
        await conn.close()
    return report


async def _seed(
    conn: asyncpg.Connection,
    report: SeedReport,
    *,
    cases: int,
    tenants: int,
    seed: int,
    reset: bool,
    progress: bool,
    batch: int,
) -> None:
    from tqdm import tqdm

    started = time.perf_counter()
    tree = build_tree(tenants)  # raises ValueError for too few tenants, before anything is touched
    async with conn.transaction():
        if not await _is_empty(conn):
            if not reset:
                raise SeedRefused(
                    "数据库不是空的：基准测试数据只装入空数据库（专用 bench 数据库可用 --reset 清空）"
                )
            await _wipe(conn)
        privileged = await conn.fetchval(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        if privileged:
            # Bulk-load mode for this transaction: no foreign-key triggers per row. The generator writes parents
            # before children and only ids it made (tests/bench checks there are no orphans).
            await conn.execute("SET LOCAL session_replication_role = replica")
        if not privileged:
            # COPY FROM refuses tables under row-level security; the owner lifts FORCE for this transaction only.
            for table in RLS_TABLES:
                await conn.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        workers = await _directory(conn, tree, report)
        report.seconds["directory"] = time.perf_counter() - started
        started = time.perf_counter()
        gen = Generator(tree, workers, build_pools(random.Random(seed)), seed, cases)
        batches = gen.batches(batch)

        def produce() -> Batch | None:
            return next(batches, None)

        with tqdm(total=cases, unit="案", unit_scale=True, disable=not progress, file=sys.stderr) as bar:
            # The next batch is generated in a thread while PostgreSQL ingests this one (the wait for COPY to
            # finish releases the GIL), so Python and the server each keep a core busy.
            pending = asyncio.ensure_future(asyncio.to_thread(produce))
            while (b := await pending) is not None:
                pending = asyncio.ensure_future(asyncio.to_thread(produce))
                await _copy(conn, "cases", CASE_COLUMNS, b.cases)
                await _copy(conn, "parties", PARTY_COLUMNS, b.parties)
                await _copy(conn, "referrals", REFERRAL_COLUMNS, b.referrals)
                await _copy(conn, "case_access", ACCESS_COLUMNS, b.access)
                report.cases += len(b.cases)
                report.parties += len(b.parties)
                report.referrals += len(b.referrals)
                report.access += len(b.access)
                bar.update(len(b.cases))
        await _copy(conn, "case_counters", ("tenant_id", "year", "last_seq"), gen.counter_rows())
        if not privileged:
            for table in RLS_TABLES:
                await conn.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        report.seconds["cases"] = time.perf_counter() - started
        started = time.perf_counter()
    report.seconds["commit"] = time.perf_counter() - started
