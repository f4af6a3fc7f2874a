"""Rules for registering cases. Services validate, write, and record; they flush but never commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.cases import errors, repository
from concord.db.base import new_id
from concord.kit import clock, identity
from concord.kit.errors import BadUserInput
from concord.models import Case, Party
from concord.models.enums import AccessReason, CaseCategory, CaseStatus, PartyKind, PartyRole, SourceChannel
from concord.tenants import service as tenants
from concord.trail.recorder import created, record

CHINA = ZoneInfo("Asia/Shanghai")
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
NAME_MAX = 200
MAX_PARTIES = 200


@dataclass
class PartyData:
    name: str
    kind: PartyKind
    role: PartyRole
    id_number: str | None = None
    phone: str | None = None


@dataclass
class NewCase:
    title: str
    category: CaseCategory
    source_channel: SourceChannel
    description: str = ""
    amount_in_dispute: Decimal | None = None
    people_involved: int | None = None
    parties: list[PartyData] = field(default_factory=list)


def _clean_text(value: str | None, field_name: str, label: str, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise errors.required(field_name, label)
    if len(value) > limit:
        raise errors.too_long(field_name, label, limit)
    return value


def _clean_party(p: PartyData, i: int) -> PartyData:
    prefix = f"parties.{i}"
    name = _clean_text(p.name, f"{prefix}.name", "当事人姓名或名称", NAME_MAX, required=True)
    id_number = (p.id_number or "").strip().upper() or None
    if id_number is not None:
        if p.kind is PartyKind.PERSON and not identity.is_valid_id_card(id_number):
            raise errors.invalid_id_card(f"{prefix}.idNumber")
        if p.kind is PartyKind.ORGANISATION and not identity.is_valid_credit_code(id_number):
            raise errors.invalid_credit_code(f"{prefix}.idNumber")
    phone = identity.normalize_phone(p.phone or "") or None
    if phone is not None and not identity.is_valid_phone(phone):
        raise errors.invalid_phone(f"{prefix}.phone")
    return PartyData(name=name, kind=p.kind, role=p.role, id_number=id_number, phone=phone)


AMOUNT_LIMIT = Decimal(10) ** 14  # NUMERIC(16, 2)
CENT = Decimal("0.01")


def _clean_amount(value: Decimal | None) -> Decimal | None:
    """Yuan with at most two decimals (分), within what the column holds; stored exactly as returned."""
    if value is None:
        return None
    if not value.is_finite():
        raise BadUserInput("争议金额须为有效数字", field="amountInDispute")
    if value < 0:
        raise BadUserInput("争议金额不能为负数", field="amountInDispute")
    if value >= AMOUNT_LIMIT:
        raise BadUserInput("争议金额超出范围", field="amountInDispute")
    if value != value.quantize(CENT):
        raise BadUserInput("争议金额最多保留两位小数（分）", field="amountInDispute")
    return value.quantize(CENT)


def validate(data: NewCase) -> NewCase:
    title = _clean_text(data.title, "title", "案件标题", TITLE_MAX, required=True)
    description = _clean_text(data.description, "description", "案情简介", DESCRIPTION_MAX, required=False)
    if not data.parties:
        raise BadUserInput("至少需要一名当事人", field="parties")
    if len(data.parties) > MAX_PARTIES:
        raise BadUserInput(f"当事人不能超过{MAX_PARTIES}名", field="parties")
    parties = [_clean_party(p, i) for i, p in enumerate(data.parties)]
    if not any(p.role is PartyRole.APPLICANT for p in parties):
        raise BadUserInput("至少需要一名申请人", field="parties")
    amount = _clean_amount(data.amount_in_dispute)
    people = data.people_involved if data.people_involved is not None else len(parties)
    if people < 1:
        raise BadUserInput("涉及人数至少为1", field="peopleInvolved")
    return NewCase(
        title=title,
        category=data.category,
        source_channel=data.source_channel,
        description=description,
        amount_in_dispute=amount,
        people_involved=people,
        parties=parties,
    )


def format_number(prefix: str, year: int, seq: int) -> str:
    """Case numbers read like the ones courts and committees print: （2026）清河医调字第12号."""
    return f"（{year}）{prefix}{seq}号"


async def create_case(
    session: AsyncSession, principal: Principal, data: NewCase, now: datetime | None = None
) -> Case:
    data = validate(data)
    now = now or clock.now()
    tenant = await tenants.by_id(session, principal.tenant_id)
    assert tenant is not None  # the principal was loaded with its tenant this request
    year = now.astimezone(CHINA).year
    seq = await repository.next_sequence(session, tenant.id, year)
    case = Case(
        id=new_id(),
        tenant_id=tenant.id,
        number=format_number(tenant.case_prefix, year, seq),
        year=year,
        seq=seq,
        title=data.title,
        description=data.description,
        category=data.category,
        source_channel=data.source_channel,
        status=CaseStatus.REGISTERED,
        tier=tenant.tier,
        amount_in_dispute=data.amount_in_dispute,
        people_involved=data.people_involved,
        created_by=principal.id if principal.kind == "user" else None,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(case)
    await session.flush()
    await repository.add_access(session, case.id, tenant.id, AccessReason.OWNER)
    for i, p in enumerate(data.parties):
        session.add(
            Party(
                id=new_id(),
                case_id=case.id,
                kind=p.kind,
                name=p.name,
                role=p.role,
                id_number=p.id_number,
                phone=p.phone,
                position=i,
                created_at=now,
            )
        )
    await session.flush()
    record(
        session,
        "case.create",
        "Case",
        case.id,
        case_id=case.id,
        changes=created(_snapshot(case, data.parties)),
    )
    return case


def _snapshot(case: Case, parties: list[PartyData]) -> dict[str, object]:
    """What the trail keeps of a new case; identity numbers only masked (the trail is read widely)."""
    return {
        "number": case.number,
        "title": case.title,
        "description": case.description,
        "category": case.category,
        "source_channel": case.source_channel,
        "status": case.status,
        "amount_in_dispute": case.amount_in_dispute,
        "people_involved": case.people_involved,
        "parties": [
            {
                "name": p.name,
                "kind": p.kind.value,
                "role": p.role.value,
                "id_number": identity.mask_id_number(p.id_number),
            }
            for p in parties
        ],
    }


# --- for other features (they reach cases through this module, never its repository) ---------------------------


async def get_visible(
    session: AsyncSession, viewer: VisibleTo, case_id: uuid.UUID, *, for_update: bool = False
) -> Case | None:
    """The case if the tenant sees it (locked for the transaction when `for_update`)."""
    return await repository.get_visible(session, viewer, case_id, for_update)


async def access_reasons(
    session: AsyncSession, case_id: uuid.UUID, tenant_id: uuid.UUID
) -> set[AccessReason]:
    """The acting tenant's own edges to a case: what it may act on, not only see."""
    return await repository.access_reasons(session, case_id, tenant_id)


async def get_by_id(session: AsyncSession, case_id: uuid.UUID) -> Case | None:
    """A case already shown visible in this transaction (through a referral of it), by its id."""
    return await repository.by_id(session, case_id)


async def add_access(
    session: AsyncSession, case_id: uuid.UUID, tenant_id: uuid.UUID, reason: AccessReason
) -> None:
    """Give the tenant an edge to the case; an edge it already has is left as it is."""
    await repository.add_access(session, case_id, tenant_id, reason)
