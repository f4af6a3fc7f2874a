"""The case (纠纷) state machine, after domain/rules.md §4.1. `by` is the relation the acting tenant needs:
"handler" = the case's owner or a tenant that accepted a referral of it (concord.authz.relations). `action` is
the Casbin permission that fires it — which roles hold it is said once, in policies/roles.csv (the field itself
also needs case:transition):

- case:intake — register, triage, accept or not, divert, merge (受理、分流);
- case:mediate — mediation and performance (调解、履行);
- case:close — closing a finished case (结案), held by intake and mediation roles alike;
- case:reopen — reopening a closed case (重新启动), for supervisors."""

from __future__ import annotations

from typing import Any

from concord.kit.machine import Machine, Transition
from concord.models.enums import CaseEvent as E
from concord.models.enums import CaseStatus as S

INTAKE = ("case", "intake")
MEDIATION = ("case", "mediate")
CLOSE = ("case", "close")
REOPEN = ("case", "reopen")


def performed_and_followed_up(case: Any) -> str | None:
    """Closure only after performance (rules §4.1: 'agreement reached' is not closure)."""
    if case.performance_recorded_at is None:
        return "尚未登记协议履行情况，不能办结"
    if case.follow_up_at is None or case.satisfaction is None:
        return "尚未完成回访并收集当事人满意度，不能办结"
    return None


def T(
    source: S,
    event: E,
    target: S,
    action: tuple[str, str],
    reason: bool = False,
    guard: Any = None,
    note: str = "",
) -> Transition[S, E]:
    return Transition(source, event, target, "handler", action, reason, guard, note)


ROWS: list[Transition[S, E]] = [
    T(S.DRAFT, E.SUBMIT, S.REGISTERED, INTAKE, note="登记"),
    T(S.REGISTERED, E.TRIAGE, S.TRIAGED, INTAKE, note="研判分流"),
    T(S.TRIAGED, E.ACCEPT, S.ACCEPTED, INTAKE, note="受理：记录受理日，自受理起算的期限由此起算"),
    T(S.TRIAGED, E.NOT_ACCEPT, S.NOT_ACCEPTED, INTAKE, reason=True, note="不予受理，须告知理由和救济途径"),
    T(S.TRIAGED, E.DIVERT, S.DIVERTED, INTAKE, reason=True, note="导入诉讼、仲裁、复议等法定途径"),
    T(S.TRIAGED, E.MERGE, S.MERGED, INTAKE, reason=True, note="与另一纠纷合并（重复件）"),
    T(
        S.ACCEPTED,
        E.START_MEDIATION,
        S.IN_MEDIATION,
        MEDIATION,
        note="开始调解（当事人同意调解）；不另起算期限",
    ),
    T(
        S.IN_MEDIATION,
        E.PAUSE,
        S.PAUSED,
        MEDIATION,
        reason=True,
        note="中止：须选中止事由，且须为正在计算的法定期限允许的事由（如鉴定）",
    ),
    T(S.PAUSED, E.RESUME, S.IN_MEDIATION, MEDIATION, note="恢复调解"),
    T(S.IN_MEDIATION, E.AGREE, S.AGREED, MEDIATION, note="达成调解协议"),
    T(S.IN_MEDIATION, E.FAIL, S.FAILED, MEDIATION, reason=True, note="调解不成，告知当事人其他途径"),
    T(S.IN_MEDIATION, E.WITHDRAW, S.WITHDRAWN, MEDIATION, reason=True, note="当事人撤回申请"),
    T(S.AGREED, E.START_PERFORMANCE, S.PERFORMING, MEDIATION, note="进入履行监督"),
    T(
        S.PERFORMING,
        E.RESOLVE,
        S.RESOLVED,
        MEDIATION,
        guard=performed_and_followed_up,
        note="履行完毕且已回访",
    ),
    T(
        S.PERFORMING,
        E.BREACH,
        S.BREACHED,
        MEDIATION,
        reason=True,
        note="不履行协议，引导申请司法确认、支付令或诉讼",
    ),
    *[
        T(s, E.CLOSE, S.CLOSED, CLOSE, note="结案归档")
        for s in (S.NOT_ACCEPTED, S.DIVERTED, S.MERGED, S.FAILED, S.WITHDRAWN, S.RESOLVED, S.BREACHED)
    ],
    T(S.CLOSED, E.REOPEN, S.TRIAGED, REOPEN, reason=True, note="重新启动（协议违法、显失公平，复查等）"),
]

STATUS_LABELS: dict[str, str] = {
    S.DRAFT: "草稿",
    S.REGISTERED: "已登记",
    S.TRIAGED: "已研判",
    S.ACCEPTED: "已受理",
    S.NOT_ACCEPTED: "不予受理",
    S.DIVERTED: "已导入法定途径",
    S.MERGED: "已合并",
    S.IN_MEDIATION: "调解中",
    S.PAUSED: "中止",
    S.AGREED: "已达成协议",
    S.FAILED: "调解不成",
    S.WITHDRAWN: "已撤回",
    S.PERFORMING: "履行中",
    S.RESOLVED: "已化解",
    S.BREACHED: "未履行",
    S.CLOSED: "已结案",
}
EVENT_LABELS: dict[str, str] = {
    E.SUBMIT: "提交登记",
    E.TRIAGE: "研判",
    E.ACCEPT: "受理",
    E.NOT_ACCEPT: "不予受理",
    E.DIVERT: "导入法定途径",
    E.MERGE: "合并",
    E.START_MEDIATION: "开始调解",
    E.PAUSE: "中止调解",
    E.RESUME: "恢复调解",
    E.AGREE: "达成协议",
    E.FAIL: "调解不成",
    E.WITHDRAW: "撤回",
    E.START_PERFORMANCE: "开始履行",
    E.RESOLVE: "办结（已化解）",
    E.BREACH: "登记未履行",
    E.CLOSE: "结案",
    E.REOPEN: "重新启动",
}

CASE_MACHINE: Machine[S, E] = Machine("case", ROWS, {**STATUS_LABELS, **EVENT_LABELS})
