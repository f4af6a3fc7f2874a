from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from concord.authz.roles import ROLE_LABELS
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import Membership as MembershipModel
from concord.models import User as UserModel


@strawberry.type(description="角色")
class RoleInfo:
    name: str
    label: str


def role_infos(roles: list[str]) -> list[RoleInfo]:
    return [RoleInfo(name=r, label=ROLE_LABELS.get(r, r)) for r in roles]


@strawberry.type(description="用户账号")
class User(Node):
    db_id: strawberry.Private[uuid.UUID]
    username: str
    display_name: str
    is_active: bool
    created_at: datetime

    @classmethod
    def from_row(cls, u: UserModel) -> User:
        return cls(
            id=strawberry.ID(to_global_id("User", u.id)),
            db_id=u.id,
            username=u.username,
            display_name=u.display_name,
            is_active=u.is_active,
            created_at=u.created_at,
        )


@strawberry.type(description="机构成员：用户及其在该机构持有的角色")
class Member:
    user: User
    roles: list[str]
    role_details: list[RoleInfo]
    joined_at: datetime

    @classmethod
    def from_rows(cls, m: MembershipModel, u: UserModel) -> Member:
        return cls(
            user=User.from_row(u),
            roles=list(m.roles),
            role_details=role_infos(list(m.roles)),
            joined_at=m.created_at,
        )
