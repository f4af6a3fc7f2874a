from __future__ import annotations

from concord.kit.errors import BadUserInput
from concord.kit.ids import to_global_id
from concord.models import Mediator

# 回避 reasons, as concord_mediator_conflicts names them, in the words the refusal uses.
CONFLICT_REASONS = {
    "PARTY": "本人是该案当事人",
    "RELATIVE": "其近亲属或其他利害关系人是该案当事人",
    "DECLARED": "已就该案登记回避事由",
}


def conflicted(m: Mediator, reason: str, field: str) -> BadUserInput:
    """A conflicted mediator is refused with the reason code (and no identity data)."""
    return BadUserInput(
        f"调解员{m.name}应当回避：{CONFLICT_REASONS[reason]}",
        field=field,
        reason=reason,
        mediatorId=to_global_id("Mediator", m.id),
    )


def not_assignable(m: Mediator) -> BadUserInput:
    return BadUserInput(
        f"调解员{m.name}不在可指派范围内（须为本机构及下级机构在册调解员，或委派、委托本案的法院在任特邀调解员）",
        field="mediatorIds",
        mediatorId=to_global_id("Mediator", m.id),
    )


def case_ended() -> BadUserInput:
    return BadUserInput("案件已办结或已终止，不能再变更调解员", field="caseId")
