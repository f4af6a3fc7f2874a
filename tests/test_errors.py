"""Error policy: parse and validation errors carry codes; unexpected errors are masked and logged with an id."""

from __future__ import annotations

import logging

import pytest

from concord.cases import repository
from tests.helpers import Api, error_code


async def test_syntax_error_has_a_code(api: Api) -> None:
    body = await api.gql("court.clerk", "{ cases(first: 1) { edges ")
    assert error_code(body) == "GRAPHQL_PARSE_FAILED"


async def test_unknown_field_is_a_validation_error(api: Api) -> None:
    body = await api.gql("court.clerk", "{ cases { nope } }")
    assert error_code(body) == "GRAPHQL_VALIDATION_FAILED"


async def test_bad_variable_is_bad_user_input(api: Api) -> None:
    body = await api.gql(
        "court.clerk", "query($n: Int) { cases(first: $n) { edges { cursor } } }", {"n": "ten"}
    )
    assert error_code(body) == "BAD_USER_INPUT"


async def test_unexpected_errors_are_masked_and_logged(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(repository, "list_visible", boom)
    with caplog.at_level(logging.ERROR, logger="concord.graphql"):
        r = await api.client.post(
            "/graphql",
            json={"query": "{ cases { edges { cursor } } }"},
            headers={"Authorization": f"Bearer {await api.token('court.clerk')}", "X-Request-ID": "req-42"},
        )
    body = r.json()
    err = body["errors"][0]
    assert err["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42"}
    assert "secret internal detail" not in r.text
    assert "Traceback" not in r.text
    assert any("req-42" in rec.getMessage() for rec in caplog.records)


async def test_a_refused_field_beside_a_running_query_is_not_a_500(api: Api) -> None:
    """Regression: the refused field used to cancel its sibling's query mid-flight; the commit then failed."""
    for _ in range(5):
        body = await api.gql(
            "lawyer.li",
            "{ cases(first: 100) { edges { node { id } } } auditEvents(first: 5) { edges { node { id } } } }",
        )
        assert error_code(body) == "FORBIDDEN"
