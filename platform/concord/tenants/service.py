"""Tenant administration: create, rename/update, move (re-parent) and deactivate, inside the actor's scope."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, NotFound
from concord.models import Tenant
from concord.models.enums import Specialty, TenantKind, Tier
from concord.tenants import errors, repository
from concord.trail.recorder import created, diff, record

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
NAME_MAX = 200


@dataclass
class TenantData:
    code: str
    name: str
    kind: TenantKind
    parent_id: uuid.UUID
    tier: Tier | None = None
    specialty: Specialty | None = None
    agency: str | None = None
    case_prefix: str | None = None


def _name(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise BadUserInput("机构名称不能为空", field="name")
    if len(value) > NAME_MAX:
        raise BadUserInput(f"机构名称不能超过{NAME_MAX}个字", field="name")
    return value


def _shape(kind: TenantKind, tier: Tier | None, specialty: Specialty | None, agency: str | None) -> None:
    """What each kind of body needs: a centre its tier, a committee its specialty, a department its agency."""
    if kind is TenantKind.PLATFORM:
        raise BadUserInput("平台根机构只有一个", field="kind")
    if kind is TenantKind.CENTRE and tier is None:
        raise BadUserInput("解纷中心须指定层级（区、街道、社区）", field="tier")
    if kind is not TenantKind.CENTRE and tier is not None:
        raise BadUserInput("只有解纷中心有层级", field="tier")
    if kind is TenantKind.COMMITTEE and specialty is None:
        raise BadUserInput("调解委员会须指定专业领域", field="specialty")
    if kind is TenantKind.DEPARTMENT and not (agency or "").strip():
        raise BadUserInput("政府部门须填写所属系统（如人社、住建）", field="agency")


def _snapshot(t: Tenant) -> dict[str, object]:
    return {
        "code": t.code,
        "name": t.name,
        "kind": t.kind,
        "tier": t.tier,
        "specialty": t.specialty,
        "agency": t.agency,
        "parent_id": t.parent_id,
        "case_prefix": t.case_prefix,
        "is_active": t.is_active,
    }


async def create_tenant(session: AsyncSession, principal: Principal, data: TenantData) -> Tenant:
    code = (data.code or "").strip().lower()
    if not CODE_RE.match(code):
        raise errors.bad_code()
    name = _name(data.name)
    _shape(data.kind, data.tier, data.specialty, data.agency)
    await require_in_scope(session, principal, data.parent_id, "parentId")
    parent = await repository.by_id(session, data.parent_id)
    if parent is None or not parent.is_active:
        raise NotFound("上级机构不存在或已停用", field="parentId")
    if await repository.by_code(session, code) is not None:
        raise errors.code_taken(code)
    tenant = Tenant(
        id=new_id(),
        code=code,
        name=name,
        kind=data.kind,
        tier=data.tier,
        specialty=data.specialty,
        agency=(data.agency or "").strip() or None,
        parent_id=parent.id,
        case_prefix=(data.case_prefix or "").strip() or f"{name[:6]}调字第",
        is_active=True,
        created_at=utcnow(),
    )
    session.add(tenant)
    await session.flush()
    await repository.add_to_tree(session, tenant.id, parent.id)
    record(session, "tenant.create", "Tenant", tenant.id, changes=created(_snapshot(tenant)))
    return tenant


async def _managed(session: AsyncSession, principal: Principal, tenant_id: uuid.UUID) -> Tenant:
    await require_in_scope(session, principal, tenant_id, "tenantId")
    tenant = await repository.lock(session, tenant_id)
    if tenant is None:
        raise NotFound(field="tenantId")
    return tenant


async def update_tenant(
    session: AsyncSession,
    principal: Principal,
    tenant_id: uuid.UUID,
    *,
    name: str | None = None,
    case_prefix: str | None = None,
    specialty: Specialty | None = None,
    agency: str | None = None,
) -> Tenant:
    tenant = await _managed(session, principal, tenant_id)
    before = _snapshot(tenant)
    if name is not None:
        tenant.name = _name(name)
    if case_prefix is not None:
        if not case_prefix.strip():
            raise BadUserInput("案号前缀不能为空", field="casePrefix")
        tenant.case_prefix = case_prefix.strip()
    if specialty is not None:
        tenant.specialty = specialty
    if agency is not None:
        tenant.agency = agency.strip() or None
    _shape(tenant.kind, tenant.tier, tenant.specialty, tenant.agency)
    await session.flush()
    record(session, "tenant.update", "Tenant", tenant.id, changes=diff(before, _snapshot(tenant)))
    return tenant


async def move_tenant(
    session: AsyncSession, principal: Principal, tenant_id: uuid.UUID, new_parent_id: uuid.UUID
) -> Tenant:
    if tenant_id == principal.tenant_id:
        raise BadUserInput("不能移动本机构（请由上级机构管理员操作）", field="tenantId")
    tenant = await _managed(session, principal, tenant_id)
    await require_in_scope(session, principal, new_parent_id, "parentId")
    if await repository.is_descendant(session, VisibleTo.for_job(tenant.id, "move: no cycle"), new_parent_id):
        raise errors.cycle()
    parent = await repository.by_id(session, new_parent_id)
    if parent is None or not parent.is_active:
        raise NotFound("上级机构不存在或已停用", field="parentId")
    before = _snapshot(tenant)
    tenant.parent_id = parent.id
    await session.flush()
    await repository.reparent_subtree(session, tenant.id, parent.id)
    record(session, "tenant.move", "Tenant", tenant.id, changes=diff(before, _snapshot(tenant)))
    return tenant


async def deactivate_tenant(session: AsyncSession, principal: Principal, tenant_id: uuid.UUID) -> Tenant:
    if tenant_id == principal.tenant_id:
        raise BadUserInput("不能停用本机构", field="tenantId")
    tenant = await _managed(session, principal, tenant_id)
    if not tenant.is_active:
        return tenant
    if await repository.has_active_children(session, tenant.id):
        raise errors.has_children()
    before = _snapshot(tenant)
    tenant.is_active = False
    await session.flush()
    record(session, "tenant.deactivate", "Tenant", tenant.id, changes=diff(before, _snapshot(tenant)))
    return tenant


# --- reads for other features (they use tenants through this module, never its repository) ---------------------


async def by_id(session: AsyncSession, tenant_id: uuid.UUID) -> Tenant | None:
    return await repository.by_id(session, tenant_id)


async def by_ids(session: AsyncSession, tenant_ids: Sequence[uuid.UUID]) -> list[Tenant]:
    return await repository.by_ids(session, tenant_ids)


async def in_scope(session: AsyncSession, principal: Principal, tenant_id: uuid.UUID) -> bool:
    """Administration scope: an administrator manages its own tenant and its descendants (the platform tenant
    is the root, so its administrators manage everything)."""
    return await repository.is_descendant(session, VisibleTo.of(principal), tenant_id)


async def require_in_scope(
    session: AsyncSession, principal: Principal, tenant_id: uuid.UUID, field: str
) -> None:
    """Outside the scope a tenant answers NOT_FOUND (as for reads), so an administrator cannot probe."""
    if not await in_scope(session, principal, tenant_id):
        raise NotFound("机构不存在或不在管理范围内", field=field)


async def is_descendant(session: AsyncSession, viewer: VisibleTo, tenant_id: uuid.UUID) -> bool:
    """The tenant is the ancestor itself or below it in the tree."""
    return await repository.is_descendant(session, viewer, tenant_id)


async def coordinated_among(
    session: AsyncSession, viewer: VisibleTo, tenant_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these tenants the viewer (or a tenant below it) coordinates (统筹协调), directly or through an
    ancestor of theirs: the facts `relations.coordinates` decides on."""
    return await repository.ids_coordinated(session, viewer, tenant_ids)


async def candidates(
    session: AsyncSession,
    specialties: Sequence[Specialty],
    agencies: Sequence[str],
    kinds: Sequence[TenantKind],
) -> list[Tenant]:
    """Active tenants that could take a case of these specialties or agencies (triage)."""
    return await repository.candidates(session, specialties, agencies, kinds)


async def descendants(session: AsyncSession, viewer: VisibleTo) -> list[Tenant]:
    return await repository.descendants(session, viewer)


async def platform_root(session: AsyncSession) -> Tenant | None:
    return await repository.platform_root(session)
