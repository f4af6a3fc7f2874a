"""Signed checkpoints anchor the chains outside the database (issue 14): deleting a chain's last event and
setting its head back passes the plain verification, and is caught by `concord audit verify --checkpoint` with a
checkpoint taken before; a chain that grew since passes; a checkpoint altered after signing is refused."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL

from concord.audit import checkpoint as cp
from concord.db.server import asyncpg_dsn
from concord.models.audit import GENESIS_HASH, AuditEvent
from concord.trail.chain import Anchor, link_hash, verify_chain
from tests.helpers import Api, create_case

CONCORD = str(Path(sys.executable).parent / "concord")
CHAIN = "district-court"


def _concord(owner_url: URL, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("CONCORD_AUDIT_")}
    full |= {"DATABASE_URL": owner_url.render_as_string(hide_password=False), **env}
    return subprocess.run([CONCORD, *args], env=full, capture_output=True, text=True, timeout=120)


async def concord(owner_url: URL, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(_concord, owner_url, env, *args)


@pytest.fixture
async def owner(owner_url: URL) -> AsyncIterator[asyncpg.Connection]:
    dsn, kw = asyncpg_dsn(owner_url)
    conn = await asyncpg.connect(dsn, **kw)
    yield conn
    await conn.close()


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private = tmp_path / "keys" / "audit-signing.pem"
    return private, cp.generate_keys(private)


def _read_json(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


async def _checkpoint(owner_url: URL, private: Path, out: Path) -> dict:  # type: ignore[type-arg]
    result = await concord(
        owner_url, {"CONCORD_AUDIT_SIGNING_KEY": str(private)}, "audit", "head", "--out", str(out)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return _read_json(out)


async def _verify(owner_url: URL, public: Path, checkpoint: Path | None) -> subprocess.CompletedProcess[str]:
    extra = ["--checkpoint", str(checkpoint), "--public-key", str(public)] if checkpoint else []
    return await concord(owner_url, {}, "audit", "verify", *extra)


async def _last_two(owner: asyncpg.Connection) -> list[asyncpg.Record]:
    return list(
        await owner.fetch(
            "SELECT e.* FROM audit_events e JOIN tenants t ON t.id = e.chain_id "
            f"WHERE t.code = '{CHAIN}' ORDER BY e.seq DESC LIMIT 2"
        )
    )


async def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path: Path, owner_url: URL) -> None:
    out = tmp_path / "k.pem"
    result = await concord(owner_url, {}, "audit", "keygen", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    assert b"PUBLIC KEY" in (tmp_path / "k.pem.pub").read_bytes()
    again = await concord(owner_url, {}, "audit", "keygen", "--out", str(out))
    assert again.returncode == 2 and "已存在" in again.stderr  # never overwritten


async def test_head_needs_a_signing_key(owner_url: URL) -> None:
    result = await concord(owner_url, {}, "audit", "head")
    assert result.returncode == 2
    assert "SIGNING_KEY_MISSING" in result.stderr and "concord audit keygen" in result.stderr


async def test_checkpoint_records_each_chains_last_event(
    owner_url: URL, owner: asyncpg.Connection, api: Api, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    await create_case(api, "court.clerk", "检查点内容")
    doc = await _checkpoint(owner_url, keys[0], tmp_path / "cp.json")
    marks = {c["tenant"]: c for c in doc["chains"]}
    last = (await _last_two(owner))[0]
    assert (marks[CHAIN]["seq"], marks[CHAIN]["event"], marks[CHAIN]["hash"]) == (
        last["seq"],
        str(last["id"]),
        last["hash"],
    )
    assert doc["key_id"] == cp.key_id(cp.load_public_key(keys[1]))
    # write-once: an existing checkpoint file is never overwritten
    again = await concord(
        owner_url,
        {"CONCORD_AUDIT_SIGNING_KEY": str(keys[0])},
        "audit",
        "head",
        "--out",
        str(tmp_path / "cp.json"),
    )
    assert again.returncode == 2
    assert _read_json(tmp_path / "cp.json") == doc


async def test_deleted_tail_with_rewritten_head_is_caught_by_the_checkpoint(
    owner_url: URL, owner: asyncpg.Connection, api: Api, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = keys
    await create_case(api, "court.clerk", f"截尾 {uuid.uuid4().hex[:6]}")
    await _checkpoint(owner_url, private, tmp_path / "before.json")
    last, previous = await _last_two(owner)
    head = await owner.fetchrow("SELECT * FROM audit_chain_heads WHERE chain_id = $1", last["chain_id"])
    await owner.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    try:
        async with owner.transaction():
            await owner.execute("DELETE FROM audit_events WHERE id = $1", last["id"])
            await owner.execute(
                "UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3 WHERE chain_id = $1",
                last["chain_id"],
                previous["seq"],
                previous["hash"],
            )
        plain = await _verify(owner_url, public, None)
        assert plain.returncode == 0, (
            plain.stdout
        )  # the hash chain alone cannot see it: why checkpoints exist
        anchored = await _verify(owner_url, public, tmp_path / "before.json")
        assert anchored.returncode == 1, anchored.stdout + anchored.stderr
        broken = [line for line in anchored.stdout.splitlines() if line.startswith("BROKEN")]
        assert len(broken) == 1 and f" {CHAIN}:" in broken[0]
        assert f"第 {last['seq']} 条" in broken[0] and str(last["id"]) in broken[0]
        # a checkpoint cannot be taken of a chain whose head was set back while events remain past it
        cols = list(last.keys())
        await owner.execute(
            f"INSERT INTO audit_events ({', '.join(cols)}) VALUES ({', '.join(f'${i + 1}' for i in range(len(cols)))})",
            *[last[c] for c in cols],
        )
        refused = await concord(
            owner_url,
            {"CONCORD_AUDIT_SIGNING_KEY": str(private)},
            "audit",
            "head",
            "--out",
            str(tmp_path / "x.json"),
        )
        assert refused.returncode == 2 and "CHAINS_UNSOUND" in refused.stderr and CHAIN in refused.stderr
    finally:
        await owner.execute(
            "UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3 WHERE chain_id = $1",
            head["chain_id"],
            head["last_seq"],
            head["last_hash"],
        )
        await owner.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    assert (await _verify(owner_url, public, tmp_path / "before.json")).returncode == 0


async def test_a_chain_that_grew_after_the_checkpoint_passes(
    owner_url: URL, owner: asyncpg.Connection, api: Api, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = keys
    await create_case(api, "court.clerk", f"检查点前 {uuid.uuid4().hex[:6]}")
    doc = await _checkpoint(owner_url, private, tmp_path / "cp.json")
    await create_case(api, "court.clerk", f"检查点后 {uuid.uuid4().hex[:6]}")
    assert (await _last_two(owner))[0]["seq"] > {c["tenant"]: c for c in doc["chains"]}[CHAIN]["seq"]
    result = await _verify(owner_url, public, tmp_path / "cp.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "签名有效" in result.stdout and f"OK      {CHAIN}:" in result.stdout and "BROKEN" not in result.stdout
    )


async def test_an_altered_checkpoint_is_refused(
    owner_url: URL, api: Api, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = keys
    await create_case(api, "court.clerk", f"改检查点 {uuid.uuid4().hex[:6]}")
    doc = await _checkpoint(owner_url, private, tmp_path / "cp.json")

    # the signature itself altered (one bit)
    sig = bytearray(base64.b64decode(doc["signature"]))
    sig[0] ^= 1
    (tmp_path / "sig.json").write_text(json.dumps({**doc, "signature": base64.b64encode(sig).decode()}))
    # the contents altered to match a shortened chain, signature kept
    chains = [{**c, "seq": c["seq"] - 1} if c["tenant"] == CHAIN else c for c in doc["chains"]]
    (tmp_path / "body.json").write_text(json.dumps({**doc, "chains": chains}))
    for name in ("sig.json", "body.json"):
        result = await _verify(owner_url, public, tmp_path / name)
        assert result.returncode == 2, name
        assert "CHECKPOINT_SIGNATURE_INVALID" in result.stderr, name
        assert "OK" not in result.stdout  # nothing verified against a checkpoint that is not trusted

    # a checkpoint signed with someone else's key (re-signed after tampering) is refused too
    other_private = tmp_path / "other" / "k.pem"
    cp.generate_keys(other_private)
    await _checkpoint(owner_url, other_private, tmp_path / "other.json")
    result = await _verify(owner_url, public, tmp_path / "other.json")
    assert result.returncode == 2 and "CHECKPOINT_WRONG_KEY" in result.stderr


def _chain(n: int, chain_id: uuid.UUID) -> list[AuditEvent]:
    events, prev = [], GENESIS_HASH
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for i in range(1, n + 1):
        ev = AuditEvent(
            id=uuid.UUID(int=i), chain_id=chain_id, seq=i, occurred_at=t0 + timedelta(minutes=i),
            tenant_id=chain_id, actor_type="user", actor_id=None, actor_name="甲", action="case.create",
            object_type="Case", object_id=None, case_id=None, conference_id=None, request_id=None,
            client_addr=None, changes={"n": [None, i]}, prev_hash=prev,
        )  # fmt: skip
        ev.hash = prev = link_hash(prev, ev)
        events.append(ev)
    return events


def test_an_anchor_catches_truncation_and_a_rewritten_chain() -> None:
    cid = uuid.uuid4()
    events = _chain(4, cid)
    anchor = Anchor(3, events[2].id, events[2].hash)
    assert verify_chain(cid, events, (4, events[3].hash), anchor).ok  # grew past the anchor
    short = verify_chain(cid, events[:2], (2, events[1].hash), anchor)
    assert not short.ok and short.problem and "第 3 条" in short.problem
    # the tail rewritten with recomputed hashes: a valid chain, but not the one the checkpoint saw
    rewritten = _chain(2, cid)
    forged = AuditEvent(
        **{c: getattr(events[2], c) for c in ("id", "chain_id", "seq", "occurred_at", "tenant_id")}
    )
    for c in ("actor_type", "actor_id", "actor_name", "action", "object_type", "object_id", "case_id"):
        setattr(forged, c, getattr(events[2], c))
    forged.conference_id = forged.request_id = forged.client_addr = None
    forged.changes, forged.prev_hash = {"n": [None, "改"]}, rewritten[1].hash
    forged.hash = link_hash(forged.prev_hash, forged)
    report = verify_chain(cid, [*rewritten, forged], (3, forged.hash), anchor)
    assert verify_chain(cid, [*rewritten, forged], (3, forged.hash)).ok
    assert not report.ok and report.first_broken == forged.id
