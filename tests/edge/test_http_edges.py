"""Issue 14 at the HTTP edge: the token endpoint's form fields, X-Request-ID on every response (500s too),
the media type for clients that name none, and one error for a document full of directives."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from concord.kit import inputs
from tests.helpers import Api

LEGACY = "application/json"
VIEWER = "{ viewer { user { username } } }"


# ---- /auth/token ---------------------------------------------------------------------------------------------


def _login(**fields: str) -> dict[str, str]:
    return {"grant_type": "password", "username": "court.clerk", "password": "demo", **fields}


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (_login(username="court\x00clerk"), "username"),
        (_login(password="de\x00mo"), "password"),
        (_login(tenant="district\x00court"), "tenant"),
        (_login(client_id="console\x01"), "client_id"),
        ({"grant_type": "client_credentials", "client_id": "cc_\x00", "client_secret": "s"}, "client_id"),
        (
            {"grant_type": "client_credentials", "client_id": "cc_1", "client_secret": "s\x00"},
            "client_secret",
        ),
    ],
)
async def test_token_endpoint_refuses_control_characters(api: Api, form: dict[str, str], field: str) -> None:
    r = await api.client.post("/auth/token", data=form)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_request"
    assert r.json()["field"] == field
    assert r.headers["x-request-id"]


async def test_token_endpoint_refuses_control_characters_in_basic_credentials(api: Api) -> None:
    r = await api.client.post(
        "/auth/token", data={"grant_type": "client_credentials"}, auth=("cc_\x00", "secret")
    )
    assert r.status_code == 400, r.text
    assert (r.json()["error"], r.json()["field"]) == ("invalid_request", "client_id")


@pytest.mark.parametrize("length", [257, 800_000])
async def test_login_refuses_an_overlong_password_before_hashing(api: Api, length: int) -> None:
    started = time.perf_counter()
    r = await api.client.post("/auth/token", data=_login(password="x" * length))
    assert r.status_code == 400, r.text
    assert (r.json()["error"], r.json()["field"]) == ("invalid_request", "password")
    # No Argon2 hash ran (one takes tens of milliseconds); generous, so a slow machine does not flake.
    assert time.perf_counter() - started < 2


async def test_tab_newline_and_return_are_accepted_text() -> None:
    assert inputs.forbidden_character("第一行\r\n第二行\t完") is None
    assert inputs.forbidden_character("a\x00") == "U+0000"
    assert inputs.forbidden_character("a\x7f") == "U+007F"
    assert inputs.forbidden_character("a\x85") == "U+0085"  # C1 control (NEL)
    assert inputs.forbidden_character("a\ud800") == "U+D800"  # lone surrogate


def test_date_range_edges() -> None:
    assert inputs.date_in_range(date(1900, 1, 1)) and inputs.date_in_range(date(2200, 12, 31))
    assert not inputs.date_in_range(date(1899, 12, 31)) and not inputs.date_in_range(date(2201, 1, 1))


async def test_accepted_dates_still_pass(api: Api) -> None:
    """The guard refuses only outside the range: a boundary date-time reaches the resolver."""
    q = "query($f: AuditEventFilter) { auditEvents(first: 1, filter: $f) { totalCount } }"
    body = await api.gql(
        "admin", q, {"f": {"from": "1900-01-01T00:00:00+14:00", "to": "2200-12-31T23:59:59-12:00"}}
    )
    assert not body.get("errors"), body


# ---- X-Request-ID on every response --------------------------------------------------------------------------


@pytest.fixture
async def lenient(api: Api) -> AsyncIterator[httpx.AsyncClient]:
    """A client that gets the app's own 500 instead of the exception (what a browser would see)."""
    transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://concord.test") as client:
        yield client


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


async def test_error_boundary_500_carries_the_request_id(
    lenient: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("concord.auth.routes.password_grant", _explode)
    r = await lenient.post("/auth/token", data=_login(), headers={"X-Request-ID": "edge-500-a"})
    assert r.status_code == 500
    assert r.headers["x-request-id"] == "edge-500-a"
    assert r.json()["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "edge-500-a"}


async def test_starlettes_last_resort_500_carries_the_request_id(
    lenient: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Even the error boundary fails: Starlette's own ServerErrorMiddleware answers, outside user middleware.
    monkeypatch.setattr("concord.auth.routes.password_grant", _explode)
    monkeypatch.setattr("concord.app._error_response", _explode)
    r = await lenient.post("/auth/token", data=_login(), headers={"X-Request-ID": "edge-500-b"})
    assert r.status_code == 500
    assert r.headers["x-request-id"] == "edge-500-b"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/no-such-page", 404), ("PUT", "/graphql", 405), ("DELETE", "/auth/token", 405)],
)
async def test_plain_starlette_errors_carry_the_request_id(
    api: Api, method: str, path: str, status: int
) -> None:
    r = await api.client.request(method, path)
    assert r.status_code == status
    assert len(r.headers["x-request-id"]) == 32


# ---- media type when the client names none -------------------------------------------------------------------


@pytest.mark.parametrize("accept", [None, "*/*", "application/*"])
async def test_no_accept_or_a_wildcard_gets_application_json(api: Api, accept: str | None) -> None:
    transport = httpx.ASGITransport(app=api.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://concord.test") as client:
        del client.headers["accept"]  # httpx sends */* unless told otherwise
        headers = {"Authorization": f"Bearer {await api.token('court.clerk')}"}
        if accept is not None:
            headers["Accept"] = accept
        ok = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
        assert ("accept" in ok.request.headers) == (accept is not None)
        assert ok.headers["content-type"] == f"{LEGACY}; charset=utf-8"
        assert ok.json()["data"]["viewer"]["user"]["username"] == "court.clerk"
        # application/json's rule: a request that never ran is still 200.
        bad = await client.post("/graphql", json={"query": "{ nope }"}, headers=headers)
        assert (bad.status_code, bad.headers["content-type"]) == (200, f"{LEGACY}; charset=utf-8")


# ---- directives ----------------------------------------------------------------------------------------------


async def test_many_directives_get_one_error(api: Api) -> None:
    cap = api.app.state.settings.max_directives
    query = "{ viewer " + "@nope " * (cap + 1) + "{ roles } }"
    body = await api.gql("court.clerk", query)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_DIRECTIVES"]
    assert body["errors"][0]["extensions"]["maxDirectives"] == cap


async def test_directives_within_the_cap_are_validated_as_usual(api: Api) -> None:
    cap = api.app.state.settings.max_directives
    body = await api.gql("court.clerk", "{ viewer " + "@nope " * cap + "{ roles } }")
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert codes == {"GRAPHQL_VALIDATION_FAILED"}
    ok = await api.gql("court.clerk", "query($t: Boolean = true) { viewer @include(if: $t) { roles } }")
    assert ok["data"]["viewer"]["roles"] == ["court_clerk"]
