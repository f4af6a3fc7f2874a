"""The referral (委派/委托/转送/交办/上报/协办) state machine, after domain/rules.md §4.2. `by`: "receiver" is
the tenant the referral is addressed to, "sender" the tenant that sent it (concord.authz.relations). `action`
is the Casbin permission that fires the row; policies/roles.csv says which roles hold it: referral:sign,
referral:accept and referral:return (the receiver's first steps), referral:work (start, report, resume),
referral:recall (the sender's, before sign-for), referral:review (approve, send back, close)."""

from __future__ import annotations

from concord.kit.machine import Machine, Transition
from concord.models.enums import ReferralEvent as E
from concord.models.enums import ReferralStatus as S


def _t(
    source: S, event: E, target: S, by: str, action: str, reason: bool = False, note: str = ""
) -> Transition[S, E]:
    return Transition(source, event, target, by, ("referral", action), reason, None, note)


ROWS: list[Transition[S, E]] = [
    _t(
        S.SENT,
        E.SIGN,
        S.SIGNED_FOR,
        "receiver",
        "sign",
        note="签收：委派、委托的调解期限和转送信访事项的受理期限自签收之日起算",
    ),
    _t(S.SENT, E.RETURN, S.RETURNED, "receiver", "return", reason=True, note="退回（须有理由代码和说明）"),
    _t(
        S.SIGNED_FOR,
        E.RETURN,
        S.RETURNED,
        "receiver",
        "return",
        reason=True,
        note="退回（须有理由代码和说明）",
    ),
    _t(S.SENT, E.RECALL, S.RECALLED, "sender", "recall", note="发出方撤回"),
    _t(S.SIGNED_FOR, E.ACCEPT, S.ACCEPTED, "receiver", "accept", note="受理：接收方成为承办机构"),
    _t(S.ACCEPTED, E.START, S.IN_PROGRESS, "receiver", "work", note="开始办理"),
    _t(S.IN_PROGRESS, E.REPORT, S.REPORTED, "receiver", "work", reason=True, note="报告办理结果（办结报告）"),
    _t(S.REPORTED, E.APPROVE, S.APPROVED, "sender", "review", note="审核通过"),
    _t(S.REPORTED, E.SEND_BACK, S.SENT_BACK, "sender", "review", reason=True, note="退回重办"),
    _t(S.SENT_BACK, E.RESUME, S.IN_PROGRESS, "receiver", "work", note="重新办理"),
    _t(S.APPROVED, E.CLOSE, S.CLOSED, "sender", "review", note="办结"),
]

LABELS: dict[str, str] = {
    S.SENT: "已发送",
    S.SIGNED_FOR: "已签收",
    S.ACCEPTED: "已受理",
    S.IN_PROGRESS: "办理中",
    S.REPORTED: "已报告",
    S.APPROVED: "已审核",
    S.CLOSED: "已办结",
    S.RETURNED: "已退回",
    S.RECALLED: "已撤回",
    S.SENT_BACK: "退回重办",
    E.SIGN: "签收",
    E.ACCEPT: "受理",
    E.RETURN: "退回",
    E.RECALL: "撤回",
    E.START: "开始办理",
    E.REPORT: "报告办结",
    E.APPROVE: "审核通过",
    E.SEND_BACK: "退回重办",
    E.RESUME: "重新办理",
    E.CLOSE: "办结",
}

REFERRAL_MACHINE: Machine[S, E] = Machine("referral", ROWS, LABELS)
OPEN = frozenset({S.SENT, S.SIGNED_FOR})
ACTIVE = frozenset({S.SENT, S.SIGNED_FOR, S.ACCEPTED, S.IN_PROGRESS, S.REPORTED, S.SENT_BACK})
