from __future__ import annotations

from concord.kit.errors import BadUserInput, NotFound


def not_managed(field: str = "mediatorId") -> NotFound:
    """Another organisation's mediator answers like a missing one: its roster details do not leak."""
    return NotFound("调解员不存在或不在本机构管理范围内", field=field)


def organisation_outside_scope(field: str = "tenantId") -> NotFound:
    return NotFound("机构不存在或不在本机构管理范围内", field=field)


def bad_specialty(value: str) -> BadUserInput:
    return BadUserInput(f"未知的专业领域：{value}", field="specialties")


def user_outside_scope() -> NotFound:
    return NotFound("用户不存在或不在管理范围内", field="userId")
