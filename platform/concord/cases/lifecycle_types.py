"""GraphQL types of the lifecycle overlays: deadlines and triage suggestions."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from concord.cases.types import Case
from concord.kit.ids import to_global_id
from concord.models import Deadline as DeadlineModel
from concord.models.enums import DeadlineStatus, Track

DeadlineStatusEnum = strawberry.enum(DeadlineStatus, name="DeadlineStatus", description="期限状态")


@strawberry.type(description="法定或转介期限：规则、到期日，以及日期是怎么算出来的")
class CaseDeadline:
    id: strawberry.ID
    db_id: strawberry.Private[uuid.UUID]
    track: Track
    step: str
    start_date: date
    due_date: date
    due_at: datetime
    paused_days: int
    extensions: int
    status: DeadlineStatus
    explanation: str
    legal_basis: str | None
    starts_from: str | None = strawberry.field(description="起算事件（如“受理之日”“签收法院移交材料之日”）")
    rule_name: str | None
    status_reason: str | None

    @classmethod
    def from_row(cls, d: DeadlineModel) -> CaseDeadline:
        return cls(
            id=strawberry.ID(to_global_id("Deadline", d.id)),
            db_id=d.id,
            track=d.track,
            step=d.step,
            start_date=d.start_date,
            due_date=d.due_date,
            due_at=d.due_at,
            paused_days=d.paused_days,
            extensions=d.extensions,
            status=d.status,
            explanation=d.explanation,
            legal_basis=d.rule.get("legal_basis"),
            starts_from=d.rule.get("starts_from"),
            rule_name=d.rule.get("name"),
            status_reason=d.status_reason,
        )


@strawberry.type
class CasePayload:
    case: Case
