"""Signed checkpoints of the audit chains: the anchor outside the database.

The hash chain shows that events were changed, removed or reordered, but the database owner can also delete the
last events of a chain and set its head back to the event before them: what remains is a valid, shorter chain.
A checkpoint records, for every chain, the position and hash of its last event at one moment, signed with an
Ed25519 key that is kept outside the database. Kept in write-once storage, it lets `concord audit verify
--checkpoint FILE` prove that every chain still extends it: the event at the recorded position still exists with
the recorded hash, and the whole chain up to the current head verifies.

File format (JSON, UTF-8): `format`, `taken_at`, `key_id` (SHA-256 of the raw public key, first 16 hex digits:
which key signed), `chains` (`chain`, `tenant`, `seq`, `event`, `hash`, `at` — the last event's time) and
`signature`, the base64 Ed25519 signature of the canonical JSON (sorted keys, no whitespace) of every other
member. The public key used to verify is the verifier's own, never one named by the file."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from concord.trail.chain import Anchor

FORMAT = "concord.audit.checkpoint/1"


class CheckpointError(Exception):
    """A checkpoint that cannot be written or trusted; `code` tells which case."""

    code = "CHECKPOINT_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SigningKeyMissing(CheckpointError):
    code = "SIGNING_KEY_MISSING"


class BadKeyFile(CheckpointError):
    code = "BAD_KEY_FILE"


class MalformedCheckpoint(CheckpointError):
    code = "CHECKPOINT_MALFORMED"


class WrongKey(CheckpointError):
    code = "CHECKPOINT_WRONG_KEY"


class BadSignature(CheckpointError):
    code = "CHECKPOINT_SIGNATURE_INVALID"


class ChainsUnsound(CheckpointError):
    """The chains' heads do not match their last events: a checkpoint of them would anchor a tampered trail."""

    code = "CHAINS_UNSOUND"


@dataclass(frozen=True)
class ChainMark:
    """One chain's last event at the moment of the checkpoint."""

    chain_id: uuid.UUID
    tenant: str
    seq: int
    event_id: uuid.UUID
    hash: str
    at: datetime

    def anchor(self) -> Anchor:
        return Anchor(self.seq, self.event_id, self.hash)


@dataclass(frozen=True)
class Checkpoint:
    taken_at: str
    key_id: str
    marks: list[ChainMark]


# --- keys ------------------------------------------------------------------------------------------------


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_keys(private_path: Path) -> Path:
    """Write a new Ed25519 private key (PEM, mode 0600) and its public key beside it (`<name>.pub`).
    Refuses to overwrite either file: a lost signing key only means new checkpoints need a new public key, an
    overwritten one makes every checkpoint signed so far unverifiable with the key kept for them."""
    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise BadKeyFile(f"{path} 已存在，不覆盖")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    private_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public_path


def load_private_key(path: Path | None) -> Ed25519PrivateKey:
    if path is None:
        raise SigningKeyMissing(
            "未配置审计签名私钥：先运行 `concord audit keygen --out /安全位置/audit-signing.pem`，"
            "再设置 CONCORD_AUDIT_SIGNING_KEY=/安全位置/audit-signing.pem（私钥不要放在数据库服务器上）"
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise BadKeyFile(f"无法读取签名私钥 {path}：{exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise BadKeyFile(f"{path} 不是 Ed25519 私钥")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key PEM, or a private key PEM (its public half)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadKeyFile(f"无法读取公钥 {path}：{exc}") from exc
    try:
        key: Any = serialization.load_pem_public_key(data)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError) as exc:
            raise BadKeyFile(f"{path} 不是 PEM 格式的公钥：{exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise BadKeyFile(f"{path} 不是 Ed25519 公钥")
    return key


# --- the file --------------------------------------------------------------------------------------------


def _message(body: dict[str, Any]) -> bytes:
    return orjson.dumps({k: v for k, v in body.items() if k != "signature"}, option=orjson.OPT_SORT_KEYS)


def sign(key: Ed25519PrivateKey, marks: list[ChainMark], taken_at: datetime) -> str:
    """The checkpoint file's text."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "taken_at": taken_at.isoformat(),
        "key_id": key_id(key.public_key()),
        "chains": [
            {
                "chain": str(m.chain_id),
                "tenant": m.tenant,
                "seq": m.seq,
                "event": str(m.event_id),
                "hash": m.hash,
                "at": m.at.isoformat(),
            }
            for m in marks
        ],
    }
    body["signature"] = base64.b64encode(key.sign(_message(body))).decode()
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def read(text: str, public_key: Ed25519PublicKey) -> Checkpoint:
    """Parse a checkpoint and check its signature with the verifier's public key; refuse it otherwise."""
    try:
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise MalformedCheckpoint(f"不是审计检查点文件（format 应为 {FORMAT}）")
        signature = base64.b64decode(body["signature"], validate=True)
        message = _message(body)
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedCheckpoint(f"检查点文件无法解析：{exc}") from exc
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        if body.get("key_id") != key_id(public_key):
            raise WrongKey(
                f"检查点由另一密钥签名（key_id {body.get('key_id')}，本公钥 {key_id(public_key)}），拒绝使用"
            ) from None
        raise BadSignature("检查点签名无效：文件在签名后被修改，拒绝使用") from None
    try:
        marks = [
            ChainMark(
                chain_id=uuid.UUID(c["chain"]),
                tenant=str(c["tenant"]),
                seq=int(c["seq"]),
                event_id=uuid.UUID(c["event"]),
                hash=str(c["hash"]),
                at=datetime.fromisoformat(c["at"]),
            )
            for c in body["chains"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedCheckpoint(f"检查点内容无法解析：{exc}") from exc
    return Checkpoint(taken_at=str(body["taken_at"]), key_id=str(body["key_id"]), marks=marks)
