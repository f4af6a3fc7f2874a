from __future__ import annotations

import strawberry

from concord.authz.permissions import Can
from concord.authz.roles import ROLE_LABELS, known_roles
from concord.kit.context import Info
from concord.kit.ids import decode_id
from concord.users import service
from concord.users.types import Member, RoleInfo, User


@strawberry.input
class CreateUserInput:
    username: str
    display_name: str
    password: str
    tenant_id: strawberry.ID
    roles: list[str]


@strawberry.input
class ResetPasswordInput:
    user_id: strawberry.ID
    password: str


@strawberry.input
class UserRefInput:
    user_id: strawberry.ID


@strawberry.input
class RoleGrantInput:
    user_id: strawberry.ID
    tenant_id: strawberry.ID
    role: str


@strawberry.type
class UserPayload:
    user: User


@strawberry.type
class CreateUserPayload:
    user: User
    member: Member


@strawberry.type
class RolePayload:
    user: User
    roles: list[str] = strawberry.field(description="该用户在该机构的全部角色（撤销最后一个角色后为空）")


@strawberry.type
class UserQuery:
    @strawberry.field(description="全部内置角色及其中文名称")
    def roles(self) -> list[RoleInfo]:
        return [RoleInfo(name=r, label=ROLE_LABELS.get(r, r)) for r in sorted(known_roles())]


@strawberry.type
class UserMutation:
    @strawberry.mutation(permission_classes=[Can("user", "manage")], description="在本机构或下级机构创建用户")
    async def create_user(self, info: Info, input: CreateUserInput) -> CreateUserPayload:
        ctx = info.context
        data = service.NewUser(
            username=input.username,
            display_name=input.display_name,
            password=input.password,
            tenant_id=decode_id(input.tenant_id, "Tenant", "tenantId"),
            roles=input.roles,
        )
        user, membership = await service.create_user(ctx.session, ctx.require_principal(), data)
        return CreateUserPayload(user=User.from_row(user), member=Member.from_rows(membership, user))

    @strawberry.mutation(permission_classes=[Can("user", "manage")], description="重置用户密码")
    async def reset_password(self, info: Info, input: ResetPasswordInput) -> UserPayload:
        ctx = info.context
        uid = decode_id(input.user_id, "User", "userId")
        return UserPayload(
            user=User.from_row(
                await service.reset_password(ctx.session, ctx.require_principal(), uid, input.password)
            )
        )

    @strawberry.mutation(permission_classes=[Can("user", "manage")], description="停用用户")
    async def deactivate_user(self, info: Info, input: UserRefInput) -> UserPayload:
        ctx = info.context
        uid = decode_id(input.user_id, "User", "userId")
        return UserPayload(
            user=User.from_row(await service.deactivate_user(ctx.session, ctx.require_principal(), uid))
        )

    @strawberry.mutation(permission_classes=[Can("role", "grant")], description="在某机构授予用户角色")
    async def grant_role(self, info: Info, input: RoleGrantInput) -> RolePayload:
        ctx = info.context
        uid = decode_id(input.user_id, "User", "userId")
        tid = decode_id(input.tenant_id, "Tenant", "tenantId")
        membership = await service.grant_role(ctx.session, ctx.require_principal(), uid, tid, input.role)
        user = await service.get_user(ctx.session, uid)
        assert user is not None
        return RolePayload(user=User.from_row(user), roles=list(membership.roles))

    @strawberry.mutation(permission_classes=[Can("role", "grant")], description="撤销用户在某机构的角色")
    async def revoke_role(self, info: Info, input: RoleGrantInput) -> RolePayload:
        ctx = info.context
        uid = decode_id(input.user_id, "User", "userId")
        tid = decode_id(input.tenant_id, "Tenant", "tenantId")
        membership = await service.revoke_role(ctx.session, ctx.require_principal(), uid, tid, input.role)
        user = await service.get_user(ctx.session, uid)
        assert user is not None
        return RolePayload(user=User.from_row(user), roles=list(membership.roles) if membership else [])
