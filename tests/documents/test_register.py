"""registerTrustedDocument / revokeTrustedDocument and ApiClient.trustedDocuments, through HTTP: who may,
for which clients (their subtree's; another tenant's answers NOT_FOUND), what a document must be, the audit
trail, and one statement for the documents of a whole page of clients."""

from __future__ import annotations

import hashlib
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import URL

from concord.config import Settings
from concord.db.server import asyncpg_dsn
from concord.db.urls import application_url
from concord.kit.ids import from_global_id
from tests.admin.conftest import Branch
from tests.admin.support import assert_error, audit_count, audit_events, fake_id, ok
from tests.documents.support import (
    CLIENT_DOCS,
    TENANTS_DOC,
    VIEWER_DOC,
    fresh_client,
    register,
    registered,
    revoke,
    tenant_admin,
)
from tests.helpers import Api


def sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


async def documents_of(api: Api, actor: Any, client_gid: str) -> list[dict[str, Any]]:
    edges = (await ok(api, actor, CLIENT_DOCS, {"n": 100}))["apiClients"]["edges"]
    found = [e["node"] for e in edges if e["node"]["id"] == client_gid]
    assert found, f"{client_gid} not listed"
    docs: list[dict[str, Any]] = found[0]["trustedDocuments"]
    return docs


async def test_register_a_document_for_a_client(api: Api, owner_url: URL) -> None:
    made = await fresh_client(api, "district.admin")
    gid = made["apiClient"]["id"]
    data = await ok(
        api,
        "district.admin",
        "mutation($i: RegisterTrustedDocumentInput!) { registerTrustedDocument(input: $i) { "
        "trustedDocument { id operationName document createdAt } apiClient { id clientId } } }",
        {"i": {"clientId": gid, "document": TENANTS_DOC}},
    )
    payload = data["registerTrustedDocument"]
    doc = payload["trustedDocument"]
    assert doc["id"] == sha(TENANTS_DOC)
    assert (doc["operationName"], doc["document"]) == ("HotlineTenants", TENANTS_DOC)
    assert payload["apiClient"] == {"id": gid, "clientId": made["clientId"]}
    assert await documents_of(api, "district.admin", gid) == [doc]

    events = await audit_events(owner_url, "trusted_document.register")
    mine = [e for e in events if e["changes"].get("client_id") == [None, made["clientId"]]]
    assert len(mine) == 1
    assert mine[0]["changes"]["document_id"] == [None, doc["id"]]
    assert mine[0]["changes"]["operation_name"] == [None, "HotlineTenants"]
    assert (mine[0]["actor_name"], mine[0]["tenant"], mine[0]["object_type"]) == (
        "李文静",
        "district-centre",
        "TrustedDocument",
    )


async def test_registering_the_same_text_twice_is_idempotent(api: Api, owner_url: URL) -> None:
    made = await fresh_client(api, "district.admin")
    first = await registered(api, "district.admin", made["apiClient"]["id"], VIEWER_DOC)
    before = await audit_count(owner_url, "trusted_document.register")
    # by the client's OAuth client_id this time: the same client
    again = await registered(api, "district.admin", made["clientId"], VIEWER_DOC)
    assert again == first and again["operationName"] is None
    assert await audit_count(owner_url, "trusted_document.register") == before
    assert [d["id"] for d in await documents_of(api, "district.admin", made["apiClient"]["id"])] == [
        first["id"]
    ]
    # a different text (one space more) is a different document
    other = await registered(api, "district.admin", made["clientId"], VIEWER_DOC + " ")
    assert other["id"] != first["id"]
    listed = await documents_of(api, "district.admin", made["apiClient"]["id"])
    assert [d["id"] for d in listed] == [first["id"], other["id"]]  # oldest first


async def test_revoke_a_document(api: Api, owner_url: URL) -> None:
    made = await fresh_client(api, "district.admin")
    gid = made["apiClient"]["id"]
    keep = await registered(api, "district.admin", gid, VIEWER_DOC)
    gone = await registered(api, "district.admin", gid, TENANTS_DOC)
    data = await ok(
        api,
        "district.admin",
        "mutation($i: RevokeTrustedDocumentInput!) { revokeTrustedDocument(input: $i) { "
        "documentId apiClient { id trustedDocuments { id } } } }",
        {"i": {"clientId": gid, "documentId": gone["id"]}},
    )
    assert data["revokeTrustedDocument"] == {
        "documentId": gone["id"],
        "apiClient": {"id": gid, "trustedDocuments": [{"id": keep["id"]}]},
    }
    events = [
        e
        for e in await audit_events(owner_url, "trusted_document.revoke")
        if e["changes"].get("client_id") == [made["clientId"], None]
    ]
    assert len(events) == 1 and events[0]["changes"]["document_id"] == [gone["id"], None]
    # revoking it again: nothing to revoke
    assert_error(await revoke(api, "district.admin", gid, gone["id"]), "NOT_FOUND", "documentId")
    assert_error(await revoke(api, "district.admin", gid, "not-an-id"), "NOT_FOUND", "documentId")
    # and it can be registered anew
    assert (await registered(api, "district.admin", gid, TENANTS_DOC))["id"] == gone["id"]


@pytest.mark.parametrize("user", ["district.officer", "court.clerk", "lawyer.li", "e1.worker"])
async def test_only_administrators_register_documents(api: Api, user: str) -> None:
    made = await fresh_client(api, "district.admin")
    for body in (
        await register(api, user, made["apiClient"]["id"], VIEWER_DOC),
        await revoke(api, user, made["apiClient"]["id"], sha(VIEWER_DOC)),
    ):
        ext = assert_error(body, "FORBIDDEN")
        assert ext["action"] == "trusted_document:register"
    assert_error(await register(api, None, made["apiClient"]["id"], VIEWER_DOC), "UNAUTHENTICATED")


async def test_another_tenants_client_is_not_found(api: Api, owner_url: URL, court_branch: Branch) -> None:
    before = await audit_count(owner_url, "trusted_document.register")
    for ref in (court_branch.client_id, fake_id("ApiClient"), fake_id("Tenant"), "cc_0000000000000000"):
        assert_error(await register(api, "district.admin", ref, VIEWER_DOC), "NOT_FOUND", "clientId")
    assert await audit_count(owner_url, "trusted_document.register") == before
    # the branch's own administrator, and the platform administrator above everyone, may
    doc = await registered(api, court_branch.admin, court_branch.client_id, VIEWER_DOC)
    assert_error(
        await revoke(api, "district.admin", court_branch.client_id, doc["id"]), "NOT_FOUND", "clientId"
    )
    assert (await registered(api, "admin", court_branch.client_id, VIEWER_DOC)) == doc
    assert [d["id"] for d in await documents_of(api, court_branch.admin, court_branch.client_id)] == [
        doc["id"]
    ]


async def test_a_lower_tenants_administrator_sees_only_its_own_clients_documents(api: Api, home: str) -> None:
    below = await tenant_admin(api, home)
    theirs = await fresh_client(api, below, "下级应用")
    doc = await registered(api, "district.admin", theirs["apiClient"]["id"], VIEWER_DOC)  # from above
    assert [d["id"] for d in await documents_of(api, below, theirs["apiClient"]["id"])] == [doc["id"]]
    ours = await fresh_client(api, "district.admin")
    assert_error(await register(api, below, ours["apiClient"]["id"], VIEWER_DOC), "NOT_FOUND", "clientId")


BAD: list[tuple[str, str]] = [
    ("empty", ""),
    ("syntax error", "query { viewer { roles "),
    ("not in the schema", "query Q { viewer { shoeSize } }"),
    ("two operations", "query A { viewer { roles } } query B { viewer { roles } }"),
    ("no operation", "fragment F on Viewer { roles }"),
]


@pytest.mark.parametrize("document", [d for _, d in BAD], ids=[n for n, _ in BAD])
async def test_a_bad_document_is_refused_and_nothing_recorded(
    api: Api, owner_url: URL, document: str
) -> None:
    made = await fresh_client(api, "district.admin")
    before = await audit_count(owner_url, "trusted_document.register")
    assert_error(
        await register(api, "district.admin", made["apiClient"]["id"], document), "BAD_USER_INPUT", "document"
    )
    assert await audit_count(owner_url, "trusted_document.register") == before
    assert await documents_of(api, "district.admin", made["apiClient"]["id"]) == []


async def test_a_revoked_client_gets_no_new_documents(api: Api) -> None:
    made = await fresh_client(api, "district.admin")
    await ok(
        api,
        "district.admin",
        "mutation($id: ID!) { revokeApiClient(input: {apiClientId: $id}) { apiClient { id } } }",
        {"id": made["apiClient"]["id"]},
    )
    assert_error(
        await register(api, "district.admin", made["apiClient"]["id"], VIEWER_DOC),
        "BAD_USER_INPUT",
        "clientId",
    )


async def test_documents_of_a_page_of_clients_take_one_statement(api: Api, home: str) -> None:
    admin = await tenant_admin(api, home)
    for i in range(6):
        made = await fresh_client(api, admin, f"应用{i}")
        await registered(api, admin, made["apiClient"]["id"], VIEWER_DOC)
        await registered(api, admin, made["apiClient"]["id"], TENANTS_DOC)

    async def statements(first: int) -> int:
        await ok(api, admin, CLIENT_DOCS, {"n": first})  # warm: the principal's decisions, caches
        api.counter.count = 0
        data = await ok(api, admin, CLIENT_DOCS, {"n": first})
        assert len(data["apiClients"]["edges"]) == first
        assert all(len(e["node"]["trustedDocuments"]) == 2 for e in data["apiClients"]["edges"])
        return api.counter.count

    assert await statements(2) == await statements(6)


async def test_row_level_security_shows_a_tenant_only_its_subtrees_documents(
    api: Api, settings: Settings, owner_url: URL, court_branch: Branch
) -> None:
    """The second wall: as the application role, documents of the court branch's client are invisible to
    district-centre's context and to no context at all, and visible to the branch and to district-court."""
    doc = await registered(api, court_branch.admin, court_branch.client_id, TENANTS_DOC)
    client_db_id = str(from_global_id(court_branch.client_id)[1])
    dsn, kw = asyncpg_dsn(application_url(settings, owner=owner_url))
    conn = await asyncpg.connect(dsn, **kw)

    async def seen(tenant_code: str | None) -> int:
        async with conn.transaction():
            if tenant_code is not None:
                tid = await conn.fetchval("SELECT id FROM tenants WHERE code = $1", tenant_code)
                await conn.execute("SELECT set_config('concord.tenant_id', $1, true)", str(tid))
            n: int = await conn.fetchval(
                "SELECT count(*) FROM trusted_documents WHERE api_client_id = $1::uuid AND document_id = $2",
                client_db_id,
                doc["id"],
            )
            return n

    try:
        assert await seen(None) == 0
        assert await seen("district-centre") == 0
        assert await seen(court_branch.code) == 1
        assert await seen("district-court") == 1
    finally:
        await conn.close()
