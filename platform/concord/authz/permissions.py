"""Permission classes for GraphQL fields, backed by the Casbin enforcer.

`Can("case", "create")` builds the class for one (object type, action); it answers UNAUTHENTICATED without a
principal and FORBIDDEN when no role of the principal allows the action in its tenant."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from concord.kit.context import Info
from concord.kit.errors import Forbidden, Unauthenticated

_cache: dict[tuple[str, str], type[BasePermission]] = {}


class IsAuthenticated(BasePermission):
    message = "请先登录"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.principal is None:
            raise Unauthenticated()
        return True


def Can(obj: str, act: str) -> type[BasePermission]:
    key = (obj, act)
    if key not in _cache:

        def has_permission(self: BasePermission, source: Any, info: Info, **kwargs: Any) -> bool:
            ctx = info.context
            if ctx.principal is None:
                raise Unauthenticated()
            if not ctx.can(obj, act):
                raise Forbidden(f"当前角色无权执行 {obj}:{act}", action=f"{obj}:{act}")
            return True

        _cache[key] = type(
            f"Can_{obj}_{act}",
            (BasePermission,),
            {"message": f"{obj}:{act} denied", "has_permission": has_permission},
        )
    return _cache[key]
