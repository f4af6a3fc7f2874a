"""The referral (委派/委托/转送/交办/上报/协办) state machine, after domain/rules.md §4.2. `by`: "receiver" is
the tenant the referral is addressed to, "sender" the tenant that sent it."""

from __future__ import annotations

from concord.kit.machine import Machine, Transition
from concord.models.enums import ReferralEvent as E
from concord.models.enums import ReferralStatus as S

WORKERS = frozenset(
    {
        "tenant_admin",
        "court_clerk",
        "docking_officer",
        "centre_officer",
        "mediator",
        "department_officer",
        "lawyer",
    }
)
SENDERS = WORKERS - {"lawyer"}
API = frozenset({"api_client"})


def _t(
    source: S, event: E, target: S, by: str, who: frozenset[str], reason: bool = False, note: str = ""
) -> Transition[S, E]:
    return Transition(source, event, target, by, who, reason, None, note)


ROWS: list[Transition[S, E]] = [
    _t(S.SENT, E.SIGN, S.SIGNED_FOR, "receiver", WORKERS, note="签收"),
    _t(S.SENT, E.RETURN, S.RETURNED, "receiver", WORKERS, reason=True, note="退回（须有理由代码和说明）"),
    _t(
        S.SIGNED_FOR,
        E.RETURN,
        S.RETURNED,
        "receiver",
        WORKERS,
        reason=True,
        note="退回（须有理由代码和说明）",
    ),
    _t(S.SENT, E.RECALL, S.RECALLED, "sender", SENDERS | API, note="发出方撤回"),
    _t(S.SIGNED_FOR, E.ACCEPT, S.ACCEPTED, "receiver", WORKERS, note="受理：接收方成为承办机构"),
    _t(S.ACCEPTED, E.START, S.IN_PROGRESS, "receiver", WORKERS, note="开始办理"),
    _t(
        S.IN_PROGRESS, E.REPORT, S.REPORTED, "receiver", WORKERS, reason=True, note="报告办理结果（办结报告）"
    ),
    _t(S.REPORTED, E.APPROVE, S.APPROVED, "sender", SENDERS, note="审核通过"),
    _t(S.REPORTED, E.SEND_BACK, S.SENT_BACK, "sender", SENDERS, reason=True, note="退回重办"),
    _t(S.SENT_BACK, E.RESUME, S.IN_PROGRESS, "receiver", WORKERS, note="重新办理"),
    _t(S.APPROVED, E.CLOSE, S.CLOSED, "sender", SENDERS, note="办结"),
]

LABELS: dict[str, str] = {
    S.SENT: "已发送", S.SIGNED_FOR: "已签收", S.ACCEPTED: "已受理", S.IN_PROGRESS: "办理中", S.REPORTED: "已报告",
    S.APPROVED: "已审核", S.CLOSED: "已办结", S.RETURNED: "已退回", S.RECALLED: "已撤回", S.SENT_BACK: "退回重办",
    E.SIGN: "签收", E.ACCEPT: "受理", E.RETURN: "退回", E.RECALL: "撤回", E.START: "开始办理", E.REPORT: "报告办结",
    E.APPROVE: "审核通过", E.SEND_BACK: "退回重办", E.RESUME: "重新办理", E.CLOSE: "办结",
}  # fmt: skip

REFERRAL_MACHINE: Machine[S, E] = Machine("referral", ROWS, LABELS)
OPEN = frozenset({S.SENT, S.SIGNED_FOR})
ACTIVE = frozenset({S.SENT, S.SIGNED_FOR, S.ACCEPTED, S.IN_PROGRESS, S.REPORTED, S.SENT_BACK})
