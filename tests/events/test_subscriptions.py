"""Subscriptions over graphql-transport-ws: the outbox is written with the change (and only with it), events
reach the tenants they concern and no one else, a cursor replays what was missed, and an event raised on one
server process reaches a subscriber on another."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
from sqlalchemy.engine import URL

from concord.db.server import asyncpg_dsn
from concord.events.listener import APPLICATION_NAME
from concord.kit.ids import from_global_id
from tests.admin.support import owner_fetch
from tests.events.support import (
    CASE_EVENTS,
    DOCKING_CENTRE,
    EVENT_CURSOR,
    REFERRAL_EVENTS,
    Server,
    cursor_now,
    open_socket,
    refused,
)
from tests.helpers import REFER, SPEC_ACCEPT, Api, error_code
from tests.referrals.support import COURT, DOCKING, LABOUR, REASON, new_case, refer_ok, sign


async def outbox_rows(owner_url: URL, case_id: str) -> list[asyncpg.Record]:
    return await owner_fetch(
        owner_url,
        "SELECT kind, referral_id, payload FROM event_outbox WHERE case_id = $1 ORDER BY id",
        from_global_id(case_id)[1],
    )


async def test_outbox_row_is_written_with_the_change_and_only_with_it(api: Api, owner_url: URL) -> None:
    case_id, _ = await new_case(api, COURT)
    assert [r["kind"] for r in await outbox_rows(owner_url, case_id)] == ["CASE_CREATED"]
    to_id = await api.tenant_id(DOCKING_CENTRE)
    # A mutation with any error is rolled back whole: the referral and its event vanish together.
    failing = """mutation($input: ReferCaseInput!, $bogus: ID!) {
      referCase(input: $input) { referral { id } }
      signForReferral(input: {referralId: $bogus}) { referral { id } }
    }"""
    variables = {
        "input": {"caseId": case_id, "toTenantId": to_id, "kind": "DELEGATED", "reason": REASON},
        "bogus": "UmVmZXJyYWw6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw",
    }
    body = await api.gql(COURT, failing, variables)
    assert body.get("errors")
    assert [r["kind"] for r in await outbox_rows(owner_url, case_id)] == ["CASE_CREATED"]
    referral = await refer_ok(api, COURT, case_id, DOCKING_CENTRE)
    rows = await outbox_rows(owner_url, case_id)
    assert [r["kind"] for r in rows] == ["CASE_CREATED", "REFERRAL_SENT"]
    assert str(rows[1]["referral_id"]) == str(from_global_id(referral["id"])[1])
    # Ids, status and version: no reason text, no names.
    assert '"status": "SENT"' in rows[1]["payload"] and REASON not in rows[1]["payload"]


async def test_receiving_tenant_gets_referral_events_and_others_get_nothing(
    api: Api, server_a: Server
) -> None:
    start = await cursor_now(api, DOCKING)
    receiver = await open_socket(server_a.url, await api.token(DOCKING))
    bystander = await open_socket(server_a.url, await api.token(LABOUR))
    try:
        op = await receiver.subscribe(REFERRAL_EVENTS, {"after": start})
        other = await bystander.subscribe(REFERRAL_EVENTS, {"after": start})
        case_id, title = await new_case(api, COURT)
        referral = await refer_ok(api, COURT, case_id, DOCKING_CENTRE)  # mutation in another process
        event = (await receiver.next(op))["referralEvents"]
        assert event["kind"] == "REFERRAL_SENT"
        assert event["status"] == "SENT"
        assert event["referral"]["id"] == referral["id"]
        assert event["referral"]["toTenant"]["code"] == DOCKING_CENTRE
        assert event["case"] == {"id": case_id, "title": title}
        assert event["byTenant"]["code"] == "district-court"
        await bystander.quiet(other)  # tenant isolation: the labour committee is told nothing
    finally:
        await receiver.close()
        await bystander.close()


async def test_case_events_follow_one_case(api: Api, server_a: Server) -> None:
    case_id, _ = await new_case(api, COURT)
    referral = await refer_ok(api, COURT, case_id, DOCKING_CENTRE)
    sock = await open_socket(
        server_a.url, await api.token(COURT), header=True
    )  # token on the upgrade request
    try:
        op = await sock.subscribe(CASE_EVENTS, {"caseId": case_id, "after": await cursor_now(api, COURT)})
        assert not (await sign(api, DOCKING, referral["id"])).get("errors")
        event = (await sock.next(op))["caseEvents"]
        assert event["kind"] == "REFERRAL_SIGNED_FOR"
        assert event["referral"] == {"id": referral["id"], "status": "SIGNED_FOR"}
        assert event["byTenant"]["code"] == DOCKING_CENTRE
    finally:
        await sock.close()


async def test_case_events_of_an_invisible_case_are_not_found(api: Api, server_a: Server) -> None:
    case_id, _ = await new_case(api, COURT)
    sock = await open_socket(server_a.url, await api.token(LABOUR))
    try:
        op = await sock.subscribe(CASE_EVENTS, {"caseId": case_id})
        assert await sock.error_code(op) == "NOT_FOUND"
    finally:
        await sock.close()


async def test_resume_from_a_cursor_replays_missed_events(api: Api, server_a: Server) -> None:
    start = await cursor_now(api, DOCKING)
    case_id, _ = await new_case(api, COURT)
    referral = await refer_ok(api, COURT, case_id, DOCKING_CENTRE)
    sock = await open_socket(server_a.url, await api.token(DOCKING))
    op = await sock.subscribe(REFERRAL_EVENTS, {"after": start})
    first = (await sock.next(op))["referralEvents"]
    assert (first["kind"], first["referral"]["id"]) == ("REFERRAL_SENT", referral["id"])
    await sock.close()
    # While disconnected: signed for, then accepted.
    assert not (await sign(api, DOCKING, referral["id"])).get("errors")
    accept = "mutation($id: ID!) { acceptReferral(input: {referralId: $id}) { referral { id } } }"
    await api.ok(DOCKING, accept, {"id": referral["id"]})
    sock = await open_socket(server_a.url, await api.token(DOCKING))
    try:
        op = await sock.subscribe(REFERRAL_EVENTS, {"after": first["cursor"]})
        replayed = [(await sock.next(op))["referralEvents"] for _ in range(2)]
        assert [e["kind"] for e in replayed] == ["REFERRAL_SIGNED_FOR", "REFERRAL_ACCEPTED"]
        assert {e["referral"]["id"] for e in replayed} == {referral["id"]}
        assert replayed[0]["cursor"] != replayed[1]["cursor"]
    finally:
        await sock.close()


async def test_a_bad_cursor_is_bad_user_input(api: Api, server_a: Server) -> None:
    sock = await open_socket(server_a.url, await api.token(DOCKING))
    try:
        op = await sock.subscribe(REFERRAL_EVENTS, {"after": "not-a-cursor"})
        assert await sock.error_code(op) == "BAD_USER_INPUT"
    finally:
        await sock.close()


async def test_unauthenticated_subscriptions_are_refused(api: Api, server_a: Server) -> None:
    sock = await open_socket(server_a.url, None)
    try:
        op = await sock.subscribe(REFERRAL_EVENTS)
        assert await sock.error_code(op) == "UNAUTHENTICATED"
    finally:
        await sock.close()
    assert await refused(server_a.url, "not-a-token") == 4403


async def test_queries_and_mutations_are_not_served_over_websocket(api: Api, server_a: Server) -> None:
    sock = await open_socket(server_a.url, await api.token(DOCKING))
    try:
        assert await sock.error_code(await sock.subscribe(EVENT_CURSOR)) == "BAD_REQUEST"
        case_id, _ = await new_case(api, COURT)
        to_id = await api.tenant_id(DOCKING_CENTRE)
        refer = {"input": {"caseId": case_id, "toTenantId": to_id, "kind": "DELEGATED", "reason": REASON}}
        assert await sock.error_code(await sock.subscribe(REFER, refer)) == "BAD_REQUEST"
    finally:
        await sock.close()


async def test_event_raised_on_one_process_reaches_a_subscriber_on_another(
    api: Api, server_a: Server, server_b: Server
) -> None:
    async with httpx.AsyncClient(headers=SPEC_ACCEPT, base_url=server_b.url, timeout=10) as b:

        async def gql_b(
            token: str, query: str, variables: dict[str, object] | None = None
        ) -> dict[str, object]:
            r = await b.post(
                "/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert r.status_code == 200, r.text
            body: dict[str, object] = r.json()
            assert not body.get("errors"), body
            return body

        court = (
            await b.post(
                "/auth/token", data={"grant_type": "password", "username": COURT, "password": "demo"}
            )
        ).json()["access_token"]
        start = await cursor_now(api, DOCKING)
        sock = await open_socket(server_a.url, await api.token(DOCKING))
        try:
            op = await sock.subscribe(REFERRAL_EVENTS, {"after": start})
            case_id, _ = await new_case(api, COURT)
            to_id = await api.tenant_id(DOCKING_CENTRE)
            body = await gql_b(
                court,
                REFER,
                {"input": {"caseId": case_id, "toTenantId": to_id, "kind": "DELEGATED", "reason": REASON}},
            )
            referral_id = body["data"]["referCase"]["referral"]["id"]  # type: ignore[index]
            event = (await sock.next(op))["referralEvents"]
            assert (event["kind"], event["referral"]["id"]) == ("REFERRAL_SENT", referral_id)
        finally:
            await sock.close()


async def test_error_codes_are_the_queries_codes(api: Api) -> None:
    """eventCursor over HTTP needs a principal, like any query."""
    assert error_code(await api.gql(None, EVENT_CURSOR)) == "UNAUTHENTICATED"


async def test_delivery_survives_a_dropped_listen_connection(
    api: Api, server_a: Server, owner_url: URL
) -> None:
    dsn, kw = asyncpg_dsn(owner_url)
    admin = await asyncpg.connect(dsn, **kw)
    listeners = (
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1"
    )
    try:
        start = await cursor_now(api, DOCKING)
        sock = await open_socket(server_a.url, await api.token(DOCKING))
        try:
            op = await sock.subscribe(REFERRAL_EVENTS, {"after": start})
            killed = await admin.fetch(
                f"SELECT pg_terminate_backend(pid) FROM ({listeners}) l", APPLICATION_NAME
            )
            assert killed, "no LISTEN connection found"
            case_id, _ = await new_case(api, COURT)
            referral = await refer_ok(api, COURT, case_id, DOCKING_CENTRE)
            event = (await sock.next(op))["referralEvents"]  # by the reconnect's catch-up or the poll
            assert event["referral"]["id"] == referral["id"]
        finally:
            await sock.close()
        for _ in range(50):  # and the listeners are back
            if await admin.fetch(listeners, APPLICATION_NAME):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the LISTEN connections did not come back")
    finally:
        await admin.close()
