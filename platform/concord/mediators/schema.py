from __future__ import annotations

import uuid
from datetime import date

import strawberry

from concord.authz.permissions import Can
from concord.authz.visibility import VisibleTo
from concord.kit.context import Info, ResolverContext
from concord.kit.ids import decode_id
from concord.kit.node import register_node
from concord.kit.pagination import Connection, build_connection, page_args
from concord.mediators import repository, service
from concord.mediators.types import Mediator
from concord.models.enums import CaseCategory, Gender, MediatorKind, MediatorStatus


async def _fetch_node(ctx: ResolverContext, id_: uuid.UUID) -> Mediator | None:
    row = await ctx.loaders.mediators.mediator.load(id_)
    return Mediator.from_row(row) if row else None


register_node("Mediator", _fetch_node)


@strawberry.input(description="调解员筛选条件")
class MediatorFilter:
    kind: MediatorKind | None = None
    status: MediatorStatus | None = None
    specialty: CaseCategory | None = None
    tenant_id: strawberry.ID | None = strawberry.field(default=None, description="所属机构")
    search: str | None = strawberry.field(default=None, description="姓名包含")
    public_roster: bool = strawberry.field(
        default=False,
        description="为真时列出公开名册（各机构在册调解员的公开字段）；否则列出本机构管理的调解员和本机构可见案件上的调解员",
    )


@strawberry.input(description="新增调解员（列入名册）")
class CreateMediatorInput:
    tenant_id: strawberry.ID = strawberry.field(description="名册所属机构（特邀调解员为法院或诉调对接中心）")
    name: str
    kind: MediatorKind
    specialties: list[CaseCategory] = strawberry.field(default_factory=list)
    organisation_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="同时所属的其他机构"
    )
    area_ids: list[strawberry.ID] = strawberry.field(default_factory=list, description="服务的街道、社区")
    gender: Gender | None = None
    birth_year: int | None = None
    education: str | None = None
    id_number: str | None = None
    phone: str | None = None
    term_start: date | None = None
    term_end: date | None = None
    practice_certificate_no: str | None = None
    practice_years: int | None = None
    disputes_accepted: str = ""
    expertise: str = ""
    charges_fees: bool = False
    profile: str = ""
    user_id: strawberry.ID | None = None


@strawberry.type
class MediatorPayload:
    mediator: Mediator


@strawberry.type
class MediatorQuery:
    @strawberry.field(
        permission_classes=[Can("mediator", "read")],
        description="调解员名册：本机构管理的调解员（含下级和指导范围），或 publicRoster 为真时的公开名册",
    )
    async def mediators(
        self,
        info: Info,
        filter: MediatorFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Mediator]:
        ctx = info.context
        f = filter or MediatorFilter()
        page = page_args(first, after)
        criteria = repository.MediatorFilter(
            kind=f.kind,
            status=f.status,
            specialty=f.specialty.value if f.specialty else None,
            tenant_id=decode_id(f.tenant_id, "Tenant", "filter.tenantId") if f.tenant_id else None,
            search=(f.search or "").strip()[:100] or None,
            public_roster=f.public_roster,
        )
        rows = await repository.page(ctx.session, VisibleTo.of(ctx.require_principal()), page, criteria)
        return build_connection(rows, page, Mediator.from_row, lambda r: (r.created_at, r.id))


@strawberry.type
class MediatorMutation:
    @strawberry.mutation(permission_classes=[Can("mediator", "manage")], description="新增调解员（列入名册）")
    async def create_mediator(self, info: Info, input: CreateMediatorInput) -> MediatorPayload:
        ctx = info.context
        data = service.MediatorData(
            tenant_id=decode_id(input.tenant_id, "Tenant", "tenantId"),
            name=input.name,
            kind=input.kind,
            specialties=input.specialties,
            organisation_ids=[decode_id(i, "Tenant", "organisationIds") for i in input.organisation_ids],
            area_ids=[decode_id(i, "Tenant", "areaIds") for i in input.area_ids],
            gender=input.gender,
            birth_year=input.birth_year,
            education=input.education,
            id_number=input.id_number,
            phone=input.phone,
            term_start=input.term_start,
            term_end=input.term_end,
            practice_certificate_no=input.practice_certificate_no,
            practice_years=input.practice_years,
            disputes_accepted=input.disputes_accepted,
            expertise=input.expertise,
            charges_fees=input.charges_fees,
            profile=input.profile,
            user_id=decode_id(input.user_id, "User", "userId") if input.user_id else None,
        )
        mediator = await service.create_mediator(ctx.session, ctx.require_principal(), data)
        return MediatorPayload(mediator=Mediator.from_row(mediator))
