"""A mutation whose transaction fails at the very end — the audit write before the commit, or the COMMIT
itself — answers an error, never its data, and leaves nothing written: no row, no audit event, no stored
Idempotency-Key answer (a retry under the same key does the work). The failures are real PostgreSQL ones:
a deferred constraint trigger that raises at COMMIT, and a trigger on the audit table."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import URL

from tests.helpers import Api, case_input
from tests.idempotency.support import (
    REPLAYED,
    cases_titled,
    create,
    created,
    execute,
    fetchval,
    keys_named,
    new_key,
)

USER = "district.officer"
MARK = "提交时失败"

_FUNCTION = """
CREATE OR REPLACE FUNCTION concord_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'planted failure' USING ERRCODE = TG_ARGV[0];
END $$"""
_AT_COMMIT = f"""
CREATE CONSTRAINT TRIGGER concord_test_fail_at_commit AFTER INSERT ON cases
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.title LIKE '{MARK}%')
EXECUTE FUNCTION concord_test_fail(ERRCODE)"""
_IN_AUDIT = f"""
CREATE TRIGGER concord_test_fail_in_audit BEFORE INSERT ON audit_events
FOR EACH ROW WHEN (NEW.action = 'case.create' AND NEW.changes::text LIKE '%{MARK}%')
EXECUTE FUNCTION concord_test_fail(ERRCODE)"""


@pytest.fixture
async def planted(owner_url: URL) -> AsyncIterator[None]:
    await execute(owner_url, _FUNCTION)
    yield
    await execute(owner_url, "DROP TRIGGER IF EXISTS concord_test_fail_at_commit ON cases")
    await execute(owner_url, "DROP TRIGGER IF EXISTS concord_test_fail_in_audit ON audit_events")
    await execute(owner_url, "DROP FUNCTION IF EXISTS concord_test_fail()")


def marked_input() -> dict[str, object]:
    return case_input(f"{MARK} {uuid.uuid4().hex[:12]}")


async def audit_events_for(owner_url: URL, title: str) -> int:
    sql = "SELECT count(*) FROM audit_events WHERE action = 'case.create' AND changes::text LIKE $1"
    return int(await fetchval(owner_url, sql, f"%{title}%"))


@pytest.mark.parametrize(
    ("where", "errcode", "status", "code"),
    [
        ("commit", "P0001", 500, "INTERNAL_SERVER_ERROR"),  # raised by COMMIT: unclassified, masked
        ("commit", "40001", 409, "CONFLICT"),  # a serialization failure at COMMIT: retry at once
        ("audit", "P0001", 500, "INTERNAL_SERVER_ERROR"),  # the audit chain write before the commit
    ],
)
async def test_a_failed_commit_answers_an_error_and_writes_nothing(
    api: Api, owner_url: URL, planted: None, where: str, errcode: str, status: int, code: str
) -> None:
    await execute(
        owner_url, (_AT_COMMIT if where == "commit" else _IN_AUDIT).replace("ERRCODE", f"'{errcode}'")
    )
    key, input_ = new_key(), marked_input()
    title = str(input_["title"])
    await api.token(USER)  # signing in is audited: do it before counting
    events_before = await fetchval(owner_url, "SELECT count(*) FROM audit_events")

    r = await create(api, USER, input_, key)
    assert r.status_code == status, r.text
    body = r.json()
    assert "data" not in body, body  # never the mutation's data
    error = body["errors"][0]["extensions"]
    assert error["code"] == code
    assert error["requestId"] == r.headers["x-request-id"]
    if code == "CONFLICT":
        assert error["retryable"] is True and error["outcome"] == "NOT_WRITTEN"
    # Nothing half-written: no case, no audit event of it, no stored answer under the key.
    assert await cases_titled(owner_url, title) == 0
    assert await audit_events_for(owner_url, title) == 0
    assert await keys_named(owner_url, key) == 0
    # The chain was not advanced by the rolled-back events (other tests may not run meanwhile: same process).
    assert await fetchval(owner_url, "SELECT count(*) FROM audit_events") == events_before

    # Once the fault is gone the retry under the same key does the work, once, and is not a replay.
    await execute(owner_url, "DROP TRIGGER IF EXISTS concord_test_fail_at_commit ON cases")
    await execute(owner_url, "DROP TRIGGER IF EXISTS concord_test_fail_in_audit ON audit_events")
    again = await create(api, USER, input_, key)
    assert created(again)["title"] == title
    assert REPLAYED.lower() not in again.headers
    assert await cases_titled(owner_url, title) == 1
    assert await audit_events_for(owner_url, title) == 1


async def test_a_query_that_revealed_identity_data_fails_when_its_audit_cannot_be_written(
    api: Api, owner_url: URL, planted: None
) -> None:
    """A read-only query keeps its answer when the commit fails; one that read identity numbers unmasked does
    not: the disclosure must not go out without its audit event."""
    case = created(await create(api, USER, marked_input(), None))
    reveal_sql = """
    CREATE TRIGGER concord_test_fail_in_audit BEFORE INSERT ON audit_events
    FOR EACH ROW WHEN (NEW.action LIKE '%identity.read') EXECUTE FUNCTION concord_test_fail('P0001')"""
    await execute(owner_url, reveal_sql)
    query = "query($id: ID!) { node(id: $id) { ... on Case { parties { phone(reveal: true) } } } }"
    r = await api.client.post(
        "/graphql",
        json={"query": query, "variables": {"id": case["id"]}},
        headers={"Authorization": f"Bearer {await api.token(USER)}"},
    )
    body = r.json()
    assert r.status_code == 500 and "data" not in body, r.text
    assert "13812345678" not in r.text
    plain = "query($id: ID!) { node(id: $id) { ... on Case { title } } }"
    ok = await api.ok(USER, plain, {"id": case["id"]})
    assert ok["node"]["title"] == case["title"]
