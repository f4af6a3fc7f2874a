"""Recording audit events. Services call `record(session, …)` next to the change they make; the events are
chained and written by `flush_events` at the end of the same transaction, just before commit, so a failed
mutation leaves neither change nor event, and the chain head is locked only for that short moment."""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.db.base import new_id, utcnow
from concord.models.audit import SYSTEM_CHAIN, AuditEvent
from concord.trail import repository
from concord.trail.chain import link_hash
from concord.trail.outbox import write_for_audit

# Never written to the trail, whatever a caller passes.
SECRET_FIELDS = frozenset({"password", "password_hash", "secret", "client_secret", "secret_hash", "token"})


@dataclass(frozen=True)
class Actor:
    type: str  # "user", "client" or "anonymous"
    id: uuid.UUID | None
    name: str
    tenant_id: uuid.UUID | None


ANONYMOUS = Actor("anonymous", None, "anonymous", None)


@dataclass
class Recorder:
    actor: Actor
    request_id: str | None
    client_addr: str | None
    pending: list[AuditEvent] = field(default_factory=list)
    enabled: bool = True  # only the write-overhead benchmark turns this off


def attach(session: AsyncSession, recorder: Recorder) -> Recorder:
    session.sync_session.info["audit"] = recorder
    return recorder


def recorder_of(session: AsyncSession) -> Recorder:
    rec: Recorder | None = session.sync_session.info.get("audit")
    if rec is None:
        raise RuntimeError("no audit recorder attached to this session: every change must be recorded")
    return rec


def has_pending(session: AsyncSession) -> bool:
    """Whether events wait to be written before this session's commit."""
    rec: Recorder | None = session.sync_session.info.get("audit")
    return rec is not None and bool(rec.pending)


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed; secrets are dropped."""
    out: dict[str, list[Any]] = {}
    for key in before.keys() | after.keys():
        if key in SECRET_FIELDS:
            continue
        b, a = jsonable(before.get(key)), jsonable(after.get(key))
        if b != a:
            out[key] = [b, a]
    return out


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    return diff({}, values)


def record(
    session: AsyncSession,
    action: str,
    object_type: str,
    object_id: uuid.UUID | None,
    *,
    case_id: uuid.UUID | None = None,
    conference_id: uuid.UUID | None = None,
    changes: dict[str, list[Any]] | None = None,
    actor: Actor | None = None,
) -> None:
    rec = recorder_of(session)
    if not rec.enabled:
        return
    who = actor or rec.actor
    rec.pending.append(
        AuditEvent(
            id=new_id(),
            chain_id=who.tenant_id or SYSTEM_CHAIN,
            occurred_at=utcnow(),
            tenant_id=who.tenant_id,
            actor_type=who.type,
            actor_id=who.id,
            actor_name=who.name,
            action=action,
            object_type=object_type,
            object_id=object_id,
            case_id=case_id,
            conference_id=conference_id,
            request_id=rec.request_id,
            client_addr=rec.client_addr,
            changes={k: v for k, v in (changes or {}).items() if k not in SECRET_FIELDS},
        )
    )


async def flush_events(session: AsyncSession) -> int:
    """Chain and insert the pending events, one chain at a time in a fixed order (no deadlocks between chains)."""
    rec = session.sync_session.info.get("audit")
    if rec is None or not rec.pending:
        return 0
    events, rec.pending = rec.pending, []
    by_chain: dict[uuid.UUID, list[AuditEvent]] = defaultdict(list)
    for ev in events:
        by_chain[ev.chain_id].append(ev)
    for chain_id in sorted(by_chain):
        chain = by_chain[chain_id]
        seq, prev = await repository.lock_head(session, chain_id, chain[0].tenant_id)
        for ev in chain:
            seq += 1
            ev.seq, ev.prev_hash = seq, prev
            ev.hash = prev = link_hash(prev, ev)
        await repository.insert_events(session, chain)
        await repository.advance_head(session, chain_id, seq, prev)
    # Subscribers' outbox, derived from the same events in the same transaction; last, see write_for_audit.
    await write_for_audit(session, events)
    return len(events)
