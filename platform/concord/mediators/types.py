from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from concord.authz.permissions import Can
from concord.kit import identity
from concord.kit.context import Info
from concord.kit.errors import BadUserInput
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import Mediator as MediatorModel
from concord.models.enums import CaseCategory, Gender, MediatorKind, MediatorStatus

if TYPE_CHECKING:
    from concord.tenants.types import Tenant

MediatorKindEnum = strawberry.enum(
    MediatorKind, name="MediatorKind", description="调解员类别：专职、兼职、志愿者、特邀、律师、行政"
)
MediatorStatusEnum = strawberry.enum(
    MediatorStatus, name="MediatorStatus", description="名册状态：在册、暂停、退出"
)
GenderEnum = strawberry.enum(Gender, name="Gender", description="性别")


@strawberry.type(
    description="调解员：名册上的人（可关联用户账号）。公开字段人人可见（在线调解规则第5条）；"
    "身份信息等名册详情仅所属机构、其上级和指导机构可见，身份证号和电话默认脱敏。"
)
class Mediator(Node):
    db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID]
    area_db_ids: strawberry.Private[list[uuid.UUID]]
    name: str
    gender: Gender | None
    birth_year: int | None
    education: str | None
    kind: MediatorKind
    status: MediatorStatus
    specialties: list[CaseCategory]
    disputes_accepted: str = strawberry.field(description="受理纠纷范围（公开）")
    expertise: str = strawberry.field(description="专长（公开）")
    charges_fees: bool = strawberry.field(description="是否收费（公开）")
    profile: str = strawberry.field(description="工作经历、简介（公开）")
    term_start: date | None = strawberry.field(description="特邀调解员任期起")
    term_end: date | None = strawberry.field(description="特邀调解员任期止")
    practice_years: int | None = strawberry.field(description="律师执业年限")
    created_at: datetime

    @strawberry.field(description="名册所属机构（管理该调解员的机构；特邀调解员为法院）")
    async def tenant(self, info: Info) -> Annotated[Tenant, strawberry.lazy("concord.tenants.types")]:
        from concord.tenants.types import tenant_node

        return await tenant_node(info.context, self.tenant_db_id)

    @strawberry.field(description="所属机构（可属于多个组织）")
    async def organisations(
        self, info: Info
    ) -> list[Annotated[Tenant, strawberry.lazy("concord.tenants.types")]]:
        from concord.tenants.types import tenant_nodes

        ids = await info.context.loaders.mediators.affiliations.load(self.db_id)
        nodes = await tenant_nodes(info.context, set(ids))
        return [nodes[i] for i in ids]

    @strawberry.field(description="服务区域（街道、社区）")
    async def areas(self, info: Info) -> list[Annotated[Tenant, strawberry.lazy("concord.tenants.types")]]:
        from concord.tenants.types import tenant_nodes

        nodes = await tenant_nodes(info.context, set(self.area_db_ids))
        return [nodes[i] for i in self.area_db_ids if i in nodes]

    @strawberry.field(
        description="当前用户所在机构是否可见该调解员的名册详情（身份、证书、培训、案件、补贴）"
    )
    async def roster_details_visible(self, info: Info) -> bool:
        return await info.context.loaders.mediators.managed.load(self.db_id)

    @strawberry.field(description="身份证号（脱敏；名册详情不可见时为空）")
    async def id_number(self, info: Info) -> str | None:
        row = await info.context.loaders.mediators.identity.load(self.db_id)
        return identity.mask_id_number(row.id_number) if row else None

    @strawberry.field(description="联系电话（脱敏；名册详情不可见时为空）")
    async def phone(self, info: Info) -> str | None:
        row = await info.context.loaders.mediators.identity.load(self.db_id)
        return identity.mask_phone(row.phone) if row else None

    @classmethod
    def from_row(cls, m: MediatorModel) -> Mediator:
        return cls(
            id=strawberry.ID(to_global_id("Mediator", m.id)),
            db_id=m.id,
            tenant_db_id=m.tenant_id,
            area_db_ids=list(m.area_ids or []),
            name=m.name,
            gender=m.gender,
            birth_year=m.birth_year,
            education=m.education,
            kind=m.kind,
            status=m.status,
            specialties=[CaseCategory(s) for s in m.specialties or []],
            disputes_accepted=m.disputes_accepted,
            expertise=m.expertise,
            charges_fees=m.charges_fees,
            profile=m.profile,
            term_start=m.term_start,
            term_end=m.term_end,
            practice_years=m.practice_years,
            created_at=m.created_at,
        )

    # --- training (队伍建设; resolved by the training feature's loader, no import of its service) ---------------

    @strawberry.field(
        permission_classes=[Can("training", "read")],
        description="该年度参训学时（名册详情不可见时为空）",
    )
    async def training_hours(self, info: Info, year: int) -> Decimal | None:
        found = await info.context.loaders.training.year.load((self.db_id, _training_year(year)))
        return found.hours if found else None

    @strawberry.field(
        permission_classes=[Can("training", "read")],
        description="全年在册且该年度学时低于最低要求（CONCORD_TRAINING_MIN_HOURS）；名册详情不可见时为空",
    )
    async def training_below_minimum(self, info: Info, year: int) -> bool | None:
        found = await info.context.loaders.training.year.load((self.db_id, _training_year(year)))
        return found.below_minimum if found else None


def _training_year(year: int) -> int:
    if not 2000 <= year <= 2200:
        raise BadUserInput("年份须在2000年至2200年之间", field="year")
    return year
