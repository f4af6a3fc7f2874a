from __future__ import annotations

from concord.kit.errors import NotFound


def event_not_found(field: str = "eventId") -> NotFound:
    """An event organised outside the actor's roster scope answers like a missing one."""
    return NotFound("培训不存在或不是本机构管理范围内组织的", field=field)


def organiser_outside_scope() -> NotFound:
    return NotFound("组织机构不存在或不在本机构管理范围内", field="tenantId")


def mediator_not_managed(field: str = "mediatorIds") -> NotFound:
    return NotFound("调解员不存在或不在本机构管理范围内", field=field)
