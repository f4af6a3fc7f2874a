"""The platform's vocabularies. Stored as text with CHECK constraints so that adding a value is a small migration."""

from __future__ import annotations

import enum


class TenantKind(enum.StrEnum):
    PLATFORM = "PLATFORM"
    CENTRE = "CENTRE"  # 多元解纷中心
    COURT = "COURT"  # 法院
    DOCKING_CENTRE = "DOCKING_CENTRE"  # 诉调对接中心
    COMMITTEE = "COMMITTEE"  # 专业性、行业性调解组织
    LAWYER_STUDIO = "LAWYER_STUDIO"  # 律师调解工作室
    DEPARTMENT = "DEPARTMENT"  # 政府部门


class Tier(enum.StrEnum):
    DISTRICT = "DISTRICT"
    STREET = "STREET"
    COMMUNITY = "COMMUNITY"


class Specialty(enum.StrEnum):
    MEDICAL = "MEDICAL"
    LABOUR = "LABOUR"
    PROPERTY = "PROPERTY"
    CONSUMER = "CONSUMER"
    TRAFFIC = "TRAFFIC"
    FAMILY = "FAMILY"
    OTHER = "OTHER"


class CaseCategory(enum.StrEnum):
    MARRIAGE_FAMILY = "MARRIAGE_FAMILY"  # 婚姻家庭
    NEIGHBOUR = "NEIGHBOUR"  # 邻里纠纷
    PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT"  # 物业纠纷
    LABOUR = "LABOUR"  # 劳动争议 / 欠薪
    MEDICAL = "MEDICAL"  # 医疗纠纷
    CONSUMER = "CONSUMER"  # 消费纠纷
    TRAFFIC = "TRAFFIC"  # 交通事故
    LAND = "LAND"  # 土地纠纷
    DEMOLITION = "DEMOLITION"  # 征收拆迁
    CONTRACT = "CONTRACT"  # 合同纠纷
    LOAN = "LOAN"  # 民间借贷
    OTHER = "OTHER"


class SourceChannel(enum.StrEnum):
    PARTY_APPLICATION = "PARTY_APPLICATION"  # 当事人申请
    PROACTIVE = "PROACTIVE"  # 主动调解
    POLICE_TRANSFER = "POLICE_TRANSFER"  # 公安移交
    COURT_REFERRAL = "COURT_REFERRAL"  # 法院委派/委托
    GOVERNMENT = "GOVERNMENT"  # 政府指定
    HOTLINE_12345 = "HOTLINE_12345"  # 12345 热线
    PETITION = "PETITION"  # 信访
    GRID_SCREENING = "GRID_SCREENING"  # 网格排查
    LAWYER = "LAWYER"  # 律师
    ONLINE = "ONLINE"  # 线上申请


class CaseStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    REGISTERED = "REGISTERED"
    TRIAGED = "TRIAGED"
    ACCEPTED = "ACCEPTED"
    NOT_ACCEPTED = "NOT_ACCEPTED"
    DIVERTED = "DIVERTED"
    MERGED = "MERGED"
    IN_MEDIATION = "IN_MEDIATION"
    PAUSED = "PAUSED"
    AGREED = "AGREED"
    FAILED = "FAILED"
    WITHDRAWN = "WITHDRAWN"
    PERFORMING = "PERFORMING"
    RESOLVED = "RESOLVED"
    BREACHED = "BREACHED"
    CLOSED = "CLOSED"


class Complexity(enum.StrEnum):
    SIMPLE = "SIMPLE"
    COMPLEX = "COMPLEX"
    HARD = "HARD"


class PartyKind(enum.StrEnum):
    PERSON = "PERSON"
    ORGANISATION = "ORGANISATION"


class PartyRole(enum.StrEnum):
    APPLICANT = "APPLICANT"  # 申请人
    RESPONDENT = "RESPONDENT"  # 被申请人
    THIRD_PARTY = "THIRD_PARTY"  # 第三人


class ReferralKind(enum.StrEnum):
    DELEGATED = "DELEGATED"  # 委派 (pre-litigation, by a court)
    ENTRUSTED = "ENTRUSTED"  # 委托 (in-suit, by a court)
    TRANSFERRED = "TRANSFERRED"  # 转送
    ASSIGNED = "ASSIGNED"  # 交办
    ESCALATED = "ESCALATED"  # 上报
    ASSIST = "ASSIST"  # 协办


class ReferralStatus(enum.StrEnum):
    SENT = "SENT"
    SIGNED_FOR = "SIGNED_FOR"  # 签收
    ACCEPTED = "ACCEPTED"  # 受理
    IN_PROGRESS = "IN_PROGRESS"  # 办理中
    REPORTED = "REPORTED"  # 已报告办结
    APPROVED = "APPROVED"  # 审核通过
    CLOSED = "CLOSED"
    RETURNED = "RETURNED"  # 退回
    RECALLED = "RECALLED"  # 撤回
    SENT_BACK = "SENT_BACK"  # 退回重办


class ReferralEvent(enum.StrEnum):
    SIGN = "SIGN"
    ACCEPT = "ACCEPT"
    RETURN = "RETURN"
    RECALL = "RECALL"
    START = "START"
    REPORT = "REPORT"
    APPROVE = "APPROVE"
    SEND_BACK = "SEND_BACK"
    RESUME = "RESUME"
    CLOSE = "CLOSE"


class ReturnReasonCode(enum.StrEnum):
    NOT_OUR_DUTY = "NOT_OUR_DUTY"  # 非本单位职责
    WRONG_TIER = "WRONG_TIER"  # 层级不符
    INCOMPLETE_MATERIALS = "INCOMPLETE_MATERIALS"  # 材料不全
    LEGAL_CHANNEL = "LEGAL_CHANNEL"  # 应通过诉讼、仲裁等法定途径
    DUPLICATE = "DUPLICATE"  # 重复件
    OTHER = "OTHER"


class PauseReason(enum.StrEnum):
    """Why mediation is suspended (中止). A legal clock stops only for the reasons its rule lists
    (deadlines/packs/national.json, pause_reasons): medical mediation excludes appraisal time, 复核 hearing time."""

    APPRAISAL = "APPRAISAL"  # 鉴定
    HEARING = "HEARING"  # 听证
    SUPPLEMENTARY_MATERIALS = "SUPPLEMENTARY_MATERIALS"  # 补充材料
    PARTY_REQUEST = "PARTY_REQUEST"  # 当事人申请暂缓
    OTHER = "OTHER"


class CivilProcedure(enum.StrEnum):
    """The procedure a court applies to a filed case; it decides the 委托 (ENTRUSTED) mediation period."""

    SIMPLE = "SIMPLE"  # 简易程序
    ORDINARY = "ORDINARY"  # 普通程序


class CaseEvent(enum.StrEnum):
    SUBMIT = "SUBMIT"
    TRIAGE = "TRIAGE"
    ACCEPT = "ACCEPT"
    NOT_ACCEPT = "NOT_ACCEPT"
    DIVERT = "DIVERT"
    MERGE = "MERGE"
    START_MEDIATION = "START_MEDIATION"
    PAUSE = "PAUSE"
    RESUME = "RESUME"
    AGREE = "AGREE"
    FAIL = "FAIL"
    WITHDRAW = "WITHDRAW"
    START_PERFORMANCE = "START_PERFORMANCE"
    RESOLVE = "RESOLVE"
    BREACH = "BREACH"
    CLOSE = "CLOSE"
    REOPEN = "REOPEN"


class Track(enum.StrEnum):
    PEOPLES_MEDIATION = "PEOPLES_MEDIATION"  # 人民调解
    COURT_DELEGATED = "COURT_DELEGATED"  # 委派（诉前）
    COURT_ENTRUSTED = "COURT_ENTRUSTED"  # 委托（诉中）
    LABOUR = "LABOUR"
    MEDICAL = "MEDICAL"
    CONSUMER = "CONSUMER"
    LAWYER = "LAWYER"
    ADMINISTRATIVE = "ADMINISTRATIVE"
    PETITION = "PETITION"
    HOTLINE_12345 = "HOTLINE_12345"


class SupervisionLevel(enum.StrEnum):
    NONE = "NONE"
    URGED = "URGED"  # 催办
    SUPERVISED = "SUPERVISED"  # 督办
    LISTED = "LISTED"  # 挂牌督办
    LEADER_OWNED = "LEADER_OWNED"  # 领导包案


class RiskFlag(enum.StrEnum):
    ESCALATION_RISK = "ESCALATION_RISK"  # 激化风险
    GROUP_DISPUTE = "GROUP_DISPUTE"  # 群体性
    STABILITY = "STABILITY"  # 涉稳


class DeadlineStatus(enum.StrEnum):
    ACTIVE = "ACTIVE"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    MET = "MET"
    CANCELLED = "CANCELLED"


class AccessReason(enum.StrEnum):
    OWNER = "OWNER"
    REFERRAL_FROM = "REFERRAL_FROM"
    REFERRAL_TO = "REFERRAL_TO"
    HANDLER = "HANDLER"  # a receiving tenant that accepted a referral works the case
    CONFERENCE = "CONFERENCE"  # a participant of a joint conference with the case on its agenda (read only)


class ConferenceStatus(enum.StrEnum):
    PROPOSED = "PROPOSED"  # 拟召开
    SCHEDULED = "SCHEDULED"  # 已安排
    HELD = "HELD"  # 已召开
    DECISIONS_ISSUED = "DECISIONS_ISSUED"  # 已印发决定
    CLOSED = "CLOSED"  # 已办结
    CANCELLED = "CANCELLED"  # 已取消


class ConferenceEvent(enum.StrEnum):
    SCHEDULE = "SCHEDULE"
    HOLD = "HOLD"
    ISSUE_DECISIONS = "ISSUE_DECISIONS"
    CLOSE = "CLOSE"
    CANCEL = "CANCEL"


class InvitationStatus(enum.StrEnum):
    INVITED = "INVITED"  # 已邀请
    ACCEPTED = "ACCEPTED"  # 已接受
    DECLINED = "DECLINED"  # 已谢绝（须说明理由）
    DELEGATED = "DELEGATED"  # 已转请其他单位参会


class InvitationResponse(enum.StrEnum):
    ACCEPT = "ACCEPT"
    DECLINE = "DECLINE"
    DELEGATE = "DELEGATE"


class Attendance(enum.StrEnum):
    PRESENT = "PRESENT"  # 出席
    ABSENT = "ABSENT"  # 缺席
    LATE = "LATE"  # 迟到
    VIDEO = "VIDEO"  # 视频参会


class MinutesStatus(enum.StrEnum):
    DRAFT = "DRAFT"  # 草稿（可修改、评论、会签）
    LOCKED = "LOCKED"  # 全体会签后锁定，只能追加补充说明


class MinutesEvent(enum.StrEnum):
    EDIT = "EDIT"
    COMMENT = "COMMENT"
    SIGN = "SIGN"
    LOCK = "LOCK"
    ADDEND = "ADDEND"


class ActionItemStatus(enum.StrEnum):
    DRAFT = "DRAFT"  # 决定未印发
    OPEN = "OPEN"  # 已交办，办理中
    CLOSED = "CLOSED"  # 交办转介已办结


# --- mediators as people (调解员名册、培训、坐班、指派、回避、以案定补) -----------------------------------------


class MediatorKind(enum.StrEnum):
    FULL_TIME = "FULL_TIME"  # 专职人民调解员
    PART_TIME = "PART_TIME"  # 兼职人民调解员
    VOLUNTEER = "VOLUNTEER"  # 志愿者
    INVITED = "INVITED"  # 特邀调解员 (法院特邀调解名册, 任期通常两年)
    LAWYER = "LAWYER"  # 律师调解员
    ADMINISTRATIVE = "ADMINISTRATIVE"  # 行政调解员


class MediatorStatus(enum.StrEnum):
    ACTIVE = "ACTIVE"  # 在册
    SUSPENDED = "SUSPENDED"  # 暂停
    RETIRED = "RETIRED"  # 退出


class Gender(enum.StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class RelativeKind(enum.StrEnum):
    """How a person is related to a mediator (回避: a party who is a relative is a conflict)."""

    SPOUSE = "SPOUSE"  # 配偶
    PARENT = "PARENT"  # 父母
    CHILD = "CHILD"  # 子女
    SIBLING = "SIBLING"  # 兄弟姐妹
    OTHER_RELATIVE = "OTHER_RELATIVE"  # 其他近亲属
    OTHER_INTEREST = "OTHER_INTEREST"  # 其他利害关系


class MediatorAssignmentSource(enum.StrEnum):
    ASSIGNED = "ASSIGNED"  # 机构指派
    PARTY_CHOSEN = "PARTY_CHOSEN"  # 当事人选定
    COURT_NAMED = "COURT_NAMED"  # 法院委派时指定的特邀调解员


class MediatorAssignmentEnd(enum.StrEnum):
    REPLACED = "REPLACED"  # 更换
    RECUSED = "RECUSED"  # 回避
    WITHDREW = "WITHDREW"  # 调解员退出


class RecusalStatus(enum.StrEnum):
    PENDING = "PENDING"  # 待决定
    GRANTED = "GRANTED"  # 准予回避
    REFUSED = "REFUSED"  # 驳回


class TrainingKind(enum.StrEnum):
    BUSINESS = "BUSINESS"  # 业务培训
    CASE_STUDY = "CASE_STUDY"  # 案例分析
    EXPERIENCE = "EXPERIENCE"  # 经验交流


class HalfDay(enum.StrEnum):
    AM = "AM"  # 上午
    PM = "PM"  # 下午


class ConsultationOutcome(enum.StrEnum):
    ANSWERED = "ANSWERED"  # 解答完毕
    MEDIATION_STARTED = "MEDIATION_STARTED"  # 启动调解（登记案件）
    REFERRED = "REFERRED"  # 引导至其他途径
