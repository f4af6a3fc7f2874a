"""Casbin decides which actions a role may take on which object types; SQL decides which rows.

The model is RBAC with domains (domain = tenant). Policy lines come from `policies/roles.csv`; the roles a
principal holds in its acting tenant come from the database with the principal, so each check asks Casbin
whether any of those roles may do (object, action) in that domain. Decisions are memoised per request."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

import casbin

from concord.auth.principal import Principal

# Casbin logs every policy line at INFO on load; that is noise in a server log.
logging.getLogger("casbin").setLevel(logging.WARNING)

POLICY_DIR = Path(__file__).resolve().parents[3] / "policies"


# Policy lines are indexed by (subject, object type): a decision only scans the few lines of one role on one
# object type, so its cost stays flat however many roles, tenants and object types the policy grows to.
CACHE_KEY_ORDER = (0, 2)


def make_enforcer(model_path: str, policy_path: str) -> casbin.Enforcer:
    return casbin.FastEnforcer(model_path, policy_path, cache_key_order=list(CACHE_KEY_ORDER))


class Authorizer:
    """The policy, loaded once per process (`default_authorizer()`); decisions per principal."""

    def __init__(self, policy_dir: Path = POLICY_DIR) -> None:
        self.enforcer = make_enforcer(str(policy_dir / "model.conf"), str(policy_dir / "roles.csv"))

    def allowed(self, roles: tuple[str, ...], domain: str, obj: str, act: str) -> bool:
        return any(self.enforcer.enforce(role, domain, obj, act) for role in roles)

    def can(self, principal: Principal, obj: str, act: str) -> bool:
        key = (obj, act)
        decision = principal._decisions.get(key)
        if decision is None:
            decision = self.allowed(principal.roles, principal.tenant_code, obj, act)
            principal._decisions[key] = decision
        return decision


@functools.cache
def default_authorizer() -> Authorizer:
    """The one policy of this process: the app, services and the machines ask the same enforcer."""
    return Authorizer()


def permits(principal: Principal) -> Callable[[str, str], bool]:
    """The principal's decision function, as the state machines take it (`concord.kit.machine.Permits`)."""
    authorizer = default_authorizer()
    return lambda obj, act: authorizer.can(principal, obj, act)


def role_permits(*roles: str, tenant_code: str = "*") -> Callable[[str, str], bool]:
    """What these roles may do, without a principal: docs and the tests that walk every row by role."""
    authorizer = default_authorizer()
    return lambda obj, act: authorizer.allowed(roles, tenant_code, obj, act)


def roles_holding(obj: str, act: str) -> list[str]:
    """The roles policies/roles.csv grants (obj, act), for the generated lifecycle docs."""
    from concord.authz.roles import known_roles

    return sorted(r for r in known_roles() if role_permits(r)(obj, act))
