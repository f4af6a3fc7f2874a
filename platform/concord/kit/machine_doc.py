"""Render the state-machine tables as Markdown for docs/lifecycles.md (a test keeps the file current)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concord.kit.machine import Machine

RolesHolding = Callable[[str, str], list[str]]


def render(machine: Machine[Any, Any], title: str, roles_holding: RolesHolding) -> str:
    lines = [
        f"## {title}",
        "",
        "| from | event | to | by | permission | roles (policies/roles.csv) | reason | guard | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in machine.rows:
        permission = ":".join(t.action)
        roles = roles_holding(*t.action)
        lines.append(
            f"| {t.source.value} | {t.event.value} | {t.target.value} | {t.by} | {permission} | "
            f"{', '.join(roles)} | {'required' if t.needs_reason else ''} | "
            f"{t.guard.__name__ if t.guard else ''} | {t.note} |"
        )
    return "\n".join(lines) + "\n"


def lifecycles_markdown() -> str:
    from concord.authz.enforcer import roles_holding
    from concord.cases.machine import CASE_MACHINE
    from concord.conferences.machine import CONFERENCE_MACHINE, MINUTES_MACHINE
    from concord.referrals.machine import REFERRAL_MACHINE

    head = (
        "# Lifecycles\n\nGenerated from the transition tables in `platform/concord/cases/machine.py`,\n"
        "`platform/concord/referrals/machine.py` and `platform/concord/conferences/machine.py`\n"
        "(`python -m concord.kit.machine_doc > docs/lifecycles.md`); `tests/lifecycle/test_machines.py` walks\n"
        "every row, and a test fails when this file is out of date.\n\n"
        "`by`: the relation the acting tenant needs — `handler` (the case's current owner, or a tenant that accepted\n"
        "a referral of it), `receiver` / `sender` of a referral, `convenor` of a joint conference (the tenant that\n"
        "convened it) or `participant` (the convenor, or a tenant that accepted its invitation); the rules are in\n"
        "`platform/concord/authz/relations.py`. An event refused because the object has moved past it answers\n"
        "`CONFLICT`; one that does not apply yet answers `BAD_USER_INPUT`; both name `allowedEvents`.\n"
        "`permission`: the Casbin `object:action` that fires the row; the roles holding it are read from\n"
        "`policies/roles.csv`, the one place that says which role may do what.\n\n"
    )
    tables: list[tuple[Machine[Any, Any], str]] = [
        (CASE_MACHINE, "Case (纠纷)"),
        (REFERRAL_MACHINE, "Referral (转介)"),
        (CONFERENCE_MACHINE, "Joint conference (联席会议)"),
        (MINUTES_MACHINE, "Conference minutes (会议纪要)"),
    ]
    return head + "\n".join(render(machine, title, roles_holding) for machine, title in tables)


if __name__ == "__main__":
    print(lifecycles_markdown(), end="")
