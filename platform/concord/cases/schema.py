from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import strawberry

from concord.authz.permissions import Can
from concord.authz.visibility import VisibleTo
from concord.cases import repository, service
from concord.cases.prefetch import prefetch_cases
from concord.cases.types import Case, Party
from concord.kit.context import Info, ResolverContext
from concord.kit.ids import decode_id
from concord.kit.node import register_node
from concord.kit.pagination import Connection, Page, build_connection, page_args
from concord.kit.selection import selects
from concord.models.enums import CaseCategory, CaseStatus, DeadlineStatus, PartyKind, PartyRole, SourceChannel


async def _fetch_node(ctx: ResolverContext, id_: uuid.UUID) -> Case | None:
    row = await ctx.loaders.cases.case.load(id_)
    return Case.from_row(row) if row else None


async def _fetch_party(ctx: ResolverContext, id_: uuid.UUID) -> Party | None:
    row = await ctx.loaders.cases.party.load(id_)
    return Party.from_row(row) if row else None


register_node("Case", _fetch_node)
register_node("Party", _fetch_party)


@strawberry.input(description="案件筛选条件")
class CaseFilter:
    status: CaseStatus | None = None
    category: CaseCategory | None = None
    owner_tenant_id: strawberry.ID | None = None
    text: str | None = strawberry.field(default=None, description="标题中包含的文字")


@strawberry.input(description="当事人")
class PartyInput:
    name: str
    kind: PartyKind
    role: PartyRole
    id_number: str | None = strawberry.field(
        default=None, description="身份证号（自然人）或统一社会信用代码（组织）"
    )
    phone: str | None = None


@strawberry.input(description="登记新案件")
class CreateCaseInput:
    title: str
    category: CaseCategory
    source_channel: SourceChannel
    parties: list[PartyInput]
    description: str = ""
    amount_in_dispute: Decimal | None = None
    people_involved: int | None = None


@strawberry.type
class CreateCasePayload:
    case: Case


@strawberry.type
class CaseQuery:
    @strawberry.field(permission_classes=[Can("case", "read")], description="本机构可见的案件，最新的在前")
    async def cases(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: CaseFilter | None = None,
    ) -> Connection[Case]:
        ctx = info.context
        page = page_args(first, after)
        f = filter or CaseFilter()
        criteria = repository.CaseFilter(
            status=f.status,
            category=f.category,
            owner_tenant_id=decode_id(f.owner_tenant_id, "Tenant", "filter.ownerTenantId")
            if f.owner_tenant_id
            else None,
            text=(f.text or "").strip() or None,
        )
        viewer = VisibleTo.of(ctx.require_principal())
        rows = await repository.list_visible(ctx.session, viewer, page, criteria)
        total = (
            await repository.count_visible(ctx.session, viewer, criteria)
            if selects(info, "totalCount")
            else None
        )
        return await _connection(info, rows, page, total)

    @strawberry.field(
        permission_classes=[Can("case", "read")], description="有超期期限的案件（本机构及下级机构可见范围）"
    )
    async def overdue_cases(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Case]:
        return await _flagged(info, first, after, DeadlineStatus.OVERDUE)

    @strawberry.field(permission_classes=[Can("case", "read")], description="有即将到期期限的案件")
    async def due_soon_cases(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Case]:
        return await _flagged(info, first, after, DeadlineStatus.DUE_SOON)

    @strawberry.field(
        permission_classes=[Can("case", "read")],
        description="建议召开联席会议的案件（多部门涉及或反复退回），附原因",
    )
    async def conference_proposals(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Case]:
        ctx = info.context
        page = page_args(first, after)
        rows = await repository.list_needing_conference(
            ctx.session, VisibleTo.of(ctx.require_principal()), page
        )
        return await _connection(info, rows, page)


async def _flagged(
    info: Info, first: int | None, after: str | None, status: DeadlineStatus
) -> Connection[Case]:
    ctx = info.context
    page = page_args(first, after)
    rows = await repository.list_with_deadline_status(
        ctx.session, VisibleTo.of(ctx.require_principal()), page, status
    )
    return await _connection(info, rows, page)


async def _connection(
    info: Info, rows: Sequence[Any], page: Page, total: int | None = None
) -> Connection[Case]:
    """A page of cases, with what the query selects under them fetched ahead (cases/prefetch.py)."""
    conn = build_connection(rows, page, Case.from_row, lambda r: (r.created_at, r.id), total)
    await prefetch_cases(info, [e.node for e in conn.edges])
    return conn


@strawberry.type
class CaseMutation:
    @strawberry.mutation(permission_classes=[Can("case", "create")], description="登记案件，由本机构主办")
    async def create_case(self, info: Info, input: CreateCaseInput) -> CreateCasePayload:
        ctx = info.context
        data = service.NewCase(
            title=input.title,
            category=input.category,
            source_channel=input.source_channel,
            description=input.description,
            amount_in_dispute=input.amount_in_dispute,
            people_involved=input.people_involved,
            parties=[
                service.PartyData(name=p.name, kind=p.kind, role=p.role, id_number=p.id_number, phone=p.phone)
                for p in input.parties
            ],
        )
        case = await service.create_case(ctx.session, ctx.require_principal(), data)
        return CreateCasePayload(case=Case.from_row(case))
