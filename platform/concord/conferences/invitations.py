"""Invitations to a joint conference: the convenor invites tenants; an invited tenant accepts (naming its
representative, and then sees the cases on the agenda), declines with a reason, or hands the invitation on to
another tenant (转请), which is invited in its turn."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz import relations
from concord.cases import service as cases
from concord.conferences import guards, repository
from concord.conferences.machine import INVITE_IN
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, Conflict, Forbidden, NotFound
from concord.models import ConferenceParticipant, JointConference
from concord.models.enums import AccessReason, ConferenceStatus, InvitationResponse, InvitationStatus
from concord.tenants import service as tenants
from concord.trail.recorder import created, diff, record


async def invite_tenants(
    session: AsyncSession, p: Principal, conf: JointConference, tenant_ids: list[uuid.UUID], now: datetime
) -> list[ConferenceParticipant]:
    """Invite each tenant once (in the order given), granting it sight of the conference."""
    out = []
    for tid in dict.fromkeys(tenant_ids):
        target = await tenants.by_id(session, tid)
        if target is None or not target.is_active:
            raise NotFound("受邀单位不存在", field="tenantIds")
        if tid == conf.tenant_id:
            raise BadUserInput("召集单位无需邀请自己", field="tenantIds")
        if await repository.participant_of(session, conf.id, tid) is not None:
            raise Conflict(f"{target.name}已在邀请名单中", field="tenantIds")
        part = ConferenceParticipant(
            id=new_id(),
            conference_id=conf.id,
            tenant_id=tid,
            status=InvitationStatus.INVITED,
            invited_by_id=p.tenant_id,
            invited_at=now,
            version=1,
        )
        await repository.add_access(session, conf.id, tid, "PARTICIPANT", p.tenant_id)
        session.add(part)
        await session.flush()
        record(
            session,
            "conference.participant.invite",
            "ConferenceParticipant",
            part.id,
            conference_id=conf.id,
            changes=created({"tenant": target.code, "status": part.status}),
        )
        out.append(part)
    return out


async def invite(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, tenant_ids: list[uuid.UUID]
) -> JointConference:
    conf = await guards.load(session, p, conference_id)
    guards.require_convenor(conf, p)
    guards.stage(conf, INVITE_IN, "邀请参会单位")
    if not tenant_ids:
        raise BadUserInput("请选择受邀单位", field="tenantIds")
    now = utcnow()
    await invite_tenants(session, p, conf, tenant_ids, now)
    guards.touch(conf, now)
    await session.flush()
    return conf


async def respond(
    session: AsyncSession,
    p: Principal,
    conference_id: uuid.UUID,
    response: InvitationResponse,
    *,
    reason: str | None = None,
    representative: str | None = None,
    delegate_to: uuid.UUID | None = None,
) -> ConferenceParticipant:
    """The invited tenant answers its own invitation, once."""
    conf = await guards.load(session, p, conference_id)
    part = await repository.participant_of(session, conf.id, p.tenant_id, for_update=True)
    answer = relations.invitee(p.tenant_id, conf.tenant_id, part.status if part else None)
    if part is None or not answer:
        # The convenor is told why; a tenant that only sees the conference learns nothing of its invitations.
        raise Forbidden(answer.reason) if conf.tenant_id == p.tenant_id else NotFound(field="conferenceId")
    if part.status is not InvitationStatus.INVITED:
        raise Conflict(f"已答复该邀请（{part.status.value}）", status=part.status.value)
    guards.stage(conf, INVITE_IN | {ConferenceStatus.HELD}, "答复邀请")
    now = utcnow()
    before = {"status": part.status, "representative": part.representative}
    if response is InvitationResponse.ACCEPT:
        extra = await _accept(session, p, conf, part, representative)
    elif response is InvitationResponse.DECLINE:
        extra = _decline(part, reason)
    else:
        extra = await _delegate(session, p, conf, part, delegate_to, reason, now)
    part.responded_at = now
    part.version += 1
    after = {"status": part.status, "representative": part.representative, **extra}
    record(
        session,
        f"conference.invitation.{response.value.lower()}",
        "ConferenceParticipant",
        part.id,
        conference_id=conf.id,
        changes=diff(before, after),
    )
    await session.flush()
    return part


async def _accept(
    session: AsyncSession,
    p: Principal,
    conf: JointConference,
    part: ConferenceParticipant,
    representative: str | None,
) -> dict[str, object]:
    part.status = InvitationStatus.ACCEPTED
    part.representative = guards.text(representative, "representative", "参会代表", 100)
    # The participant now sees the cases on the agenda (read only: a CONFERENCE edge never makes a handler).
    for cc in await repository.children(session, "cases", [conf.id]):
        await cases.add_access(session, cc.case_id, p.tenant_id, AccessReason.CONFERENCE)
    return {}


def _decline(part: ConferenceParticipant, reason: str | None) -> dict[str, object]:
    part.status = InvitationStatus.DECLINED
    part.decline_reason = guards.text(reason, "reason", "谢绝理由", 2000)
    return {"decline_reason": part.decline_reason}


async def _delegate(
    session: AsyncSession,
    p: Principal,
    conf: JointConference,
    part: ConferenceParticipant,
    delegate_to: uuid.UUID | None,
    reason: str | None,
    now: datetime,
) -> dict[str, object]:
    if delegate_to is None:
        raise BadUserInput("请选择代为参会的单位", field="delegateTenantId")
    target = await tenants.by_id(session, delegate_to)
    if target is None or not target.is_active:
        raise NotFound("代为参会的单位不存在", field="delegateTenantId")
    if delegate_to == conf.tenant_id or await repository.participant_of(session, conf.id, delegate_to):
        raise Conflict(f"{target.name}已在参会名单中", field="delegateTenantId")
    part.status = InvitationStatus.DELEGATED
    part.delegated_to_id = delegate_to
    part.decline_reason = guards.optional(reason)
    await invite_tenants(session, p, conf, [delegate_to], now)
    return {"delegated_to": target.code}
