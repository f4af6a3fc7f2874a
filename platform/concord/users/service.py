"""User administration: accounts, passwords, and role grants per tenant (the Casbin grouping, kept in the
database: the roles a principal holds are read with it on every request, so a grant or a revocation takes
effect on the next request in every server process)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.passwords import PASSWORD_MAX, hash_password
from concord.auth.principal import Principal
from concord.authz.roles import TENANT_ADMIN, grantable_by, known_roles
from concord.authz.visibility import VisibleTo
from concord.db.base import new_id, utcnow
from concord.kit.errors import BadUserInput, Conflict, NotFound
from concord.models import Membership, User
from concord.tenants import service as tenants
from concord.trail.recorder import created, diff, record
from concord.users import repository

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
PASSWORD_MIN = 8


@dataclass
class NewUser:
    username: str
    display_name: str
    password: str
    tenant_id: uuid.UUID
    roles: list[str]


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await repository.by_id(session, user_id)


def check_password(password: str, field: str = "password") -> None:
    if len(password) > PASSWORD_MAX:  # first: the checks below (and the hash) would walk all of it
        raise BadUserInput(f"密码不能超过{PASSWORD_MAX}个字符", field=field, maxLength=PASSWORD_MAX)
    if len(password) < PASSWORD_MIN:
        raise BadUserInput(f"密码至少{PASSWORD_MIN}位", field=field)
    has_letter = any(c.isalpha() for c in password)
    has_other = any(not c.isalpha() for c in password)
    if not (has_letter and has_other):
        raise BadUserInput("密码须同时包含字母和数字或符号", field=field)


def check_roles(principal: Principal, roles: list[str], field: str = "roles") -> list[str]:
    unknown = [r for r in roles if r not in known_roles()]
    if unknown:
        raise BadUserInput(f"未知角色：{'、'.join(unknown)}", field=field, allowed=sorted(known_roles()))
    denied = [r for r in roles if r not in grantable_by(principal.roles)]
    if denied:
        raise BadUserInput(f"无权授予角色：{'、'.join(denied)}", field=field)
    return sorted(set(roles))


async def _tenant_for_grant(session: AsyncSession, principal: Principal, tenant_id: uuid.UUID) -> None:
    await tenants.require_in_scope(session, principal, tenant_id, "tenantId")
    tenant = await tenants.by_id(session, tenant_id)
    if tenant is None or not tenant.is_active:
        raise NotFound("机构不存在或已停用", field="tenantId")


async def create_user(session: AsyncSession, principal: Principal, data: NewUser) -> tuple[User, Membership]:
    username = (data.username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise BadUserInput("用户名须为3至64位小写字母、数字、点、下划线或连字符", field="username")
    display_name = (data.display_name or "").strip()
    if not display_name or len(display_name) > 100:
        raise BadUserInput("姓名不能为空，且不超过100个字", field="displayName")
    check_password(data.password)
    roles = check_roles(principal, data.roles)
    if not roles:
        raise BadUserInput("至少授予一个角色", field="roles")
    await _tenant_for_grant(session, principal, data.tenant_id)
    if await repository.username_taken(session, username):
        raise Conflict(f"用户名 {username} 已被使用", field="username")
    password_hash = await anyio.to_thread.run_sync(hash_password, data.password)
    now = utcnow()
    user = User(
        id=new_id(),
        username=username,
        display_name=display_name,
        password_hash=password_hash,
        is_active=True,
        created_at=now,
    )
    session.add(user)
    await session.flush()
    membership = Membership(
        id=new_id(), user_id=user.id, tenant_id=data.tenant_id, roles=roles, created_at=now
    )
    session.add(membership)
    await session.flush()
    record(
        session,
        "user.create",
        "User",
        user.id,
        changes=created(
            {"username": username, "display_name": display_name, "tenant_id": data.tenant_id, "roles": roles}
        ),
    )
    return user, membership


async def in_admin_scope(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> bool:
    """The user has a membership in the acting tenant's subtree (a roster may link such a user's account)."""
    return await repository.in_admin_scope(session, VisibleTo.of(principal), user_id)


async def _managed_user(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> User:
    if not await repository.in_admin_scope(session, VisibleTo.of(principal), user_id):
        raise NotFound("用户不存在或不在管理范围内", field="userId")
    user = await repository.by_id(session, user_id, for_update=True)
    if user is None:
        raise NotFound(field="userId")
    return user


async def reset_password(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID, password: str
) -> User:
    check_password(password)
    user = await _managed_user(session, principal, user_id)
    user.password_hash = await anyio.to_thread.run_sync(hash_password, password)
    user.credential_version += 1  # tokens issued with the old password stop working
    await session.flush()
    # The trail says that it happened, never what the password is.
    record(session, "user.password.reset", "User", user.id, changes={"password_reset": [None, True]})
    return user


async def deactivate_user(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> User:
    if user_id == principal.id:
        raise BadUserInput("不能停用自己的账号", field="userId")
    user = await _managed_user(session, principal, user_id)
    if user.is_active:
        user.is_active = False
        await session.flush()
        record(session, "user.deactivate", "User", user.id, changes={"is_active": [True, False]})
    return user


async def grant_role(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID, tenant_id: uuid.UUID, role: str
) -> Membership:
    (role,) = check_roles(principal, [role], "role")
    await _tenant_for_grant(session, principal, tenant_id)
    # Accounts are global: an administrator may only grant to users already inside its subtree, or a grant
    # would pull a stranger into its scope (and so under its password resets).
    if not await repository.in_admin_scope(session, VisibleTo.of(principal), user_id):
        raise NotFound("用户不存在或不在管理范围内", field="userId")
    user = await repository.by_id(session, user_id)
    if user is None or not user.is_active:
        raise NotFound("用户不存在或已停用", field="userId")
    membership = await repository.membership(session, user_id, tenant_id, for_update=True)
    if membership is None:
        membership = Membership(
            id=new_id(), user_id=user_id, tenant_id=tenant_id, roles=[role], created_at=utcnow()
        )
        session.add(membership)
        before: list[str] = []
    elif role in membership.roles:
        return membership
    else:
        before = list(membership.roles)
        membership.roles = sorted({*membership.roles, role})
    await session.flush()
    record(
        session,
        "role.grant",
        "Membership",
        membership.id,
        changes=diff({"roles": before}, {"roles": membership.roles})
        | {"user_id": [None, str(user_id)], "tenant_id": [None, str(tenant_id)]},
    )
    return membership


async def revoke_role(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID, tenant_id: uuid.UUID, role: str
) -> Membership | None:
    """Returns the membership left, or None when its last role went (the membership goes with it)."""
    await tenants.require_in_scope(session, principal, tenant_id, "tenantId")
    if (
        user_id == principal.id
        and tenant_id == principal.tenant_id
        and role in (TENANT_ADMIN, "platform_admin")
    ):
        raise BadUserInput("不能撤销自己的管理员角色（请由其他管理员操作）", field="role")
    if role not in grantable_by(principal.roles):
        raise BadUserInput(f"无权撤销角色：{role}", field="role")
    membership = await repository.membership(session, user_id, tenant_id, for_update=True)
    if membership is None or role not in membership.roles:
        raise NotFound("该用户在该机构没有这个角色", field="role")
    before = list(membership.roles)
    remaining = [r for r in membership.roles if r != role]
    changes = diff({"roles": before}, {"roles": remaining}) | {
        "user_id": [None, str(user_id)],
        "tenant_id": [None, str(tenant_id)],
    }
    record(session, "role.revoke", "Membership", membership.id, changes=changes)
    if not remaining:
        await repository.delete_membership(session, membership.id)
        return None
    membership.roles = remaining
    await session.flush()
    return membership
