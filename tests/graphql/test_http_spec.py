"""GraphQL over HTTP (the current specification): media types, status codes, GET for queries only, request
parameters, body size, batching. Every request goes through the real ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy.engine import URL

from concord.app import create_app
from concord.config import Settings
from concord.db.urls import application_url
from tests.helpers import SPEC_ACCEPT, Api

NEW = "application/graphql-response+json"
LEGACY = "application/json"
VIEWER = "{ viewer { user { username } } }"


async def _post(
    api: Api, body: Any, accept: str | None = NEW, user: str | None = "court.clerk", **headers: str
) -> httpx.Response:
    if accept is not None:
        headers["Accept"] = accept
    if user:
        headers["Authorization"] = f"Bearer {await api.token(user)}"
    content = body if isinstance(body, bytes) else orjson.dumps(body)
    headers.setdefault("Content-Type", "application/json")
    return await api.client.post("/graphql", content=content, headers=headers)


async def _cases_count(api: Api) -> int:
    data = await api.ok("court.clerk", "{ cases(first: 1) { totalCount } }")
    count: int = data["cases"]["totalCount"]
    return count


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (NEW, NEW),
        (LEGACY, LEGACY),
        ("*/*", LEGACY),  # a client that names no type may not know the new one (the spec's SHOULD)
        ("application/*", LEGACY),
        (f"{NEW}, */*;q=0.8", NEW),
        (f"{LEGACY}, {NEW}", LEGACY),
        (f"{LEGACY};q=0.5, {NEW}", NEW),
        (f"{NEW};q=0.1, {LEGACY};q=0.9", LEGACY),
        (f"{NEW}; charset=utf-8", NEW),
    ],
)
async def test_answers_in_the_negotiated_media_type(api: Api, accept: str | None, media: str) -> None:
    r = await _post(api, {"query": VIEWER}, accept=accept)
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media}; charset=utf-8"
    assert r.json()["data"]["viewer"]["user"]["username"] == "court.clerk"


@pytest.mark.parametrize("accept", ["text/plain", "application/xml", f"{NEW};q=0, {LEGACY};q=0"])
async def test_unsupported_accept_is_406(api: Api, accept: str) -> None:
    r = await _post(api, {"query": VIEWER}, accept=accept)
    assert r.status_code == 406
    assert r.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ cases(first: 1) { edges ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ cases { nope } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int) { cases(first: $n) { totalCount } }", {"n": "ten"}, "BAD_USER_INPUT"),
        ("query($n: Int!) { cases(first: $n) { totalCount } }", {}, "BAD_USER_INPUT"),
    ],
)
async def test_request_errors_are_400_without_data_under_the_new_media_type(
    api: Api, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    new = await _post(api, {"query": query, "variables": variables})
    assert new.status_code == 400
    assert "data" not in new.json()
    assert new.json()["errors"][0]["extensions"]["code"] == code
    # Legacy clients get 200 with the same errors.
    legacy = await _post(api, {"query": query, "variables": variables}, accept=LEGACY)
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == code


async def test_field_errors_are_200_with_data(api: Api) -> None:
    r = await _post(api, {"query": '{ node(id: "Q2FzZTpub3Bl") { id } }'})
    assert r.status_code == 200
    body = r.json()
    assert "data" in body
    assert body["errors"][0]["extensions"]["code"] in ("NOT_FOUND", "BAD_USER_INPUT")


async def test_get_runs_queries(api: Api) -> None:
    token = await api.token("court.clerk")
    r = await api.client.get(
        "/graphql",
        params={"query": "query V($n: Int) { cases(first: $n) { totalCount } }", "variables": '{"n": 1}'},
        headers={"Authorization": f"Bearer {token}", "Accept": NEW},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["cases"]["totalCount"] >= 1


async def test_mutation_over_get_is_405_and_writes_nothing(api: Api) -> None:
    before = await _cases_count(api)
    token = await api.token("court.clerk")
    mutation = (
        'mutation { createCase(input: {title: "经GET提交", category: LABOUR, sourceChannel: PARTY_APPLICATION, '
        'parties: [{name: "张三", kind: PERSON, role: APPLICANT}]}) { case { id } } }'
    )
    r = await api.client.get(
        "/graphql", params={"query": mutation}, headers={"Authorization": f"Bearer {token}", "Accept": NEW}
    )
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert await _cases_count(api) == before
    # The same text over POST is a valid mutation (so the 405 was about the method, not the document).
    posted = await _post(api, {"query": mutation})
    assert posted.status_code == 200, posted.text
    assert posted.json()["data"] is not None, posted.text
    assert posted.json()["data"]["createCase"]["case"]["id"]
    assert await _cases_count(api) == before + 1


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"query": "{ viewer { roles } }"', "application/json", 400),  # truncated JSON
        (b"[]", "application/json", 400),  # an empty batch
        (b'"{ viewer { roles } }"', "application/json", 400),  # not an object
        (b'{"query": 42}', "application/json", 400),
        (b'{"query": "{ viewer { roles } }", "variables": [1]}', "application/json", 400),
        (b'{"query": "{ viewer { roles } }", "extensions": "x"}', "application/json", 400),
        (b'{"variables": {}}', "application/json", 400),  # no query at all
        (b'{"query": "{ viewer { roles } }"}', "text/plain", 415),
        (b"query=%7Bviewer%7Broles%7D%7D", "application/x-www-form-urlencoded", 415),
    ],
)
async def test_malformed_requests_are_refused(api: Api, body: bytes, content_type: str, status: int) -> None:
    for accept in (NEW, LEGACY):
        r = await _post(api, body, accept=accept, **{"Content-Type": content_type})
        assert r.status_code == status, (accept, r.text)
        assert r.json()["errors"][0]["message"]


async def test_put_is_405(api: Api) -> None:
    r = await api.client.put("/graphql", json={"query": VIEWER})
    assert r.status_code == 405


async def test_batches_are_refused_unless_configured(api: Api) -> None:
    r = await _post(api, [{"query": VIEWER}, {"query": VIEWER}])
    assert r.status_code == 400
    assert "批量" in r.json()["errors"][0]["message"]


async def test_charset_and_chinese_text_are_utf8(api: Api) -> None:
    r = await _post(api, {"query": "{ viewer { tenant { name } } }"})
    assert r.headers["content-type"].endswith("charset=utf-8")
    assert "\\u" not in r.text
    assert r.json()["data"]["viewer"]["tenant"]["name"]


@pytest.fixture
async def tuned_api(settings: Settings, owner_url: URL) -> AsyncIterator[Api]:
    """The same database behind an app with a small body cap and batches of up to two."""
    tuned = settings.model_copy(update={"max_body_bytes": 2000, "graphql_batch_limit": 2})
    app = create_app(tuned, db_url=application_url(tuned, owner=owner_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(
            headers=SPEC_ACCEPT, transport=transport, base_url="http://concord.test"
        ) as client:
            yield Api(client, None, app)  # type: ignore[arg-type]


async def test_body_over_the_cap_is_413(tuned_api: Api) -> None:
    padding = " " * 3000
    r = await _post(tuned_api, {"query": VIEWER + padding})
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    ok = await _post(tuned_api, {"query": VIEWER})
    assert ok.status_code == 200


async def test_configured_batches_run_each_operation(tuned_api: Api) -> None:
    r = await _post(tuned_api, [{"query": VIEWER}, {"query": "{ nope }"}])
    assert r.status_code == 200
    first, second = r.json()
    assert first["data"]["viewer"]["user"]["username"] == "court.clerk"
    assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    too_many = await _post(tuned_api, [{"query": VIEWER}] * 3)
    assert too_many.status_code == 400
