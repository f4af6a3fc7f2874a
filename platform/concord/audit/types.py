from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from concord.kit.context import Info
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models.audit import AuditEvent as AuditEventModel
from concord.tenants.types import Tenant

ACTION_LABELS = {
    "case.create": "登记案件",
    "referral.create": "发起转介",
    "referral.sign": "签收转介",
    "referral.accept": "受理转介",
    "referral.return": "退回转介",
    "referral.recall": "撤回转介",
    "referral.start": "开始办理",
    "referral.report": "报告办结",
    "referral.approve": "审核通过",
    "referral.send_back": "退回重办",
    "referral.resume": "重新办理",
    "referral.close": "转介办结",
    "case.submit": "提交登记",
    "case.triage": "研判",
    "case.accept": "受理案件",
    "case.not_accept": "不予受理",
    "case.divert": "导入法定途径",
    "case.merge": "合并案件",
    "case.start_mediation": "开始调解",
    "case.pause": "中止调解",
    "case.resume": "恢复调解",
    "case.agree": "达成协议",
    "case.fail": "调解不成",
    "case.withdraw": "撤回申请",
    "case.start_performance": "开始履行",
    "case.resolve": "办结（已化解）",
    "case.breach": "登记未履行",
    "case.close": "结案",
    "case.reopen": "重新启动",
    "case.escalate": "上报",
    "case.bounce": "记录退回（踢皮球）",
    "case.flag.conference": "建议召开联席会议",
    "case.performance.record": "登记履行情况",
    "case.follow_up.record": "登记回访",
    "case.overlays.update": "修改办理程序或风险标记",
    "case.supervise": "督办",
    "deadline.start": "开始计算期限",
    "deadline.pause": "期限因中止顺延",
    "deadline.settle": "期限结束",
    "deadline.due_soon": "期限即将到期",
    "deadline.overdue": "期限已超期",
    "calendar.override.set": "调整节假日安排",
    "party.identity.read": "查看当事人完整身份信息",
    "mediator.create": "新增调解员",
    "mediator.update": "修改调解员信息",
    "mediator.status": "变更调解员名册状态",
    "mediator.organisation.add": "增加调解员所属机构",
    "mediator.organisation.remove": "移除调解员所属机构",
    "mediator.certificate.add": "登记调解员证书",
    "mediator.certificate.remove": "删除调解员证书",
    "mediator.relative.add": "申报调解员亲属",
    "mediator.relative.remove": "删除调解员亲属申报",
    "mediator.user.link": "关联调解员用户账号",
    "mediator.term.renew": "续聘特邀调解员",
    "mediator.identity.read": "查看调解员完整身份信息",
    "auth.login": "登录",
    "auth.login.failed": "登录失败",
    "auth.token.issue": "外部应用获取令牌",
    "tenant.create": "新建机构",
    "tenant.update": "修改机构信息",
    "tenant.move": "调整上级机构",
    "tenant.deactivate": "停用机构",
    "user.create": "创建用户",
    "user.password.reset": "重置密码",
    "user.deactivate": "停用用户",
    "role.grant": "授予角色",
    "role.revoke": "撤销角色",
    "client.create": "创建外部应用",
    "client.secret.rotate": "更换外部应用密钥",
    "client.revoke": "吊销外部应用",
    "trusted_document.register": "登记可信文档",
    "trusted_document.revoke": "撤销可信文档",
    "case.mediators.assign": "指派调解员",
    "case.mediators.court_named": "法院指定特邀调解员",
    "case.mediators.party_choice": "登记当事人选定的调解员",
    "case.mediators.parties_contacted": "调解员已联系当事人",
    "case.mediator_conflict.declare": "登记调解员回避事由",
    "case.recusal.request": "登记回避申请",
    "case.recusal.decide": "决定回避申请",
    "conference.convene": "发起联席会议",
    "conference.participant.invite": "邀请参会单位",
    "conference.invitation.accept": "接受参会邀请",
    "conference.invitation.decline": "谢绝参会邀请",
    "conference.invitation.delegate": "转请其他单位参会",
    "conference.attendance.record": "记录到会情况",
    "conference.agenda.add": "增加会议议题",
    "conference.minutes.save": "保存会议纪要稿",
    "conference.minutes.comment": "对会议纪要提出意见",
    "conference.minutes.sign": "会签会议纪要",
    "conference.minutes.lock": "会议纪要锁定",
    "conference.minutes.addendum": "追加会议纪要补充说明",
    "conference.decision.add": "记录会议决定",
    "conference.action_item.add": "确定办理事项",
    "conference.action_item.assign": "交办办理事项",
    "conference.action_item.close": "办理事项办结",
    "conference.schedule": "安排会议时间地点",
    "conference.hold": "召开会议",
    "conference.issue_decisions": "印发会议决定",
    "conference.close": "联席会议办结",
    "conference.cancel": "取消联席会议",
    "conference.record.export": "导出会议卷宗",
    "subsidy.scheme.create": "制定以案定补方案",
    "subsidy.rate.set": "设置补贴标准",
    "subsidy.rate.remove": "删除补贴标准",
    "subsidy.export": "导出补贴台账",
    "training.create": "新建培训",
    "training.update": "修改培训",
    "training.delete": "删除培训",
    "training.attend": "记录参训",
    "training.unattend": "移除参训记录",
    "duty.publish": "发布坐班",
    "duty.remove": "删除坐班",
    "duty.consultation": "登记坐班咨询",
}


@strawberry.type(description="一项字段变更：变更前、变更后")
class FieldChange:
    field: str
    before: JSON | None
    after: JSON | None


@strawberry.type(description="审计操作人")
class AuditActor:
    type: str = strawberry.field(description="user、client 或 anonymous")
    id: strawberry.ID | None
    name: str


@strawberry.type(description="审计事件：谁、何时、从何处、做了什么、改了什么。只增不改，按机构哈希链接。")
class AuditEvent(Node):
    db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID | None]
    seq: int = strawberry.field(description="在本机构审计链中的序号")
    occurred_at: datetime
    actor: AuditActor
    action: str
    object_type: str
    object_id: strawberry.ID | None
    case_id: strawberry.ID | None
    conference_id: strawberry.ID | None
    request_id: str | None
    client_address: str | None
    changes: list[FieldChange] | None = strawberry.field(
        description="变更内容（变更前、变更后）。事件涉及案件而查看者无权查看该案件时为 null（只显示元数据）"
    )
    contents_redacted: bool = strawberry.field(
        description="为真时本事件的内容（changes）因查看者无权查看所涉案件而不显示"
    )
    prev_hash: str
    hash: str

    @strawberry.field(description="操作的中文说明")
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @strawberry.field(description="操作人所代表的机构")
    async def tenant(self, info: Info) -> Tenant | None:
        if self.tenant_db_id is None:
            return None
        row = await info.context.loaders.tenants.tenant.load(self.tenant_db_id)
        return Tenant.from_row(row) if row else None

    @classmethod
    def from_row(cls, e: AuditEventModel, contents_visible: bool = True) -> AuditEvent:
        """`contents_visible` False (the viewer may not see the case the event is on): metadata only."""

        def gid(type_name: str, value: uuid.UUID | None) -> strawberry.ID | None:
            return strawberry.ID(to_global_id(type_name, value)) if value else None

        return cls(
            id=strawberry.ID(to_global_id("AuditEvent", e.id)),
            db_id=e.id,
            tenant_db_id=e.tenant_id,
            seq=e.seq,
            occurred_at=e.occurred_at,
            actor=AuditActor(
                type=e.actor_type,
                id=gid("User" if e.actor_type == "user" else "ApiClient", e.actor_id),
                name=e.actor_name,
            ),
            action=e.action,
            object_type=e.object_type,
            object_id=gid(e.object_type, e.object_id),
            case_id=gid("Case", e.case_id),
            conference_id=gid("JointConference", e.conference_id),
            request_id=e.request_id,
            client_address=e.client_addr,
            changes=[FieldChange(field=k, before=v[0], after=v[1]) for k, v in sorted(e.changes.items())]
            if contents_visible
            else None,
            contents_redacted=not contents_visible,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )


@strawberry.type(description="审计链校验结果")
class AuditChainVerification:
    ok: bool
    checked_events: int
    first_broken_event_id: strawberry.ID | None
    problem: str | None
