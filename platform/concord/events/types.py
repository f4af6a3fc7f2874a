"""The events a subscriber receives. Objects are resolved through the request-style loaders of the event's
own short-lived session, so they show what the subscriber may see now (masked identity data included)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry

from concord.cases.types import Case
from concord.events.service import encode_cursor
from concord.kit.context import Info
from concord.kit.errors import NotFound
from concord.models import EventOutbox
from concord.referrals.types import Referral
from concord.tenants.types import Tenant
from concord.trail.outbox import EventKind

EventKindEnum = strawberry.enum(
    EventKind, name="EventKind", description="事件类型：案件登记、状态变更、转介发送、签收、受理、退回等"
)


async def _case(info: Info, case_id: uuid.UUID) -> Case:
    row = await info.context.loaders.cases.case.load(case_id)
    if row is None:
        raise NotFound()
    return Case.from_row(row)


async def _tenant(info: Info, tenant_id: uuid.UUID) -> Tenant:
    row = await info.context.loaders.tenants.tenant.load(tenant_id)
    if row is None:
        raise NotFound()
    return Tenant.from_row(row)


@strawberry.interface(description="推送的一条事件")
class SubscriptionEvent:
    cursor: str = strawberry.field(description="事件游标：断线后以 after 传回，可补收错过的事件")
    kind: EventKind = strawberry.field(description="事件类型")
    occurred_at: datetime = strawberry.field(description="发生时间")
    status: str | None = strawberry.field(description="事件发生后对象的状态")
    version: int | None = strawberry.field(description="事件发生后对象的版本号（转介）")
    tenant_db_id: strawberry.Private[uuid.UUID]
    case_db_id: strawberry.Private[uuid.UUID]
    referral_db_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="引起事件的机构")
    async def by_tenant(self, info: Info) -> Tenant:
        return await _tenant(info, self.tenant_db_id)

    @strawberry.field(description="案件（当前状态）")
    async def case(self, info: Info) -> Case:
        return await _case(info, self.case_db_id)

    @classmethod
    def fields_of(cls, row: EventOutbox) -> dict[str, Any]:
        payload = row.payload or {}
        return {
            "cursor": encode_cursor(row.id),
            "kind": EventKind(row.kind),
            "occurred_at": row.created_at,
            "status": payload.get("status"),
            "version": payload.get("version"),
            "tenant_db_id": row.tenant_id,
            "case_db_id": row.case_id,
            "referral_db_id": row.referral_id,
        }


@strawberry.type(description="本机构收发的转介的事件（referralEvents 推送）")
class ReferralUpdate(SubscriptionEvent):
    @strawberry.field(description="转介（当前状态）")
    async def referral(self, info: Info) -> Referral:
        row = None
        if self.referral_db_id is not None:
            row = await info.context.loaders.referrals.referral.load(self.referral_db_id)
        if row is None:
            raise NotFound()
        return Referral.from_row(row)

    @classmethod
    def from_row(cls, row: EventOutbox) -> ReferralUpdate:
        return cls(**cls.fields_of(row))


@strawberry.type(description="一个案件的事件（caseEvents 推送）")
class CaseUpdate(SubscriptionEvent):
    @strawberry.field(description="涉及的转介（转介事件时）")
    async def referral(self, info: Info) -> Referral | None:
        if self.referral_db_id is None:
            return None
        row = await info.context.loaders.referrals.referral.load(self.referral_db_id)
        return Referral.from_row(row) if row is not None else None

    @classmethod
    def from_row(cls, row: EventOutbox) -> CaseUpdate:
        return cls(**cls.fields_of(row))
