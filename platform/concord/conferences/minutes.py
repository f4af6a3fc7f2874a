"""The minutes of a joint conference: numbered drafts, comments on the latest draft, sign-offs by the convenor
and every accepted participant (the last one locks the minutes), and signed addenda after the lock.

Who may act is the minutes machine's table (conferences/machine.py); each step also needs the conference at a
stage that allows it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.enforcer import permits
from concord.conferences import guards, repository
from concord.conferences.machine import ADDENDA_IN, MINUTES_IN, MINUTES_MACHINE
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, Conflict
from concord.models import (
    JointConference,
    MinutesAddendum,
    MinutesComment,
    MinutesSignoff,
    MinutesVersion,
)
from concord.models.enums import InvitationStatus, MinutesEvent, MinutesStatus
from concord.trail.recorder import created, diff, record


async def _check(
    session: AsyncSession, p: Principal, conf: JointConference, event: MinutesEvent, what: str
) -> None:
    rel = await guards.relations(session, conf, p.tenant_id)
    MINUTES_MACHINE.check(conf.minutes_status, event, permits(p), rel, None, field="conferenceId")
    if event is not MinutesEvent.ADDEND:
        guards.stage(conf, MINUTES_IN, what)
    else:
        guards.stage(conf, ADDENDA_IN, what)


async def _latest(session: AsyncSession, conf: JointConference) -> MinutesVersion | None:
    versions = await repository.children(session, "minutes", [conf.id])
    return versions[-1] if versions else None


async def _require_latest(session: AsyncSession, conf: JointConference) -> MinutesVersion:
    latest = await _latest(session, conf)
    if latest is None:
        raise BadUserInput("尚无会议纪要稿", field="conferenceId")
    return latest


async def save_minutes(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, body: str, expected_number: int | None
) -> MinutesVersion:
    """A new draft; `expected_number` (the latest number the author read, 0 for none) guards lost updates."""
    conf = await guards.load(session, p, conference_id)
    await _check(session, p, conf, MinutesEvent.EDIT, "修改会议纪要")
    body = guards.text(body, "body", "纪要内容")
    latest = await _latest(session, conf)
    current = latest.number if latest else 0
    if expected_number is not None and expected_number != current:
        raise Conflict("会议纪要已有新版本，请刷新后重试", version=current)
    now = utcnow()
    version = MinutesVersion(
        id=new_id(),
        conference_id=conf.id,
        number=current + 1,
        body=body,
        tenant_id=p.tenant_id,
        author_id=guards.user_id(p),
        author_name=p.display_name,
        created_at=now,
    )
    session.add(version)
    guards.touch(conf, now)
    await session.flush()
    before = {"number": current, "body": latest.body if latest else None}
    after = {"number": version.number, "body": body}
    record(
        session,
        "conference.minutes.save",
        "MinutesVersion",
        version.id,
        conference_id=conf.id,
        changes=diff(before, after),
    )
    return version


async def comment_minutes(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, body: str
) -> MinutesComment:
    conf = await guards.load(session, p, conference_id)
    await _check(session, p, conf, MinutesEvent.COMMENT, "对纪要提出意见")
    body = guards.text(body, "body", "意见", 5000)
    latest = await _require_latest(session, conf)
    comment = MinutesComment(
        id=new_id(),
        conference_id=conf.id,
        version_id=latest.id,
        tenant_id=p.tenant_id,
        author_id=guards.user_id(p),
        author_name=p.display_name,
        body=body,
        created_at=utcnow(),
    )
    session.add(comment)
    await session.flush()
    record(
        session,
        "conference.minutes.comment",
        "MinutesComment",
        comment.id,
        conference_id=conf.id,
        changes=created({"version": latest.number, "body": body}),
    )
    return comment


async def required_signers(session: AsyncSession, conf: JointConference) -> set[uuid.UUID]:
    """The convenor and every participant that accepted."""
    parts = await repository.children(session, "participants", [conf.id])
    return {conf.tenant_id} | {x.tenant_id for x in parts if x.status is InvitationStatus.ACCEPTED}


async def sign_minutes(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, expected_number: int | None
) -> MinutesSignoff:
    """Sign the latest draft for the acting tenant; the last required signature locks the minutes."""
    conf = await guards.load(session, p, conference_id)
    await _check(session, p, conf, MinutesEvent.SIGN, "会签纪要")
    latest = await _require_latest(session, conf)
    if expected_number is not None and expected_number != latest.number:
        raise Conflict("会议纪要已有新版本，请阅读后再会签", version=latest.number)
    signoffs = await repository.children(session, "signoffs", [conf.id])
    signed = {s.tenant_id for s in signoffs if s.version_id == latest.id}
    if p.tenant_id in signed:
        raise Conflict("本单位已会签该版本")
    part = await repository.participant_of(session, conf.id, p.tenant_id)
    now = utcnow()
    signer = (part.representative if part and part.representative else None) or p.display_name
    signoff = MinutesSignoff(
        id=new_id(),
        conference_id=conf.id,
        version_id=latest.id,
        tenant_id=p.tenant_id,
        signer_id=guards.user_id(p),
        signer_name=signer,
        signed_at=now,
    )
    session.add(signoff)
    await session.flush()
    record(
        session,
        "conference.minutes.sign",
        "MinutesSignoff",
        signoff.id,
        conference_id=conf.id,
        changes=created({"version": latest.number, "signer": signer}),
    )
    if (signed | {p.tenant_id}) >= await required_signers(session, conf):
        await _lock(session, p, conf, latest, now)
    return signoff


async def _lock(
    session: AsyncSession, p: Principal, conf: JointConference, latest: MinutesVersion, now: datetime
) -> None:
    MINUTES_MACHINE.check(conf.minutes_status, MinutesEvent.LOCK, permits(p), {"participant"}, None)
    before = {"minutes_status": conf.minutes_status, "minutes_locked_at": None}
    conf.minutes_status, conf.minutes_locked_at = MinutesStatus.LOCKED, now
    guards.touch(conf, now)
    after = {"minutes_status": conf.minutes_status, "minutes_locked_at": now, "version": latest.number}
    record(
        session,
        "conference.minutes.lock",
        "JointConference",
        conf.id,
        conference_id=conf.id,
        changes=diff(before, after),
    )
    await session.flush()


async def add_addendum(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, body: str
) -> MinutesAddendum:
    """A signed note after the minutes are locked (the locked text itself never changes)."""
    conf = await guards.load(session, p, conference_id)
    await _check(session, p, conf, MinutesEvent.ADDEND, "追加补充说明")
    body = guards.text(body, "body", "补充说明")
    number = len(await repository.children(session, "addenda", [conf.id])) + 1
    now = utcnow()
    addendum = MinutesAddendum(
        id=new_id(),
        conference_id=conf.id,
        number=number,
        body=body,
        tenant_id=p.tenant_id,
        signer_id=guards.user_id(p),
        signer_name=p.display_name,
        signed_at=now,
    )
    session.add(addendum)
    guards.touch(conf, now)
    await session.flush()
    record(
        session,
        "conference.minutes.addendum",
        "MinutesAddendum",
        addendum.id,
        conference_id=conf.id,
        changes=created({"number": number, "body": body, "signer": p.display_name}),
    )
    return addendum
