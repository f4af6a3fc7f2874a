"""Write overhead of auditing: the same mutation (createCase through the service layer, in its own transaction,
as the application role with row-level security) with the audit recorder on and off, interleaved in one run.

    .venv/bin/python -m bench.audit_overhead [--rounds 300]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from sqlalchemy import select
from sqlalchemy.engine import URL

from bench.common import fresh_database, summary
from concord.auth.principal import Principal
from concord.cases.service import NewCase, PartyData, create_case
from concord.config import get_settings
from concord.db.database import Database
from concord.db.server import stop_embedded
from concord.db.session import DbContext, bind_context
from concord.db.urls import application_url, drop_database
from concord.demo.loader import load_demo
from concord.models import Membership, Tenant, User
from concord.models.enums import CaseCategory, PartyKind, PartyRole, SourceChannel
from concord.trail.recorder import Actor, Recorder, attach, flush_events


async def _principal(db: Database, owner: URL) -> Principal:
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    engine = create_async_engine(owner)
    async with AsyncSession(engine) as s:
        row = (
            await s.execute(
                select(User, Tenant, Membership)
                .join(Membership, Membership.user_id == User.id)
                .join(Tenant, Tenant.id == Membership.tenant_id)
                .where(User.username == "court.clerk")
            )
        ).one()
    await engine.dispose()
    user, tenant, m = row
    return Principal(
        "user", user.id, user.username, user.display_name, tenant.id, tenant.code, tenant.kind, tuple(m.roles)
    )


async def _one(db: Database, p: Principal, audited: bool, i: int) -> float:
    data = NewCase(
        title=f"基准测试纠纷 {i}",
        category=CaseCategory.LOAN,
        source_channel=SourceChannel.PARTY_APPLICATION,
        parties=[
            PartyData(name="张三", kind=PartyKind.PERSON, role=PartyRole.APPLICANT, phone="13812345678")
        ],
    )
    start = time.perf_counter()
    async with db.sessions() as session:
        bind_context(session, DbContext(p.tenant_id, p.id))
        rec = attach(
            session, Recorder(Actor("user", p.id, p.display_name, p.tenant_id), "bench", "127.0.0.1")
        )
        rec.enabled = audited
        await create_case(session, p, data)
        await flush_events(session)
        await session.commit()
    return time.perf_counter() - start


async def run(owner: URL, rounds: int) -> None:
    settings = get_settings()
    try:
        await load_demo(owner)
        db = Database.connect(application_url(settings, owner=owner), settings)
        p = await _principal(db, owner)
        for i in range(20):  # warm-up: pool, prepared statements, chain head
            await _one(db, p, i % 2 == 0, i)
        on: list[float] = []
        off: list[float] = []
        for i in range(rounds):
            # interleaved so that both see the same table sizes, cache and machine load
            on.append(await _one(db, p, True, i))
            off.append(await _one(db, p, False, i))
        await db.dispose()
        ratio = sum(on) / sum(off)
        print(f"createCase with audit:    {summary(on)}")
        print(f"createCase without audit: {summary(off)}")
        print(
            f"audit write overhead: x{ratio:.3f} ({(ratio - 1) * 100:+.1f}% per mutation), {rounds} rounds each"
        )
    finally:
        await drop_database(owner)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    try:
        asyncio.run(run(fresh_database("concord_bench_audit"), args.rounds))
    finally:
        stop_embedded()


if __name__ == "__main__":
    main()
