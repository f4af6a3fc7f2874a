from __future__ import annotations

from concord.kit.errors import BadUserInput, NotFound


def tenant_not_found(field: str = "tenantId") -> NotFound:
    """A tenant outside the actor's reach answers like a missing one."""
    return NotFound("机构不存在或不在本机构管理范围内", field=field)


def slot_not_found(field: str = "slotId") -> NotFound:
    return NotFound("坐班不存在或不在本机构管理范围内", field=field)


def not_on_roster(field: str) -> BadUserInput:
    """The public roster shows every mediator's organisations: naming the reason leaks nothing."""
    return BadUserInput("坐班人员须为该机构在册的律师或调解员", field=field)


def case_not_found() -> NotFound:
    return NotFound("案件不存在或本机构不可见", field="caseId")
