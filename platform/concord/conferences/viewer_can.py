"""`JointConference.viewerCan`: what the viewer may do to this conference, so that the conference page offers
exactly the buttons the services would not refuse FORBIDDEN. Each answer is the mutation's Casbin gate
(policies/roles.csv) AND what the service then asks of who the viewer is: the relation rule
(concord.authz.relations) and, for the minutes and the lifecycle, the machine row's own permission and relation
(conferences/machine.py) — the same checks, not a copy of them.

Whether a step applies at the conference's current stage is not who-you-are: the page reads the status,
`availableEvents` and the participants' answers for that, and the service answers BAD_USER_INPUT or CONFLICT."""

from __future__ import annotations

import uuid

import strawberry

from concord.authz import relations
from concord.conferences.machine import CONFERENCE_MACHINE, MINUTES_MACHINE
from concord.kit.context import Info
from concord.models.enums import ConferenceEvent, InvitationStatus, MinutesEvent


@strawberry.type(
    description="当前用户对该联席会议可以执行的操作（角色权限与机构关系均满足）；"
    "是否适用于会议当前阶段，见 status、availableEvents 和参会单位的答复"
)
class ConferenceViewerCan:
    invite: bool = strawberry.field(description="邀请参会单位（召集单位）")
    respond: bool = strawberry.field(
        description="答复发给本单位的参会邀请：接受、谢绝、转请（是否已答复见 participants）"
    )
    record_attendance: bool = strawberry.field(description="记录到会情况（召集单位）")
    add_agenda_item: bool = strawberry.field(description="增加会议议题（召集单位）")
    save_minutes: bool = strawberry.field(description="保存会议纪要稿（召集单位）")
    comment: bool = strawberry.field(description="对纪要稿提出意见（召集单位或已接受邀请的参会单位）")
    sign_off: bool = strawberry.field(description="会签会议纪要（召集单位或已接受邀请的参会单位）")
    add_addendum: bool = strawberry.field(description="纪要锁定后追加补充说明（召集单位）")
    add_decision: bool = strawberry.field(description="记录会议决定及办理事项（召集单位）")
    transition: bool = strawberry.field(description="会议状态变更（具体事件见 availableEvents）")
    export_record: bool = strawberry.field(description="下载会议卷宗（PDF）")


def viewer_can(
    info: Info, convenor_id: uuid.UUID, invitation: InvitationStatus | None
) -> ConferenceViewerCan:
    """`invitation`: the acting tenant's own invitation to the conference (its status), None when it has none."""
    ctx = info.context
    p = ctx.principal
    if p is None:
        return ConferenceViewerCan(**dict.fromkeys(ConferenceViewerCan.__annotations__, False))
    held = relations.conference_relations(p.tenant_id, convenor_id, invitation)
    convene = ctx.can("conference", "convene")  # the gate of every convenor mutation
    participate = ctx.can("conference", "participate")  # the gate of answering, commenting and signing
    runs = convene and bool(relations.convenor(p.tenant_id, convenor_id))

    def minutes(*events: MinutesEvent) -> bool:
        return all(MINUTES_MACHINE.may(e, ctx.permits, held) for e in events)

    return ConferenceViewerCan(
        invite=runs,
        respond=participate and bool(relations.invitee(p.tenant_id, convenor_id, invitation)),
        record_attendance=runs,
        add_agenda_item=runs,
        save_minutes=convene and minutes(MinutesEvent.EDIT),
        comment=participate and minutes(MinutesEvent.COMMENT),
        # the last sign-off also locks the minutes (the LOCK row), as the signer
        sign_off=participate and minutes(MinutesEvent.SIGN, MinutesEvent.LOCK),
        add_addendum=convene and minutes(MinutesEvent.ADDEND),
        add_decision=runs,
        transition=convene and any(CONFERENCE_MACHINE.may(e, ctx.permits, held) for e in ConferenceEvent),
        export_record=ctx.can("conference", "read"),
    )
