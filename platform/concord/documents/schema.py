from __future__ import annotations

import strawberry

from concord.authz.permissions import Can
from concord.clients.types import ApiClient
from concord.documents import service
from concord.documents.types import TrustedDocument
from concord.kit.context import Info


@strawberry.input
class RegisterTrustedDocumentInput:
    client_id: strawberry.ID = strawberry.field(description="外部应用的全局ID（ApiClient.id）或其 clientId")
    document: str = strawberry.field(description="GraphQL 文档全文，须恰好包含一个操作；按原样逐字节计算编号")


@strawberry.input
class RevokeTrustedDocumentInput:
    client_id: strawberry.ID = strawberry.field(description="外部应用的全局ID（ApiClient.id）或其 clientId")
    document_id: strawberry.ID = strawberry.field(description="文档编号 sha256:<十六进制>")


@strawberry.type
class TrustedDocumentPayload:
    trusted_document: TrustedDocument
    api_client: ApiClient


@strawberry.type
class RevokeTrustedDocumentPayload:
    document_id: strawberry.ID
    api_client: ApiClient


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(
        permission_classes=[Can("trusted_document", "register")],
        description="为本机构及下级机构的外部应用登记可信文档（同一文本重复登记不产生新记录）",
    )
    async def register_trusted_document(
        self, info: Info, input: RegisterTrustedDocumentInput
    ) -> TrustedDocumentPayload:
        ctx = info.context
        doc, client = await service.register(
            ctx.session, ctx.require_principal(), info.schema._schema, str(input.client_id), input.document
        )
        return TrustedDocumentPayload(
            trusted_document=TrustedDocument.from_row(doc), api_client=ApiClient.from_row(client)
        )

    @strawberry.mutation(
        permission_classes=[Can("trusted_document", "register")],
        description="撤销外部应用的可信文档（下一次请求即失效）",
    )
    async def revoke_trusted_document(
        self, info: Info, input: RevokeTrustedDocumentInput
    ) -> RevokeTrustedDocumentPayload:
        ctx = info.context
        doc_id, client = await service.revoke(
            ctx.session, ctx.require_principal(), str(input.client_id), str(input.document_id)
        )
        return RevokeTrustedDocumentPayload(
            document_id=strawberry.ID(doc_id), api_client=ApiClient.from_row(client)
        )
