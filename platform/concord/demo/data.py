"""Demo data for a fictional district, 清河区: its dispute-resolution tenants, their users, and a case ledger.

Plain Python data, no database code; a loader turns it into rows. Enum values are the *names* from
`concord.models.enums`, as plain strings. Every person and organisation is fictional; the resident ID
numbers and unified social credit codes are made up but carry valid check characters, so they pass
`concord.kit.identity`.

Case numbers are built as f"（{year}）{case_prefix}{seq}号", e.g. （2026）清河诉前调12号.
Cases: `days_ago` is when the case was registered; `supervision` (optional) is the oversight level on it; `referrals` are listed in chronological order, and a
referral is sent by the owner or by a tenant that accepted an earlier referral of the same case.
"""

from __future__ import annotations

from typing import Any

TENANTS: list[dict[str, Any]] = [
    {
        "code": "platform",
        "name": "清河区多元解纷信息平台",
        "kind": "PLATFORM",
        "tier": None,
        "specialty": None,
        "agency": None,
        "parent": None,
        "case_prefix": "清河平台字第",
    },
    {
        "code": "district-centre",
        "name": "清河区多元解纷中心",
        "kind": "CENTRE",
        "tier": "DISTRICT",
        "specialty": None,
        "agency": None,
        "parent": None,
        "case_prefix": "清河区调字第",
    },
    {
        "code": "street-east",
        "name": "清河区东街街道多元解纷中心",
        "kind": "CENTRE",
        "tier": "STREET",
        "specialty": None,
        "agency": None,
        "parent": "district-centre",
        "case_prefix": "清河东街调字第",
    },
    {
        "code": "street-west",
        "name": "清河区西街街道多元解纷中心",
        "kind": "CENTRE",
        "tier": "STREET",
        "specialty": None,
        "agency": None,
        "parent": "district-centre",
        "case_prefix": "清河西街调字第",
    },
    {
        "code": "community-e1",
        "name": "清河区东街街道柳荫社区多元解纷工作站",
        "kind": "CENTRE",
        "tier": "COMMUNITY",
        "specialty": None,
        "agency": None,
        "parent": "street-east",
        "case_prefix": "清河柳荫调字第",
    },
    {
        "code": "district-court",
        "name": "清河区人民法院",
        "kind": "COURT",
        "tier": None,
        "specialty": None,
        "agency": None,
        "parent": None,
        "case_prefix": "清河诉前调",
    },
    {
        "code": "docking-centre",
        "name": "清河区人民法院诉调对接中心",
        "kind": "DOCKING_CENTRE",
        "tier": None,
        "specialty": None,
        "agency": None,
        "parent": "district-court",
        "case_prefix": "清河诉调字第",
    },
    {
        "code": "medical-committee",
        "name": "清河区医疗纠纷人民调解委员会",
        "kind": "COMMITTEE",
        "tier": None,
        "specialty": "MEDICAL",
        "agency": None,
        "parent": "district-centre",
        "case_prefix": "清河医调字第",
    },
    {
        "code": "labour-committee",
        "name": "清河区劳动争议调解委员会",
        "kind": "COMMITTEE",
        "tier": None,
        "specialty": "LABOUR",
        "agency": None,
        "parent": "district-centre",
        "case_prefix": "清河劳调字第",
    },
    {
        "code": "property-committee",
        "name": "清河区物业纠纷人民调解委员会",
        "kind": "COMMITTEE",
        "tier": None,
        "specialty": "PROPERTY",
        "agency": None,
        "parent": "district-centre",
        "case_prefix": "清河物调字第",
    },
    {
        "code": "lawyer-studio",
        "name": "清河区律师调解工作室",
        "kind": "LAWYER_STUDIO",
        "tier": None,
        "specialty": None,
        "agency": None,
        "parent": "district-centre",
        "case_prefix": "清河律调字第",
    },
    {
        "code": "petition-bureau",
        "name": "清河区信访局",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "信访",
        "parent": None,
        "case_prefix": "清河信访调字第",
    },
    {
        "code": "justice-bureau",
        "name": "清河区司法局",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "司法",
        "parent": None,
        "case_prefix": "清河司调字第",
    },
    {
        "code": "police",
        "name": "清河区公安分局",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "公安",
        "parent": None,
        "case_prefix": "清河公调字第",
    },
    {
        "code": "civil-affairs",
        "name": "清河区民政局",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "民政",
        "parent": None,
        "case_prefix": "清河民调字第",
    },
    {
        "code": "hrss",
        "name": "清河区人力资源和社会保障局",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "人社",
        "parent": None,
        "case_prefix": "清河人社调字第",
    },
    {
        "code": "housing",
        "name": "清河区住房和城乡建设委员会",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "住建",
        "parent": None,
        "case_prefix": "清河住建调字第",
    },
    {
        "code": "market-regulation",
        "name": "清河区市场监督管理局",
        "kind": "DEPARTMENT",
        "tier": None,
        "specialty": None,
        "agency": "市场监管",
        "parent": None,
        "case_prefix": "清河市监调字第",
    },
]

# 统筹协调: the district centre coordinates the departments' dispute work (the report's 多部门联动: 信访、司法、
# 公安、民政、人社、住建, and 市场监管). The departments stay under the platform in the tenant tree — the district
# centre supervises their cases and convenes them to joint conferences, it does not administer them.
COORDINATION: list[tuple[str, str]] = [
    ("district-centre", code)
    for code in (
        "petition-bureau",
        "justice-bureau",
        "police",
        "civil-affairs",
        "hrss",
        "housing",
        "market-regulation",
    )
]

# 指导: the justice bureau guides people's mediation in the district (人民调解法 Art. 5): it sees the roster
# details, training and subsidies of the mediators of the district centre's subtree (streets, communities,
# committees, the lawyer studio), not their cases.
ROSTER_OVERSIGHT: list[tuple[str, str]] = [("justice-bureau", "district-centre")]

USERS: list[dict[str, Any]] = [
    {
        "username": "admin",
        "display_name": "周明远",
        "tenant": "platform",
        "roles": ["platform_admin"],
    },
    {
        "username": "district.admin",
        "display_name": "李文静",
        "tenant": "district-centre",
        "roles": ["tenant_admin"],
    },
    {
        "username": "district.officer",
        "display_name": "王海峰",
        "tenant": "district-centre",
        "roles": ["centre_officer"],
    },
    {
        "username": "east.mediator",
        "display_name": "张桂兰",
        "tenant": "street-east",
        "roles": ["mediator"],
    },
    {
        "username": "west.mediator",
        "display_name": "赵德胜",
        "tenant": "street-west",
        "roles": ["mediator"],
    },
    {
        "username": "e1.worker",
        "display_name": "刘晓燕",
        "tenant": "community-e1",
        "roles": ["centre_officer"],
    },
    {
        "username": "court.clerk",
        "display_name": "陈思远",
        "tenant": "district-court",
        "roles": ["court_clerk"],
    },
    {
        "username": "docking.officer",
        "display_name": "杨立军",
        "tenant": "docking-centre",
        "roles": ["docking_officer"],
    },
    {
        "username": "medical.mediator",
        "display_name": "黄振华",
        "tenant": "medical-committee",
        "roles": ["mediator"],
    },
    {
        "username": "labour.mediator",
        "display_name": "吴秀珍",
        "tenant": "labour-committee",
        "roles": ["mediator"],
    },
    {
        "username": "property.mediator",
        "display_name": "徐国栋",
        "tenant": "property-committee",
        "roles": ["mediator"],
    },
    {
        "username": "lawyer.li",
        "display_name": "李慕白",
        "tenant": "lawyer-studio",
        "roles": ["lawyer"],
    },
    {
        "username": "petition.officer",
        "display_name": "孙红梅",
        "tenant": "petition-bureau",
        "roles": ["department_officer"],
    },
    {
        "username": "justice.officer",
        "display_name": "朱建平",
        "tenant": "justice-bureau",
        "roles": ["department_officer"],
    },
    {
        "username": "police.officer",
        "display_name": "马志勇",
        "tenant": "police",
        "roles": ["department_officer"],
    },
    {
        "username": "civil.officer",
        "display_name": "胡玉珍",
        "tenant": "civil-affairs",
        "roles": ["department_officer"],
    },
    {
        "username": "hrss.officer",
        "display_name": "郭卫国",
        "tenant": "hrss",
        "roles": ["department_officer"],
    },
    {
        "username": "housing.officer",
        "display_name": "林志刚",
        "tenant": "housing",
        "roles": ["department_officer"],
    },
    {
        "username": "market.officer",
        "display_name": "何丽娜",
        "tenant": "market-regulation",
        "roles": ["department_officer"],
    },
]

CASES: list[dict[str, Any]] = [
    {
        "key": "court-loan-liu",
        "owner": "district-court",
        "title": "刘某某与陈某民间借贷纠纷",
        "description": (
            "2024年3月，申请人刘建军通过银行转账借给被申请人陈磊人民币8万元，约定一年内归还，未约定利息。"
            "借款到期后经多次催要，被申请人仅归还1万元，余款至今未还。"
            "申请人向法院起诉，请求判令被申请人归还借款7万元及逾期利息。"
            "法院立案前征得双方同意，委派诉调对接中心进行诉前调解。"
        ),
        "category": "LOAN",
        "source_channel": "COURT_REFERRAL",
        "status": "IN_MEDIATION",
        "complexity": "SIMPLE",
        "amount": "70000.00",
        "people_involved": 2,
        "days_ago": 18,
        "parties": [
            {
                "name": "刘建军",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196907160352",
                "phone": "13893091493",
            },
            {
                "name": "陈磊",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "130102198709261093",
                "phone": "15377309333",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "ACCEPTED",
                "reason": "事实清楚、争议标的较小，双方均同意诉前调解，委派诉调对接中心调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "court-traffic-zhao",
        "owner": "district-court",
        "title": "赵某某与某财产保险公司清河支公司机动车交通事故责任纠纷",
        "description": (
            "2025年11月，被保险车辆在清河区滨河路与申请人赵秀兰驾驶的电动自行车相撞，致申请人右腿骨折，"
            "交警认定机动车一方负主要责任。申请人请求保险公司在交强险及商业三者险范围内赔偿医疗费、"
            "误工费、护理费、伤残赔偿金等共计13.6万元。经诉前调解，"
            "双方就伤残等级鉴定结论和赔偿数额达成一致。"
        ),
        "category": "TRAFFIC",
        "source_channel": "COURT_REFERRAL",
        "status": "AGREED",
        "complexity": "SIMPLE",
        "amount": "136000.00",
        "people_involved": 3,
        "days_ago": 64,
        "parties": [
            {
                "name": "赵秀兰",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196207149160",
                "phone": "15826171314",
            },
            {
                "name": "华泰安康财产保险股份有限公司清河支公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0LLCEQNU",
                "phone": "010-86900158",
            },
            {
                "name": "孙志强",
                "kind": "PERSON",
                "role": "THIRD_PARTY",
                "id_number": "110105199009118093",
                "phone": "15061546758",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "ACCEPTED",
                "reason": "机动车交通事故责任纠纷，事实清楚、责任认定明确，适宜诉前调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "court-sale-hengtong",
        "owner": "district-court",
        "title": "某商贸公司与某建材公司买卖合同纠纷",
        "description": (
            "申请人清河区恒通商贸有限公司于2025年向被申请人供应瓷砖及卫浴产品，双方对账确认货款38.2万元。"
            "被申请人以部分产品存在质量瑕疵为由拒付尾款12.6万元，申请人起诉请求支付货款及逾期付款损失。"
        ),
        "category": "CONTRACT",
        "source_channel": "ONLINE",
        "status": "TRIAGED",
        "complexity": "COMPLEX",
        "amount": "126000.00",
        "people_involved": 2,
        "days_ago": 6,
        "parties": [
            {
                "name": "清河区恒通商贸有限公司",
                "kind": "ORGANISATION",
                "role": "APPLICANT",
                "id_number": "91110108MA08EQ28H1",
                "phone": "010-65152732",
            },
            {
                "name": "清河区宏宇建材有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA00705LBK",
                "phone": "010-65121609",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "SIGNED_FOR",
                "reason": "企业间买卖合同纠纷，双方有长期合作关系，委派诉前调解以维护交易关系。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "court-loan-ma",
        "owner": "district-court",
        "title": "马某与周某某民间借贷纠纷",
        "description": (
            "被申请人周丽娟于2023年以资金周转为由向申请人马强借款5万元，出具借条一张。"
            "借款到期后被申请人以经营亏损为由拖延还款，申请人经网上立案平台提交起诉材料，"
            "请求归还借款本金及利息。"
        ),
        "category": "LOAN",
        "source_channel": "ONLINE",
        "status": "REGISTERED",
        "complexity": "SIMPLE",
        "amount": "50000.00",
        "people_involved": 2,
        "days_ago": 2,
        "parties": [
            {
                "name": "马强",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108198507212917",
                "phone": "18353999741",
            },
            {
                "name": "周丽娟",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110105198906262162",
                "phone": "16659578767",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "SENT",
                "reason": "小额民间借贷纠纷，有借条为证，拟委派诉前调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "court-wage-jinding",
        "owner": "district-court",
        "title": "何某某与某装饰工程公司劳动报酬纠纷",
        "description": (
            "申请人何卫东在被申请人处从事装修工作，主张被拖欠2025年9月至12月工资共计2.4万元，"
            "直接向法院起诉。因双方是否存在劳动关系尚有争议，且未经劳动仲裁前置程序，"
            "诉调对接中心审查后退回法院。"
        ),
        "category": "LABOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "REGISTERED",
        "complexity": "SIMPLE",
        "amount": "24000.00",
        "people_involved": 2,
        "days_ago": 11,
        "parties": [
            {
                "name": "何卫东",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "412726198008049957",
                "phone": "13113725487",
            },
            {
                "name": "清河区金鼎装饰工程有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0X05F32P",
                "phone": "010-65362520",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "RETURNED",
                "reason": "追索劳动报酬纠纷，标的较小，拟委派诉前调解。",
                "return_reason": (
                    "双方对是否存在劳动关系有争议，依法应先经劳动人事争议仲裁，不属于诉前委派调解范围，"
                    "退回立案庭依法处理。"
                ),
            },
        ],
    },
    {
        "key": "court-property-jinxiu",
        "owner": "district-court",
        "title": "某物业公司与韩某等业主物业服务合同纠纷",
        "description": (
            "清河区锦绣物业服务有限公司起诉锦绣家园小区业主韩立新等人，"
            "要求支付2023年至2025年拖欠的物业服务费共计1.9万元。"
            "业主一方以电梯频繁故障、小区保洁不到位为由抗辩。"
            "法院委派诉调对接中心调解后，诉调对接中心转送物业纠纷人民调解委员会组织调解。"
        ),
        "category": "PROPERTY_MANAGEMENT",
        "source_channel": "COURT_REFERRAL",
        "status": "IN_MEDIATION",
        "complexity": "COMPLEX",
        "amount": "19200.00",
        "people_involved": 4,
        "days_ago": 27,
        "parties": [
            {
                "name": "清河区锦绣物业服务有限公司",
                "kind": "ORGANISATION",
                "role": "APPLICANT",
                "id_number": "91110108MA00PJEYP4",
                "phone": "010-64839964",
            },
            {
                "name": "韩立新",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196203049891",
                "phone": "18882506995",
            },
            {
                "name": "杨桂芳",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196407097545",
                "phone": "16632306553",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "ACCEPTED",
                "reason": "物业服务合同系列纠纷，涉及多户业主，适宜诉前化解。",
                "return_reason": None,
            },
            {
                "kind": "TRANSFERRED",
                "from_": "docking-centre",
                "to": "property-committee",
                "status": "ACCEPTED",
                "reason": "纠纷涉及物业服务质量评估，转送物业纠纷人民调解委员会专业调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "court-divorce-gao",
        "owner": "district-court",
        "title": "高某某与郑某离婚后财产纠纷",
        "description": (
            "原告高慧敏与被告郑涛于2022年协议离婚，"
            "离婚协议未对婚姻存续期间购买的车辆及一笔理财产品作出处理。"
            "原告起诉请求分割上述共同财产约31万元。案件立案后，法院委托诉调对接中心进行诉中调解。"
        ),
        "category": "MARRIAGE_FAMILY",
        "source_channel": "COURT_REFERRAL",
        "status": "IN_MEDIATION",
        "complexity": "COMPLEX",
        "amount": "310000.00",
        "people_involved": 2,
        "days_ago": 41,
        "parties": [
            {
                "name": "高慧敏",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110105198705128469",
                "phone": "17677871879",
            },
            {
                "name": "郑涛",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "320102198805069718",
                "phone": "15543854532",
            },
        ],
        "referrals": [
            {
                "kind": "ENTRUSTED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "ACCEPTED",
                "reason": "离婚后财产纠纷，双方均有调解意愿，委托诉调对接中心进行诉中调解。",
                "return_reason": None,
            },
            {
                "kind": "TRANSFERRED",
                "from_": "docking-centre",
                "to": "lawyer-studio",
                "status": "RETURNED",
                "reason": "涉及理财产品价值认定等法律问题，转送律师调解工作室调解。",
                "return_reason": "被告明确拒绝由律师调解，要求由法院主持调解，退回诉调对接中心。",
            },
        ],
    },
    {
        "key": "court-medical-renmin",
        "owner": "district-court",
        "title": "吴某某与清河区人民医院医疗损害责任纠纷",
        "description": (
            "患者吴国平于2025年8月在清河区人民医院行腰椎手术，术后出现左下肢麻木无力。"
            "患者认为医院未尽告知义务且手术操作存在过错，起诉请求赔偿医疗费、残疾赔偿金等共计42万元。"
            "诉调对接中心接受委派后，转送医疗纠纷人民调解委员会组织医学专家咨询。"
        ),
        "category": "MEDICAL",
        "source_channel": "COURT_REFERRAL",
        "status": "TRIAGED",
        "complexity": "HARD",
        "amount": "420000.00",
        "people_involved": 2,
        "days_ago": 9,
        "parties": [
            {
                "name": "吴国平",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196012213652",
                "phone": "15030611080",
            },
            {
                "name": "清河区人民医院",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "121101081850089898",
                "phone": "010-86686259",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "ACCEPTED",
                "reason": "医疗损害责任纠纷，专业性强，委派诉前调解。",
                "return_reason": None,
            },
            {
                "kind": "TRANSFERRED",
                "from_": "docking-centre",
                "to": "medical-committee",
                "status": "SIGNED_FOR",
                "reason": "需组织医学、法学专家进行责任评估，转送医疗纠纷人民调解委员会。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "court-decor-lan",
        "owner": "district-court",
        "title": "蓝某与某装饰公司装饰装修合同纠纷",
        "description": (
            "申请人蓝海燕与被申请人签订住宅装修合同，合同价款16.8万元。"
            "入住后发现卫生间渗漏、墙面开裂，申请人请求返修并赔偿损失3.5万元，被申请人仅同意返修。"
            "律师调解工作室调解后，双方达成由被申请人返修并补偿1.2万元的协议，已申请司法确认。"
        ),
        "category": "CONTRACT",
        "source_channel": "ONLINE",
        "status": "CLOSED",
        "complexity": "SIMPLE",
        "amount": "35000.00",
        "people_involved": 2,
        "days_ago": 96,
        "parties": [
            {
                "name": "蓝海燕",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108198605094280",
                "phone": "17621795611",
            },
            {
                "name": "清河区美居装饰工程有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0M7W9U9U",
                "phone": "010-81869201",
            },
        ],
        "referrals": [
            {
                "kind": "DELEGATED",
                "from_": "district-court",
                "to": "docking-centre",
                "status": "ACCEPTED",
                "reason": "装饰装修合同纠纷，委派诉前调解。",
                "return_reason": None,
            },
            {
                "kind": "TRANSFERRED",
                "from_": "docking-centre",
                "to": "lawyer-studio",
                "status": "ACCEPTED",
                "reason": "涉及合同条款解释和损失计算，转送律师调解工作室调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "e1-leak-song",
        "owner": "community-e1",
        "title": "宋某与楼上住户刘某某漏水邻里纠纷",
        "description": (
            "柳荫社区3号楼住户宋玉梅反映楼上住户卫生间防水层破损，导致其家中天花板多次渗水、墙皮脱落。"
            "网格员走访时发现该矛盾，社区调解员组织双方现场查看，楼上住户同意重做防水并赔偿维修费3000元。"
        ),
        "category": "NEIGHBOUR",
        "source_channel": "GRID_SCREENING",
        "status": "CLOSED",
        "complexity": "SIMPLE",
        "amount": "3000.00",
        "people_involved": 2,
        "days_ago": 88,
        "parties": [
            {
                "name": "宋玉梅",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195209083869",
                "phone": "19177951224",
            },
            {
                "name": "刘志刚",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108197708214738",
                "phone": "16697004399",
            },
        ],
        "referrals": [],
    },
    {
        "key": "e1-noise-fang",
        "owner": "community-e1",
        "title": "方某某与邻居噪音扰民纠纷",
        "description": (
            "柳荫社区7号楼住户方建华多次反映楼上邻居夜间拖动家具、孩子跑跳产生噪音，影响其休息。"
            "双方曾因此发生口角，社区调解员已分别上门了解情况并组织面对面沟通。"
        ),
        "category": "NEIGHBOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "IN_MEDIATION",
        "complexity": "SIMPLE",
        "amount": None,
        "people_involved": 2,
        "days_ago": 12,
        "parties": [
            {
                "name": "方建华",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195504051819",
                "phone": "19178613959",
            },
            {
                "name": "林晓燕",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108199303161446",
                "phone": "15399597529",
            },
        ],
        "referrals": [],
    },
    {
        "key": "e1-support-xu",
        "owner": "community-e1",
        "title": "许某某与其子女赡养纠纷",
        "description": (
            "82岁老人许凤英育有三名子女，因长子认为已分得房屋较少、不愿承担赡养费用，其余子女也相互推诿。"
            "老人请求三名子女每月各支付赡养费1000元并轮流照料。"
            "因涉及房产分配历史问题，社区上报街道多元解纷中心。"
        ),
        "category": "MARRIAGE_FAMILY",
        "source_channel": "PARTY_APPLICATION",
        "status": "IN_MEDIATION",
        "complexity": "COMPLEX",
        "amount": "36000.00",
        "people_involved": 4,
        "days_ago": 35,
        "parties": [
            {
                "name": "许凤英",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108194310067981",
                "phone": "18567087515",
            },
            {
                "name": "许振国",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196610120712",
                "phone": "13734661983",
            },
            {
                "name": "许振华",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196910263176",
                "phone": "13080523811",
            },
            {
                "name": "许丽萍",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110105197511122785",
                "phone": "15973731194",
            },
        ],
        "referrals": [
            {
                "kind": "ESCALATED",
                "from_": "community-e1",
                "to": "street-east",
                "status": "ACCEPTED",
                "reason": "涉及多名子女及家庭房产分配问题，社区多次调解未果，上报街道多元解纷中心。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "e1-parking-liuyin",
        "owner": "community-e1",
        "title": "柳荫小区业主与物业公司地面停车位收费纠纷",
        "description": (
            "柳荫小区物业公司拟将地面停车费由每月150元上调至300元，并对未缴费车辆实施道闸限行，"
            "引发十余户业主集体反对。业主代表认为涨价未经业主大会表决，要求恢复原收费标准。"
        ),
        "category": "PROPERTY_MANAGEMENT",
        "source_channel": "GRID_SCREENING",
        "status": "TRIAGED",
        "complexity": "COMPLEX",
        "amount": None,
        "people_involved": 15,
        "days_ago": 8,
        "parties": [
            {
                "name": "邓海涛",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108197810021633",
                "phone": "18807341559",
            },
            {
                "name": "曹红梅",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196606130344",
                "phone": "13623244489",
            },
            {
                "name": "清河区柳荫物业管理有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA08HLCLAT",
                "phone": "010-81005828",
            },
        ],
        "referrals": [
            {
                "kind": "ESCALATED",
                "from_": "community-e1",
                "to": "street-east",
                "status": "ACCEPTED",
                "reason": "涉及十余户业主，存在群体性矛盾风险，上报街道。",
                "return_reason": None,
            },
            {
                "kind": "ASSIGNED",
                "from_": "street-east",
                "to": "property-committee",
                "status": "SENT",
                "reason": "停车位收费涉及物业服务合同及业主共有权益，交办物业纠纷人民调解委员会。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "e1-renovation-chai",
        "owner": "community-e1",
        "title": "柳荫社区老旧平房征收补偿纠纷",
        "description": (
            "柳荫社区东侧平房区纳入棚户区改造征收范围，被征收人柴德福等12户认为评估价格低于周边市场价，"
            "且对违建面积认定有异议。部分住户拒绝签约并多次到街道反映。"
            "案件经社区、街道逐级上报至区多元解纷中心，由区住建部门参与协调。"
        ),
        "category": "DEMOLITION",
        "source_channel": "GRID_SCREENING",
        "status": "IN_MEDIATION",
        "complexity": "HARD",
        "amount": "5800000.00",
        "people_involved": 12,
        "days_ago": 74,
        "parties": [
            {
                "name": "柴德福",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195305176838",
                "phone": "15064774475",
            },
            {
                "name": "贺淑珍",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195705020103",
                "phone": "13722109168",
            },
            {
                "name": "清河区房屋征收事务中心",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "12110108807470043G",
                "phone": "010-65596874",
            },
        ],
        "referrals": [
            {
                "kind": "ESCALATED",
                "from_": "community-e1",
                "to": "street-east",
                "status": "ACCEPTED",
                "reason": "涉及征收补偿，社区无权处理，上报街道。",
                "return_reason": None,
            },
            {
                "kind": "ESCALATED",
                "from_": "street-east",
                "to": "district-centre",
                "status": "ACCEPTED",
                "reason": "涉及12户被征收人及评估标准问题，需区级统筹协调，上报区多元解纷中心。",
                "return_reason": None,
            },
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "housing",
                "status": "ACCEPTED",
                "reason": "评估价格及违建认定属住建部门职责，交办区住建委协同调处。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "e1-divorce-peng",
        "owner": "community-e1",
        "title": "彭某与丈夫汤某某婚姻家庭纠纷",
        "description": (
            "居民彭静反映其丈夫汤永刚长期酗酒，多次发生争吵，近期提出离婚并要求抚养女儿。"
            "双方对子女抚养和共有住房分割分歧较大，社区上报街道多元解纷中心，联合妇联调解员介入。"
        ),
        "category": "MARRIAGE_FAMILY",
        "source_channel": "PARTY_APPLICATION",
        "status": "REGISTERED",
        "complexity": "COMPLEX",
        "amount": None,
        "people_involved": 2,
        "days_ago": 3,
        "parties": [
            {
                "name": "彭静",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108199011289368",
                "phone": "19103463577",
            },
            {
                "name": "汤永刚",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108199004141971",
                "phone": "13086229087",
            },
        ],
        "referrals": [
            {
                "kind": "ESCALATED",
                "from_": "community-e1",
                "to": "street-east",
                "status": "SENT",
                "reason": "涉及离婚、子女抚养及家庭暴力风险，社区调解力量不足，上报街道。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "east-wage-hongsheng",
        "owner": "street-east",
        "title": "某建筑公司拖欠农民工工资群体性纠纷",
        "description": (
            "清河区东街某住宅项目总承包单位鸿盛建设集团将劳务分包给某劳务公司，"
            "因建设单位工程款未按期支付，42名农民工2025年度工资共计138.6万元被拖欠。"
            "农民工多次聚集到项目部讨薪并拨打12345热线。街道上报区多元解纷中心，"
            "由人社部门牵头、住建部门协办督促总包单位清偿。"
        ),
        "category": "LABOUR",
        "source_channel": "HOTLINE_12345",
        "status": "IN_MEDIATION",
        "complexity": "HARD",
        "amount": "1386000.00",
        "people_involved": 42,
        "days_ago": 23,
        "parties": [
            {
                "name": "冯长江",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "412726197001266313",
                "phone": "18557073189",
            },
            {
                "name": "鸿盛建设集团有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110105MA0A8T2N9G",
                "phone": "010-84442060",
            },
            {
                "name": "清河区顺达建筑劳务有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0GED7BM2",
                "phone": "010-68468140",
            },
        ],
        "referrals": [
            {
                "kind": "ESCALATED",
                "from_": "street-east",
                "to": "district-centre",
                "status": "ACCEPTED",
                "reason": "42名农民工群体性讨薪，存在聚集风险，上报区多元解纷中心统筹。",
                "return_reason": None,
            },
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "hrss",
                "status": "ACCEPTED",
                "reason": "拖欠农民工工资，交办区人社局依法督促清偿。",
                "return_reason": None,
            },
            {
                "kind": "ASSIST",
                "from_": "district-centre",
                "to": "housing",
                "status": "ACCEPTED",
                "reason": "涉及在建工程项目工资保证金及总包单位责任，请区住建委协办。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "east-fee-yuan",
        "owner": "street-east",
        "title": "袁某某与某物业公司物业服务费纠纷",
        "description": (
            "东街花园小区业主袁志明以物业公司未及时维修屋顶漏水为由，拒交2024年至2025年物业费6480元。"
            "物业公司多次催缴未果，申请调解。经物业纠纷人民调解委员会调解，物业公司负责修复屋顶，"
            "业主补缴物业费。"
        ),
        "category": "PROPERTY_MANAGEMENT",
        "source_channel": "PARTY_APPLICATION",
        "status": "AGREED",
        "complexity": "SIMPLE",
        "amount": "6480.00",
        "people_involved": 2,
        "days_ago": 52,
        "parties": [
            {
                "name": "清河区东街花园物业管理有限公司",
                "kind": "ORGANISATION",
                "role": "APPLICANT",
                "id_number": "91110108MA02N6PKTU",
                "phone": "010-60496212",
            },
            {
                "name": "袁志明",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196207225936",
                "phone": "18225689481",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "street-east",
                "to": "property-committee",
                "status": "ACCEPTED",
                "reason": "物业服务费纠纷，交办物业纠纷人民调解委员会调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "east-prepaid-fitness",
        "owner": "street-east",
        "title": "戴某某等与某健身会所预付卡消费纠纷",
        "description": (
            "东街某健身会所突然停业，戴晓琳等会员持有的预付卡余额无法使用，涉及金额约4.7万元。"
            "街道交办区市场监管局后被退回，现由街道组织会员与经营者协商退费方案。"
        ),
        "category": "CONSUMER",
        "source_channel": "HOTLINE_12345",
        "status": "IN_MEDIATION",
        "complexity": "COMPLEX",
        "amount": "47000.00",
        "people_involved": 19,
        "days_ago": 30,
        "parties": [
            {
                "name": "戴晓琳",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108199302025901",
                "phone": "15086404960",
            },
            {
                "name": "石磊",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110105199305179835",
                "phone": "13504817218",
            },
            {
                "name": "清河区力行健身服务有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0Y0F2FWM",
                "phone": "010-86890374",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "street-east",
                "to": "market-regulation",
                "status": "RETURNED",
                "reason": "预付式消费纠纷，涉及经营者停业，交办区市场监管局处理。",
                "return_reason": (
                    "经核查，该经营者营业执照仍有效，会员退费属民事纠纷，且涉及金额较小，"
                    "请街道先行组织调解，我局配合提供经营者信息。"
                ),
            },
        ],
    },
    {
        "key": "east-bike-qian",
        "owner": "street-east",
        "title": "钱某某与骆某非机动车交通事故纠纷",
        "description": (
            "申请人钱德明骑自行车与被申请人骆斌驾驶的电动自行车在东街路口相撞，申请人手腕骨折。"
            "交警出具事故认定书认定双方同等责任，双方就医疗费、误工费分担达成一致。"
        ),
        "category": "TRAFFIC",
        "source_channel": "PARTY_APPLICATION",
        "status": "AGREED",
        "complexity": "SIMPLE",
        "amount": "8600.00",
        "people_involved": 2,
        "days_ago": 47,
        "parties": [
            {
                "name": "钱德明",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195901250272",
                "phone": "15264866231",
            },
            {
                "name": "骆斌",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "510104200202053256",
                "phone": "13828214176",
            },
        ],
        "referrals": [],
    },
    {
        "key": "east-wage-kuaixian",
        "owner": "street-east",
        "title": "潘某与某餐饮公司劳动报酬纠纷",
        "description": (
            "申请人潘雪梅在被申请人经营的快餐店担任厨师，离职时被拖欠两个月工资及加班费共1.16万元。"
            "街道将案件交办区劳动争议调解委员会，对方已签收。"
        ),
        "category": "LABOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "TRIAGED",
        "complexity": "SIMPLE",
        "amount": "11600.00",
        "people_involved": 2,
        "days_ago": 5,
        "parties": [
            {
                "name": "潘雪梅",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "342401198809168700",
                "phone": "17784331281",
            },
            {
                "name": "清河区快鲜餐饮管理有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0GHPKFBT",
                "phone": "010-84064182",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "street-east",
                "to": "labour-committee",
                "status": "SIGNED_FOR",
                "reason": "追索劳动报酬及加班费，交办区劳动争议调解委员会。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "east-land-lu",
        "owner": "street-east",
        "title": "卢某某与卢某承包地边界纠纷",
        "description": (
            "东街街道城郊村村民卢长海与堂弟卢长青相邻承包地边界不清，双方因种植果树越界发生争执。"
            "街道调解员会同村委会调取确权登记图册，现场测量后拟重新确定界桩。"
        ),
        "category": "LAND",
        "source_channel": "PROACTIVE",
        "status": "ACCEPTED",
        "complexity": "SIMPLE",
        "amount": None,
        "people_involved": 2,
        "days_ago": 16,
        "parties": [
            {
                "name": "卢长海",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196510211238",
                "phone": "13770451112",
            },
            {
                "name": "卢长青",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196801161517",
                "phone": "13662358278",
            },
        ],
        "referrals": [],
    },
    {
        "key": "west-estate-gu",
        "owner": "street-west",
        "title": "顾某某与顾某某等法定继承纠纷",
        "description": (
            "被继承人顾德昌去世后留有西街一处住房，未留遗嘱。"
            "长女顾晓梅主张其长期照顾父亲应多分，其弟顾晓军要求平均分割。"
            "街道人民调解员多次组织家庭会议，双方已就房屋评估方式达成初步共识。"
        ),
        "category": "MARRIAGE_FAMILY",
        "source_channel": "PARTY_APPLICATION",
        "status": "IN_MEDIATION",
        "complexity": "COMPLEX",
        "amount": "2600000.00",
        "people_involved": 3,
        "days_ago": 39,
        "parties": [
            {
                "name": "顾晓梅",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196905170784",
                "phone": "15660067578",
            },
            {
                "name": "顾晓军",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108197204162778",
                "phone": "17754835021",
            },
            {
                "name": "顾晓丽",
                "kind": "PERSON",
                "role": "THIRD_PARTY",
                "id_number": "130682197209277085",
                "phone": "13038366537",
            },
        ],
        "referrals": [],
    },
    {
        "key": "west-elevator-xue",
        "owner": "street-west",
        "title": "西街某小区加装电梯邻里纠纷",
        "description": (
            "西街某小区5号楼拟加装电梯，高层住户薛建平等人积极推动，"
            "一楼住户田玉兰以影响采光通风为由坚决反对。街道上报区多元解纷中心被退回，"
            "继续由街道组织协调并邀请规划专业人员解释方案。"
        ),
        "category": "NEIGHBOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "IN_MEDIATION",
        "complexity": "COMPLEX",
        "amount": None,
        "people_involved": 9,
        "days_ago": 44,
        "parties": [
            {
                "name": "薛建平",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195610042158",
                "phone": "17327660137",
            },
            {
                "name": "田玉兰",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108195603096027",
                "phone": "18002770389",
            },
        ],
        "referrals": [
            {
                "kind": "ESCALATED",
                "from_": "street-west",
                "to": "district-centre",
                "status": "RETURNED",
                "reason": "加装电梯矛盾激烈，涉及多户居民，申请区级协调。",
                "return_reason": (
                    "本案属于同一楼门住户之间的一般邻里纠纷，未达到区级统筹标准，请街道继续做好调解工作，"
                    "区中心可派员指导。"
                ),
            },
        ],
    },
    {
        "key": "west-loan-jiang",
        "owner": "street-west",
        "title": "江某与蒋某某民间借贷纠纷",
        "description": (
            "申请人江涛于2024年借给同乡蒋文斌3万元用于开办小吃店，双方仅有微信聊天记录为证。"
            "被申请人已外出务工，暂无法到场参加调解，调解程序暂停。"
        ),
        "category": "LOAN",
        "source_channel": "PARTY_APPLICATION",
        "status": "PAUSED",
        "pause_reason": "PARTY_REQUEST",
        "complexity": "SIMPLE",
        "amount": "30000.00",
        "people_involved": 2,
        "days_ago": 57,
        "parties": [
            {
                "name": "江涛",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "510104199405235492",
                "phone": "18356189818",
            },
            {
                "name": "蒋文斌",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "510104198812073414",
                "phone": "15752357715",
            },
        ],
        "referrals": [],
    },
    {
        "key": "west-clinic-shen",
        "owner": "street-west",
        "title": "沈某与某口腔诊所医疗服务纠纷",
        "description": (
            "申请人沈丽在西街某口腔诊所种植牙后出现牙龈感染、种植体松动，"
            "要求退还治疗费2.3万元并赔偿后续治疗费用。街道交办区医疗纠纷人民调解委员会，"
            "经专家咨询后双方达成退费及补偿协议。"
        ),
        "category": "MEDICAL",
        "source_channel": "PARTY_APPLICATION",
        "status": "AGREED",
        "complexity": "COMPLEX",
        "amount": "38000.00",
        "people_involved": 2,
        "days_ago": 68,
        "parties": [
            {
                "name": "沈丽",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108198411194582",
                "phone": "15547955078",
            },
            {
                "name": "清河区康齿口腔诊所有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0DH9E6WW",
                "phone": "010-82879490",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "street-west",
                "to": "medical-committee",
                "status": "ACCEPTED",
                "reason": "医疗服务纠纷，需专业评估，交办区医疗纠纷人民调解委员会。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "dc-demolition-beiwan",
        "owner": "district-centre",
        "title": "北湾村集体土地征收补偿安置纠纷",
        "description": (
            "北湾村纳入产业园区用地征收范围，"
            "村民严福生等23户对宅基地上房屋安置面积及过渡期安置费标准有异议。"
            "区政府指定区多元解纷中心牵头，住建部门负责政策解释，司法局组织法律服务团队提供法律咨询。"
        ),
        "category": "DEMOLITION",
        "source_channel": "GOVERNMENT",
        "status": "IN_MEDIATION",
        "complexity": "HARD",
        "amount": None,
        "people_involved": 23,
        "days_ago": 102,
        "parties": [
            {
                "name": "严福生",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108195712253132",
                "phone": "18177142792",
            },
            {
                "name": "严桂兰",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196003123065",
                "phone": "13356177365",
            },
            {
                "name": "清河区北湾村股份经济合作社",
                "kind": "ORGANISATION",
                "role": "THIRD_PARTY",
                "id_number": "N2110108047459352Q",
                "phone": "010-89419274",
            },
            {
                "name": "清河区房屋征收事务中心",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "12110108807470043G",
                "phone": "010-65596874",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "housing",
                "status": "ACCEPTED",
                "reason": "涉及征收补偿安置政策执行，交办区住建委。",
                "return_reason": None,
            },
            {
                "kind": "ASSIST",
                "from_": "district-centre",
                "to": "justice-bureau",
                "status": "ACCEPTED",
                "reason": "请区司法局组织律师提供法律咨询，协助开展释法说理工作。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "dc-handover-yuhu",
        "owner": "district-centre",
        "title": "御湖小区业主与原物业公司退出交接纠纷",
        "description": (
            "御湖小区业主大会决定解聘原物业公司，原物业公司以业主欠费为由拒绝撤场并拒不移交共用部位资料。"
            "约600户业主与原物业公司矛盾激化，60余名业主多次到街道反映，区多元解纷中心牵头，"
            "物业纠纷人民调解委员会调解，区住建委协办。"
        ),
        "category": "PROPERTY_MANAGEMENT",
        "source_channel": "HOTLINE_12345",
        "status": "IN_MEDIATION",
        "complexity": "HARD",
        "amount": "860000.00",
        "people_involved": 60,
        "days_ago": 33,
        "parties": [
            {
                "name": "清河区御湖小区业主委员会",
                "kind": "ORGANISATION",
                "role": "APPLICANT",
                "id_number": "Y11101080217184208",
                "phone": "010-80227137",
            },
            {
                "name": "清河区鼎盛物业管理有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0KURGN9E",
                "phone": "010-62166601",
            },
            {
                "name": "清河区安和物业服务有限公司",
                "kind": "ORGANISATION",
                "role": "THIRD_PARTY",
                "id_number": "91110108MA09XNB68E",
                "phone": "010-84734786",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "property-committee",
                "status": "ACCEPTED",
                "reason": "物业退出交接纠纷，交办物业纠纷人民调解委员会专业调解。",
                "return_reason": None,
            },
            {
                "kind": "ASSIST",
                "from_": "district-centre",
                "to": "housing",
                "status": "ACCEPTED",
                "reason": "涉及物业项目交接监管，请区住建委协办。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "dc-lease-xinyue",
        "owner": "district-centre",
        "title": "某餐饮店与某商业管理公司商铺租赁合同纠纷",
        "description": (
            "申请人在新悦广场承租商铺经营餐饮，因商场长期闭店改造导致客流骤减，要求减免租金并解除合同。"
            "经律师调解工作室调解，双方同意提前解除合同，出租方退还押金并减免三个月租金。"
        ),
        "category": "CONTRACT",
        "source_channel": "PARTY_APPLICATION",
        "status": "CLOSED",
        "complexity": "COMPLEX",
        "amount": "156000.00",
        "people_involved": 2,
        "days_ago": 115,
        "parties": [
            {
                "name": "清河区味之源餐饮店",
                "kind": "ORGANISATION",
                "role": "APPLICANT",
                "id_number": "92110108L65744321N",
                "phone": "010-69566683",
            },
            {
                "name": "清河区新悦商业管理有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0FHQPE3C",
                "phone": "010-65981924",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "lawyer-studio",
                "status": "ACCEPTED",
                "reason": "商铺租赁合同纠纷，法律关系较复杂，交办律师调解工作室。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "dc-custody-luo",
        "owner": "district-centre",
        "title": "罗某某与前夫子女抚养纠纷",
        "description": (
            "申请人罗晓红离婚后与前夫就孩子探视时间、抚养费调整发生争议，前夫已半年未支付抚养费。"
            "中心交办区民政局被退回，现转由律师调解工作室调解，等待接收。"
        ),
        "category": "MARRIAGE_FAMILY",
        "source_channel": "PARTY_APPLICATION",
        "status": "TRIAGED",
        "complexity": "SIMPLE",
        "amount": "18000.00",
        "people_involved": 3,
        "days_ago": 14,
        "parties": [
            {
                "name": "罗晓红",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "11010819880202234X",
                "phone": "17372269678",
            },
            {
                "name": "魏建东",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "130102198908282938",
                "phone": "17748544291",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "civil-affairs",
                "status": "RETURNED",
                "reason": "涉及未成年人抚养，交办区民政局。",
                "return_reason": (
                    "抚养费及探视权争议属于民事纠纷，不属于民政部门职责范围，"
                    "建议由人民调解组织或律师调解，必要时引导诉讼。"
                ),
            },
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "lawyer-studio",
                "status": "SENT",
                "reason": "民政部门退回，改交律师调解工作室调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "dc-injury-jianxin",
        "owner": "district-centre",
        "title": "熊某与某机械制造公司工伤待遇纠纷",
        "description": (
            "申请人熊刚在工作中被冲压设备压伤右手，已被认定为工伤九级伤残。"
            "双方就一次性伤残就业补助金及停工留薪期工资发生争议。"
            "劳动争议调解委员会调解后，双方达成协议，公司一次性支付各项待遇9.8万元。"
        ),
        "category": "LABOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "AGREED",
        "complexity": "COMPLEX",
        "amount": "98000.00",
        "people_involved": 2,
        "days_ago": 58,
        "parties": [
            {
                "name": "熊刚",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "420106198701225615",
                "phone": "15186632154",
            },
            {
                "name": "清河区建新机械制造有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA00PCFB8C",
                "phone": "010-87954613",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "district-centre",
                "to": "labour-committee",
                "status": "ACCEPTED",
                "reason": "工伤待遇纠纷，交办区劳动争议调解委员会调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "med-death-zhongyi",
        "owner": "medical-committee",
        "title": "患者家属与某中医医院医疗损害赔偿纠纷",
        "description": (
            "患者严某某在清河区中医医院住院期间突发心搏骤停经抢救无效死亡，"
            "其家属认为医院观察不及时、抢救措施不当，索赔85万元。"
            "家属曾在医院聚集，医调委介入后已委托医疗损害鉴定。"
        ),
        "category": "MEDICAL",
        "source_channel": "PROACTIVE",
        "status": "IN_MEDIATION",
        "complexity": "HARD",
        "amount": "850000.00",
        "people_involved": 5,
        "days_ago": 26,
        "parties": [
            {
                "name": "严红霞",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108198209073584",
                "phone": "15624596560",
            },
            {
                "name": "严红军",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108197202186936",
                "phone": "16683296801",
            },
            {
                "name": "清河区中医医院",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "12110108750951663W",
                "phone": "010-64314497",
            },
        ],
        "referrals": [],
    },
    {
        "key": "med-infection-fuyou",
        "owner": "medical-committee",
        "title": "产妇与某妇幼保健院医疗损害纠纷",
        "description": (
            "产妇夏雨婷剖宫产术后切口感染，二次住院治疗18天。"
            "产妇认为医院术后护理不到位，要求赔偿医疗费、误工费等6.2万元。"
            "经专家评估医院存在一定过错，双方达成赔偿4.5万元的协议。"
        ),
        "category": "MEDICAL",
        "source_channel": "PARTY_APPLICATION",
        "status": "AGREED",
        "complexity": "COMPLEX",
        "amount": "62000.00",
        "people_involved": 2,
        "days_ago": 80,
        "parties": [
            {
                "name": "夏雨婷",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108199208283963",
                "phone": "19101974514",
            },
            {
                "name": "清河区妇幼保健院",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "12110108516299314N",
                "phone": "010-85541886",
            },
        ],
        "referrals": [],
    },
    {
        "key": "med-misdiag-rmyy",
        "owner": "medical-committee",
        "title": "毛某与清河区人民医院误诊纠纷",
        "description": (
            "申请人毛建新因腹痛在急诊就诊，被诊断为肠胃炎后离院，次日确诊为急性阑尾炎穿孔。"
            "申请人认为医院误诊导致病情加重，要求赔偿3.8万元。医调委已受理，正在调取病历资料。"
        ),
        "category": "MEDICAL",
        "source_channel": "PARTY_APPLICATION",
        "status": "ACCEPTED",
        "complexity": "SIMPLE",
        "amount": "38000.00",
        "people_involved": 2,
        "days_ago": 7,
        "parties": [
            {
                "name": "毛建新",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "11010519820122115X",
                "phone": "18727147560",
            },
            {
                "name": "清河区人民医院",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "121101081850089898",
                "phone": "010-86686259",
            },
        ],
        "referrals": [],
    },
    {
        "key": "lab-severance-huayu",
        "owner": "labour-committee",
        "title": "常某与某科技公司解除劳动合同经济补偿纠纷",
        "description": (
            "申请人常丽华在被申请人处工作6年，公司以组织架构调整为由解除劳动合同，仅支付当月工资。"
            "申请人请求支付经济补偿金及代通知金共计10.5万元，经调解双方达成协议，已履行完毕。"
        ),
        "category": "LABOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "CLOSED",
        "complexity": "SIMPLE",
        "amount": "105000.00",
        "people_involved": 2,
        "days_ago": 110,
        "parties": [
            {
                "name": "常丽华",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108198809080286",
                "phone": "13692631844",
            },
            {
                "name": "清河区华宇信息科技有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0QJKHWQL",
                "phone": "010-87677060",
            },
        ],
        "referrals": [],
    },
    {
        "key": "prop-fee-lvyuan",
        "owner": "property-committee",
        "title": "某物业公司与业主胡某某物业服务费纠纷",
        "description": (
            "绿苑小区物业公司申请调解，称业主胡明辉拖欠三年物业费9360元。"
            "业主认为物业公司私自出租小区公共区域获得收益未公示，要求冲抵物业费。"
        ),
        "category": "PROPERTY_MANAGEMENT",
        "source_channel": "PARTY_APPLICATION",
        "status": "ACCEPTED",
        "complexity": "SIMPLE",
        "amount": "9360.00",
        "people_involved": 2,
        "days_ago": 21,
        "parties": [
            {
                "name": "清河区绿苑物业服务有限公司",
                "kind": "ORGANISATION",
                "role": "APPLICANT",
                "id_number": "91110108MA00D3E9NH",
                "phone": "010-83156708",
            },
            {
                "name": "胡明辉",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108197604053159",
                "phone": "18136557322",
            },
        ],
        "referrals": [],
    },
    {
        "key": "law-partner-yang",
        "owner": "lawyer-studio",
        "title": "杨某与谢某合伙协议纠纷",
        "description": (
            "杨文博与谢宏伟合伙经营汽车维修店，因经营理念分歧决定散伙，"
            "双方对设备折价及未收回账款分配发生争议。经律师调解，双方签订退伙协议，"
            "确认杨文博退伙并取得补偿款8万元。"
        ),
        "category": "CONTRACT",
        "source_channel": "LAWYER",
        "status": "AGREED",
        "complexity": "COMPLEX",
        "amount": "80000.00",
        "people_involved": 2,
        "days_ago": 60,
        "parties": [
            {
                "name": "杨文博",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "11010819860224241X",
                "phone": "13010042452",
            },
            {
                "name": "谢宏伟",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "370102198305211473",
                "phone": "13907464366",
            },
        ],
        "referrals": [],
    },
    {
        "key": "police-fight-west",
        "owner": "police",
        "title": "段某某与邻居孔某因琐事发生肢体冲突纠纷",
        "description": (
            "西街某小区居民段永亮与邻居孔磊因楼道堆放杂物发生争吵并互相推搡，孔磊面部轻微擦伤。"
            "派出所出警处置后，认为属于民间纠纷，移交西街街道多元解纷中心调解。"
        ),
        "category": "NEIGHBOUR",
        "source_channel": "POLICE_TRANSFER",
        "status": "ACCEPTED",
        "complexity": "SIMPLE",
        "amount": "2000.00",
        "people_involved": 2,
        "days_ago": 10,
        "parties": [
            {
                "name": "孔磊",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108199610220354",
                "phone": "18822368092",
            },
            {
                "name": "段永亮",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108197008226236",
                "phone": "15236405618",
            },
        ],
        "referrals": [
            {
                "kind": "TRANSFERRED",
                "from_": "police",
                "to": "street-west",
                "status": "ACCEPTED",
                "reason": "因琐事引发的轻微治安纠纷，双方同意调解，依“警调对接”机制移交街道。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "police-scrape-west",
        "owner": "police",
        "title": "贾某与汪某某车辆剐蹭财产损失纠纷",
        "description": (
            "贾晓东驾驶小型轿车在西街路段倒车时剐蹭汪丽芳停放的车辆，双方对维修费用及贬值损失分歧较大。"
            "交警快处中心认定贾晓东负全部责任，移交街道调解。"
        ),
        "category": "TRAFFIC",
        "source_channel": "POLICE_TRANSFER",
        "status": "TRIAGED",
        "complexity": "SIMPLE",
        "amount": "6500.00",
        "people_involved": 2,
        "days_ago": 4,
        "parties": [
            {
                "name": "汪丽芳",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "11010819880502552X",
                "phone": "13878975729",
            },
            {
                "name": "贾晓东",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "130102199603170876",
                "phone": "18013580826",
            },
        ],
        "referrals": [
            {
                "kind": "TRANSFERRED",
                "from_": "police",
                "to": "street-west",
                "status": "SIGNED_FOR",
                "reason": "交通事故财产损失赔偿纠纷，责任明确，移交街道调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "petition-wage-tianyi",
        "owner": "petition-bureau",
        "title": "某建设工程公司拖欠农民工工资群体性信访纠纷",
        "description": (
            "天益建设工程公司承建的清河区学校改扩建项目竣工后，28名农民工共计67.2万元工资未结清，"
            "农民工代表到区信访局集体上访。信访局交办区人社局，人社局会同住建委约谈总包单位，"
            "达成分三期支付的协议，目前正在履行中。"
        ),
        "category": "LABOUR",
        "source_channel": "PETITION",
        "status": "PERFORMING",
        "complexity": "HARD",
        "amount": "672000.00",
        "people_involved": 28,
        "days_ago": 55,
        # 挂牌督办 by the district centre, which coordinates the petition bureau (see COORDINATION)
        "supervision": {
            "level": "LISTED",
            "reason": "群体性欠薪信访事项，区多元解纷中心统筹协调、挂牌督办，督促按期足额支付。",
            "leader": None,
        },
        "parties": [
            {
                "name": "曾庆华",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "511321197803096773",
                "phone": "13677910238",
            },
            {
                "name": "唐国富",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "511321197105028650",
                "phone": "13720987612",
            },
            {
                "name": "清河区天益建设工程有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA022HGMW1",
                "phone": "010-62347327",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "petition-bureau",
                "to": "hrss",
                "status": "ACCEPTED",
                "reason": "群体性讨薪信访事项，依职责交办区人社局处理。",
                "return_reason": None,
            },
            {
                "kind": "ASSIST",
                "from_": "hrss",
                "to": "housing",
                "status": "ACCEPTED",
                "reason": "在建工程领域欠薪，请区住建委督促总包单位履行清偿责任。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "petition-heating-jiahe",
        "owner": "petition-bureau",
        "title": "嘉禾小区业主反映物业供暖不达标信访纠纷",
        "description": (
            "嘉禾小区多户业主反映冬季室温长期低于16摄氏度，物业公司拒不退还部分供暖费，业主多次信访。"
            "信访局交办住建委后被退回，改交物业纠纷人民调解委员会调解。"
        ),
        "category": "PROPERTY_MANAGEMENT",
        "source_channel": "PETITION",
        "status": "TRIAGED",
        "complexity": "COMPLEX",
        "amount": "42000.00",
        "people_involved": 14,
        "days_ago": 13,
        "parties": [
            {
                "name": "金秀梅",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196210044220",
                "phone": "19109621203",
            },
            {
                "name": "清河区嘉禾物业管理有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0M7R4P1W",
                "phone": "010-83443133",
            },
        ],
        "referrals": [
            {
                "kind": "ASSIGNED",
                "from_": "petition-bureau",
                "to": "housing",
                "status": "RETURNED",
                "reason": "涉及供暖质量问题，交办区住建委。",
                "return_reason": (
                    "经现场核查，供暖设施运行正常，争议主要为业主与物业服务企业之间的供暖费退费问题，"
                    "属民事纠纷，建议交由物业纠纷人民调解委员会调解。"
                ),
            },
            {
                "kind": "ASSIGNED",
                "from_": "petition-bureau",
                "to": "property-committee",
                "status": "SIGNED_FOR",
                "reason": "住建委退回，改交物业纠纷人民调解委员会调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "market-phone-12345",
        "owner": "market-regulation",
        "title": "任某与某通讯器材店手机质量消费纠纷",
        "description": (
            "消费者任佳琪在某通讯器材店购买的手机使用10天后出现屏幕闪烁，商家以人为损坏为由拒绝退换。"
            "经市场监管所调解，商家同意为消费者更换新机。"
        ),
        "category": "CONSUMER",
        "source_channel": "HOTLINE_12345",
        "status": "CLOSED",
        "complexity": "SIMPLE",
        "amount": "5699.00",
        "people_involved": 2,
        "days_ago": 72,
        "parties": [
            {
                "name": "任佳琪",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108200205011327",
                "phone": "15920999145",
            },
            {
                "name": "清河区讯达通讯器材经营部",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "92110108L64327301A",
                "phone": "010-64432783",
            },
        ],
        "referrals": [],
    },
    {
        "key": "market-car-borui",
        "owner": "market-regulation",
        "title": "邹某与某汽车销售公司新车质量消费纠纷",
        "description": (
            "消费者邹鹏购买新车提车一周后发现车辆存在喷漆修补痕迹，怀疑为维修车当作新车销售，"
            "要求退一赔三。市场监管局受理投诉后，因标的较大且涉及法律适用，转送区多元解纷中心，后被退回。"
        ),
        "category": "CONSUMER",
        "source_channel": "HOTLINE_12345",
        "status": "FAILED",
        "complexity": "COMPLEX",
        "amount": "552000.00",
        "people_involved": 2,
        "days_ago": 49,
        "parties": [
            {
                "name": "邹鹏",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108199204213079",
                "phone": "13156434169",
            },
            {
                "name": "清河区博锐汽车销售服务有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0RYBKHAY",
                "phone": "010-65495437",
            },
        ],
        "referrals": [
            {
                "kind": "TRANSFERRED",
                "from_": "market-regulation",
                "to": "district-centre",
                "status": "RETURNED",
                "reason": "消费者主张惩罚性赔偿，金额较大，请区多元解纷中心组织调解。",
                "return_reason": (
                    "消费者坚持退一赔三，经营者明确拒绝调解，不具备调解条件，建议告知消费者通过诉讼途径解决。"
                ),
            },
        ],
    },
    {
        "key": "hrss-wage-xin",
        "owner": "hrss",
        "title": "辛某与某物流公司追索劳动报酬纠纷",
        "description": (
            "申请人辛晓峰在物流公司从事快递分拣工作，主张公司克扣绩效工资及未支付加班费共8700元。"
            "区人社局劳动保障监察大队接到投诉后，转送区劳动争议调解委员会调解。"
        ),
        "category": "LABOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "REGISTERED",
        "complexity": "SIMPLE",
        "amount": "8700.00",
        "people_involved": 2,
        "days_ago": 1,
        "parties": [
            {
                "name": "辛晓峰",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "410105199510281653",
                "phone": "15078257679",
            },
            {
                "name": "清河区速运达物流有限公司",
                "kind": "ORGANISATION",
                "role": "RESPONDENT",
                "id_number": "91110108MA0HNHYB7N",
                "phone": "010-69699346",
            },
        ],
        "referrals": [
            {
                "kind": "TRANSFERRED",
                "from_": "hrss",
                "to": "labour-committee",
                "status": "SENT",
                "reason": "个人劳动报酬争议，金额较小，转送劳动争议调解委员会调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "civil-support-bai",
        "owner": "civil-affairs",
        "title": "白某某与其女儿赡养纠纷",
        "description": (
            "低保老人白玉芬反映独生女儿长期不探望、不支付赡养费，民政局在核查救助情况时发现该矛盾。"
            "民政局将案件转送西街街道调解，女儿同意每月支付赡养费800元并定期探望。"
        ),
        "category": "MARRIAGE_FAMILY",
        "source_channel": "GOVERNMENT",
        "status": "CLOSED",
        "complexity": "SIMPLE",
        "amount": "9600.00",
        "people_involved": 2,
        "days_ago": 92,
        "parties": [
            {
                "name": "白玉芬",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108194610011867",
                "phone": "18537244503",
            },
            {
                "name": "白雪",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108197201133904",
                "phone": "19873005443",
            },
        ],
        "referrals": [
            {
                "kind": "TRANSFERRED",
                "from_": "civil-affairs",
                "to": "street-west",
                "status": "ACCEPTED",
                "reason": "家庭赡养纠纷，属人民调解范围，转送老人户籍所在街道调解。",
                "return_reason": None,
            },
        ],
    },
    {
        "key": "justice-neighbour-qiu",
        "owner": "justice-bureau",
        "title": "邱某与邻居因违建遮挡采光相邻权纠纷",
        "description": (
            "申请人邱国强向区公共法律服务中心反映，邻居在自家院内加盖二层阳光房，遮挡其住宅采光。"
            "司法局公共法律服务中心受理后，由驻中心人民调解员组织双方调解。"
            "调解期间被申请人自行拆除遮挡部分，申请人撤回调解申请。"
        ),
        "category": "NEIGHBOUR",
        "source_channel": "PARTY_APPLICATION",
        "status": "WITHDRAWN",
        "complexity": "SIMPLE",
        "amount": None,
        "people_involved": 2,
        "days_ago": 84,
        "parties": [
            {
                "name": "邱国强",
                "kind": "PERSON",
                "role": "APPLICANT",
                "id_number": "110108196509286419",
                "phone": "15092371712",
            },
            {
                "name": "苗春生",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "id_number": "110108196308017677",
                "phone": "15675773975",
            },
        ],
        "referrals": [],
    },
]
