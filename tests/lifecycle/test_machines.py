"""Walk every row of the transition tables (case, referral, joint conference, minutes): each is allowed for its relation and roles and refused otherwise;
every (state, event) pair not in a table is refused with BAD_USER_INPUT (not yet / wrong branch) or CONFLICT
(moved past it), naming the events allowed now."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from concord.authz.enforcer import role_permits
from concord.authz.roles import known_roles, vocabulary
from concord.cases.machine import CASE_MACHINE
from concord.conferences.machine import CONFERENCE_MACHINE, MINUTES_MACHINE
from concord.kit.errors import BadUserInput, Conflict, Forbidden
from concord.kit.machine import Machine, Transition
from concord.models.enums import (
    CaseEvent,
    CaseStatus,
    ConferenceEvent,
    ConferenceStatus,
    MinutesEvent,
    MinutesStatus,
    ReferralEvent,
    ReferralStatus,
)
from concord.referrals.machine import REFERRAL_MACHINE

MACHINES: list[tuple[Machine, type, type]] = [
    (CASE_MACHINE, CaseStatus, CaseEvent),
    (REFERRAL_MACHINE, ReferralStatus, ReferralEvent),
    (CONFERENCE_MACHINE, ConferenceStatus, ConferenceEvent),
    (MINUTES_MACHINE, MinutesStatus, MinutesEvent),
]
ROWS = [(m, t) for m, _, _ in MACHINES for t in m.rows]
RELATIONS = {"handler", "receiver", "sender", "convenor", "participant"}

# Which roles fire each event: the behaviour policies/roles.csv must keep (the machines name a Casbin
# permission per row; this pins what the policy grants for it).
INTAKE = {
    "tenant_admin",
    "court_clerk",
    "docking_officer",
    "centre_officer",
    "department_officer",
    "mediator",
}
MEDIATION = {"tenant_admin", "docking_officer", "centre_officer", "department_officer", "mediator", "lawyer"}
WORKERS = {
    "tenant_admin", "court_clerk", "docking_officer", "centre_officer", "mediator", "department_officer", "lawyer",
}  # fmt: skip
SENDERS = WORKERS - {"lawyer"}
CONVENORS = {"centre_officer", "tenant_admin"}
PARTICIPANTS = CONVENORS | {"department_officer", "mediator", "court_clerk", "docking_officer"}
EXPECTED_ROLES: dict[str, set[str]] = {
    **{e: INTAKE for e in ("SUBMIT", "TRIAGE", "ACCEPT", "NOT_ACCEPT", "DIVERT", "MERGE")},
    **{
        e: MEDIATION
        for e in ("START_MEDIATION", "PAUSE", "RESUME", "AGREE", "FAIL", "WITHDRAW", "START_PERFORMANCE")
    },
    **{e: MEDIATION for e in ("RESOLVE", "BREACH")},
    "CLOSE": INTAKE | MEDIATION,
    "REOPEN": {"tenant_admin", "court_clerk", "docking_officer", "centre_officer"},
    **{f"referral:{e}": WORKERS for e in ("SIGN", "RETURN", "ACCEPT", "START", "REPORT", "RESUME")},
    "referral:RECALL": SENDERS | {"api_client"},
    **{f"referral:{e}": SENDERS for e in ("APPROVE", "SEND_BACK", "CLOSE")},
    **{f"conference:{e}": CONVENORS for e in ("SCHEDULE", "HOLD", "ISSUE_DECISIONS", "CLOSE", "CANCEL")},
    **{f"minutes:{e}": CONVENORS for e in ("EDIT", "ADDEND")},
    **{f"minutes:{e}": PARTICIPANTS for e in ("COMMENT", "SIGN", "LOCK")},
}


def who(machine: Machine, t: Transition) -> set[str]:
    return EXPECTED_ROLES[t.event.value if machine.name == "case" else f"{machine.name}:{t.event.value}"]


# A subject on which every guard passes: a case with performance recorded and follow-up on file; a conference
# scheduled with an acceptance, attendance recorded, minutes locked, a decision and no open action item.
GOOD = SimpleNamespace(
    performance_recorded_at=1,
    follow_up_at=1,
    satisfaction=5,
    has_time_and_place=True,
    accepted=1,
    attendance_recorded=1,
    minutes_locked=True,
    decisions=1,
    open_action_items=0,
)


def _id(row: tuple[Machine, Transition]) -> str:
    m, t = row
    return f"{m.name}:{t.source}-{t.event}->{t.target}"


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_row_is_allowed_for_its_relation_and_each_of_its_roles(row: tuple[Machine, Transition]) -> None:
    machine, t = row
    assert t.action in vocabulary(), "every row names a Casbin permission policies/roles.csv grants"
    for role in who(machine, t):
        found = machine.check(t.source, t.event, role_permits(role), {t.by}, "理由", subject=GOOD)
        assert found.target == t.target
        assert t.event in machine.available(t.source, role_permits(role), {t.by}, GOOD)


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_row_is_refused_for_other_relations_and_roles(row: tuple[Machine, Transition]) -> None:
    machine, t = row
    others = [r for r in sorted(known_roles()) if r not in who(machine, t)]
    for role in others:
        # a role that fires this event from no state at all is refused outright; otherwise it is refused here
        with pytest.raises(Forbidden):
            machine.check(t.source, t.event, role_permits(role), {t.by}, "理由", subject=GOOD)
    # a relation that never fires this event is refused outright
    rows_for_event = [r for r in machine.rows if r.event == t.event]
    for rel in RELATIONS - {r.by for r in rows_for_event}:
        with pytest.raises(Forbidden):
            machine.check(t.source, t.event, role_permits(*who(machine, t)), {rel}, "理由", subject=GOOD)
    if t.needs_reason:
        with pytest.raises(BadUserInput) as err:
            machine.check(t.source, t.event, role_permits(*who(machine, t)), {t.by}, "  ", subject=GOOD)
        assert err.value.extensions["field"] == "reason"


@pytest.mark.parametrize(("machine", "states", "events"), MACHINES, ids=[m.name for m, _, _ in MACHINES])
def test_every_pair_outside_the_table_is_refused(machine: Machine, states: type, events: type) -> None:
    everyone = role_permits(*known_roles())
    for state in states:
        for event in events:
            if machine.find(state, event) is not None or not [r for r in machine.rows if r.event == event]:
                continue
            with pytest.raises((BadUserInput, Conflict)) as err:
                machine.check(state, event, everyone, RELATIONS, "理由", subject=GOOD)
            ext = err.value.extensions
            assert ext["status"] == state.value
            assert set(ext["allowedEvents"]) == {
                e.value for e in machine.available(state, everyone, RELATIONS, GOOD)
            }
            moved_past = state in machine.reachable({r.source for r in machine.rows if r.event == event})
            assert isinstance(err.value, Conflict) == moved_past


def test_resolve_guard_needs_performance_and_follow_up() -> None:
    roles = role_permits("mediator")
    for subject, message in (
        (SimpleNamespace(performance_recorded_at=None, follow_up_at=1, satisfaction=5), "履行"),
        (SimpleNamespace(performance_recorded_at=1, follow_up_at=None, satisfaction=None), "回访"),
    ):
        assert CaseEvent.RESOLVE not in CASE_MACHINE.available(
            CaseStatus.PERFORMING, roles, {"handler"}, subject
        )
        with pytest.raises(BadUserInput, match=message):
            CASE_MACHINE.check(
                CaseStatus.PERFORMING, CaseEvent.RESOLVE, roles, {"handler"}, None, subject=subject
            )


def test_tables_reach_every_state() -> None:
    assert CASE_MACHINE.reachable({CaseStatus.DRAFT}) | {CaseStatus.DRAFT} == set(CaseStatus)
    assert REFERRAL_MACHINE.reachable({ReferralStatus.SENT}) | {ReferralStatus.SENT} == set(ReferralStatus)
    start = ConferenceStatus.PROPOSED
    assert CONFERENCE_MACHINE.reachable({start}) | {start} == set(ConferenceStatus)
    assert MINUTES_MACHINE.reachable({MinutesStatus.DRAFT}) | {MinutesStatus.DRAFT} == set(MinutesStatus)


def test_conference_guards_refuse_until_their_conditions_hold() -> None:
    convenor = role_permits("centre_officer")
    cases = (
        (ConferenceStatus.PROPOSED, ConferenceEvent.SCHEDULE, {"has_time_and_place": False}, "时间"),
        (ConferenceStatus.PROPOSED, ConferenceEvent.SCHEDULE, {"accepted": 0}, "接受邀请"),
        (ConferenceStatus.SCHEDULED, ConferenceEvent.HOLD, {"attendance_recorded": 0}, "到会"),
        (ConferenceStatus.HELD, ConferenceEvent.ISSUE_DECISIONS, {"minutes_locked": False}, "锁定"),
        (ConferenceStatus.HELD, ConferenceEvent.ISSUE_DECISIONS, {"decisions": 0}, "决定"),
        (ConferenceStatus.DECISIONS_ISSUED, ConferenceEvent.CLOSE, {"open_action_items": 2}, "未办结"),
    )
    for state, event, change, message in cases:
        subject = SimpleNamespace(**{**vars(GOOD), **change})
        assert event not in CONFERENCE_MACHINE.available(state, convenor, {"convenor"}, subject)
        with pytest.raises(BadUserInput, match=message):
            CONFERENCE_MACHINE.check(state, event, convenor, {"convenor"}, None, subject=subject)


def test_docs_quote_the_tables() -> None:
    from pathlib import Path

    from concord.kit.machine_doc import lifecycles_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "lifecycles.md"
    assert doc.read_text(encoding="utf-8") == lifecycles_markdown(), (
        "run: python -m concord.kit.machine_doc > docs/lifecycles.md"
    )
