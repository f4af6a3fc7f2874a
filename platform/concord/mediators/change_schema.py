"""Roster management mutations (名册管理): all need `mediator:manage` and a mediator the acting tenant manages."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from concord.authz.permissions import Can
from concord.kit.context import Info
from concord.kit.ids import decode_id
from concord.mediators import changes, records
from concord.mediators.types import Mediator, MediatorCertificate, MediatorRelative
from concord.models.enums import CaseCategory, Gender, MediatorStatus, RelativeKind

MANAGE = [Can("mediator", "manage")]


@strawberry.input(description="修改调解员名册信息；未提供的字段保持不变，身份证号、电话传空字符串为清除")
class UpdateMediatorInput:
    mediator_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="读取时的 version；与当前不一致时返回 CONFLICT（防止覆盖他人的修改）"
    )
    name: str | None = strawberry.UNSET
    gender: Gender | None = strawberry.UNSET
    birth_year: int | None = strawberry.UNSET
    education: str | None = strawberry.UNSET
    specialties: list[CaseCategory] | None = strawberry.UNSET
    area_ids: list[strawberry.ID] | None = strawberry.UNSET
    id_number: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    term_start: date | None = strawberry.UNSET
    term_end: date | None = strawberry.UNSET
    practice_certificate_no: str | None = strawberry.UNSET
    practice_years: int | None = strawberry.UNSET
    disputes_accepted: str | None = strawberry.UNSET
    expertise: str | None = strawberry.UNSET
    charges_fees: bool | None = strawberry.UNSET
    profile: str | None = strawberry.UNSET


@strawberry.input(description="变更名册状态：在册、暂停、退出（暂停和退出须说明理由；退出为最终状态）")
class SetMediatorStatusInput:
    mediator_id: strawberry.ID
    status: MediatorStatus
    reason: str | None = None
    expected_version: int | None = None


@strawberry.input(description="调解员所属机构")
class MediatorOrganisationInput:
    mediator_id: strawberry.ID
    tenant_id: strawberry.ID


@strawberry.input(description="登记调解员证书")
class AddMediatorCertificateInput:
    mediator_id: strawberry.ID
    name: str
    number: str | None = None
    issued_by: str | None = None
    issued_on: date | None = None
    expires_on: date | None = None


@strawberry.input(description="申报亲属或其他利害关系人（回避审查依据）")
class DeclareMediatorRelativeInput:
    mediator_id: strawberry.ID
    name: str
    relation: RelativeKind
    id_number: str | None = None


@strawberry.input(description="关联（userId 为空时解除关联）调解员的用户账号")
class LinkMediatorUserInput:
    mediator_id: strawberry.ID
    user_id: strawberry.ID | None = None


@strawberry.input(description="续聘特邀调解员：自当前任期届满次日起再聘两年")
class RenewMediatorTermInput:
    mediator_id: strawberry.ID
    expected_version: int | None = None


@strawberry.type
class MediatorChangePayload:
    mediator: Mediator


@strawberry.type
class MediatorCertificatePayload:
    mediator: Mediator
    certificate: MediatorCertificate


@strawberry.type
class MediatorRelativePayload:
    mediator: Mediator
    relative: MediatorRelative


_PLAIN = (
    "name",
    "gender",
    "birth_year",
    "education",
    "id_number",
    "phone",
    "term_start",
    "term_end",
    "practice_certificate_no",
    "practice_years",
    "disputes_accepted",
    "expertise",
    "profile",
)


def _patch(input: UpdateMediatorInput) -> changes.MediatorPatch:
    """GraphQL's unset becomes the service's UNSET; a list or flag given as null is left unchanged."""
    values: dict[str, Any] = {}
    for name in _PLAIN:
        value = getattr(input, name)
        if value is not strawberry.UNSET:
            values[name] = value
    if input.specialties is not strawberry.UNSET and input.specialties is not None:
        values["specialties"] = input.specialties
    if input.area_ids is not strawberry.UNSET and input.area_ids is not None:
        values["area_ids"] = [decode_id(i, "Tenant", "areaIds") for i in input.area_ids]
    if input.charges_fees is not strawberry.UNSET and input.charges_fees is not None:
        values["charges_fees"] = input.charges_fees
    return changes.MediatorPatch(**values)


def _mediator_id(value: strawberry.ID) -> Any:
    return decode_id(value, "Mediator", "mediatorId")


@strawberry.type
class MediatorChangeMutation:
    @strawberry.mutation(permission_classes=MANAGE, description="修改调解员名册信息")
    async def update_mediator(self, info: Info, input: UpdateMediatorInput) -> MediatorChangePayload:
        ctx = info.context
        m = await changes.update_mediator(
            ctx.session,
            ctx.require_principal(),
            _mediator_id(input.mediator_id),
            _patch(input),
            input.expected_version,
        )
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(permission_classes=MANAGE, description="暂停、恢复或退出名册")
    async def set_mediator_status(self, info: Info, input: SetMediatorStatusInput) -> MediatorChangePayload:
        ctx = info.context
        m = await changes.set_status(
            ctx.session,
            ctx.require_principal(),
            _mediator_id(input.mediator_id),
            input.status,
            input.reason,
            input.expected_version,
        )
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(permission_classes=MANAGE, description="增加调解员所属机构")
    async def add_mediator_organisation(
        self, info: Info, input: MediatorOrganisationInput
    ) -> MediatorChangePayload:
        ctx = info.context
        m = await records.add_organisation(
            ctx.session,
            ctx.require_principal(),
            _mediator_id(input.mediator_id),
            decode_id(input.tenant_id, "Tenant", "tenantId"),
        )
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(permission_classes=MANAGE, description="移除调解员所属机构（名册所属机构不能移除）")
    async def remove_mediator_organisation(
        self, info: Info, input: MediatorOrganisationInput
    ) -> MediatorChangePayload:
        ctx = info.context
        m = await records.remove_organisation(
            ctx.session,
            ctx.require_principal(),
            _mediator_id(input.mediator_id),
            decode_id(input.tenant_id, "Tenant", "tenantId"),
        )
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(permission_classes=MANAGE, description="登记调解员证书")
    async def add_mediator_certificate(
        self, info: Info, input: AddMediatorCertificateInput
    ) -> MediatorCertificatePayload:
        ctx = info.context
        data = records.CertificateData(
            name=input.name,
            number=input.number,
            issued_by=input.issued_by,
            issued_on=input.issued_on,
            expires_on=input.expires_on,
        )
        mediator_id = _mediator_id(input.mediator_id)
        row = await records.add_certificate(ctx.session, ctx.require_principal(), mediator_id, data)
        m = await ctx.loaders.mediators.mediator.load(mediator_id)
        assert m is not None
        return MediatorCertificatePayload(
            mediator=Mediator.from_row(m), certificate=MediatorCertificate.from_row(row)
        )

    @strawberry.mutation(permission_classes=MANAGE, description="删除调解员证书")
    async def remove_mediator_certificate(
        self, info: Info, certificate_id: strawberry.ID
    ) -> MediatorChangePayload:
        ctx = info.context
        cert_id = decode_id(certificate_id, "MediatorCertificate", "certificateId")
        m = await records.remove_certificate(ctx.session, ctx.require_principal(), cert_id)
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(
        permission_classes=MANAGE, description="申报调解员的亲属或利害关系人（回避审查依据）"
    )
    async def declare_mediator_relative(
        self, info: Info, input: DeclareMediatorRelativeInput
    ) -> MediatorRelativePayload:
        ctx = info.context
        mediator_id = _mediator_id(input.mediator_id)
        row = await records.declare_relative(
            ctx.session, ctx.require_principal(), mediator_id, input.name, input.relation, input.id_number
        )
        m = await ctx.loaders.mediators.mediator.load(mediator_id)
        assert m is not None
        return MediatorRelativePayload(mediator=Mediator.from_row(m), relative=MediatorRelative.from_row(row))

    @strawberry.mutation(permission_classes=MANAGE, description="删除亲属申报")
    async def remove_mediator_relative(self, info: Info, relative_id: strawberry.ID) -> MediatorChangePayload:
        ctx = info.context
        rel_id = decode_id(relative_id, "MediatorRelative", "relativeId")
        m = await records.remove_relative(ctx.session, ctx.require_principal(), rel_id)
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(permission_classes=MANAGE, description="关联或解除调解员的用户账号")
    async def link_mediator_user(self, info: Info, input: LinkMediatorUserInput) -> MediatorChangePayload:
        ctx = info.context
        user_id = decode_id(input.user_id, "User", "userId") if input.user_id else None
        m = await changes.link_user(
            ctx.session, ctx.require_principal(), _mediator_id(input.mediator_id), user_id
        )
        return MediatorChangePayload(mediator=Mediator.from_row(m))

    @strawberry.mutation(permission_classes=MANAGE, description="续聘特邀调解员（法院）")
    async def renew_mediator_term(self, info: Info, input: RenewMediatorTermInput) -> MediatorChangePayload:
        ctx = info.context
        m = await changes.renew_term(
            ctx.session, ctx.require_principal(), _mediator_id(input.mediator_id), input.expected_version
        )
        return MediatorChangePayload(mediator=Mediator.from_row(m))
