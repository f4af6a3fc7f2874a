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
    SIGNED_FOR = "SIGNED_FOR"
    ACCEPTED = "ACCEPTED"
    RETURNED = "RETURNED"


class AccessReason(enum.StrEnum):
    OWNER = "OWNER"
    REFERRAL_FROM = "REFERRAL_FROM"
    REFERRAL_TO = "REFERRAL_TO"
    HANDLER = "HANDLER"  # a receiving tenant that accepted a referral works the case
