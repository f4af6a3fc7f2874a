"""Render the state-machine tables as Markdown for docs/lifecycles.md (a test keeps the file current)."""

from __future__ import annotations

from typing import Any

from concord.kit.machine import Machine


def render(machine: Machine[Any, Any], title: str) -> str:
    lines = [
        f"## {title}",
        "",
        "| from | event | to | by | roles | reason | guard | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in machine.rows:
        lines.append(
            f"| {t.source.value} | {t.event.value} | {t.target.value} | {t.by} | {', '.join(sorted(t.who))} | "
            f"{'required' if t.needs_reason else ''} | {t.guard.__name__ if t.guard else ''} | {t.note} |"
        )
    return "\n".join(lines) + "\n"


def lifecycles_markdown() -> str:
    from concord.cases.machine import CASE_MACHINE
    from concord.referrals.machine import REFERRAL_MACHINE

    head = (
        "# Lifecycles\n\nGenerated from the transition tables in `platform/concord/cases/machine.py` and\n"
        "`platform/concord/referrals/machine.py` (`python -m concord.kit.machine_doc > docs/lifecycles.md`);\n"
        "`tests/lifecycle/test_machines.py` walks every row, and a test fails when this file is out of date.\n\n"
        "`by`: the relation the acting tenant needs — `handler` (the case's current owner, or a tenant that accepted\n"
        "a referral of it), `receiver` / `sender` of a referral. An event refused because the object has moved past\n"
        "it answers `CONFLICT`; one that does not apply yet answers `BAD_USER_INPUT`; both name `allowedEvents`.\n\n"
    )
    return head + render(CASE_MACHINE, "Case (纠纷)") + "\n" + render(REFERRAL_MACHINE, "Referral (转介)")


if __name__ == "__main__":
    print(lifecycles_markdown(), end="")
