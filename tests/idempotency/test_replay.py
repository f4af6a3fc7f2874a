"""Idempotency-Key on mutations: a retry gets the first answer without the work being done again, a key reused
for a different request is refused, a failed mutation leaves its key free, expired keys count as new, bad keys
are refused, and the header means nothing on a query."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import URL

from tests.helpers import CREATE_CASE, Api
from tests.idempotency.support import (
    REPLAYED,
    cases_titled,
    create,
    created,
    error_of,
    execute,
    fetchval,
    keys_named,
    new_key,
    post,
    tagged_input,
)

USER = "district.officer"
VIEWER = "{ viewer { user { username } tenant { code } } }"


async def test_retry_returns_the_first_answer_and_does_nothing_again(api: Api, owner_url: URL) -> None:
    key, input_ = new_key(), tagged_input()
    first = await create(api, USER, input_, key)
    case = created(first)
    assert REPLAYED.lower() not in first.headers
    events = await fetchval(owner_url, "SELECT count(*) FROM audit_events")

    again = await create(api, USER, input_, key)
    assert created(again) == case
    assert again.headers[REPLAYED] == "true"
    assert again.content == first.content  # byte for byte: same fields, same order
    # The same variables in another key order are the same request.
    reordered = await create(api, USER, dict(reversed(list(input_.items()))), key)
    assert created(reordered)["number"] == case["number"]

    assert await cases_titled(owner_url, input_["title"]) == 1
    assert await keys_named(owner_url, key) == 1
    # A replay is not new work: nothing is added to the audit trail.
    assert await fetchval(owner_url, "SELECT count(*) FROM audit_events") == events


async def test_without_a_key_every_request_is_new_work(api: Api, owner_url: URL) -> None:
    input_ = tagged_input()
    a, b = created(await create(api, USER, input_, None)), created(await create(api, USER, input_, None))
    assert a["number"] != b["number"]
    assert await cases_titled(owner_url, input_["title"]) == 2


async def test_same_key_with_different_variables_is_a_conflict(api: Api, owner_url: URL) -> None:
    key, input_ = new_key(), tagged_input()
    created(await create(api, USER, input_, key))
    other = tagged_input()
    r = await create(api, USER, other, key)
    assert r.status_code in (200, 400, 409, 422)
    ext = error_of(r)
    assert ext["code"] == "CONFLICT" and ext["idempotencyKey"] == key
    assert "幂等键" in r.json()["errors"][0]["message"]
    assert REPLAYED.lower() not in r.headers
    assert await cases_titled(owner_url, other["title"]) == 0
    # A different operation text under the same key is a different request too.
    r = await post(api, USER, CREATE_CASE.replace("status", "status title"), {"input": input_}, key)
    assert error_of(r)["code"] == "CONFLICT"


async def test_a_failed_mutation_does_not_use_up_its_key(api: Api, owner_url: URL) -> None:
    key, input_ = new_key(), tagged_input()
    bad = {**input_, "title": ""}
    r = await create(api, USER, bad, key)
    assert error_of(r)["code"] == "BAD_USER_INPUT"
    assert await keys_named(owner_url, key) == 0  # rolled back with the mutation
    # Nothing was done, so the key is free: a corrected request under it runs (not a CONFLICT, not a replay).
    ok = await create(api, USER, input_, key)
    created(ok)
    assert REPLAYED.lower() not in ok.headers
    assert await cases_titled(owner_url, input_["title"]) == 1


async def test_a_mutation_that_never_runs_claims_nothing(api: Api, owner_url: URL) -> None:
    """Parse and validation failures happen before execution: no key is claimed."""
    key, input_ = new_key(), tagged_input()
    r = await post(api, USER, CREATE_CASE.replace("status", "noSuchField"), {"input": input_}, key)
    assert error_of(r)["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await keys_named(owner_url, key) == 0
    created(await create(api, USER, input_, key))


async def test_an_expired_key_is_new_and_expired_keys_are_purged(api: Api, owner_url: URL) -> None:
    key, input_ = new_key(), tagged_input()
    first = created(await create(api, USER, input_, key))
    await execute(
        owner_url, "UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE key = $1", key
    )
    again = await create(api, USER, input_, key)
    assert created(again)["number"] != first["number"]
    assert REPLAYED.lower() not in again.headers
    assert await cases_titled(owner_url, input_["title"]) == 2
    assert await keys_named(owner_url, key) == 1

    # Another expired key of the same tenant is purged by the next claim, whoever makes it.
    stale = new_key()
    created(await create(api, USER, tagged_input(), stale))
    await execute(
        owner_url, "UPDATE idempotency_keys SET expires_at = now() - interval '1 day' WHERE key = $1", stale
    )
    created(await create(api, "district.admin", tagged_input(), new_key()))
    assert await keys_named(owner_url, stale) == 0


async def test_keys_are_kept_a_day_by_default(api: Api, owner_url: URL) -> None:
    key = new_key()
    created(await create(api, USER, tagged_input(), key))
    hours = await fetchval(
        owner_url,
        "SELECT extract(epoch FROM expires_at - created_at) / 3600 FROM idempotency_keys WHERE key = $1",
        key,
    )
    assert float(hours) == pytest.approx(24)


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "x" * 256, "a\x7fb", "a\x01b", "键".encode(), b"caf\xc3\xa9"],
    ids=["empty", "blank", "too-long", "del", "control", "non-ascii", "latin-1"],
)
async def test_a_bad_key_is_refused(api: Api, owner_url: URL, bad: str | bytes) -> None:
    input_ = tagged_input()
    r = await create(api, USER, input_, bad)  # type: ignore[arg-type]
    ext = error_of(r)
    assert (ext["code"], ext["field"]) == ("BAD_USER_INPUT", "Idempotency-Key")
    assert await cases_titled(owner_url, input_["title"]) == 0


async def test_the_longest_key_and_inner_spaces_are_fine(api: Api, owner_url: URL) -> None:
    for key in ("k" * 255, f"order 42 / {new_key()}"):
        input_ = tagged_input()
        first, again = created(await create(api, USER, input_, key)), await create(api, USER, input_, key)
        assert created(again) == first and again.headers[REPLAYED] == "true"


async def test_the_header_is_ignored_on_a_query(api: Api, owner_url: URL) -> None:
    key = new_key()
    for _ in range(2):
        r = await post(api, USER, VIEWER, key=key)
        assert r.status_code == 200 and r.json()["data"]["viewer"]["user"]["username"] == USER
        assert REPLAYED.lower() not in r.headers
    # Even a malformed key: on a query the header means nothing.
    r = await post(api, USER, VIEWER, key="")
    assert r.status_code == 200 and not r.json().get("errors")
    assert await keys_named(owner_url, key) == 0
    # The key is still free for a mutation.
    created(await create(api, USER, tagged_input(), key))
