"""resolve_query, the rules at service level: which text a request runs, given its query, documentId and
extensions, and who is asking (the principal's app, trusted-documents-only or not)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from graphql import GraphQLSchema

from concord.auth.principal import Principal
from concord.auth.service import authenticate
from concord.config import Settings
from concord.db.session import DbContext, bind_context
from concord.documents.registry import builtin_registry, document_id
from concord.documents.service import check_document, resolve_query
from concord.graphql.schema import schema
from concord.kit.errors import ConcordError
from concord.models.enums import TenantKind
from tests.admin.support import client_token
from tests.documents.support import TENANTS_DOC, app_login, fresh_client, registered
from tests.helpers import Api

VIEWER_ID = builtin_registry().id_of("Viewer")
assert VIEWER_ID is not None
VIEWER_TEXT = builtin_registry().documents[VIEWER_ID]
ARBITRARY = "{ viewer { roles } }"


def user(client_id: str | None = None) -> Principal:
    return Principal(
        "user", uuid.uuid4(), "u", "用户", uuid.uuid4(), "t", TenantKind.CENTRE, ("observer",), client_id
    )


def offline_ctx(principal: Principal | None, trusted_only: tuple[str, ...] = ()) -> Any:
    """A context for the rules that need no database (built-in documents, hashes, the setting)."""
    settings = Settings(env="test", trusted_documents_only=list(trusted_only))
    return SimpleNamespace(request=None, principal=principal, settings=settings, session=None)


async def code_of(call: Any) -> tuple[str, str | None]:
    with pytest.raises(ConcordError) as info:
        await call
    ext = info.value.extensions or {}
    return ext["code"], ext.get("field")


# --- document ids ----------------------------------------------------------------------------------------------


async def test_a_built_in_document_id_gives_its_text() -> None:
    assert await resolve_query(offline_ctx(None), None, VIEWER_ID, None) == VIEWER_TEXT
    assert await resolve_query(offline_ctx(user()), "", VIEWER_ID, {}) == VIEWER_TEXT


async def test_apollo_persisted_query_hash_is_another_spelling() -> None:
    digest = VIEWER_ID.removeprefix("sha256:")
    for ext in ({"version": 1, "sha256Hash": digest}, {"sha256Hash": digest.upper()}):
        assert await resolve_query(offline_ctx(user()), None, None, {"persistedQuery": ext}) == VIEWER_TEXT
    both = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    assert await resolve_query(offline_ctx(user()), None, VIEWER_ID, both) == VIEWER_TEXT


@pytest.mark.parametrize(
    ("document_id_", "extensions"),
    [
        ("sha256:" + "0" * 64, None),
        ("sha256:" + "0" * 63, None),
        ("Viewer", None),
        (None, {"persistedQuery": {"version": 1, "sha256Hash": "f" * 64}}),
        (None, {"persistedQuery": {"version": 1}}),
        (None, {"persistedQuery": "nope"}),
    ],
    ids=["unknown", "short", "a name", "unknown hash", "no hash", "not an object"],
)
async def test_an_unknown_document_is_not_found(
    document_id_: str | None, extensions: dict[str, Any] | None
) -> None:
    call = resolve_query(offline_ctx(user()), None, document_id_, extensions)
    assert await code_of(call) == ("PERSISTED_QUERY_NOT_FOUND", "documentId")


async def test_text_and_id_together_must_agree() -> None:
    ctx = offline_ctx(user())
    assert await resolve_query(ctx, VIEWER_TEXT, VIEWER_ID, None) == VIEWER_TEXT
    assert await resolve_query(ctx, ARBITRARY, document_id(ARBITRARY), None) == ARBITRARY
    assert await code_of(resolve_query(ctx, ARBITRARY, VIEWER_ID, None)) == ("BAD_USER_INPUT", "documentId")
    other = {"persistedQuery": {"version": 1, "sha256Hash": "a" * 64}}
    assert await code_of(resolve_query(ctx, None, VIEWER_ID, other)) == ("BAD_USER_INPUT", "documentId")


async def test_a_request_without_text_or_id_is_bad_input() -> None:
    assert await code_of(resolve_query(offline_ctx(user()), None, None, None)) == ("BAD_USER_INPUT", "query")


# --- text only -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "principal",
    [None, user(), user("console"), user("another-app")],
    ids=["anonymous", "no app", "console", "another app"],
)
async def test_text_is_run_as_sent_unless_the_app_is_trusted_only(principal: Principal | None) -> None:
    assert await resolve_query(offline_ctx(principal, ("trusted-app",)), ARBITRARY, None, None) == ARBITRARY


# --- registered documents (database) -----------------------------------------------------------------------------


@asynccontextmanager
async def db_ctx(api: Api, token: str, trusted_only: tuple[str, ...] = ()) -> AsyncIterator[Any]:
    """A context as the endpoint builds it: the principal loaded from the token, its tenant bound."""
    app = api.app
    settings: Settings = app.state.settings.model_copy(update={"trusted_documents_only": list(trusted_only)})
    async with app.state.db.sessions() as session:
        principal = await authenticate(session, settings, token, None, None)
        assert principal is not None
        bind_context(session, DbContext(principal.tenant_id, principal.id))
        yield SimpleNamespace(
            request=SimpleNamespace(app=app), principal=principal, settings=settings, session=session
        )
        await session.rollback()


async def test_an_app_finds_its_own_registered_documents_and_no_one_elses(api: Api) -> None:
    mine, theirs = await fresh_client(api, "district.admin"), await fresh_client(api, "district.admin")
    doc = await registered(api, "district.admin", mine["apiClient"]["id"], TENANTS_DOC)
    other_text = TENANTS_DOC.replace("first: 3", "first: 4")
    other = await registered(api, "district.admin", theirs["apiClient"]["id"], other_text)
    token = await client_token(api, mine["clientId"], mine["clientSecret"])
    async with db_ctx(api, token) as ctx:
        assert ctx.principal.client_id == mine["clientId"]
        assert await resolve_query(ctx, None, doc["id"], None) == TENANTS_DOC
        assert await resolve_query(ctx, None, VIEWER_ID, None) == VIEWER_TEXT  # built-ins are everyone's
        assert await code_of(resolve_query(ctx, None, other["id"], None)) == (
            "PERSISTED_QUERY_NOT_FOUND",
            "documentId",
        )


async def test_a_trusted_only_console_user_may_send_only_built_in_text(api: Api) -> None:
    token = await app_login(api, "district.officer", "console")
    async with db_ctx(api, token, ("console", "cc_other")) as ctx:
        assert ctx.principal.client_id == "console"
        assert await code_of(resolve_query(ctx, ARBITRARY, None, None)) == ("TRUSTED_DOCUMENT_REQUIRED", None)
        # the exact text of a built-in document is that document: accepted, byte for byte only
        assert await resolve_query(ctx, VIEWER_TEXT, None, None) == VIEWER_TEXT
        assert (await code_of(resolve_query(ctx, VIEWER_TEXT + " ", None, None)))[
            0
        ] == "TRUSTED_DOCUMENT_REQUIRED"
        assert await resolve_query(ctx, None, VIEWER_ID, None) == VIEWER_TEXT
    async with db_ctx(api, await app_login(api, "district.officer", "another-app"), ("console",)) as ctx:
        assert await resolve_query(ctx, ARBITRARY, None, None) == ARBITRARY


async def test_a_trusted_only_app_may_send_the_text_of_its_registered_documents(api: Api) -> None:
    made = await fresh_client(api, "district.admin")
    await registered(api, "district.admin", made["clientId"], TENANTS_DOC)
    token = await client_token(api, made["clientId"], made["clientSecret"])
    async with db_ctx(api, token, (made["clientId"],)) as ctx:
        assert await resolve_query(ctx, TENANTS_DOC, None, None) == TENANTS_DOC
        assert await resolve_query(ctx, VIEWER_TEXT, None, None) == VIEWER_TEXT
        assert await code_of(resolve_query(ctx, ARBITRARY, None, None)) == ("TRUSTED_DOCUMENT_REQUIRED", None)
    async with db_ctx(api, token) as ctx:  # the same app, not listed: any text
        assert await resolve_query(ctx, ARBITRARY, None, None) == ARBITRARY


# --- what may be registered ----------------------------------------------------------------------------------------

GRAPHQL_SCHEMA: GraphQLSchema = schema._schema
BAD_DOCUMENTS: list[tuple[str, str]] = [
    ("empty", "  \n"),
    ("syntax", "query { viewer { roles "),
    ("unknown field", "query Q { viewer { shoeSize } }"),
    ("two operations", "query A { viewer { roles } } query B { viewer { roles } }"),
    ("fragment only", "fragment F on Viewer { roles }"),
    ("too long", "{ viewer { roles } }" + " " * 100_000),
]


@pytest.mark.parametrize("text", [t for _, t in BAD_DOCUMENTS], ids=[n for n, _ in BAD_DOCUMENTS])
def test_a_document_must_parse_validate_and_hold_one_operation(text: str) -> None:
    with pytest.raises(ConcordError) as info:
        check_document(GRAPHQL_SCHEMA, text)
    assert (info.value.extensions or {}) == {"code": "BAD_USER_INPUT", "field": "document"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (TENANTS_DOC, "HotlineTenants"),
        ("{ viewer { roles } }", None),
        ("query V { viewer { ...R } } fragment R on Viewer { roles }", "V"),
        (VIEWER_TEXT, "Viewer"),
    ],
)
def test_a_good_document_gives_its_operation_name(text: str, name: str | None) -> None:
    assert check_document(GRAPHQL_SCHEMA, text) == name
