"""`concord audit verify [--tenant CODE] [--checkpoint FILE]`, `concord audit head` (a signed checkpoint) and
`concord audit keygen`, run as the owner (every chain)."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from concord.audit import checkpoint as cp
from concord.audit import repository
from concord.audit.verify import verify_many
from concord.db.base import utcnow
from concord.models.audit import SYSTEM_CHAIN
from concord.trail.chain import Anchor, ChainReport


async def _codes(session: AsyncSession) -> dict[uuid.UUID, str]:
    return await repository.tenant_codes(session) | {SYSTEM_CHAIN: "(system)"}


async def verify(
    url: URL, tenant_code: str | None, checkpoint: cp.Checkpoint | None = None
) -> tuple[list[ChainReport], dict[uuid.UUID, str]]:
    """Every chain (or one tenant's); with a checkpoint, each chain it names must still pass through its mark."""
    anchors: dict[uuid.UUID, Anchor] = (
        {m.chain_id: m.anchor() for m in checkpoint.marks} if checkpoint else {}
    )
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine) as session:
            codes = await _codes(session)
            if (
                checkpoint is not None
            ):  # a chain whose tenant row is gone is still named as the checkpoint did
                codes = {m.chain_id: m.tenant for m in checkpoint.marks} | codes
            ids = None
            if tenant_code is not None:
                ids = [tid for tid, code in codes.items() if code == tenant_code]
                if not ids:
                    raise LookupError(f"没有机构 {tenant_code}")
            return await verify_many(session, ids, anchors), codes
    finally:
        await engine.dispose()


def read_checkpoint(path: Path, public_key_path: Path) -> cp.Checkpoint:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise cp.MalformedCheckpoint(f"无法读取检查点 {path}：{exc}") from exc
    return cp.read(text, cp.load_public_key(public_key_path))


async def checkpoint(url: URL, signing_key: Path | None) -> str:
    """A signed checkpoint of every chain's last event. Refused when a head does not match its chain's last
    event: signing that would anchor a trail already tampered with."""
    key = cp.load_private_key(signing_key)
    engine = create_async_engine(url)
    try:
        async with AsyncSession(engine) as session:
            codes = await _codes(session)
            rows = await repository.heads_with_last_events(session)
    finally:
        await engine.dispose()
    unsound = [
        codes.get(r.chain_id, str(r.chain_id))
        for r in rows
        if r.last_seq > 0 and (r.event_id is None or r.event_hash != r.last_hash or r.beyond)
    ]
    if unsound:
        raise cp.ChainsUnsound(
            "以下审计链的链头与最后一条记录不符，不签检查点（先运行 concord audit verify）："
            + "、".join(unsound)
        )
    marks = [
        cp.ChainMark(
            chain_id=r.chain_id,
            tenant=codes.get(r.chain_id, "?"),
            seq=r.last_seq,
            event_id=r.event_id,
            hash=r.last_hash,
            at=r.occurred_at,
        )
        for r in rows
        if r.event_id is not None and r.occurred_at is not None
    ]
    return cp.sign(key, marks, utcnow())
