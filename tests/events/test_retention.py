"""The outbox does not grow for ever: events older than the retention period are pruned (by any server
process, one at a time), and a subscriber resuming from a cursor before the pruned horizon is told its events
are gone instead of silently missing them."""

from __future__ import annotations

import asyncio

import asyncpg
from sqlalchemy.engine import URL

from concord.events import repository
from concord.events.listener import EventHub
from concord.kit.ids import from_global_id
from tests.admin.support import owner_fetch
from tests.events.support import DOCKING_CENTRE, REFERRAL_EVENTS, Server, cursor_now, open_socket
from tests.helpers import Api
from tests.referrals.support import COURT, DOCKING, new_case, refer_ok


async def test_old_events_are_pruned_and_an_older_cursor_is_refused(
    api: Api, owner_url: URL, server_a: Server
) -> None:
    before = await cursor_now(api, DOCKING)
    case_id, _ = await new_case(api, COURT)
    await refer_ok(api, COURT, case_id, DOCKING_CENTRE)
    db_case = from_global_id(case_id)[1]
    aged = await owner_fetch(
        owner_url,
        "UPDATE event_outbox SET created_at = now() - interval '40 days' WHERE case_id = $1 RETURNING id",
        db_case,
    )
    assert len(aged) == 2
    # The old events are still there under a longer retention.
    assert await repository.prune(api.app.state.db.engine, 60) == 0

    engine = api.app.state.db.engine
    hub = EventHub(engine, engine.url, retention_days=30, prune_every_seconds=0.05)
    await hub.start()
    try:
        for _ in range(100):
            left = await owner_fetch(owner_url, "SELECT id FROM event_outbox WHERE case_id = $1", db_case)
            if not left:
                break
            await asyncio.sleep(0.05)
    finally:
        await hub.stop()
    assert left == []
    async with api.app.state.db.sessions() as session:
        horizon = await repository.horizon(session)
    assert horizon >= max(r["id"] for r in aged)

    sock = await open_socket(server_a.url, await api.token(DOCKING))
    try:
        stale = await sock.subscribe(REFERRAL_EVENTS, {"after": before})
        msg = await sock.message(stale)
        errors = msg["payload"] if msg["type"] == "error" else msg["payload"]["errors"]
        assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}, msg
        await sock.quiet(await sock.subscribe(REFERRAL_EVENTS, {"after": await cursor_now(api, DOCKING)}))
    finally:
        await sock.close()


async def test_the_application_cannot_delete_events_itself(api: Api) -> None:
    """Only the owner's pruning function deletes; the application role may read and append."""
    async with api.app.state.db.sessions() as session:
        conn = await session.connection()
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        try:
            await driver.execute("DELETE FROM event_outbox")
        except asyncpg.InsufficientPrivilegeError:
            pass
        else:
            raise AssertionError("the application role deleted outbox rows")
