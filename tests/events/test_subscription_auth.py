"""A subscription is held to the same rules as a query for as long as it runs: trusted documents by id (and
trusted-documents-only apps) over the WebSocket as over HTTP; a token that expires, or a membership revoked
while the subscription waits, ends it with UNAUTHENTICATED instead of letting events through."""

from __future__ import annotations

import hashlib

from concord.auth.service import authenticate
from concord.auth.tokens import decode_token, issue_token
from concord.documents.registry import builtin_registry
from tests.admin.support import REVOKE_ROLE, client_token, login, new_user, ok
from tests.documents.support import app_login, fresh_client, registered
from tests.events.support import DOCKING_CENTRE, REFERRAL_EVENTS, Server, Socket, cursor_now, open_socket
from tests.helpers import Api
from tests.referrals.support import COURT, DOCKING, new_case, refer_ok

FEED_ID = builtin_registry().id_of("ReferralEvents")
HOTLINE_FEED = "subscription HotlineFeed { referralEvents { kind referral { id } } }"


async def referral_sent(api: Api) -> str:
    """Refer a fresh case from the court to the docking centre; the referral's id."""
    case_id, _ = await new_case(api, COURT)
    referral: dict[str, str] = await refer_ok(api, COURT, case_id, DOCKING_CENTRE)
    return referral["id"]


async def expect_referral(sock: Socket, op: str, referral_id: str) -> None:
    event = (await sock.next(op))["referralEvents"]
    assert (event["kind"], event["referral"]["id"]) == ("REFERRAL_SENT", referral_id), event


async def test_a_built_in_subscription_by_document_id(api: Api, server_a: Server) -> None:
    assert FEED_ID is not None
    start = await cursor_now(api, DOCKING)
    sock = await open_socket(server_a.url, await api.token(DOCKING))
    try:
        by_id = await sock.send({"documentId": FEED_ID, "variables": {"after": start}})
        apollo = await sock.send(
            {
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": FEED_ID.split(":")[1]}},
                "variables": {"after": start},
            }
        )
        referral_id = await referral_sent(api)
        await expect_referral(sock, by_id, referral_id)
        await expect_referral(sock, apollo, referral_id)
    finally:
        await sock.close()


async def test_unknown_or_missing_documents_are_refused(api: Api, server_a: Server) -> None:
    sock = await open_socket(server_a.url, await api.token(DOCKING))
    try:
        unknown = "sha256:" + hashlib.sha256(b"nothing registered").hexdigest()
        assert await sock.error_code(await sock.send({"documentId": unknown})) == "PERSISTED_QUERY_NOT_FOUND"
        assert await sock.error_code(await sock.send({"variables": {}})) == "BAD_REQUEST"
        mismatch = {"query": REFERRAL_EVENTS, "documentId": FEED_ID}
        assert await sock.error_code(await sock.send(mismatch)) == "BAD_USER_INPUT"
    finally:
        await sock.close()


async def test_a_clients_registered_subscription_runs_by_id(api: Api, server_a: Server) -> None:
    made = await fresh_client(api, "district.admin")
    doc = await registered(api, "district.admin", made["apiClient"]["id"], HOTLINE_FEED)
    sock = await open_socket(server_a.url, await client_token(api, made["clientId"], made["clientSecret"]))
    other = await fresh_client(api, "district.admin")
    stranger = await open_socket(
        server_a.url, await client_token(api, other["clientId"], other["clientSecret"])
    )
    try:
        op = await sock.send({"documentId": doc["id"]})
        await sock.quiet(op)  # running: no error, nothing to tell yet
        # The document is the first client's: another client of the same tenant cannot name it.
        assert await stranger.error_code(await stranger.send({"documentId": doc["id"]})) == (
            "PERSISTED_QUERY_NOT_FOUND"
        )
    finally:
        await sock.close()
        await stranger.close()


async def test_a_trusted_only_app_subscribes_by_document_only(
    api: Api, server_trusted: Server, server_a: Server
) -> None:
    token = await app_login(api, DOCKING, "console")
    sock = await open_socket(server_trusted.url, token)
    try:
        text = await sock.subscribe("subscription { referralEvents { kind } }")
        assert await sock.error_code(text) == "TRUSTED_DOCUMENT_REQUIRED"
        # Both from one cursor: a subscription without `after` starts wherever the feed is when its task gets
        # to it, which may be after the referral below.
        start = await cursor_now(api, DOCKING)
        op = await sock.send({"documentId": FEED_ID, "variables": {"after": start}})
        # The built-in document's own text is trusted too.
        same_text = await sock.subscribe(builtin_registry().documents[str(FEED_ID)], {"after": start})
        referral_id = await referral_sent(api)
        await expect_referral(sock, op, referral_id)
        await expect_referral(sock, same_text, referral_id)
    finally:
        await sock.close()
    # The same user through no app, or on a server without the setting, may send text.
    plain = await open_socket(server_trusted.url, await api.token(DOCKING))
    elsewhere = await open_socket(server_a.url, token)
    try:
        await plain.quiet(await plain.subscribe(REFERRAL_EVENTS))
        await elsewhere.quiet(await elsewhere.subscribe(REFERRAL_EVENTS))
    finally:
        await plain.close()
        await elsewhere.close()


async def test_a_subscription_ends_when_its_token_expires(api: Api, server_a: Server) -> None:
    settings = api.app.state.settings
    claims = decode_token(settings, await api.token(DOCKING))
    assert claims is not None
    short, ttl = issue_token(settings.model_copy(update={"token_ttl_seconds": 3}), claims)
    assert ttl == 3
    sock = await open_socket(server_a.url, short)
    try:
        op = await sock.subscribe(REFERRAL_EVENTS)
        msg = await sock.message(op, within=10)
        assert msg["type"] == "next", msg
        assert msg["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await sock.message(op))["type"] == "complete"
        # A new subscription on the same connection is refused too: reconnect with a fresh token.
        assert await sock.error_code(await sock.subscribe(REFERRAL_EVENTS)) == "UNAUTHENTICATED"
    finally:
        await sock.close()


async def test_a_revoked_role_stops_the_feed(api: Api, server_a: Server) -> None:
    centre = await api.tenant_id(DOCKING_CENTRE)
    user = await new_user(api, "admin", centre, ["docking_officer"])
    token = await login(api, user["username"])
    sock = await open_socket(server_a.url, token)
    try:
        op = await sock.subscribe(REFERRAL_EVENTS, {"after": await cursor_now(api, DOCKING)})
        await expect_referral(sock, op, await referral_sent(api))
        # Its last role revoked, the user is no longer a member: the next event is not delivered.
        revoke = {"userId": user["id"], "tenantId": centre, "role": "docking_officer"}
        roles = (await ok(api, "admin", REVOKE_ROLE, {"i": revoke}))["revokeRole"]["roles"]
        assert roles == []
        await referral_sent(api)
        msg = await sock.message(op)
        assert msg["type"] == "next" and msg["payload"].get("data") is None, msg
        assert msg["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await sock.message(op))["type"] == "complete"
    finally:
        await sock.close()


async def test_the_principal_carries_its_tokens_expiry(api: Api) -> None:
    settings = api.app.state.settings
    token = await api.token(DOCKING)
    claims = decode_token(settings, token)
    assert claims is not None and claims.expires_at is not None
    async with api.app.state.db.sessions() as session:
        principal = await authenticate(session, settings, token, None, None)
    assert principal is not None and principal.expires_at == claims.expires_at
