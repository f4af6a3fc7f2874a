from __future__ import annotations

from concord.kit.errors import BadUserInput, Conflict, Forbidden
from concord.models.enums import ReferralStatus

STATUS_LABELS = {
    ReferralStatus.SENT: "已发送",
    ReferralStatus.SIGNED_FOR: "已签收",
    ReferralStatus.ACCEPTED: "已受理",
    ReferralStatus.RETURNED: "已退回",
}


def not_receiver() -> Forbidden:
    return Forbidden("只有接收机构可以签收、受理或退回该转介")


def already_moved(status: ReferralStatus) -> Conflict:
    """Someone else acted first (or the referral is finished): the caller's view is stale."""
    return Conflict(f"该转介当前状态为“{STATUS_LABELS[status]}”，操作未执行", status=status.value)


def premature(status: ReferralStatus, needed: str) -> BadUserInput:
    return BadUserInput(f"该转介当前状态为“{STATUS_LABELS[status]}”，须先{needed}", field="referralId")
