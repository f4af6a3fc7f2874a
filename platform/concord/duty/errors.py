from __future__ import annotations

from concord.kit.errors import NotFound


def tenant_not_found(field: str = "tenantId") -> NotFound:
    """A tenant outside the actor's reach answers like a missing one."""
    return NotFound("机构不存在或不在本机构管理范围内", field=field)


def slot_not_found(field: str = "slotId") -> NotFound:
    return NotFound("坐班不存在或不在本机构管理范围内", field=field)


def not_on_roster(field: str) -> NotFound:
    return NotFound("调解员不存在、不在册或不属于该机构", field=field)


def case_not_found() -> NotFound:
    return NotFound("案件不存在或本机构不可见", field="caseId")
