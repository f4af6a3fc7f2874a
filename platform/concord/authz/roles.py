"""The built-in roles, read from policies/roles.csv, and who may grant which."""

from __future__ import annotations

import csv
from functools import lru_cache

from concord.authz.enforcer import POLICY_DIR

PLATFORM_ADMIN = "platform_admin"
TENANT_ADMIN = "tenant_admin"
ADMIN_ROLES = frozenset({PLATFORM_ADMIN, TENANT_ADMIN})

ROLE_LABELS = {
    "platform_admin": "平台管理员",
    "tenant_admin": "机构管理员",
    "court_clerk": "法院书记员",
    "docking_officer": "诉调对接中心工作人员",
    "centre_officer": "解纷中心工作人员",
    "mediator": "调解员",
    "department_officer": "部门工作人员",
    "lawyer": "律师",
    "auditor": "审计员",
    "observer": "只读观察员",
    "api_client": "外部应用",
}


@lru_cache
def policy_lines() -> tuple[tuple[str, str, str, str], ...]:
    with (POLICY_DIR / "roles.csv").open(encoding="utf-8") as f:
        rows = [[c.strip() for c in row] for row in csv.reader(f) if row and not row[0].startswith("#")]
    return tuple((r[1], r[2], r[3], r[4]) for r in rows if r[0] == "p")


@lru_cache
def known_roles() -> frozenset[str]:
    return frozenset(sub for sub, *_ in policy_lines())


def grantable_by(granter_roles: tuple[str, ...]) -> frozenset[str]:
    """Platform administrators grant every role; tenant administrators every role but platform_admin."""
    if PLATFORM_ADMIN in granter_roles:
        return known_roles()
    if TENANT_ADMIN in granter_roles:
        return known_roles() - {PLATFORM_ADMIN}
    return frozenset()


@lru_cache
def vocabulary() -> tuple[tuple[str, str], ...]:
    """Every (object, action) some role holds, in the order policies/roles.csv first names it."""
    seen: dict[tuple[str, str], None] = {}
    for _, _, obj, act in policy_lines():
        seen.setdefault((obj, act), None)
    return tuple(seen)
