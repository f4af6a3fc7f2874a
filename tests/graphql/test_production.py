"""Production mode: introspection only for administrators, no "Did you mean" suggestions, unexpected errors
masked with the request id (queries, mutations and subscriptions alike). A second app, built with
env="production", runs on the same test database beside the development-mode one."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import strawberry
from graphql import get_introspection_query
from sqlalchemy.engine import URL

from concord.app import create_app
from concord.cases import repository
from concord.config import Settings
from concord.db.urls import application_url
from concord.graphql.errors import MASKED_MESSAGE, ErrorPolicy
from concord.graphql.limits import QueryLimits
from tests.helpers import SPEC_ACCEPT, Api, StatementCounter, error_code

SCHEMA_QUERY = "{ __schema { queryType { name } } }"
TYPE_QUERY = '{ __type(name: "Case") { name } }'
TYPO = "{ casess(first: 1) { totalCount } }"


@pytest.fixture(scope="module")
async def prod(settings: Settings, owner_url: URL) -> AsyncIterator[Api]:
    prod_settings = settings.model_copy(update={"env": "production"})
    app = create_app(prod_settings, db_url=application_url(prod_settings, owner=owner_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            headers=SPEC_ACCEPT, transport=transport, base_url="http://concord.test"
        ) as client:
            yield Api(client, StatementCounter(), app)


async def post(api: Api, user: str | None, query: str, **headers: str) -> httpx.Response:
    if user is not None:
        headers["Authorization"] = f"Bearer {await api.token(user)}"
    return await api.client.post("/graphql", json={"query": query}, headers=headers)


@pytest.mark.parametrize("query", [SCHEMA_QUERY, TYPE_QUERY])
@pytest.mark.parametrize("user", ["east.mediator", "court.clerk", None])
async def test_introspection_is_refused_to_non_administrators(
    prod: Api, user: str | None, query: str
) -> None:
    r = await post(prod, user, query)
    assert r.status_code == 400, r.text
    body = r.json()
    assert "data" not in body
    assert error_code(body) == "INTROSPECTION_DISABLED"
    assert "管理员" in body["errors"][0]["message"]


async def test_introspection_inside_a_fragment_is_refused(prod: Api) -> None:
    query = '{ ...F } fragment F on Query { __type(name: "Case") { name } }'
    assert error_code((await post(prod, "east.mediator", query)).json()) == "INTROSPECTION_DISABLED"


@pytest.mark.parametrize("user", ["admin", "district.admin"])
async def test_introspection_is_allowed_for_administrators(prod: Api, user: str) -> None:
    body = await prod.ok(user, get_introspection_query(descriptions=True))
    assert body["__schema"]["queryType"]["name"] == "Query"
    assert any(t["name"] == "Case" for t in body["__schema"]["types"])


async def test_typename_is_always_allowed(prod: Api) -> None:
    assert await prod.ok("east.mediator", "{ __typename viewer { __typename } }") == {
        "__typename": "Query",
        "viewer": {"__typename": "Viewer"},
    }


async def test_introspection_is_open_outside_production(api: Api) -> None:
    assert (await api.ok("east.mediator", SCHEMA_QUERY))["__schema"]["queryType"]["name"] == "Query"


async def test_no_suggestions_in_production(prod: Api, api: Api) -> None:
    dev = (await post(api, "court.clerk", TYPO)).json()
    assert "Did you mean" in dev["errors"][0]["message"], dev
    r = await post(prod, "court.clerk", TYPO)
    body = r.json()
    assert r.status_code == 400
    assert error_code(body) == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" not in r.text
    assert "cases" not in body["errors"][0]["message"].replace("casess", "")
    assert body["errors"][0]["message"].startswith("Cannot query field 'casess'")


async def test_no_enum_suggestions_in_production(prod: Api, api: Api) -> None:
    query = "query($k: TenantKind) { tenants(kind: $k) { totalCount } }"
    for app, expect in ((api, True), (prod, False)):
        headers = {"Authorization": f"Bearer {await app.token('admin')}"}
        r = await app.client.post(
            "/graphql", json={"query": query, "variables": {"k": "COURTS"}}, headers=headers
        )
        assert ("Did you mean" in r.text) is expect, r.text


async def test_unexpected_errors_are_masked_with_the_request_id(
    prod: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(repository, "list_visible", boom)
    with caplog.at_level(logging.ERROR, logger="concord.graphql"):
        r = await post(
            prod, "court.clerk", "{ cases { edges { cursor } } }", **{"X-Request-ID": "prod-req-7"}
        )
    body = r.json()
    err = body["errors"][0]
    assert err["message"] == MASKED_MESSAGE
    assert err["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "prod-req-7"}
    assert "secret internal detail" not in r.text
    assert any("prod-req-7" in rec.getMessage() for rec in caplog.records)


# ---- subscriptions go through the same policy (ErrorPolicy.on_stream_result) ----------------------------------


@strawberry.type
class _Query:
    ok: bool = True


@strawberry.type
class _Subscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncIterator[int]:
        yield 1
        raise RuntimeError("secret subscription detail")


def _context(env: str, request_id: str) -> Any:
    settings = Settings(env=env)  # type: ignore[arg-type]
    return SimpleNamespace(settings=settings, principal=None, request_id=request_id)


async def _stream(query: str, context: Any) -> list[Any]:
    test_schema = strawberry.Schema(
        query=_Query, subscription=_Subscription, extensions=[QueryLimits, ErrorPolicy]
    )
    results = []
    async for result in await test_schema.subscribe(query, context_value=context):  # type: ignore[union-attr]
        # What the transport sends is what the result holds now, not after the stream has ended.
        results.append(SimpleNamespace(data=result.data, errors=list(result.errors or [])))
    return results


async def test_subscription_errors_are_masked_with_the_request_id() -> None:
    results = await _stream("subscription { ticks }", _context("production", "sub-req-9"))
    assert results[0].data == {"ticks": 1}
    err = results[-1].errors[0]
    assert err.message == MASKED_MESSAGE
    assert err.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "sub-req-9"}


async def test_subscription_validation_errors_have_no_suggestions_in_production() -> None:
    results = await _stream("subscription { tick }", _context("production", "r"))
    assert results[0].errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" not in results[0].errors[0].message
    dev = await _stream("subscription { tick }", _context("development", "r"))
    assert "Did you mean" in dev[0].errors[0].message
