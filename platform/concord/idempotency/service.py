"""The rules of the Idempotency-Key header: what a valid key is, what makes two requests "the same", and
claiming a key or finding the answer stored under it. Runs in the request's transaction and never commits.

Why claiming works under concurrency: the key is inserted (ON CONFLICT DO NOTHING) in the mutation's own
transaction before the mutation runs. A retry arriving meanwhile inserts the same key and PostgreSQL makes it
wait on the unique index until the first transaction ends: committed, the retry finds the stored answer and
replays it; rolled back (the mutation failed, so nothing was done), the retry's insert goes through and it
does the work itself. Nothing is ever done twice and no answer is replayed that was not committed."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.idempotency import repository
from concord.idempotency.errors import BadIdempotencyKey, KeyBusy, KeyReusedDifferently
from concord.idempotency.repository import Scope

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Claimed:
    """This request holds the key: run the mutation, then store its answer under `key_id`."""

    key_id: uuid.UUID


@dataclass(frozen=True)
class Replay:
    """The key was used before for the same request: answer with this instead of running it again."""

    response: dict[str, Any]


def validate_key(raw: str) -> str:
    """1 to 255 printable ASCII characters (space allowed inside, as an HTTP structured-field string)."""
    key = raw.strip()
    if not key:
        raise BadIdempotencyKey("幂等键（Idempotency-Key）不能为空")
    if len(key) > MAX_KEY_LENGTH:
        raise BadIdempotencyKey(f"幂等键（Idempotency-Key）不能超过 {MAX_KEY_LENGTH} 个字符")
    if any(not (0x20 <= ord(c) <= 0x7E) for c in key):
        raise BadIdempotencyKey("幂等键（Idempotency-Key）只能包含可打印的 ASCII 字符")
    return key


def fingerprint(query: str, operation_name: str | None, variables: dict[str, Any] | None) -> str:
    """SHA-256 of the operation text, the operation name and the variables as canonical JSON (sorted keys),
    so a retry that merely reorders its variables is still the same request."""
    canonical = orjson.dumps(
        [query, operation_name, variables or {}], option=orjson.OPT_SORT_KEYS, default=str
    )
    return hashlib.sha256(canonical).hexdigest()


def scope_of(principal: Principal) -> Scope:
    return Scope(principal.tenant_id, principal.kind, principal.id)


async def begin(
    session: AsyncSession,
    principal: Principal,
    key: str,
    print_: str,
    operation_name: str | None,
    ttl: timedelta,
) -> Claimed | Replay:
    scope = scope_of(principal)
    # Expired keys are purged on claim, a small batch of this tenant's each time: no job to schedule, and a
    # tenant that sends no keys has none to purge.
    await repository.purge_expired(session, scope.tenant_id)
    for _ in range(3):
        key_id = await repository.claim(session, scope, key, print_, operation_name, ttl)
        if key_id is not None:
            return Claimed(key_id)
        stored = await repository.find(session, scope, key)
        if stored is None:
            continue  # purged as expired between the two statements: claim again
        if stored.expired:
            # Left by the batch purge (older ones first, or locked at the time): an expired key counts as new.
            await repository.delete_if_expired(session, scope, key)
            continue
        if stored.fingerprint != print_:
            raise KeyReusedDifferently(key)
        if stored.response is None:
            break  # committed without an answer: cannot happen through the endpoint, never replay nothing
        return Replay(stored.response)
    raise KeyBusy(key)


async def finish(
    session: AsyncSession, claimed: Claimed, data: Any, errors: list[dict[str, Any]] | None
) -> None:
    """Store the answer in the same transaction as the work it describes: they commit or vanish together."""
    # Through orjson and back: the stored answer holds exactly the JSON the client received.
    response = orjson.loads(orjson.dumps({"data": data, "errors": errors}, default=str))
    await repository.store_response(session, claimed.key_id, response)
