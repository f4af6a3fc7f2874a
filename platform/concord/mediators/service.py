"""The roster (调解员名册): who may put whom on it, and what each kind of mediator must carry.

A tenant manages the mediators of its roster scope (its subtree, and the subtrees it oversees: the justice
bureau over people's mediation); another organisation's mediator answers NOT_FOUND to a change."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.db.base import new_id, utcnow
from concord.kit import clock, identity
from concord.kit.errors import BadUserInput, Conflict
from concord.mediators import errors, repository
from concord.models import Mediator, MediatorIdentity
from concord.models.enums import CaseCategory, Gender, MediatorKind, MediatorStatus, TenantKind, Tier
from concord.tenants import service as tenants
from concord.trail.recorder import created, record
from concord.users import service as users

CHINA = ZoneInfo("Asia/Shanghai")
NAME_MAX = 100
TEXT_MAX = 2000
# 特邀调解员 are appointed for a term, usually two years (rules.md §3.2 C9).
INVITED_TERM_YEARS = 2
# 律师执业证号: 17 digits.
PRACTICE_NO_RE = re.compile(r"^\d{17}$")
COURT_KINDS = (TenantKind.COURT, TenantKind.DOCKING_CENTRE)


@dataclass
class MediatorData:
    tenant_id: uuid.UUID
    name: str
    kind: MediatorKind
    specialties: Sequence[CaseCategory] = ()
    organisation_ids: Sequence[uuid.UUID] = ()  # further organisations besides the managing one
    area_ids: Sequence[uuid.UUID] = ()
    gender: Gender | None = None
    birth_year: int | None = None
    education: str | None = None
    id_number: str | None = None
    phone: str | None = None
    term_start: date | None = None
    term_end: date | None = None
    practice_certificate_no: str | None = None
    practice_years: int | None = None
    disputes_accepted: str = ""
    expertise: str = ""
    charges_fees: bool = False
    profile: str = ""
    user_id: uuid.UUID | None = None


def _text(value: str | None, name: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise BadUserInput(f"不能超过{limit}个字", field=name)
    return value


def _name(value: str) -> str:
    value = _text(value, "name", NAME_MAX)
    if not value:
        raise BadUserInput("调解员姓名不能为空", field="name")
    return value


def _identity(data: MediatorData) -> tuple[str | None, str | None]:
    id_number = (data.id_number or "").strip().upper() or None
    if id_number is not None and not identity.is_valid_id_card(id_number):
        raise BadUserInput("身份证号无效（须为18位且校验位正确）", field="idNumber")
    phone = identity.normalize_phone(data.phone or "") or None
    if phone is not None and not identity.is_valid_phone(phone):
        raise BadUserInput("电话号码无效", field="phone")
    return id_number, phone


def _term(data: MediatorData) -> tuple[date | None, date | None]:
    """特邀调解员 carry their term; others have none."""
    if data.kind is not MediatorKind.INVITED:
        if data.term_start or data.term_end:
            raise BadUserInput("只有特邀调解员有任期", field="termStart")
        return None, None
    if data.term_start is None:
        raise BadUserInput("特邀调解员须填写任期起始日期", field="termStart")
    start = data.term_start
    end = data.term_end or start.replace(year=start.year + INVITED_TERM_YEARS) - timedelta(days=1)
    if end < start:
        raise BadUserInput("任期结束日期不能早于开始日期", field="termEnd")
    return start, end


def _practice(data: MediatorData) -> tuple[str | None, int | None]:
    """律师调解员 carry their practice certificate number and years of practice."""
    if data.kind is not MediatorKind.LAWYER:
        if data.practice_certificate_no or data.practice_years is not None:
            raise BadUserInput("只有律师调解员有执业证号和执业年限", field="practiceCertificateNo")
        return None, None
    number = (data.practice_certificate_no or "").strip()
    if not PRACTICE_NO_RE.match(number):
        raise BadUserInput("律师执业证号须为17位数字", field="practiceCertificateNo")
    if data.practice_years is None or not 0 <= data.practice_years <= 80:
        raise BadUserInput("执业年限须在0到80之间", field="practiceYears")
    return number, data.practice_years


def _birth_year(value: int | None, today: date) -> int | None:
    if value is not None and not today.year - 100 <= value <= today.year - 16:
        raise BadUserInput("出生年份超出合理范围", field="birthYear")
    return value


async def _organisations(session: AsyncSession, principal: Principal, data: MediatorData) -> list[uuid.UUID]:
    """The managing organisation first, then the others; each must be in the actor's roster scope."""
    ids = list(dict.fromkeys([data.tenant_id, *data.organisation_ids]))
    inside = await repository.in_roster_scope_among(session, VisibleTo.of(principal), ids)
    for i, tenant_id in enumerate(ids):
        if tenant_id not in inside:
            raise errors.organisation_outside_scope("tenantId" if i == 0 else "organisationIds")
    rows = {t.id: t for t in await tenants.by_ids(session, ids)}
    managing = rows[data.tenant_id]
    if not managing.is_active:
        raise errors.organisation_outside_scope("tenantId")
    if data.kind is MediatorKind.INVITED and managing.kind not in COURT_KINDS:
        raise BadUserInput("特邀调解员由法院（诉调对接中心）的特邀调解名册管理", field="tenantId")
    return ids


async def _areas(session: AsyncSession, area_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    ids = list(dict.fromkeys(area_ids))
    rows = {t.id: t for t in await tenants.by_ids(session, ids)}
    for tenant_id in ids:
        t = rows.get(tenant_id)
        if t is None or t.kind is not TenantKind.CENTRE or t.tier not in (Tier.STREET, Tier.COMMUNITY):
            raise BadUserInput("服务区域须为街道或社区解纷中心", field="areaIds")
    return ids


def snapshot(m: Mediator, id_number: str | None = None, phone: str | None = None) -> dict[str, object]:
    """What the trail keeps of a roster record; identity numbers only masked (the trail is read widely)."""
    return {
        "tenant_id": m.tenant_id,
        "name": m.name,
        "kind": m.kind,
        "status": m.status,
        "specialties": list(m.specialties),
        "area_ids": [str(a) for a in m.area_ids],
        "term_start": m.term_start,
        "term_end": m.term_end,
        "practice_years": m.practice_years,
        "charges_fees": m.charges_fees,
        "id_number": identity.mask_id_number(id_number),
        "phone": identity.mask_phone(phone),
    }


async def create_mediator(session: AsyncSession, principal: Principal, data: MediatorData) -> Mediator:
    now = utcnow()
    name = _name(data.name)
    id_number, phone = _identity(data)
    term_start, term_end = _term(data)
    practice_no, practice_years = _practice(data)
    organisation_ids = await _organisations(session, principal, data)
    area_ids = await _areas(session, data.area_ids)
    if data.user_id is not None and not await users.in_admin_scope(session, principal, data.user_id):
        raise errors.user_outside_scope()
    if data.user_id is not None and await repository.user_linked(session, data.user_id):
        raise Conflict("该用户账号已关联其他调解员名册记录", field="userId")
    mediator = Mediator(
        id=new_id(),
        tenant_id=data.tenant_id,
        user_id=data.user_id,
        name=name,
        gender=data.gender,
        birth_year=_birth_year(data.birth_year, clock.now().astimezone(CHINA).date()),
        education=_text(data.education, "education", 50) or None,
        kind=data.kind,
        specialties=[c.value for c in dict.fromkeys(data.specialties)],
        area_ids=area_ids,
        term_start=term_start,
        term_end=term_end,
        practice_certificate_no=practice_no,
        practice_years=practice_years,
        status=MediatorStatus.ACTIVE,
        disputes_accepted=_text(data.disputes_accepted, "disputesAccepted"),
        expertise=_text(data.expertise, "expertise"),
        charges_fees=data.charges_fees,
        profile=_text(data.profile, "profile"),
        created_at=now,
        updated_at=now,
        version=1,
    )
    await repository.add(session, mediator, organisation_ids)
    if id_number or phone:
        row = MediatorIdentity(mediator_id=mediator.id, id_number=id_number, phone=phone)
        if not await repository.add_identity(session, row):
            raise Conflict("该身份证号已在调解员名册中（一人一条名册记录）", field="idNumber")
    record(
        session,
        "mediator.create",
        "Mediator",
        mediator.id,
        changes=created(
            {**snapshot(mediator, id_number, phone), "organisation_ids": [str(i) for i in organisation_ids]}
        ),
    )
    return mediator


async def by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Mediator]:
    """Public roster rows (for other features that show a mediator)."""
    return await repository.by_ids(session, ids)
