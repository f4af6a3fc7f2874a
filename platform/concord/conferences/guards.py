"""What every conference rule checks first: the conference, locked; who the acting tenant is to it; whether the
conference is at a stage that allows the step; and clean text input.

The conference row is locked (SELECT … FOR UPDATE) before its state is read, so concurrent steps serialise."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz import relations as rules
from concord.authz.visibility import VisibleTo
from concord.conferences import errors, repository
from concord.kit.errors import BadUserInput, Forbidden, NotFound
from concord.models import JointConference
from concord.models.enums import ConferenceStatus, InvitationStatus

TEXT_MAX = 20000
STAGE_ORDER = [
    ConferenceStatus.PROPOSED,
    ConferenceStatus.SCHEDULED,
    ConferenceStatus.HELD,
    ConferenceStatus.DECISIONS_ISSUED,
    ConferenceStatus.CLOSED,
]


def text(value: str | None, field_: str, what: str, limit: int = TEXT_MAX) -> str:
    """Required text, trimmed, at most `limit` characters."""
    value = (value or "").strip()
    if not value:
        raise BadUserInput(f"请填写{what}", field=field_)
    if len(value) > limit:
        raise BadUserInput(f"{what}不能超过{limit}个字", field=field_)
    return value


def optional(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def user_id(p: Principal) -> uuid.UUID | None:
    return p.id if p.kind == "user" else None


def stage(conf: JointConference, allowed: frozenset[ConferenceStatus], what: str) -> None:
    """The step is allowed at the conference's stage; the error says whether it is too early or too late."""
    if conf.status in allowed:
        return
    later = conf.status in (ConferenceStatus.CANCELLED, ConferenceStatus.CLOSED) or (
        conf.status in STAGE_ORDER
        and STAGE_ORDER.index(conf.status) > max(STAGE_ORDER.index(s) for s in allowed)
    )
    raise errors.wrong_stage(conf.status, what, later)


async def load(
    session: AsyncSession, p: Principal, conference_id: uuid.UUID, field_: str = "conferenceId"
) -> JointConference:
    """The conference, locked, if the acting tenant sees it."""
    conf = await repository.get_visible(session, VisibleTo.of(p), conference_id, for_update=True)
    if conf is None:
        raise NotFound(field=field_)
    return conf


def require_convenor(conf: JointConference, p: Principal) -> None:
    """The relation rule concord.authz.relations.convenor, refused as FORBIDDEN."""
    decision = rules.convenor(p.tenant_id, conf.tenant_id)
    if not decision:
        raise Forbidden(decision.reason)


async def invitation(
    session: AsyncSession, conf: JointConference, tenant_id: uuid.UUID
) -> InvitationStatus | None:
    """The tenant's own invitation to the conference (its status), as the relation rules read it."""
    if conf.tenant_id == tenant_id:
        return None  # the convenor invites; it is never invited
    part = await repository.participant_of(session, conf.id, tenant_id)
    return part.status if part is not None else None


async def relations(session: AsyncSession, conf: JointConference, tenant_id: uuid.UUID) -> set[str]:
    """'convenor' and 'participant' for the convening tenant, 'participant' for one that accepted
    (concord.authz.relations.conference_relations)."""
    return rules.conference_relations(tenant_id, conf.tenant_id, await invitation(session, conf, tenant_id))


def touch(conf: JointConference, now: datetime) -> None:
    conf.updated_at = now
    conf.version += 1
