"""The ceiling: the fastest honest answer this PostgreSQL gives to the inbox question, as a raw ASGI app.

Same question as bench/inbox.graphql (the first 50 cases visible to the principal's tenant, newest first, with
their parties, their ten newest referrals and the tenants' names), same answer shape and global ids, and the
same costs that are not the query itself: the bearer token is verified with the same secret and claims, the
principal's membership and activity are checked, and the statement runs as the application role under
row-level security with the transaction-local settings Concord uses. The data is read and serialised by ONE
statement (json_agg); the response is the bytes PostgreSQL returns.

    uvicorn --factory bench.ceiling:create_app   (DATABASE_URL: the application role's URL; CONCORD_SECRET_KEY)
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import asyncpg
import jwt

# Relay global id in SQL: base64url("Type:uuid") without padding, as concord.kit.ids.to_global_id.
_GID = "translate(rtrim(encode(convert_to('{t}:' || {col}::text, 'UTF8'), 'base64'), '='), '+/', '-_')"


def gid(type_name: str, column: str) -> str:
    return _GID.format(t=type_name, col=column)


SET_CONTEXT = "SELECT set_config('concord.tenant_id', $1, true), set_config('concord.user_id', $2, true)"

# Set-based: the page first, then its parties and referrals joined on the page's 50 ids. The page is the newest
# `first` cases owned by, and the newest `first` shared with, each tenant of the subtree (backward index ranges
# on cases (tenant_id, created_at, id) and case_access (tenant_id, case_created_at, case_id)), merged: the same
# path as concord.authz.visibility.newest_visible_case_ids, so it never reads every visible case.
INBOX_SQL = f"""
WITH me AS (
  SELECT m.tenant_id FROM memberships m
  JOIN users u ON u.id = m.user_id AND u.is_active
  JOIN tenants t ON t.id = m.tenant_id AND t.is_active
  WHERE m.user_id = $2::uuid AND m.tenant_id = $1::uuid
),
vis AS (SELECT tc.descendant_id FROM tenant_closure tc WHERE tc.ancestor_id = (SELECT tenant_id FROM me)),
cand AS (
  SELECT e.id, e.created_at FROM vis CROSS JOIN LATERAL (
    SELECT DISTINCT ca.case_created_at AS created_at, ca.case_id AS id FROM case_access ca
    WHERE ca.tenant_id = vis.descendant_id ORDER BY ca.case_created_at DESC, ca.case_id DESC LIMIT $3) e
  UNION
  SELECT o.id, o.created_at FROM vis CROSS JOIN LATERAL (
    SELECT c0.id, c0.created_at FROM cases c0
    WHERE c0.tenant_id = vis.descendant_id ORDER BY c0.created_at DESC, c0.id DESC LIMIT $3) o
),
page AS MATERIALIZED (
  SELECT c.id, c.tenant_id, c.number, c.title, c.status, c.category, c.created_at FROM cases c
  WHERE c.id IN (SELECT id FROM (SELECT id, created_at FROM cand ORDER BY created_at DESC, id DESC LIMIT $3) top)
  ORDER BY c.created_at DESC, c.id DESC
),
pp AS (
  SELECT pa.case_id, json_agg(json_build_object('id', {gid("Party", "pa.id")}, 'kind', pa.kind, 'name', pa.name)
                              ORDER BY pa.position, pa.id) AS parties
  FROM parties pa WHERE pa.case_id IN (SELECT id FROM page) GROUP BY pa.case_id
),
rr AS (
  SELECT r.case_id, json_agg(json_build_object('node', json_build_object(
           'id', {gid("Referral", "r.id")}, 'status', r.status, 'kind', r.kind,
           'fromTenant', json_build_object('id', {gid("Tenant", "f.id")}, 'name', f.name),
           'toTenant', json_build_object('id', {gid("Tenant", "tt.id")}, 'name', tt.name),
           'sentAt', r.sent_at)) ORDER BY r.sent_at DESC, r.id DESC) AS edges
  FROM (SELECT r0.*, row_number() OVER (PARTITION BY r0.case_id ORDER BY r0.sent_at DESC, r0.id DESC) AS rn
        FROM referrals r0 WHERE r0.case_id IN (SELECT id FROM page)) r
  JOIN tenants f ON f.id = r.from_tenant_id JOIN tenants tt ON tt.id = r.to_tenant_id
  WHERE r.rn <= 10 GROUP BY r.case_id
)
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM me) THEN NULL ELSE json_build_object('data', json_build_object(
  'cases', json_build_object('edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object(
      'id', {gid("Case", "p.id")}, 'number', p.number, 'title', p.title, 'status', p.status,
      'category', p.category, 'createdAt', p.created_at,
      'ownerTenant', json_build_object('id', {gid("Tenant", "o.id")}, 'name', o.name),
      'parties', coalesce(pp.parties, '[]'),
      'referrals', json_build_object('edges', coalesce(rr.edges, '[]'))
    )) ORDER BY p.created_at DESC, p.id DESC)
    FROM page p JOIN tenants o ON o.id = p.tenant_id
    LEFT JOIN pp ON pp.case_id = p.id LEFT JOIN rr ON rr.case_id = p.id), '[]'))))::text END
"""

UNAUTHENTICATED = b'{"errors":[{"message":"unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}'


def claims(secret: str, header: bytes | None) -> tuple[str, str] | None:
    """(tenant id, user id) from a bearer token, checked as concord.auth.tokens.decode_token checks it."""
    if not header or not header.startswith(b"Bearer "):
        return None
    try:
        data = jwt.decode(
            header[7:].decode(),
            secret,
            algorithms=["HS256"],
            audience="concord",
            options={"require": ["exp", "sub", "tid"]},
        )
        return str(uuid.UUID(data["tid"])), str(uuid.UUID(data["sub"]))
    except (jwt.PyJWTError, ValueError, KeyError):
        return None


class Ceiling:
    def __init__(self, dsn: str, secret: str, pool_size: int = 10) -> None:
        self.dsn, self.secret, self.pool_size = dsn, secret, pool_size
        self.pool: asyncpg.Pool | None = None

    async def inbox(self, tenant_id: str, user_id: str, first: int = 50) -> bytes | None:
        assert self.pool is not None
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(SET_CONTEXT, tenant_id, user_id)
            body = await conn.fetchval(INBOX_SQL, tenant_id, user_id, first)
        return body.encode() if body is not None else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.pool = await asyncpg.create_pool(
                        self.dsn, min_size=1, max_size=self.pool_size, server_settings={"timezone": "UTC"}
                    )
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self.pool is not None:
                        await self.pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        while (await receive()).get("more_body"):
            pass
        headers = dict(scope["headers"])
        who = claims(self.secret, headers.get(b"authorization"))
        body = await self.inbox(*who) if who is not None else None
        status = 200 if body is not None else 401
        body = body if body is not None else UNAUTHENTICATED
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def create_app() -> Ceiling:
    dsn = os.environ["CEILING_DATABASE_URL"]
    return Ceiling(dsn, os.environ["CONCORD_SECRET_KEY"], int(os.environ.get("CONCORD_DB_POOL_SIZE", "10")))
