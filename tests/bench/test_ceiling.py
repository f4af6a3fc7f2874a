"""The ceiling endpoint (bench/ceiling.py) answers the inbox question exactly as Concord's GraphQL does: the
same first page of cases, with the same parties and referrals, for a large tenant and for a small one; and it
refuses a request without a valid token, as Concord would."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from bench.ceiling import Ceiling
from bench.inbox import ACCEPT, QUERY, page_shape, same_answer
from sqlalchemy.engine import URL

from concord.config import Settings
from concord.db.urls import application_url
from tests.bench.test_seed import _token


@pytest.fixture(scope="module")
async def ceiling_client(bench_url: URL, bench_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    dsn = application_url(bench_settings, owner=bench_url).set(drivername="postgresql")
    app = Ceiling(dsn.render_as_string(hide_password=False), bench_settings.jwt_secret(), pool_size=2)
    # The pool the app's lifespan would open, opened here (httpx's ASGI transport runs no lifespan).
    app.pool = await asyncpg.create_pool(dsn.render_as_string(hide_password=False), min_size=1, max_size=2,
                                         server_settings={"timezone": "UTC"})  # fmt: skip
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://ceiling.test") as client:
        yield client
    await app.pool.close()


async def _tenants(bench_db: asyncpg.Connection) -> list[str]:
    rows = await bench_db.fetch(
        "SELECT t.code FROM tenants t JOIN cases c ON c.tenant_id = t.id GROUP BY t.code ORDER BY count(*) DESC"
    )
    return [rows[0]["code"], rows[-1]["code"]]  # the largest and the smallest owner


async def test_same_first_page_as_graphql(
    bench_db: asyncpg.Connection, bench_client: httpx.AsyncClient, ceiling_client: httpx.AsyncClient
) -> None:
    for i, code in enumerate(await _tenants(bench_db)):
        token = await _token(bench_client, f"{code}.worker")
        auth = {"Authorization": f"Bearer {token}"}
        a = await bench_client.post("/graphql", json={"query": QUERY}, headers=auth | {"Accept": ACCEPT})
        b = await ceiling_client.get("/", headers=auth)
        assert a.status_code == 200 and b.status_code == 200, (a.text[:300], b.text[:300])
        concord, ceiling = a.json(), b.json()
        assert not concord.get("errors"), concord["errors"]
        assert page_shape(concord) == page_shape(ceiling), code
        assert len(page_shape(concord)) == 50 if i == 0 else page_shape(concord)
        # the same names, states and times too, not only the same ids
        assert same_answer(concord, ceiling), code
        first = concord["data"]["cases"]["edges"][0]["node"]
        moved = {**first, "createdAt": "2020-01-01T00:00:00+00:00"}
        assert not same_answer({"data": {"cases": {"edges": [{"node": moved}]}}}, concord)


async def test_refuses_without_a_valid_token(ceiling_client: httpx.AsyncClient) -> None:
    assert (await ceiling_client.get("/")).status_code == 401
    assert (await ceiling_client.get("/", headers={"Authorization": "Bearer nope"})).status_code == 401
