"""Trusted documents: which GraphQL text a request runs (`resolve_query`, called by the HTTP endpoint before
execution), and their registration by administrators for the external apps of their subtree."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, parse, validate
from sqlalchemy.ext.asyncio import AsyncSession

from concord.auth.principal import Principal
from concord.authz.visibility import VisibleTo
from concord.db.base import new_id, utcnow
from concord.documents import repository
from concord.documents.errors import PersistedQueryNotFound, TrustedDocumentRequired
from concord.documents.registry import DocumentRegistry, builtin_registry, normalise_id
from concord.documents.registry import document_id as hash_of
from concord.kit.context import ResolverContext
from concord.kit.errors import BadUserInput, NotFound
from concord.kit.ids import from_global_id
from concord.models import ApiClient, TrustedDocument
from concord.trail.recorder import created, diff, record

MAX_DOCUMENT_CHARS = 100_000


# --- which text a request runs ---------------------------------------------------------------------------------


async def resolve_query(
    ctx: ResolverContext, query: str | None, document_id: str | None, extensions: dict[str, Any] | None
) -> str:
    """The GraphQL text to execute.

    - A document id (`documentId: "sha256:<hex>"`, or Apollo's `extensions.persistedQuery.sha256Hash`) is
      looked up among the built-in documents, then among those registered for the principal's app;
      unknown → PERSISTED_QUERY_NOT_FOUND. Sent together with the text, the text's hash must match it.
    - Text alone is run as sent, unless the principal's app is trusted-documents-only: then only a text
      that is itself a known document is run; otherwise TRUSTED_DOCUMENT_REQUIRED."""
    wanted = _requested_id(document_id, extensions)
    text = query if query else None
    if wanted is not None and text is None:
        found = await _lookup(ctx, wanted)
        if found is None:
            raise PersistedQueryNotFound()
        return found
    if text is None:
        raise BadUserInput("请求缺少查询文本（query）或文档编号（documentId）", field="query")
    own_id = hash_of(text)
    if wanted is not None and own_id != wanted:
        raise BadUserInput("查询文本与文档编号（documentId）不符", field="documentId")
    if _trusted_only(ctx) and await _lookup(ctx, own_id) is None:
        raise TrustedDocumentRequired()
    return text


def _requested_id(document_id_: str | None, extensions: dict[str, Any] | None) -> str | None:
    """The canonical document id the request names, if any. A malformed id cannot name a document."""
    ids: list[str] = []
    if document_id_:
        canonical = normalise_id(document_id_) if document_id_.lower().startswith("sha256:") else None
        if canonical is None:
            raise PersistedQueryNotFound("文档编号格式应为 sha256:<64位十六进制>")
        ids.append(canonical)
    persisted = (extensions or {}).get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is not None:
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        canonical = normalise_id(digest) if isinstance(digest, str) else None
        if canonical is None:
            raise PersistedQueryNotFound("persistedQuery.sha256Hash 应为64位十六进制")
        ids.append(canonical)
    if len(set(ids)) > 1:
        raise BadUserInput("documentId 与 persistedQuery.sha256Hash 不一致", field="documentId")
    return ids[0] if ids else None


def _registry(ctx: ResolverContext) -> DocumentRegistry:
    app = getattr(getattr(ctx, "request", None), "app", None)
    registry = getattr(getattr(app, "state", None), "documents", None)
    return registry if isinstance(registry, DocumentRegistry) else builtin_registry()


def _trusted_only(ctx: ResolverContext) -> bool:
    principal: Principal | None = ctx.principal
    return (
        principal is not None
        and principal.client_id is not None
        and principal.client_id in ctx.settings.trusted_documents_only
    )


async def _lookup(ctx: ResolverContext, doc_id: str) -> str | None:
    text = _registry(ctx).get(doc_id)
    if text is not None:
        return text
    principal: Principal | None = ctx.principal
    if principal is None or principal.client_id is None:
        return None
    return await repository.body_for_client(ctx.session, VisibleTo.of(principal), principal.client_id, doc_id)


# --- registration by administrators --------------------------------------------------------------------------


def check_document(schema: GraphQLSchema, text: str) -> str | None:
    """Parses and validates `text` against the schema; it must hold exactly one operation, whose name (None
    for an anonymous one) is returned."""
    if not text.strip():
        raise BadUserInput("文档不能为空", field="document")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise BadUserInput(f"文档过长（不超过{MAX_DOCUMENT_CHARS}个字符）", field="document")
    try:
        document = parse(text)
    except GraphQLError as exc:
        raise BadUserInput(f"文档无法解析：{exc.message}", field="document") from exc
    errors = validate(schema, document)
    if errors:
        raise BadUserInput(f"文档与当前接口不符：{errors[0].message}", field="document")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise BadUserInput(f"文档须恰好包含一个操作，实际为{len(operations)}个", field="document")
    return operations[0].name.value if operations[0].name else None


async def _client(session: AsyncSession, principal: Principal, ref: str) -> ApiClient:
    """`ref` is the client's global id (ApiClient.id) or its OAuth client_id; outside the subtree → NOT_FOUND."""
    try:
        type_name, id_ = from_global_id(ref, "clientId")
    except BadUserInput:
        client = await repository.managed_client(session, VisibleTo.of(principal), client_id=ref.strip())
    else:
        client = (
            await repository.managed_client(session, VisibleTo.of(principal), id_=id_)
            if type_name == "ApiClient"
            else None
        )
    if client is None:
        raise NotFound(field="clientId")
    return client


async def register(
    session: AsyncSession, principal: Principal, schema: GraphQLSchema, client_ref: str, text: str
) -> tuple[TrustedDocument, ApiClient]:
    """Registers `text` for the client; registering the same text again returns the first registration."""
    client = await _client(session, principal, client_ref)
    if not client.is_active:
        raise BadUserInput("已吊销的应用不能登记可信文档", field="clientId")
    operation_name = check_document(schema, text)
    doc = TrustedDocument(
        id=new_id(),
        tenant_id=client.tenant_id,
        api_client_id=client.id,
        document_id=hash_of(text),
        operation_name=operation_name,
        body=text,
        created_by=principal.id if principal.kind == "user" else None,
        created_at=utcnow(),
    )
    if not await repository.insert_if_absent(session, doc):
        existing = await repository.by_client_and_id(session, client.id, doc.document_id)
        assert existing is not None  # the conflicting row, visible in the same subtree
        return existing, client
    record(
        session,
        "trusted_document.register",
        "TrustedDocument",
        doc.id,
        changes=created(_audited(client, doc)),
    )
    return doc, client


async def revoke(
    session: AsyncSession, principal: Principal, client_ref: str, doc_ref: str
) -> tuple[str, ApiClient]:
    client = await _client(session, principal, client_ref)
    doc_id = normalise_id(doc_ref)
    doc = await repository.by_client_and_id(session, client.id, doc_id) if doc_id else None
    if doc is None:
        raise NotFound("该应用没有此可信文档", field="documentId")
    await repository.remove(session, doc.id)
    record(
        session, "trusted_document.revoke", "TrustedDocument", doc.id, changes=diff(_audited(client, doc), {})
    )
    return doc.document_id, client


def _audited(client: ApiClient, doc: TrustedDocument) -> dict[str, Any]:
    # The text itself is kept in the trail: it is what the app was allowed to run.
    return {
        "client_id": client.client_id,
        "document_id": doc.document_id,
        "operation_name": doc.operation_name,
        "document": doc.body,
    }
