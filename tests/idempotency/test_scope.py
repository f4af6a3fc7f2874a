"""Whose key it is, and what a key cannot do: keys belong to one principal in one tenant, a refused
mutation stores nothing, and concurrent retries under one key do the work once."""

from __future__ import annotations

import asyncio

import asyncpg
from sqlalchemy.engine import URL

from concord.db.server import asyncpg_dsn
from tests.admin.support import client_token, new_client
from tests.helpers import Api
from tests.idempotency.support import (
    REPLAYED,
    cases_titled,
    create,
    created,
    error_of,
    fetchval,
    keys_named,
    new_key,
    tagged_input,
)


async def test_keys_are_per_principal(api: Api, owner_url: URL) -> None:
    """Two users of the same tenant sending the same key and variables are two requests."""
    key, input_ = new_key(), tagged_input()
    a = await create(api, "district.officer", input_, key)
    b = await create(api, "district.admin", input_, key)
    assert created(a)["number"] != created(b)["number"]
    assert REPLAYED.lower() not in b.headers
    assert await cases_titled(owner_url, input_["title"]) == 2
    assert await keys_named(owner_url, key) == 2


async def test_an_api_client_has_keys_of_its_own(api: Api, owner_url: URL) -> None:
    made = await new_client(api, "district.admin", "幂等测试对接")
    token = await client_token(api, made["clientId"], made["clientSecret"])
    key, input_ = new_key(), tagged_input()
    first = created(await create(api, "", input_, key, token=token))
    again = await create(api, "", input_, key, token=token)
    assert created(again) == first and again.headers[REPLAYED] == "true"
    # The client's administrator, same tenant, same key: a request of its own.
    admin = await create(api, "district.admin", input_, key)
    assert created(admin)["number"] != first["number"]
    assert REPLAYED.lower() not in admin.headers
    kinds = await fetchval(
        owner_url,
        "SELECT string_agg(principal_kind, ',' ORDER BY principal_kind) FROM idempotency_keys WHERE key = $1",
        key,
    )
    assert kinds == "client,user"


async def test_another_tenant_cannot_replay_a_key(api: Api, owner_url: URL) -> None:
    key, input_ = new_key(), tagged_input()
    east = created(await create(api, "east.mediator", input_, key))
    r = await create(api, "west.mediator", input_, key)
    west = created(r)
    assert REPLAYED.lower() not in r.headers
    assert east["ownerTenant"]["code"] == "street-east" and west["ownerTenant"]["code"] == "street-west"
    assert west["id"] != east["id"]
    assert await cases_titled(owner_url, input_["title"]) == 2
    # Each tenant still replays its own.
    again = await create(api, "east.mediator", input_, key)
    assert created(again) == east and again.headers[REPLAYED] == "true"


async def test_a_denied_mutation_stores_nothing(api: Api, owner_url: URL) -> None:
    key, input_ = new_key(), tagged_input()
    for _ in range(2):  # still refused on the retry: nothing was stored to replay
        r = await create(api, "lawyer.li", input_, key)
        assert error_of(r)["code"] == "FORBIDDEN"
        assert REPLAYED.lower() not in r.headers
    assert await keys_named(owner_url, key) == 0
    assert await cases_titled(owner_url, input_["title"]) == 0


async def test_concurrent_retries_do_the_work_once(api: Api, owner_url: URL) -> None:
    """Five requests with one key at once. The tenant's case counter is held locked meanwhile, so the request
    that claims the key stays inside its mutation until all five are provably in flight: the other four must
    be waiting on the key, not arriving after the first one committed."""
    key, input_ = new_key(), tagged_input()
    created(await create(api, "district.officer", tagged_input(), None))  # the year's counter row exists
    dsn, kw = asyncpg_dsn(owner_url)
    holder = await asyncpg.connect(dsn, **kw)
    try:
        tx = holder.transaction()
        await tx.start()
        await holder.execute(
            "SELECT 1 FROM case_counters WHERE tenant_id = (SELECT id FROM tenants WHERE code = $1) FOR UPDATE",
            "district-centre",
        )
        tasks = [asyncio.create_task(create(api, "district.officer", input_, key)) for _ in range(5)]
        waiting = 0
        for _ in range(200):
            await holder.execute(
                "SELECT pg_stat_clear_snapshot()"
            )  # else the view is frozen for the transaction
            waiting = await holder.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if waiting >= 5:
                break
            await asyncio.sleep(0.05)
        assert waiting == 5, "one request on the counter, four on the key"
        await tx.rollback()
        answers = await asyncio.gather(*tasks)
    finally:
        await holder.close()
    cases = [created(r) for r in answers]
    assert all(c == cases[0] for c in cases)
    assert len({r.content for r in answers}) == 1
    assert sorted(r.headers.get(REPLAYED, "") for r in answers) == ["", "true", "true", "true", "true"]
    assert await cases_titled(owner_url, input_["title"]) == 1
    assert await keys_named(owner_url, key) == 1


async def test_concurrent_retries_after_a_failure_still_do_the_work_once(api: Api, owner_url: URL) -> None:
    """The first holder fails and rolls back: one waiting retry takes the key over, the others replay it."""
    key, input_ = new_key(), tagged_input()
    bad = {**input_, "title": ""}
    answers = await asyncio.gather(
        create(api, "district.officer", bad, key),
        *(create(api, "district.officer", input_, key) for _ in range(4)),
    )
    assert error_of(answers[0])["code"] in ("BAD_USER_INPUT", "CONFLICT")
    good = [created(r) for r in answers[1:]]
    assert all(c == good[0] for c in good)
    assert await cases_titled(owner_url, input_["title"]) == 1
