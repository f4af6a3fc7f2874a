"""The hash chain: canonical JSON of an event, its hash, and verification of a whole chain."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from concord.models.audit import GENESIS_HASH, AuditEvent

HASHED_FIELDS = (
    "id", "chain_id", "seq", "occurred_at", "tenant_id", "actor_type", "actor_id", "actor_name", "action",
    "object_type", "object_id", "case_id", "conference_id", "request_id", "client_addr", "changes",
)  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(event: AuditEvent) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same bytes whether the event is in memory or read back."""
    return orjson.dumps({f: _plain(getattr(event, f)) for f in HASHED_FIELDS}, option=orjson.OPT_SORT_KEYS)


def link_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(event)).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """A position recorded outside the database (a signed checkpoint): the chain must still pass through it."""

    seq: int
    event_id: uuid.UUID
    hash: str


@dataclass
class ChainReport:
    chain_id: uuid.UUID
    checked: int
    first_broken: uuid.UUID | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken is None and self.problem is None


def verify_chain(
    chain_id: uuid.UUID,
    events: Iterable[AuditEvent],
    head: tuple[int, str] | None,
    anchor: Anchor | None = None,
) -> ChainReport:
    """Events in seq order. A changed field breaks that event's hash; a removed event leaves a gap in seq or a
    prev_hash that no longer matches; a reordering breaks both; a removed tail no longer matches the head.

    A removed tail with the head set back to the event before it leaves a valid, shorter chain: only an
    `anchor` kept outside the database shows it (the chain no longer reaches the anchor's position), and it
    also shows a chain rewritten with recomputed hashes (the event at the anchor's position has another hash)."""
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for ev in events:
        checked += 1
        if ev.seq != expected_seq:
            return ChainReport(chain_id, checked, ev.id, f"序号不连续：期望 {expected_seq}，实际 {ev.seq}")
        if ev.prev_hash != prev_hash:
            return ChainReport(chain_id, checked, ev.id, "prev_hash 与上一条记录不符")
        if link_hash(prev_hash, ev) != ev.hash:
            return ChainReport(chain_id, checked, ev.id, "记录内容与哈希不符（已被修改）")
        if anchor is not None and ev.seq == anchor.seq and (ev.id, ev.hash) != (anchor.event_id, anchor.hash):
            return ChainReport(
                chain_id, checked, ev.id, f"与检查点不符：第 {anchor.seq} 条记录已不是检查点记下的那一条"
            )
        prev_hash, expected_seq = ev.hash, expected_seq + 1
    if anchor is not None and expected_seq - 1 < anchor.seq:
        return ChainReport(
            chain_id,
            checked,
            None,
            f"链比检查点短：检查点记到第 {anchor.seq} 条（{anchor.event_id}），现在只到第 {expected_seq - 1} 条",
        )
    if head is not None and head != (expected_seq - 1, prev_hash):
        return ChainReport(
            chain_id,
            checked,
            None,
            f"链尾与链头不符：链头为第 {head[0]} 条，实际最后为第 {expected_seq - 1} 条",
        )
    return ChainReport(chain_id, checked, None, None)
