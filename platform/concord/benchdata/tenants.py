"""The bench district's tenant tree (长河区, fictional) and its accounts, as plain rows.

The shape follows the real district: under the platform tenant, a district resolution centre with street
centres and their community stations, specialised committees and a lawyer studio; a court with its docking
centre; government departments. `T` counts every tenant except the platform root."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from concord.models.enums import Specialty, TenantKind, Tier

DISTRICT = "长河区"
MIN_TENANTS = 10

STREETS = [
    "东城", "西城", "南湖", "北岭", "临江", "青石", "白杨", "金桥", "望海", "柳岸", "松林", "梅园",
    "枫桥", "翠屏", "石门", "清溪", "云台", "龙泉", "凤鸣", "宝山",
]  # fmt: skip
COMMUNITY_WORDS = [
    "春晖", "和平", "幸福", "光明", "新村", "兴隆", "朝阳", "锦绣", "安康", "文昌", "福寿", "晨光", "嘉园", "景秀",
    "明珠", "华苑", "丰泽", "永安", "长青", "民主",
]  # fmt: skip
COMMITTEES = [
    (Specialty.MEDICAL, "医疗纠纷人民调解委员会", "医调字第"),
    (Specialty.LABOUR, "劳动争议调解委员会", "劳调字第"),
    (Specialty.PROPERTY, "物业纠纷人民调解委员会", "物调字第"),
    (Specialty.CONSUMER, "消费纠纷人民调解委员会", "消调字第"),
    (Specialty.TRAFFIC, "道路交通事故纠纷人民调解委员会", "交调字第"),
    (Specialty.FAMILY, "婚姻家庭纠纷人民调解委员会", "家调字第"),
]
DEPARTMENTS = [
    ("信访", "信访局", "信访调字第"),
    ("司法", "司法局", "司调字第"),
    ("公安", "公安分局", "公调字第"),
    ("民政", "民政局", "民调字第"),
    ("人社", "人力资源和社会保障局", "人社调字第"),
    ("住建", "住房和城乡建设局", "住建调字第"),
    ("市场监管", "市场监督管理局", "市监调字第"),
]
# The worker role each kind of body logs in with (policies/roles.csv).
WORKER_ROLE = {
    TenantKind.PLATFORM: "platform_admin",
    TenantKind.CENTRE: "centre_officer",
    TenantKind.COURT: "court_clerk",
    TenantKind.DOCKING_CENTRE: "docking_officer",
    TenantKind.COMMITTEE: "mediator",
    TenantKind.LAWYER_STUDIO: "lawyer",
    TenantKind.DEPARTMENT: "department_officer",
}


@dataclass
class BenchTenant:
    code: str
    name: str
    kind: TenantKind
    case_prefix: str
    parent: BenchTenant | None = None
    tier: Tier | None = None
    specialty: Specialty | None = None
    agency: str | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    def ancestors(self) -> list[tuple[BenchTenant, int]]:
        """(ancestor, depth) from the tenant itself (depth 0) up to the root."""
        out: list[tuple[BenchTenant, int]] = []
        node: BenchTenant | None = self
        depth = 0
        while node is not None:
            out.append((node, depth))
            node, depth = node.parent, depth + 1
        return out

    def row(self, created_at: datetime) -> tuple[object, ...]:
        return (
            self.id, self.code, self.name, self.kind.value, self.tier.value if self.tier else None,
            self.specialty.value if self.specialty else None, self.agency,
            self.parent.id if self.parent else None, self.case_prefix, True, created_at,
        )  # fmt: skip


TENANT_COLUMNS = (
    "id", "code", "name", "kind", "tier", "specialty", "agency", "parent_id", "case_prefix", "is_active",
    "created_at",
)  # fmt: skip


def build_tree(total: int) -> list[BenchTenant]:
    """The platform root first, then `total` tenants, parents always before their children."""
    if total < MIN_TENANTS:
        raise ValueError(f"至少需要 {MIN_TENANTS} 个机构")
    d = DISTRICT[:2]
    platform = BenchTenant("platform", f"{DISTRICT}多元解纷信息平台", TenantKind.PLATFORM, f"{d}平台字第")
    centre = BenchTenant(
        "district-centre",
        f"{DISTRICT}多元解纷中心",
        TenantKind.CENTRE,
        f"{d}区调字第",
        platform,
        Tier.DISTRICT,
    )
    court = BenchTenant("district-court", f"{DISTRICT}人民法院", TenantKind.COURT, f"{d}诉前调", platform)
    docking = BenchTenant(
        "docking-centre", f"{DISTRICT}人民法院诉调对接中心", TenantKind.DOCKING_CENTRE, f"{d}诉调字第", court
    )
    out = [platform, centre, court, docking]
    n_committees = min(len(COMMITTEES), max(2, total // 25))
    n_departments = min(len(DEPARTMENTS), max(2, total // 25))
    n_lawyers = max(1, total // 50)
    for spec, name, prefix in COMMITTEES[:n_committees]:
        code = f"{spec.value.lower()}-committee"
        out.append(
            BenchTenant(code, f"{DISTRICT}{name}", TenantKind.COMMITTEE, d + prefix, centre, specialty=spec)
        )
    for i in range(n_lawyers):
        out.append(
            BenchTenant(
                f"lawyer-studio-{i + 1}", f"{DISTRICT}律师调解工作室（{i + 1}）", TenantKind.LAWYER_STUDIO,
                f"{d}律调{i + 1}字第", centre,
            )
        )  # fmt: skip
    for agency, name, prefix in DEPARTMENTS[:n_departments]:
        code = f"dept-{DEPARTMENTS.index((agency, name, prefix)) + 1}"
        out.append(
            BenchTenant(code, f"{DISTRICT}{name}", TenantKind.DEPARTMENT, d + prefix, platform, agency=agency)
        )
    rest = total - (len(out) - 1)
    n_streets = min(max(2, rest // 6), rest, len(STREETS) * 4)
    streets = []
    for i in range(n_streets):
        s = STREETS[i % len(STREETS)] + ("" if i < len(STREETS) else str(i // len(STREETS) + 1))
        streets.append(
            BenchTenant(
                f"street-{i + 1}", f"{DISTRICT}{s}街道多元解纷中心", TenantKind.CENTRE, f"{d}{s}调字第", centre,
                Tier.STREET,
            )
        )  # fmt: skip
    out.extend(streets)
    for j in range(total - (len(out) - 1)):
        street = streets[j % len(streets)]
        w = COMMUNITY_WORDS[(j // len(streets)) % len(COMMUNITY_WORDS)]
        label = f"{w}{j // (len(streets) * len(COMMUNITY_WORDS)) + 1 if j >= len(streets) * len(COMMUNITY_WORDS) else ''}"
        out.append(
            BenchTenant(
                f"community-{j + 1}", f"{street.name.removesuffix('多元解纷中心')}{label}社区多元解纷工作站",
                TenantKind.CENTRE, f"{d}{street.case_prefix.removeprefix(d).removesuffix('调字第')}{label}调字第",
                street, Tier.COMMUNITY,
            )
        )  # fmt: skip
    assert len(out) == total + 1
    return out


def closure_rows(tenants: list[BenchTenant]) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
    return [(a.id, t.id, depth) for t in tenants for a, depth in t.ancestors()]


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    tenant: BenchTenant
    roles: tuple[str, ...]


def accounts(tenants: list[BenchTenant]) -> list[Account]:
    """A worker in every tenant (so every case's owner can log in), administrators for the centres and court."""
    out = [Account("bench.admin", "平台管理员", tenants[0], ("platform_admin",))]
    for t in tenants[1:]:
        out.append(Account(f"{t.code}.worker", f"{t.name}工作人员", t, (WORKER_ROLE[t.kind],)))
        if t.kind in (TenantKind.CENTRE, TenantKind.COURT) and t.tier is not Tier.COMMUNITY:
            out.append(Account(f"{t.code}.admin", f"{t.name}管理员", t, ("tenant_admin",)))
    return out
