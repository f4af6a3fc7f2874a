"""Resisting ping-pong (踢皮球): every return counts as a bounce on the case; a case sent back to the tenant it
came from (A→B→A) counts too; after the configured number of bounces, or once several government departments
are involved, the case is flagged NEEDS_CONFERENCE with the reason (the joint-conference work consumes it)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from concord.cases import service as cases
from concord.config import get_settings
from concord.models import Case, Referral
from concord.referrals import repository
from concord.trail.recorder import diff, record

MULTI_DEPARTMENT = 2


async def _case(session: AsyncSession, referral: Referral) -> Case:
    case = await cases.get_by_id(session, referral.case_id)
    assert case is not None  # the referral was read through the case's visibility
    return case


def _flag(case: Case, reason: str) -> None:
    if not case.needs_conference:
        case.needs_conference = True
        case.conference_reason = reason


async def _bounce(session: AsyncSession, case: Case, why: str) -> None:
    before = {"bounce_count": case.bounce_count, "needs_conference": case.needs_conference}
    case.bounce_count += 1
    limit = get_settings().bounce_limit
    if case.bounce_count >= limit:
        _flag(case, f"转介已往返{case.bounce_count}次（{why}），建议召开联席会议")
    await session.flush()
    after = {"bounce_count": case.bounce_count, "needs_conference": case.needs_conference}
    record(
        session,
        "case.bounce",
        "Case",
        case.id,
        case_id=case.id,
        changes=diff(before, after) | {"why": [None, why]},
    )


async def after_return(session: AsyncSession, referral: Referral) -> None:
    await _bounce(session, await _case(session, referral), "被退回")


async def after_refer(session: AsyncSession, referral: Referral) -> None:
    case = await _case(session, referral)
    earlier = [r for r in await repository.history(session, case.id) if r.id != referral.id]
    if any(
        r.from_tenant_id == referral.to_tenant_id and r.to_tenant_id == referral.from_tenant_id
        for r in earlier
    ):
        await _bounce(session, case, "转回来源机构（A→B→A）")
    if not case.needs_conference and await repository.department_count(session, case.id) >= MULTI_DEPARTMENT:
        before = {"needs_conference": False}
        _flag(case, "涉及多个政府部门，建议召开联席会议")
        await session.flush()
        record(
            session,
            "case.flag.conference",
            "Case",
            case.id,
            case_id=case.id,
            changes=diff(before, {"needs_conference": True}),
        )
