"""Roster management (名册管理): changing a mediator the acting tenant manages. Every change is audited; a
mediator outside the tenant's roster scope answers NOT_FOUND (its details do not leak); a retired record is
final. Services flush, never commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz import relations
from concord.authz.visibility import VisibleTo
from concord.db.base import utcnow
from concord.kit import clock
from concord.kit.errors import BadUserInput, Conflict
from concord.mediators import errors, repository
from concord.mediators.service import (
    CHINA,
    INVITED_TERM_YEARS,
    MediatorData,
    _areas,
    _birth_year,
    _identity,
    _name,
    _practice,
    _term,
    _text,
    snapshot,
)
from concord.models import Mediator, MediatorIdentity
from concord.models.enums import CaseCategory, Gender, MediatorStatus
from concord.tenants import service as tenants
from concord.trail.recorder import diff, record
from concord.users import service as users

REASON_MAX = 500


UNSET: object = object()  # a field the update leaves as it is


@dataclass
class MediatorPatch:
    """The fields an update changes; UNSET leaves a field as it is. An empty idNumber or phone clears it."""

    name: object = UNSET
    gender: object = UNSET
    birth_year: object = UNSET
    education: object = UNSET
    specialties: object = UNSET
    area_ids: object = UNSET
    id_number: object = UNSET
    phone: object = UNSET
    term_start: object = UNSET
    term_end: object = UNSET
    practice_certificate_no: object = UNSET
    practice_years: object = UNSET
    disputes_accepted: object = UNSET
    expertise: object = UNSET
    charges_fees: object = UNSET
    profile: object = UNSET


async def managed_mediator(
    session: AsyncSession, principal: Principal, mediator_id: uuid.UUID, expected_version: int | None = None
) -> Mediator:
    """The mediator, locked, if the acting tenant manages it and it is not retired."""
    m = await repository.lock(session, VisibleTo.of(principal), mediator_id)
    decision = relations.manages_mediator(m is not None, m.status if m else None)
    if m is None:
        raise errors.not_managed()
    if not decision:
        raise Conflict(decision.reason, field="mediatorId")
    if expected_version is not None and expected_version != m.version:
        raise Conflict("调解员信息已被他人修改，请刷新后重试", field="expectedVersion", version=m.version)
    return m


def _audited(m: Mediator, id_number: str | None, phone: str | None) -> dict[str, object]:
    """What an update's event compares: the creation snapshot and the other editable fields."""
    return {
        **snapshot(m, id_number, phone),
        "gender": m.gender,
        "birth_year": m.birth_year,
        "education": m.education,
        "practice_certificate_no": m.practice_certificate_no,
        "disputes_accepted": m.disputes_accepted,
        "expertise": m.expertise,
        "profile": m.profile,
    }


def bump_version(m: Mediator) -> None:
    m.version += 1
    m.updated_at = utcnow()


def _current(m: Mediator, ident: MediatorIdentity | None) -> MediatorData:
    return MediatorData(
        tenant_id=m.tenant_id,
        name=m.name,
        kind=m.kind,
        specialties=[CaseCategory(s) for s in m.specialties],
        area_ids=list(m.area_ids),
        gender=m.gender,
        birth_year=m.birth_year,
        education=m.education,
        id_number=ident.id_number if ident else None,
        phone=ident.phone if ident else None,
        term_start=m.term_start,
        term_end=m.term_end,
        practice_certificate_no=m.practice_certificate_no,
        practice_years=m.practice_years,
        disputes_accepted=m.disputes_accepted,
        expertise=m.expertise,
        charges_fees=m.charges_fees,
        profile=m.profile,
    )


def _merged(current: MediatorData, patch: MediatorPatch) -> MediatorData:
    changes = {f.name: getattr(patch, f.name) for f in fields(patch) if getattr(patch, f.name) is not UNSET}
    if "term_start" in changes and "term_end" not in changes:
        changes["term_end"] = None  # a new start recomputes the two-year term unless an end is given
    return replace(current, **changes)


async def update_mediator(
    session: AsyncSession,
    principal: Principal,
    mediator_id: uuid.UUID,
    patch: MediatorPatch,
    expected_version: int | None = None,
) -> Mediator:
    m = await managed_mediator(session, principal, mediator_id, expected_version)
    ident = await repository.identity_for_update(session, m.id)
    before = _audited(m, ident.id_number if ident else None, ident.phone if ident else None)
    data = _merged(_current(m, ident), patch)
    id_number, phone = _identity(data)
    term_start, term_end = _term(data)
    practice_no, practice_years = _practice(data)
    m.name = _name(data.name)
    m.gender = data.gender if isinstance(data.gender, Gender) else None
    m.birth_year = _birth_year(data.birth_year, clock.now().astimezone(CHINA).date())
    m.education = _text(data.education, "education", 50) or None
    m.specialties = [c.value for c in dict.fromkeys(data.specialties)]
    m.area_ids = await _areas(session, data.area_ids)
    m.term_start, m.term_end = term_start, term_end
    m.practice_certificate_no, m.practice_years = practice_no, practice_years
    m.disputes_accepted = _text(data.disputes_accepted, "disputesAccepted")
    m.expertise = _text(data.expertise, "expertise")
    m.charges_fees = bool(data.charges_fees)
    m.profile = _text(data.profile, "profile")
    if ident is None and (id_number or phone):
        ident = MediatorIdentity(mediator_id=m.id)
    if ident is not None:
        ident.id_number, ident.phone = id_number, phone
        if not await repository.save_identity(session, ident):
            raise Conflict("该身份证号已在调解员名册中（一人一条名册记录）", field="idNumber")
    changes = diff(before, _audited(m, id_number, phone))
    if changes:
        bump_version(m)
        record(session, "mediator.update", "Mediator", m.id, changes=changes)
    return m


async def set_status(
    session: AsyncSession,
    principal: Principal,
    mediator_id: uuid.UUID,
    status: MediatorStatus,
    reason: str | None,
    expected_version: int | None = None,
) -> Mediator:
    """在册 / 暂停 / 退出: suspending and retiring need a reason; retiring is final."""
    m = await managed_mediator(session, principal, mediator_id, expected_version)
    text = _text(reason, "reason", REASON_MAX)
    if status is not MediatorStatus.ACTIVE and not text:
        raise BadUserInput("暂停或退出名册须说明理由", field="reason")
    if status is m.status:
        raise BadUserInput("调解员已是该状态", field="status")
    before = {"status": m.status, "status_reason": m.status_reason}
    m.status, m.status_reason, m.status_changed_at = status, text or None, utcnow()
    bump_version(m)
    record(
        session,
        "mediator.status",
        "Mediator",
        m.id,
        changes=diff(before, {"status": m.status, "status_reason": m.status_reason}),
    )
    return m


async def link_user(
    session: AsyncSession, principal: Principal, mediator_id: uuid.UUID, user_id: uuid.UUID | None
) -> Mediator:
    """Link (or, with None, unlink) the mediator's user account: one record per account."""
    m = await managed_mediator(session, principal, mediator_id)
    if user_id is not None:
        if not await users.in_admin_scope(session, principal, user_id):
            raise errors.user_outside_scope()
        if user_id != m.user_id and await repository.user_linked(session, user_id):
            raise Conflict("该用户账号已关联其他调解员名册记录", field="userId")
    if user_id == m.user_id:
        return m
    before = m.user_id
    m.user_id = user_id
    bump_version(m)
    record(
        session,
        "mediator.user.link",
        "Mediator",
        m.id,
        changes=diff({"user_id": before}, {"user_id": user_id}),
    )
    return m


async def renew_term(
    session: AsyncSession, principal: Principal, mediator_id: uuid.UUID, expected_version: int | None = None
) -> Mediator:
    """续聘: another two years from the end of the current term (the court's 特邀 roster only)."""
    m = await managed_mediator(session, principal, mediator_id, expected_version)
    me = (await tenants.by_ids(session, [principal.tenant_id]))[0]
    decision = relations.may_renew_term(me.kind, m.kind)
    if not decision:
        raise BadUserInput(decision.reason, field="mediatorId")
    assert m.term_end is not None  # an INVITED record always carries its term (service._term)
    before = {"term_start": m.term_start, "term_end": m.term_end}
    start = m.term_end + timedelta(days=1)
    m.term_start = start
    m.term_end = _years_later(start, INVITED_TERM_YEARS) - timedelta(days=1)
    bump_version(m)
    record(
        session,
        "mediator.term.renew",
        "Mediator",
        m.id,
        changes=diff(before, {"term_start": m.term_start, "term_end": m.term_end}),
    )
    return m


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
