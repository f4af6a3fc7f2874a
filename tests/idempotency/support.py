"""Helpers for the Idempotency-Key tests: posting an operation with the header, and reading what the
database holds through the owner connection (which row-level security does not filter)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import URL

from concord.db.server import asyncpg_dsn
from tests.helpers import CREATE_CASE, Api, case_input

KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


def new_key() -> str:
    return f"k-{uuid.uuid4()}"


def tagged_input(**overrides: Any) -> dict[str, Any]:
    """A createCase input whose title is unique to one test, so its cases can be counted."""
    return case_input(f"幂等测试纠纷 {uuid.uuid4().hex[:12]}", **overrides)


async def post(
    api: Api,
    user: str,
    query: str,
    variables: dict[str, Any] | None = None,
    key: str | bytes | None = None,
    tenant: str | None = None,
    token: str | None = None,
) -> httpx.Response:
    """POST an operation as a demo user (or with a bearer token), with the Idempotency-Key header if given."""
    headers: dict[str, Any] = {"Authorization": f"Bearer {token or await api.token(user, tenant)}"}
    if key is not None:
        headers[KEY] = key
    return await api.client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


async def create(
    api: Api, user: str, input_: dict[str, Any], key: str | None, token: str | None = None
) -> httpx.Response:
    return await post(api, user, CREATE_CASE, {"input": input_}, key, token=token)


def error_of(r: httpx.Response) -> dict[str, Any]:
    body = r.json()
    assert body.get("errors"), f"expected an error, got {body}"
    assert not (body.get("data") or {}).get("createCase"), body
    ext: dict[str, Any] = body["errors"][0]["extensions"]
    return ext


def created(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body.get("errors"), body["errors"]
    case: dict[str, Any] = body["data"]["createCase"]["case"]
    return case


async def fetchval(owner_url: URL, sql: str, *args: Any) -> Any:
    dsn, kw = asyncpg_dsn(owner_url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def execute(owner_url: URL, sql: str, *args: Any) -> None:
    dsn, kw = asyncpg_dsn(owner_url)
    conn = await asyncpg.connect(dsn, **kw)
    try:
        await conn.execute(sql, *args)
    finally:
        await conn.close()


async def cases_titled(owner_url: URL, title: str) -> int:
    return int(await fetchval(owner_url, "SELECT count(*) FROM cases WHERE title = $1", title))


async def keys_named(owner_url: URL, key: str) -> int:
    return int(await fetchval(owner_url, "SELECT count(*) FROM idempotency_keys WHERE key = $1", key))
