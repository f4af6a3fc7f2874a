"""Sending trusted documents to /graphql as an external app would: `documentId`, Apollo's
`extensions.persistedQuery`, an unknown id, and the trusted-documents-only setting for an API client and for
a user signing in through the console (password grant's `client_id`, carried in the token)."""

from __future__ import annotations

from typing import Any

import pytest

from concord.auth.tokens import decode_token
from concord.documents.registry import builtin_registry
from tests.admin.support import client_token
from tests.documents.support import TENANTS_DOC, app_login, fresh_client, post, registered, revoke
from tests.helpers import Api

VIEWER_ID = builtin_registry().id_of("Viewer")
VIEWER_TEXT = builtin_registry().get(VIEWER_ID or "")
ARBITRARY = "{ viewer { roles } }"


@pytest.fixture
def trusted_only(api: Api, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The running app's CONCORD_TRUSTED_DOCUMENTS_ONLY, for this test only: append client ids to it."""
    ids: list[str] = []
    monkeypatch.setattr(api.app.state.settings, "trusted_documents_only", ids)
    return ids


def code(answer: dict[str, Any]) -> str:
    assert answer.get("errors"), answer
    value: str = answer["errors"][0]["extensions"]["code"]
    return value


async def test_a_built_in_document_by_id(api: Api) -> None:
    token = await api.token("district.officer")
    status, answer = await post(api, token, {"documentId": VIEWER_ID})
    assert status == 200 and not answer.get("errors"), answer
    assert answer["data"]["viewer"]["user"]["username"] == "district.officer"
    # the same through GET, the id in the query string
    r = await api.client.get(
        "/graphql", params={"documentId": VIEWER_ID}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200 and r.json()["data"]["viewer"]["user"]["username"] == "district.officer"


async def test_apollo_persisted_query_extension(api: Api) -> None:
    token = await api.token("district.officer")
    digest = (VIEWER_ID or "").removeprefix("sha256:")
    ext = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    status, answer = await post(api, token, {"extensions": ext})
    assert status == 200 and answer["data"]["viewer"]["user"]["username"] == "district.officer", answer
    status, answer = await post(api, token, {"query": VIEWER_TEXT, "extensions": ext})
    assert status == 200 and not answer.get("errors"), answer


async def test_an_unknown_document_id(api: Api) -> None:
    token = await api.token("district.officer")
    for body in (
        {"documentId": "sha256:" + "0" * 64},
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}},
    ):
        status, answer = await post(api, token, body)
        assert 400 <= status < 500, (status, answer)
        assert code(answer) == "PERSISTED_QUERY_NOT_FOUND"
        assert answer["errors"][0]["extensions"]["field"] == "documentId"
        assert "data" not in answer  # never executed
    # text and an id that does not match it
    status, answer = await post(api, token, {"query": ARBITRARY, "documentId": VIEWER_ID})
    assert 400 <= status < 500 and code(answer) == "BAD_USER_INPUT", answer


async def test_a_trusted_only_client_is_refused_text(api: Api, trusted_only: list[str]) -> None:
    made = await fresh_client(api, "district.admin")
    token = await client_token(api, made["clientId"], made["clientSecret"])
    status, answer = await post(api, token, {"query": ARBITRARY})
    assert status == 200 and answer["data"]["viewer"]["roles"] == ["api_client"]  # not listed yet

    trusted_only.append(made["clientId"])
    status, answer = await post(api, token, {"query": ARBITRARY})
    assert 400 <= status < 500 and code(answer) == "TRUSTED_DOCUMENT_REQUIRED", answer
    assert "data" not in answer
    # the built-in documents stay open to it, by id or by their exact text
    for body in ({"documentId": VIEWER_ID}, {"query": VIEWER_TEXT}):
        status, answer = await post(api, token, body)
        assert status == 200 and not answer.get("errors"), answer


async def test_a_trusted_only_client_runs_its_registered_documents(api: Api, trusted_only: list[str]) -> None:
    made = await fresh_client(api, "district.admin")
    trusted_only.append(made["clientId"])
    token = await client_token(api, made["clientId"], made["clientSecret"])
    status, answer = await post(api, token, {"query": TENANTS_DOC})
    assert code(answer) == "TRUSTED_DOCUMENT_REQUIRED", answer

    doc = await registered(api, "district.admin", made["apiClient"]["id"], TENANTS_DOC)
    for body in (
        {"documentId": doc["id"]},
        {"query": TENANTS_DOC},
        {"query": TENANTS_DOC, "documentId": doc["id"]},
    ):
        status, answer = await post(api, token, body)
        assert status == 200 and not answer.get("errors"), (body, answer)
        assert len(answer["data"]["tenants"]["edges"]) == 3
    # another client of the same tenant cannot use it by id
    other = await fresh_client(api, "district.admin")
    other_token = await client_token(api, other["clientId"], other["clientSecret"])
    status, answer = await post(api, other_token, {"documentId": doc["id"]})
    assert code(answer) == "PERSISTED_QUERY_NOT_FOUND"
    # revoked: gone on the next request
    await revoke(api, "district.admin", made["apiClient"]["id"], doc["id"])
    status, answer = await post(api, token, {"documentId": doc["id"]})
    assert code(answer) == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_console_user_sends_only_trusted_documents(api: Api, trusted_only: list[str]) -> None:
    token = await app_login(api, "district.officer", "console")
    claims = decode_token(api.app.state.settings, token)
    assert claims is not None and claims.client_id == "console"
    status, answer = await post(api, token, {"query": ARBITRARY})
    assert status == 200 and not answer.get("errors"), answer  # console not listed

    trusted_only.append("console")
    status, answer = await post(api, token, {"query": ARBITRARY})
    assert code(answer) == "TRUSTED_DOCUMENT_REQUIRED", answer
    status, answer = await post(api, token, {"documentId": VIEWER_ID})
    assert status == 200 and answer["data"]["viewer"]["user"]["username"] == "district.officer", answer
    # the same user signed in without naming an app is not restricted
    plain = await api.token("district.officer")
    status, answer = await post(api, plain, {"query": ARBITRARY})
    assert status == 200 and not answer.get("errors"), answer


async def test_the_password_grant_checks_the_client_id(api: Api) -> None:
    for bad in ("has space", "x" * 65, "引号"):
        form = {
            "grant_type": "password",
            "username": "district.officer",
            "password": "demo",
            "client_id": bad,
        }
        r = await api.client.post("/auth/token", data=form)
        assert r.status_code == 400 and r.json()["error"] == "invalid_request", r.text
