"""The subscribers' outbox, written by the trail: the recorder already knows, for every change, the object
type and id, the case and the action, and it flushes just before every commit; so the outbox rows are derived
there, in the same transaction as the change — a rolled-back mutation leaves no event, and nothing is lost when
no one listens. concord.events reads them."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.models import AuditEvent
from concord.models.enums import ReferralStatus
from concord.trail import repository


class EventKind(enum.StrEnum):
    CASE_CREATED = "CASE_CREATED"
    CASE_STATUS_CHANGED = "CASE_STATUS_CHANGED"
    CASE_UPDATED = "CASE_UPDATED"
    REFERRAL_SENT = "REFERRAL_SENT"
    REFERRAL_SIGNED_FOR = "REFERRAL_SIGNED_FOR"
    REFERRAL_ACCEPTED = "REFERRAL_ACCEPTED"
    REFERRAL_IN_PROGRESS = "REFERRAL_IN_PROGRESS"
    REFERRAL_REPORTED = "REFERRAL_REPORTED"
    REFERRAL_APPROVED = "REFERRAL_APPROVED"
    REFERRAL_CLOSED = "REFERRAL_CLOSED"
    REFERRAL_RETURNED = "REFERRAL_RETURNED"
    REFERRAL_RECALLED = "REFERRAL_RECALLED"
    REFERRAL_SENT_BACK = "REFERRAL_SENT_BACK"
    REFERRAL_UPDATED = "REFERRAL_UPDATED"


_REFERRAL_KINDS = {s.value: EventKind(f"REFERRAL_{s.value}") for s in ReferralStatus}


def _after(changes: dict[str, Any] | None, key: str) -> Any:
    pair = (changes or {}).get(key)
    return pair[1] if isinstance(pair, list) and len(pair) == 2 else None


def kind_of(event: AuditEvent) -> EventKind | None:
    """The outbox kind of an audit event, or None for events subscribers are not told about."""
    if event.case_id is None:
        return None
    status = _after(event.changes, "status")
    if event.object_type == "Referral":
        return _REFERRAL_KINDS.get(status, EventKind.REFERRAL_UPDATED)
    if event.object_type == "Case":
        if event.action == "case.create":
            return EventKind.CASE_CREATED
        return EventKind.CASE_STATUS_CHANGED if status else EventKind.CASE_UPDATED
    return None


def outbox_rows(events: Sequence[AuditEvent], acting_tenant: Any) -> list[dict[str, Any]]:
    rows = []
    for ev in events:
        kind = kind_of(ev)
        tenant = acting_tenant or ev.tenant_id
        if kind is None or tenant is None:
            continue
        # Ids, status and version only: the outbox is read by many; personal data stays in the tables.
        payload = {
            "action": ev.action,
            "status": _after(ev.changes, "status"),
            "version": _after(ev.changes, "version"),
        }
        rows.append(
            {
                "tenant_id": tenant,
                "case_id": ev.case_id,
                "referral_id": ev.object_id if ev.object_type == "Referral" else None,
                "kind": kind.value,
                "payload": {k: v for k, v in payload.items() if v is not None},
                "created_at": ev.occurred_at,
            }
        )
    return rows


async def write_for_audit(session: AsyncSession, events: Sequence[AuditEvent]) -> None:
    """Called by the audit recorder's flush, the last write before commit (the outbox lock is held from here
    to the commit, so nothing may follow it that waits on another transaction)."""
    ctx = session.sync_session.info.get("db_context")
    await repository.insert_outbox(session, outbox_rows(events, getattr(ctx, "tenant_id", None)))
