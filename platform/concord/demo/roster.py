"""Demo roster (调解员名册): mediators of every kind across the demo organisations — the street and community
centres' 专职/兼职/志愿者, the committees' specialists, the court's 特邀调解员 (one term about to end), the lawyer
studio's 律师调解员 and the departments' 行政调解员 — with identity data, certificates, a few suspended or retired,
and the demo mediator accounts linked to their records. Other demo modules find these by tenant and kind."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from concord.db.base import new_id, utcnow
from concord.kit import clock, identity
from concord.models import (
    Mediator,
    MediatorAffiliation,
    MediatorCertificate,
    MediatorIdentity,
    Tenant,
    User,
)
from concord.models.enums import Gender, MediatorKind, MediatorStatus

CHINA = ZoneInfo("Asia/Shanghai")
F, M = Gender.FEMALE, Gender.MALE
FT, PT, VOL = MediatorKind.FULL_TIME, MediatorKind.PART_TIME, MediatorKind.VOLUNTEER
INV, LAW, ADM = MediatorKind.INVITED, MediatorKind.LAWYER, MediatorKind.ADMINISTRATIVE
NB, MF, PM, LB = "NEIGHBOUR", "MARRIAGE_FAMILY", "PROPERTY_MANAGEMENT", "LABOUR"
MED, CON, TRF, LAND, DEM, CTR, LOAN = (
    "MEDICAL",
    "CONSUMER",
    "TRAFFIC",
    "LAND",
    "DEMOLITION",
    "CONTRACT",
    "LOAN",
)

# (roster tenant, name, kind, gender, birth year, specialties, other organisations, areas, linked user)
ROSTER: list[tuple[str, str, MediatorKind, Gender, int, list[str], list[str], list[str], str | None]] = [
    ("street-east", "张桂兰", FT, F, 1968, [NB, MF], [], ["street-east"], "east.mediator"),
    ("street-east", "陈国强", FT, M, 1972, [NB, PM], [], ["street-east"], None),
    ("street-east", "刘淑芬", PT, F, 1965, [MF, NB], ["community-e1"], ["community-e1"], None),
    ("street-east", "王建设", PT, M, 1960, [LAND, DEM], [], ["street-east"], None),
    ("street-east", "李秀英", VOL, F, 1958, [NB], [], ["street-east"], None),
    ("street-east", "周文斌", VOL, M, 1975, [CON, NB], [], ["street-east"], None),
    ("street-west", "赵德胜", FT, M, 1966, [NB, LOAN], [], ["street-west"], "west.mediator"),
    ("street-west", "孙丽华", FT, F, 1979, [MF, NB], [], ["street-west"], None),
    ("street-west", "马云飞", PT, M, 1970, [TRF, CTR], [], ["street-west"], None),
    ("street-west", "杨春梅", VOL, F, 1962, [NB, MF], [], ["street-west"], None),
    ("street-west", "何志明", VOL, M, 1955, [LAND], [], ["street-west"], None),
    ("community-e1", "吴桂香", PT, F, 1963, [NB, MF], [], ["community-e1"], None),
    ("community-e1", "郑大勇", PT, M, 1969, [PM, NB], [], ["community-e1"], None),
    ("community-e1", "冯玉兰", VOL, F, 1957, [NB], [], ["community-e1"], None),
    ("community-e1", "褚国华", VOL, M, 1961, [MF], [], ["community-e1"], None),
    ("district-centre", "蒋立新", FT, M, 1971, [DEM, LAND, CTR], [], ["street-east", "street-west"], None),
    ("district-centre", "沈慧敏", FT, F, 1976, [MF, LOAN, CON], [], ["street-east", "street-west"], None),
    ("medical-committee", "黄振华", FT, M, 1964, [MED], [], [], "medical.mediator"),
    ("medical-committee", "韩雪梅", FT, F, 1970, [MED], [], [], None),
    ("medical-committee", "曹永健", PT, M, 1958, [MED, CTR], [], [], None),
    ("medical-committee", "许晓玲", PT, F, 1974, [MED], [], [], None),
    ("medical-committee", "邓建华", FT, M, 1967, [MED, TRF], [], [], None),
    ("medical-committee", "彭丽萍", VOL, F, 1960, [MED], [], [], None),
    ("medical-committee", "程伟", PT, M, 1980, [MED], [], [], None),
    ("labour-committee", "吴秀珍", FT, F, 1969, [LB], [], [], "labour.mediator"),
    ("labour-committee", "袁志刚", FT, M, 1973, [LB, CTR], [], [], None),
    ("labour-committee", "唐晓燕", PT, F, 1981, [LB], [], [], None),
    ("labour-committee", "董建军", VOL, M, 1959, [LB], [], [], None),
    ("property-committee", "徐国栋", FT, M, 1967, [PM], [], [], "property.mediator"),
    ("property-committee", "宋美华", FT, F, 1975, [PM, NB], [], [], None),
    ("property-committee", "潘家豪", PT, M, 1978, [PM, CTR], [], [], None),
    ("property-committee", "田秀云", VOL, F, 1961, [PM], [], [], None),
    ("district-court", "罗振邦", INV, M, 1957, [LOAN, CTR], ["docking-centre"], [], None),
    ("district-court", "高婉清", INV, F, 1963, [MF, LOAN], ["docking-centre"], [], None),
    ("district-court", "林海涛", INV, M, 1966, [TRF, CTR], ["docking-centre"], [], None),
    ("district-court", "梁淑贞", INV, F, 1959, [MED, CTR], ["docking-centre"], [], None),
    ("district-court", "谢明远", INV, M, 1970, [LB, LOAN], ["docking-centre"], [], None),
    ("lawyer-studio", "李慕白", LAW, M, 1978, [CTR, LOAN], [], [], "lawyer.li"),
    ("lawyer-studio", "方若琳", LAW, F, 1984, [MF, LOAN], [], [], None),
    ("lawyer-studio", "钟建明", LAW, M, 1975, [LB, CTR], [], [], None),
    ("lawyer-studio", "任佳怡", LAW, F, 1988, [PM, CON], [], [], None),
    ("hrss", "姜卫东", ADM, M, 1972, [LB], [], [], None),
    ("hrss", "范丽娟", ADM, F, 1980, [LB], [], [], None),
    ("housing", "石振宇", ADM, M, 1974, [PM, DEM], [], [], None),
    ("housing", "贾晓红", ADM, F, 1982, [DEM, LAND], [], [], None),
    ("market-regulation", "夏明辉", ADM, M, 1977, [CON], [], [], None),
    ("market-regulation", "邱雅琴", ADM, F, 1985, [CON, CTR], [], [], None),
    ("police", "蔡建勋", ADM, M, 1976, [TRF, NB], [], [], None),
    ("police", "葛玉洁", ADM, F, 1983, [NB, MF], [], [], None),
    ("civil-affairs", "殷淑华", ADM, F, 1971, [MF], [], [], None),
    ("civil-affairs", "陶文博", ADM, M, 1979, [MF, NB], [], [], None),
    ("petition-bureau", "金守仁", ADM, M, 1965, [LAND, DEM], [], [], None),
    ("petition-bureau", "卢春燕", ADM, F, 1978, [NB, "OTHER"], [], [], None),
]

# Off the active roster, with the reason the record keeps.
STATUS: dict[str, tuple[MediatorStatus, str]] = {
    "周文斌": (MediatorStatus.SUSPENDED, "本人申请：2026年外出务工，暂停接受调解任务"),
    "何志明": (MediatorStatus.RETIRED, "年事已高，本人申请退出人民调解员名册"),
    "程伟": (MediatorStatus.SUSPENDED, "所在医院工作调整，暂停参加医疗纠纷调解"),
    "谢明远": (MediatorStatus.RETIRED, "任期届满未续聘"),
}

DISPUTES = {
    MED: "医疗损害责任纠纷、医患沟通纠纷",
    LB: "劳动报酬、工伤待遇、解除劳动合同纠纷",
    PM: "物业服务费、公共维修、停车管理纠纷",
    NB: "邻里相邻关系、日常生活纠纷",
    MF: "婚姻家庭、赡养抚养、继承纠纷",
}


def _id_card(i: int, birth_year: int) -> str:
    """A valid, deterministic 18-digit number under a demo area code no test uses."""
    first17 = f"320106{birth_year}{(i % 12) + 1:02d}{(i % 27) + 1:02d}{i:03d}"
    return first17 + identity.id_card_check_digit(first17)


def _term(today: date, i: int, name: str) -> tuple[date, date]:
    """Two-year terms; 梁淑贞's ends within the month (the court has to renew), 谢明远's has ended."""
    if name == "梁淑贞":
        end = today + timedelta(days=25)
    elif name == "谢明远":
        end = today - timedelta(days=40)
    else:
        end = today + timedelta(days=200 + 90 * i % 400)
    try:
        before = end.replace(year=end.year - 2)
    except ValueError:  # 29 February
        before = end.replace(year=end.year - 2, day=28)
    return before + timedelta(days=1), end


async def load(session: AsyncSession, tenants: dict[str, Tenant]) -> dict[str, int]:
    today = clock.now().astimezone(CHINA).date()
    users = {u.username: u.id for u in (await session.execute(select(User))).scalars()}
    certificates = 0
    for i, (code, name, kind, gender, born, specialties, others, areas, username) in enumerate(ROSTER, 1):
        status, reason = STATUS.get(name, (MediatorStatus.ACTIVE, None))
        term = _term(today, i, name) if kind is INV else (None, None)
        m = Mediator(
            id=new_id(),
            tenant_id=tenants[code].id,
            user_id=users.get(username) if username else None,
            name=name,
            gender=gender,
            birth_year=born,
            education=["大学本科", "大专", "高中", "研究生"][i % 4],
            kind=kind,
            specialties=specialties,
            area_ids=[tenants[a].id for a in areas],
            term_start=term[0],
            term_end=term[1],
            practice_certificate_no=f"1320120{born % 100:02d}10{i:06d}" if kind is LAW else None,
            practice_years=(today.year - born - 25) if kind is LAW else None,
            status=status,
            status_reason=reason,
            status_changed_at=utcnow() if reason else None,
            disputes_accepted=DISPUTES.get(specialties[0], "各类民间纠纷"),
            expertise=f"从事调解工作{(today.year - born) // 4}年，擅长"
            + "、".join(_label(s) for s in specialties),
            charges_fees=kind is LAW,
            profile=f"{name}，{born}年生，"
            + ("执业律师。" if kind is LAW else "长期从事基层矛盾纠纷化解工作。"),
            created_at=utcnow(),
            updated_at=utcnow(),
            version=1,
        )
        session.add(m)
        await session.flush()
        for org in dict.fromkeys([code, *others]):
            session.add(MediatorAffiliation(mediator_id=m.id, tenant_id=tenants[org].id))
        session.add(
            MediatorIdentity(mediator_id=m.id, id_number=_id_card(i, born), phone=f"139{i:04d}{born:04d}")
        )
        if kind not in (LAW, ADM):
            certificates += 1
            session.add(
                MediatorCertificate(
                    id=new_id(),
                    mediator_id=m.id,
                    name="特邀调解员聘书" if kind is INV else "人民调解员证",
                    number=f"RT{today.year - 2}{i:04d}",
                    issued_by="区人民法院" if kind is INV else "区司法局",
                    issued_on=date(today.year - 2, 3, 1),
                    expires_on=term[1],
                )
            )
    await session.flush()
    return {"mediators": len(ROSTER), "mediator_certificates": certificates}


LABELS = {
    NB: "邻里纠纷",
    MF: "婚姻家庭纠纷",
    PM: "物业纠纷",
    LB: "劳动争议",
    MED: "医疗纠纷",
    CON: "消费纠纷",
    TRF: "交通事故纠纷",
    LAND: "土地纠纷",
    DEM: "征收拆迁纠纷",
    CTR: "合同纠纷",
    LOAN: "民间借贷纠纷",
    "OTHER": "其他纠纷",
}


def _label(category: str) -> str:
    return LABELS.get(category, category)
