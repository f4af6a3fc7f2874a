"""The joint-conference (联席会议) lifecycle and the minutes (会议纪要) lifecycle, as transition tables.

`by`: "convenor" is the tenant that convened the conference, "participant" the convenor or a tenant that accepted
its invitation (concord.authz.relations). `action` is the Casbin permission that fires the row; which roles hold
it is said once, in policies/roles.csv:

- conference:convene — every row of the conference's lifecycle (the convenor runs it);
- minutes:edit — a new draft of the minutes (召集单位修改纪要稿);
- minutes:comment — a participant's comment on the draft;
- minutes:sign — a participant's sign-off, and the lock the last one brings;
- minutes:addend — a signed addendum after the lock.

The mutations' own gates (conference:convene, conference:participate) come first. Guards read a
`ConferenceState` snapshot the service assembles before checking."""

from __future__ import annotations

from dataclasses import dataclass

from concord.kit.machine import Machine, Transition
from concord.models.enums import ConferenceEvent as E
from concord.models.enums import ConferenceStatus as S
from concord.models.enums import MinutesEvent as ME
from concord.models.enums import MinutesStatus as MS

CONVENE = ("conference", "convene")
EDIT_MINUTES = ("minutes", "edit")
COMMENT_MINUTES = ("minutes", "comment")
SIGN_MINUTES = ("minutes", "sign")
ADDEND_MINUTES = ("minutes", "addend")


@dataclass(frozen=True)
class ConferenceState:
    has_time_and_place: bool
    accepted: int
    attendance_recorded: int
    minutes_locked: bool
    decisions: int
    open_action_items: int


def _scheduled(s: ConferenceState) -> str | None:
    if not s.has_time_and_place:
        return "请先填写会议时间和地点（或线上会议链接）"
    if s.accepted == 0:
        return "至少须有一个参会单位接受邀请"
    return None


def _held(s: ConferenceState) -> str | None:
    return None if s.attendance_recorded else "请先记录到会情况"


def _issuable(s: ConferenceState) -> str | None:
    if not s.minutes_locked:
        return "会议纪要须经全体参会单位会签锁定后，方可印发决定"
    if s.decisions == 0:
        return "尚未记录会议决定"
    return None


def _closable(s: ConferenceState) -> str | None:
    if s.open_action_items:
        return f"尚有{s.open_action_items}项办理事项未办结"
    return None


def _t(
    source: S,
    event: E,
    target: S,
    reason: bool = False,
    guard: object = None,
    note: str = "",
) -> Transition[S, E]:
    return Transition(source, event, target, "convenor", CONVENE, reason, guard, note)  # type: ignore[arg-type]


ROWS: list[Transition[S, E]] = [
    _t(S.PROPOSED, E.SCHEDULE, S.SCHEDULED, guard=_scheduled, note="确定时间地点（须有单位接受邀请）"),
    _t(S.SCHEDULED, E.HOLD, S.HELD, guard=_held, note="会议召开（须已记录到会情况）"),
    _t(
        S.HELD,
        E.ISSUE_DECISIONS,
        S.DECISIONS_ISSUED,
        guard=_issuable,
        note="印发决定：纪要已锁定；每个办理事项成为交办转介",
    ),
    _t(S.DECISIONS_ISSUED, E.CLOSE, S.CLOSED, guard=_closable, note="全部办理事项办结后办结会议"),
    _t(S.PROPOSED, E.CANCEL, S.CANCELLED, reason=True, note="取消（须说明理由）"),
    _t(S.SCHEDULED, E.CANCEL, S.CANCELLED, reason=True, note="取消（须说明理由）"),
    _t(S.HELD, E.CANCEL, S.CANCELLED, reason=True, note="取消（须说明理由）"),
]

LABELS: dict[str, str] = {
    S.PROPOSED: "拟召开",
    S.SCHEDULED: "已安排",
    S.HELD: "已召开",
    S.DECISIONS_ISSUED: "已印发决定",
    S.CLOSED: "已办结",
    S.CANCELLED: "已取消",
    E.SCHEDULE: "安排会议",
    E.HOLD: "召开会议",
    E.ISSUE_DECISIONS: "印发决定",
    E.CLOSE: "办结会议",
    E.CANCEL: "取消会议",
}

CONFERENCE_MACHINE: Machine[S, E] = Machine("conference", ROWS, LABELS)
OPEN = frozenset({S.PROPOSED, S.SCHEDULED, S.HELD, S.DECISIONS_ISSUED})
# Where each event applies besides the lifecycle rows: the work done inside a state.
INVITE_IN = frozenset({S.PROPOSED, S.SCHEDULED})
ATTENDANCE_IN = frozenset({S.SCHEDULED, S.HELD})
AGENDA_IN = frozenset({S.PROPOSED, S.SCHEDULED, S.HELD})
MINUTES_IN = frozenset({S.HELD})  # drafting, commenting and signing happen after the meeting, before issue
DECISIONS_IN = frozenset({S.HELD})
ADDENDA_IN = frozenset({S.HELD, S.DECISIONS_ISSUED, S.CLOSED})


def _m(source: MS, event: ME, target: MS, by: str, action: tuple[str, str], note: str) -> Transition[MS, ME]:
    return Transition(source, event, target, by, action, False, None, note)


MINUTES_ROWS: list[Transition[MS, ME]] = [
    _m(MS.DRAFT, ME.EDIT, MS.DRAFT, "convenor", EDIT_MINUTES, "召集单位修改纪要稿（新版本）"),
    _m(MS.DRAFT, ME.COMMENT, MS.DRAFT, "participant", COMMENT_MINUTES, "参会单位对纪要稿提出意见"),
    _m(MS.DRAFT, ME.SIGN, MS.DRAFT, "participant", SIGN_MINUTES, "参会单位代表会签当前版本"),
    _m(MS.DRAFT, ME.LOCK, MS.LOCKED, "participant", SIGN_MINUTES, "最后一个单位会签后自动锁定"),
    _m(MS.LOCKED, ME.ADDEND, MS.LOCKED, "convenor", ADDEND_MINUTES, "锁定后的更正：新增经签署的补充说明"),
]

MINUTES_LABELS: dict[str, str] = {
    MS.DRAFT: "草稿",
    MS.LOCKED: "已锁定",
    ME.EDIT: "修改纪要",
    ME.COMMENT: "提出意见",
    ME.SIGN: "会签",
    ME.LOCK: "锁定",
    ME.ADDEND: "追加补充说明",
}

MINUTES_MACHINE: Machine[MS, ME] = Machine("minutes", MINUTES_ROWS, MINUTES_LABELS)
