"""Rules for joint conferences (联席会议): convene, invite, answer, attend, minutes (drafts, comments, sign-offs,
lock, addenda), decisions and action items, and the lifecycle PROPOSED → SCHEDULED → HELD → DECISIONS_ISSUED →
CLOSED (or CANCELLED with a reason). This module is the feature's public surface; the rules live by concern in
lifecycle.py (convening, the meeting, status), invitations.py, minutes.py and decisions.py, on the checks in
guards.py.

Who may act: the convenor runs the conference; accepted participants comment on and sign the minutes; an
invited tenant answers its own invitation. Every step records an audit event carrying the conference id (and
the case id where a case is involved). The conference row is locked (SELECT … FOR UPDATE) before its state is
read, so concurrent steps serialise."""

from __future__ import annotations

from concord.conferences.decisions import NewActionItem, NewDecision, add_decision
from concord.conferences.guards import relations
from concord.conferences.invitations import invite, respond
from concord.conferences.lifecycle import (
    AttendanceEntry,
    NewConference,
    Schedule,
    add_agenda_item,
    convene,
    record_attendance,
    state_of,
    transition,
)
from concord.conferences.minutes import (
    add_addendum,
    comment_minutes,
    required_signers,
    save_minutes,
    sign_minutes,
)

__all__ = [
    "AttendanceEntry",
    "NewActionItem",
    "NewConference",
    "NewDecision",
    "Schedule",
    "add_addendum",
    "add_agenda_item",
    "add_decision",
    "comment_minutes",
    "convene",
    "invite",
    "record_attendance",
    "relations",
    "required_signers",
    "respond",
    "save_minutes",
    "sign_minutes",
    "state_of",
    "transition",
]
