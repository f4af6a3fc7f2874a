"""POST /auth/token (OAuth2 password grant) and bearer-token handling on /graphql."""

from __future__ import annotations

import jwt
import pytest

from tests.helpers import Api, error_code

VIEWER = "{ viewer { user { username displayName } tenant { code kind } roles } }"


async def test_password_grant_issues_a_bearer_token(api: Api) -> None:
    r = await api.client.post(
        "/auth/token", data={"grant_type": "password", "username": "court.clerk", "password": "demo"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    assert body["tenant"] == "district-court"
    assert r.headers["cache-control"] == "no-store"
    data = await api.gql(None, VIEWER, token=body["access_token"])
    assert data["data"]["viewer"]["user"]["username"] == "court.clerk"
    assert data["data"]["viewer"]["tenant"] == {"code": "district-court", "kind": "COURT"}
    assert data["data"]["viewer"]["roles"] == ["court_clerk"]


async def test_explicit_tenant_must_be_one_of_the_users(api: Api) -> None:
    ok = await api.client.post(
        "/auth/token",
        data={"grant_type": "password", "username": "hrss.officer", "password": "demo", "tenant": "hrss"},
    )
    assert ok.status_code == 200
    wrong = await api.client.post(
        "/auth/token",
        data={"grant_type": "password", "username": "hrss.officer", "password": "demo", "tenant": "housing"},
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("username", "password"),
    [("court.clerk", "wrong"), ("nobody.here", "demo"), ("court.clerk", "DEMO")],
)
async def test_wrong_credentials_answer_401_with_an_oauth2_error(
    api: Api, username: str, password: str
) -> None:
    r = await api.client.post(
        "/auth/token", data={"grant_type": "password", "username": username, "password": password}
    )
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_grant"
    assert "access_token" not in r.json()
    assert r.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "authorization_code", "username": "a", "password": "b"}, "unsupported_grant_type"),
        ({"username": "court.clerk", "password": "demo"}, "unsupported_grant_type"),
        ({"grant_type": "password", "username": "", "password": "demo"}, "invalid_request"),
        ({"grant_type": "password", "username": "court.clerk"}, "invalid_request"),
    ],
)
async def test_malformed_token_requests_answer_400(api: Api, form: dict[str, str], error: str) -> None:
    r = await api.client.post("/auth/token", data=form)
    assert r.status_code == 400
    assert r.json()["error"] == error


async def test_json_body_is_refused(api: Api) -> None:
    r = await api.client.post(
        "/auth/token", json={"grant_type": "password", "username": "a", "password": "b"}
    )
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_request"


async def test_no_token_is_unauthenticated(api: Api) -> None:
    body = await api.gql(None, VIEWER)
    assert error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
async def test_invalid_token_is_unauthenticated(api: Api, token: str) -> None:
    body = await api.gql(None, VIEWER, token=token)
    assert error_code(body) == "UNAUTHENTICATED"


async def test_token_signed_with_another_key_is_refused(api: Api) -> None:
    real = await api.token("court.clerk")
    claims = jwt.decode(real, options={"verify_signature": False})
    forged = jwt.encode(claims, "someone-elses-key-that-is-long-enough!!", algorithm="HS256")
    assert error_code(await api.gql(None, VIEWER, token=forged)) == "UNAUTHENTICATED"


async def test_token_naming_a_tenant_the_user_is_not_in_is_refused(api: Api, settings: object) -> None:
    """A valid signature is not enough: the membership is checked on every request."""
    real = await api.token("court.clerk")
    other = await api.token("medical.mediator")
    claims = jwt.decode(real, options={"verify_signature": False})
    claims["tid"] = jwt.decode(other, options={"verify_signature": False})["tid"]
    forged = jwt.encode(claims, settings.jwt_secret(), algorithm="HS256")  # type: ignore[attr-defined]
    assert error_code(await api.gql(None, VIEWER, token=forged)) == "UNAUTHENTICATED"


async def test_request_id_is_echoed(api: Api) -> None:
    r = await api.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = await api.client.get("/healthz")
    assert len(r.headers["x-request-id"]) == 32
