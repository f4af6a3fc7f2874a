from __future__ import annotations

from concord.kit.errors import NotFound


def tenant_outside_scope(field: str = "tenantId") -> NotFound:
    """Another tenant's scheme answers like a missing one."""
    return NotFound("机构不存在或不在本机构管理范围内", field=field)


def scheme_not_found(field: str = "schemeId") -> NotFound:
    return NotFound("以案定补方案不存在或不在本机构管理范围内", field=field)


def rate_not_found(field: str = "rateId") -> NotFound:
    return NotFound("补贴标准不存在或不在本机构管理范围内", field=field)
