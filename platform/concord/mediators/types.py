from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import strawberry

from concord.authz.permissions import Can
from concord.kit import clock, identity
from concord.kit.context import Info
from concord.kit.errors import BadUserInput, Forbidden
from concord.kit.ids import to_global_id
from concord.kit.node import Node
from concord.models import Mediator as MediatorModel
from concord.models import MediatorCertificate as CertificateModel
from concord.models import MediatorRelative as RelativeModel
from concord.models.enums import CaseCategory, Gender, MediatorKind, MediatorStatus, RelativeKind

if TYPE_CHECKING:
    from concord.assignments.types import CaseMediator, MediatorOutcomes
    from concord.mediators.viewer_can import MediatorViewerCan
    from concord.tenants.types import Tenant
    from concord.users.types import User

CHINA = ZoneInfo("Asia/Shanghai")
# A 特邀 term ending within this many days is flagged so that the court renews (or lets go) in time.
TERM_WARNING_DAYS = 60

MediatorKindEnum = strawberry.enum(
    MediatorKind, name="MediatorKind", description="调解员类别：专职、兼职、志愿者、特邀、律师、行政"
)
MediatorStatusEnum = strawberry.enum(
    MediatorStatus, name="MediatorStatus", description="名册状态：在册、暂停、退出"
)
GenderEnum = strawberry.enum(Gender, name="Gender", description="性别")
RelativeKindEnum = strawberry.enum(
    RelativeKind,
    name="RelativeKind",
    description="亲属关系：配偶、父母、子女、兄弟姐妹、其他近亲属、其他利害关系",
)


@strawberry.type(description="调解员证书（如人民调解员资格证、培训合格证）")
class MediatorCertificate:
    id: strawberry.ID
    name: str
    number: str | None
    issued_by: str | None
    issued_on: date | None
    expires_on: date | None

    @classmethod
    def from_row(cls, c: CertificateModel) -> MediatorCertificate:
        return cls(
            id=strawberry.ID(to_global_id("MediatorCertificate", c.id)),
            name=c.name,
            number=c.number,
            issued_by=c.issued_by,
            issued_on=c.issued_on,
            expires_on=c.expires_on,
        )


@strawberry.type(description="调解员申报的亲属或其他利害关系人（用于回避审查）；身份证号始终脱敏")
class MediatorRelative:
    id: strawberry.ID
    name: str
    relation: RelativeKind
    id_number: str | None = strawberry.field(description="身份证号（脱敏）")

    @classmethod
    def from_row(cls, r: RelativeModel) -> MediatorRelative:
        return cls(
            id=strawberry.ID(to_global_id("MediatorRelative", r.id)),
            name=r.name,
            relation=r.relation,
            id_number=identity.mask_id_number(r.id_number),
        )


def _reveal(info: Info, mediator_id: uuid.UUID, field: str) -> None:
    """Unmasked identity data needs `mediator:read_identity`; every unmasked read is recorded (one
    `mediator.identity.read` event per mediator per request, trail/hooks.record_sensitive_reads)."""
    ctx = info.context
    if not ctx.can("mediator", "read_identity"):
        raise Forbidden("当前角色无权查看完整身份信息", field=field)
    ctx.sensitive_reads.append(("mediator", mediator_id, None, field))


@strawberry.type(
    description="调解员：名册上的人（可关联用户账号）。公开字段人人可见（在线调解规则第5条）；"
    "身份信息等名册详情仅所属机构、其上级和指导机构可见，身份证号和电话默认脱敏。"
)
class Mediator(Node):
    db_id: strawberry.Private[uuid.UUID]
    tenant_db_id: strawberry.Private[uuid.UUID]
    area_db_ids: strawberry.Private[list[uuid.UUID]]
    user_db_id: strawberry.Private[uuid.UUID | None]
    detail_status_reason: strawberry.Private[str | None]
    detail_practice_no: strawberry.Private[str | None]
    detail_version: strawberry.Private[int]
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

    @strawberry.field(
        description="身份证号（脱敏；名册详情不可见时为空）；reveal 为真时显示完整号码（需相应权限，并留痕）"
    )
    async def id_number(self, info: Info, reveal: bool = False) -> str | None:
        row = await info.context.loaders.mediators.identity.load(self.db_id)
        if row is None or row.id_number is None:
            return None
        if reveal:
            _reveal(info, self.db_id, "idNumber")
            return row.id_number
        return identity.mask_id_number(row.id_number)

    @strawberry.field(
        description="联系电话（脱敏；名册详情不可见时为空）；reveal 为真时显示完整号码（需相应权限，并留痕）"
    )
    async def phone(self, info: Info, reveal: bool = False) -> str | None:
        row = await info.context.loaders.mediators.identity.load(self.db_id)
        if row is None or row.phone is None:
            return None
        if reveal:
            _reveal(info, self.db_id, "phone")
            return row.phone
        return identity.mask_phone(row.phone)

    async def _details(self, info: Info) -> bool:
        return await info.context.loaders.mediators.managed.load(self.db_id)

    @strawberry.field(description="暂停、退出的理由（名册详情）")
    async def status_reason(self, info: Info) -> str | None:
        return self.detail_status_reason if await self._details(info) else None

    @strawberry.field(description="律师执业证号（名册详情）")
    async def practice_certificate_no(self, info: Info) -> str | None:
        return self.detail_practice_no if await self._details(info) else None

    @strawberry.field(description="名册记录版本（修改时作 expectedVersion；名册详情）")
    async def version(self, info: Info) -> int | None:
        return self.detail_version if await self._details(info) else None

    @strawberry.field(description="证书（名册详情）")
    async def certificates(self, info: Info) -> list[MediatorCertificate]:
        rows = await info.context.loaders.mediators.certificates.load(self.db_id)
        return [MediatorCertificate.from_row(r) for r in rows]

    @strawberry.field(description="申报的亲属和利害关系人（名册详情，用于回避审查）")
    async def relatives(self, info: Info) -> list[MediatorRelative]:
        rows = await info.context.loaders.mediators.relatives.load(self.db_id)
        return [MediatorRelative.from_row(r) for r in rows]

    @strawberry.field(description="关联的用户账号（名册详情）")
    async def user(self, info: Info) -> Annotated[User, strawberry.lazy("concord.users.types")] | None:
        if self.user_db_id is None or not await self._details(info):
            return None
        from concord.users.types import User

        row = await info.context.loaders.mediators.user.load(self.user_db_id)
        return User.from_row(row) if row else None

    @strawberry.field(description="特邀调解员任期已届满")
    def term_expired(self) -> bool:
        return self.term_end is not None and self.term_end < _today()

    @strawberry.field(description=f"特邀调解员任期将在{TERM_WARNING_DAYS}日内届满，需续聘或解聘")
    def term_expires_soon(self) -> bool:
        today = _today()
        return self.term_end is not None and today <= self.term_end <= today + timedelta(
            days=TERM_WARNING_DAYS
        )

    @strawberry.field(description="当前用户可对该调解员执行的操作；页面据此显示按钮")
    async def viewer_can(
        self, info: Info
    ) -> Annotated[MediatorViewerCan, strawberry.lazy("concord.mediators.viewer_can")]:
        from concord.mediators.viewer_can import viewer_can

        return await viewer_can(info, self.db_id, self.kind, self.status)

    # Cases and outcomes (承办案件、调解成效): the assignments feature's, through the request's loaders, and
    # only on cases the viewer sees.
    @strawberry.field(description="当前在办案件数（仅统计当前用户可见的案件）")
    async def case_load(self, info: Info) -> int:
        stats = await info.context.loaders.assignments.outcomes.load(self.db_id)
        return int(stats.open_cases)

    @strawberry.field(description="承办案件（当前用户可见的），最新指派的在前")
    async def cases(
        self, info: Info, first: int = 20
    ) -> list[Annotated[CaseMediator, strawberry.lazy("concord.assignments.types")]]:
        if not 1 <= first <= 100:
            from concord.kit.errors import BadUserInput

            raise BadUserInput("first 须在1到100之间", field="first")
        rows: list[CaseMediator] = await info.context.loaders.assignments.mediator_cases.load(
            (self.db_id, first)
        )
        return rows

    @strawberry.field(description="调解成效：主办案件的履行完毕与调解不成（仅统计当前用户可见的案件）")
    async def outcomes(
        self, info: Info
    ) -> Annotated[MediatorOutcomes, strawberry.lazy("concord.assignments.types")]:
        stats: MediatorOutcomes = await info.context.loaders.assignments.outcomes.load(self.db_id)
        return stats

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

    @classmethod
    def from_row(cls, m: MediatorModel) -> Mediator:
        return cls(
            id=strawberry.ID(to_global_id("Mediator", m.id)),
            db_id=m.id,
            tenant_db_id=m.tenant_id,
            area_db_ids=list(m.area_ids or []),
            user_db_id=m.user_id,
            detail_status_reason=m.status_reason,
            detail_practice_no=m.practice_certificate_no,
            detail_version=m.version,
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


def _today() -> date:
    return clock.now().astimezone(CHINA).date()


def _training_year(year: int) -> int:
    if not 2000 <= year <= 2200:
        raise BadUserInput("年份须在2000年至2200年之间", field="year")
    return year
