"""`concord demo`: load the demo district (清河区) into an empty database, as the owner role.

Every demo account's password is `demo`; refused when CONCORD_ENV=production."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from concord.auth.passwords import hash_password
from concord.cases import repository as cases_repo
from concord.cases.service import CHINA, format_number
from concord.db.base import new_id, utcnow
from concord.demo import people
from concord.demo.data import CASES, COORDINATION, ROSTER_OVERSIGHT, TENANTS, USERS
from concord.models import Case, Membership, Party, Referral, RosterOversight, Tenant, User
from concord.models.enums import AccessReason, ReferralStatus
from concord.tenants.repository import add_coordination, add_to_tree

DEMO_PASSWORD = "demo"
Progress = Callable[[str], None]


class DemoRefused(Exception):
    pass


async def _is_empty(session: AsyncSession) -> bool:
    return (await session.execute(select(func.count()).select_from(Tenant))).scalar_one() == 0


async def _wipe(session: AsyncSession) -> None:
    # The trail refuses TRUNCATE; wiping a development database is the one deliberate exception.
    await session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_truncate"))
    await session.execute(
        text(
            "TRUNCATE audit_events, audit_chain_heads, referrals, parties, case_access, cases, case_counters, "
            "memberships, users, tenant_coordination, tenant_closure, tenants CASCADE"
        )
    )
    await session.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_truncate"))


async def _load_tenants(session: AsyncSession) -> dict[str, Tenant]:
    by_code: dict[str, Tenant] = {}
    base = utcnow() - timedelta(days=365)
    for i, t in enumerate(TENANTS):
        # The platform tenant is the root of the tree: bodies listed without a parent hang directly under it,
        # so platform administrators' scope is the whole district.
        parent_code = t["parent"] or ("platform" if t["kind"] != "PLATFORM" else None)
        parent = by_code[parent_code] if parent_code else None
        tenant = Tenant(
            id=new_id(),
            code=t["code"],
            name=t["name"],
            kind=t["kind"],
            tier=t["tier"],
            specialty=t["specialty"],
            agency=t["agency"],
            parent_id=parent.id if parent else None,
            case_prefix=t["case_prefix"],
            is_active=True,
            created_at=base + timedelta(minutes=i),
        )
        session.add(tenant)
        await session.flush()
        await add_to_tree(session, tenant.id, tenant.parent_id)
        by_code[tenant.code] = tenant
    for coordinator, coordinated in COORDINATION:
        await add_coordination(session, by_code[coordinator].id, by_code[coordinated].id)
    for overseer, overseen in ROSTER_OVERSIGHT:
        session.add(RosterOversight(overseer_id=by_code[overseer].id, overseen_id=by_code[overseen].id))
    await session.flush()
    return by_code


async def _load_users(session: AsyncSession, tenants: dict[str, Tenant]) -> None:
    for u in USERS:
        user = User(
            id=new_id(),
            username=u["username"],
            display_name=u["display_name"],
            password_hash=hash_password(DEMO_PASSWORD),
            is_active=True,
            created_at=utcnow(),
        )
        session.add(user)
        await session.flush()  # no ORM relationships: flush parents before the rows that point at them
        session.add(
            Membership(
                id=new_id(),
                user_id=user.id,
                tenant_id=tenants[u["tenant"]].id,
                roles=list(u["roles"]),
                created_at=utcnow(),
            )
        )
    await session.flush()


async def _load_case(session: AsyncSession, tenants: dict[str, Tenant], c: dict[str, Any]) -> None:
    owner = tenants[c["owner"]]
    created = utcnow() - timedelta(days=c["days_ago"], hours=len(c["title"]) % 9)
    year = created.astimezone(CHINA).year
    seq = await cases_repo.next_sequence(session, owner.id, year)
    case = Case(
        id=new_id(),
        tenant_id=owner.id,
        number=format_number(owner.case_prefix, year, seq),
        year=year,
        seq=seq,
        title=c["title"],
        description=c["description"],
        category=c["category"],
        source_channel=c["source_channel"],
        status=c["status"],
        pause_reason=c.get("pause_reason"),
        tier=owner.tier,
        complexity=c["complexity"],
        amount_in_dispute=Decimal(c["amount"]) if c["amount"] else None,
        people_involved=c["people_involved"],
        created_at=created,
        updated_at=created,
        version=1,
    )
    if supervision := c.get("supervision"):
        case.supervision_level = supervision["level"]
        case.supervision_reason = supervision["reason"]
        case.supervision_leader = supervision["leader"]
    session.add(case)
    await session.flush()
    await cases_repo.add_access(session, case.id, owner.id, AccessReason.OWNER)
    for i, p in enumerate(c["parties"]):
        session.add(
            Party(
                id=new_id(),
                case_id=case.id,
                kind=p["kind"],
                name=p["name"],
                role=p["role"],
                id_number=p["id_number"],
                phone=p["phone"],
                position=i,
                created_at=created,
            )
        )
    at = created
    for r in c["referrals"]:
        at = at + timedelta(hours=20)
        status = ReferralStatus(r["status"])
        frm, to = tenants[r["from_"]], tenants[r["to"]]
        signed = at + timedelta(hours=3) if status is not ReferralStatus.SENT else None
        if status is ReferralStatus.RETURNED and len(r["reason"]) % 2:
            signed = None  # some returns happen before signing, as the rules allow
        session.add(
            Referral(
                id=new_id(),
                case_id=case.id,
                kind=r["kind"],
                from_tenant_id=frm.id,
                to_tenant_id=to.id,
                status=status,
                reason=r["reason"],
                return_reason=r.get("return_reason"),
                sent_at=at,
                signed_at=signed,
                accepted_at=at + timedelta(hours=5) if status is ReferralStatus.ACCEPTED else None,
                returned_at=at + timedelta(hours=6) if status is ReferralStatus.RETURNED else None,
                updated_at=at + timedelta(hours=6),
                # as if it had come through the API: one version per step taken
                version=1
                + (signed is not None)
                + (status in (ReferralStatus.ACCEPTED, ReferralStatus.RETURNED)),
            )
        )
        await cases_repo.add_access(session, case.id, frm.id, AccessReason.REFERRAL_FROM)
        await cases_repo.add_access(session, case.id, to.id, AccessReason.REFERRAL_TO)
        if status is ReferralStatus.ACCEPTED:
            await cases_repo.add_access(session, case.id, to.id, AccessReason.HANDLER)
    await session.flush()


async def load_demo(
    url: URL, *, force: bool = False, production: bool = False, progress: Progress = lambda _m: None
) -> dict[str, int]:
    """Load the demo district through the owner connection `url`. Returns what was created."""
    if production:
        raise DemoRefused("演示数据（密码均为 demo）不能装入生产环境（CONCORD_ENV=production）")
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
            if not await _is_empty(session):
                if not force:
                    raise DemoRefused("数据库不是空的：演示数据只装入空数据库（用 --force 清空后重新装入）")
                progress("清空现有数据…")
                await _wipe(session)
            progress(f"机构 {len(TENANTS)} 个…")
            tenants = await _load_tenants(session)
            progress(f"用户 {len(USERS)} 个（密码 demo）…")
            await _load_users(session, tenants)
            for i, c in enumerate(CASES, 1):
                await _load_case(session, tenants, c)
                if i % 10 == 0 or i == len(CASES):
                    progress(f"案件 {i}/{len(CASES)}")
            loaded = await people.load(session, tenants, progress)
    finally:
        await engine.dispose()
    return {
        "tenants": len(TENANTS),
        "users": len(USERS),
        "cases": len(CASES),
        "referrals": sum(len(c["referrals"]) for c in CASES),
        **loaded,
    }
