"""The records around a roster entry (名册附属信息): its organisations, certificates and declared relatives (the
回避 check's input). Same rules as every roster change (`changes.managed_mediator`): a managed, not retired mediator;
every change audited and the record's version bumped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.db.base import new_id, utcnow
from concord.kit import identity
from concord.kit.errors import BadUserInput, Conflict, NotFound
from concord.mediators import errors, repository
from concord.mediators.changes import bump_version, managed_mediator
from concord.mediators.service import _text
from concord.models import Mediator, MediatorCertificate, MediatorRelative
from concord.models.enums import RelativeKind
from concord.tenants import service as tenants
from concord.trail.recorder import created, diff, record

CERT_NAME_MAX = 100
CERT_NUMBER_MAX = 64
RELATIVE_NAME_MAX = 200


async def add_organisation(
    session: AsyncSession, principal: Principal, mediator_id: uuid.UUID, tenant_id: uuid.UUID
) -> Mediator:
    m = await managed_mediator(session, principal, mediator_id)
    inside = await repository.in_roster_scope_among(session, VisibleTo.of(principal), [tenant_id])
    orgs = await tenants.by_ids(session, [tenant_id]) if inside else []
    if not orgs or not orgs[0].is_active:
        raise errors.organisation_outside_scope()
    if not await repository.add_affiliation(session, m.id, tenant_id):
        raise Conflict("该调解员已属于该机构", field="tenantId")
    bump_version(m)
    record(
        session, "mediator.organisation.add", "Mediator", m.id, changes=created({"organisation": tenant_id})
    )
    return m


async def remove_organisation(
    session: AsyncSession, principal: Principal, mediator_id: uuid.UUID, tenant_id: uuid.UUID
) -> Mediator:
    m = await managed_mediator(session, principal, mediator_id)
    if tenant_id == m.tenant_id:
        raise BadUserInput("名册所属机构不能移除（如需调整请让调解员退出名册）", field="tenantId")
    inside = await repository.in_roster_scope_among(session, VisibleTo.of(principal), [tenant_id])
    if not inside or not await repository.remove_affiliation(session, m.id, tenant_id):
        raise errors.organisation_outside_scope()
    bump_version(m)
    record(
        session,
        "mediator.organisation.remove",
        "Mediator",
        m.id,
        changes=diff({"organisation": tenant_id}, {}),
    )
    return m


@dataclass
class CertificateData:
    name: str
    number: str | None = None
    issued_by: str | None = None
    issued_on: date | None = None
    expires_on: date | None = None


async def add_certificate(
    session: AsyncSession, principal: Principal, mediator_id: uuid.UUID, data: CertificateData
) -> MediatorCertificate:
    m = await managed_mediator(session, principal, mediator_id)
    name = _text(data.name, "name", CERT_NAME_MAX)
    if not name:
        raise BadUserInput("证书名称不能为空", field="name")
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        raise BadUserInput("有效期至不能早于发证日期", field="expiresOn")
    row = MediatorCertificate(
        id=new_id(),
        mediator_id=m.id,
        name=name,
        number=_text(data.number, "number", CERT_NUMBER_MAX) or None,
        issued_by=_text(data.issued_by, "issuedBy", CERT_NAME_MAX) or None,
        issued_on=data.issued_on,
        expires_on=data.expires_on,
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    bump_version(m)
    record(
        session,
        "mediator.certificate.add",
        "Mediator",
        m.id,
        changes=created({"certificate": row.name, "number": row.number, "expires_on": row.expires_on}),
    )
    return row


async def remove_certificate(
    session: AsyncSession, principal: Principal, certificate_id: uuid.UUID
) -> Mediator:
    row = await repository.certificate(session, VisibleTo.of(principal), certificate_id)
    if row is None:
        raise NotFound("证书不存在或不在本机构管理范围内", field="certificateId")
    m = await managed_mediator(session, principal, row.mediator_id)
    await repository.delete_row(session, row)
    bump_version(m)
    record(
        session, "mediator.certificate.remove", "Mediator", m.id, changes=diff({"certificate": row.name}, {})
    )
    return m


async def declare_relative(
    session: AsyncSession,
    principal: Principal,
    mediator_id: uuid.UUID,
    name: str,
    relation: RelativeKind,
    id_number: str | None = None,
) -> MediatorRelative:
    """A declared relative feeds the 回避 check: a party with this ID number (or this name) conflicts."""
    m = await managed_mediator(session, principal, mediator_id)
    clean = _text(name, "name", RELATIVE_NAME_MAX)
    if not clean:
        raise BadUserInput("亲属姓名不能为空", field="name")
    number = (id_number or "").strip().upper() or None
    if number is not None and not identity.is_valid_id_card(number):
        raise BadUserInput("身份证号无效（须为18位且校验位正确）", field="idNumber")
    if await repository.relative_declared(session, m.id, clean, number):
        raise Conflict("该亲属已登记", field="idNumber" if number else "name")
    row = MediatorRelative(id=new_id(), mediator_id=m.id, name=clean, id_number=number, relation=relation)
    session.add(row)
    await session.flush()
    bump_version(m)
    record(
        session,
        "mediator.relative.add",
        "Mediator",
        m.id,
        changes=created(
            {"relative": clean, "relation": relation, "id_number": identity.mask_id_number(number)}
        ),
    )
    return row


async def remove_relative(session: AsyncSession, principal: Principal, relative_id: uuid.UUID) -> Mediator:
    row = await repository.relative(session, VisibleTo.of(principal), relative_id)
    if row is None:
        raise NotFound("亲属记录不存在或不在本机构管理范围内", field="relativeId")
    m = await managed_mediator(session, principal, row.mediator_id)
    await repository.delete_row(session, row)
    bump_version(m)
    record(session, "mediator.relative.remove", "Mediator", m.id, changes=diff({"relative": row.name}, {}))
    return m
