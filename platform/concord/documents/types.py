from __future__ import annotations

from datetime import datetime

import strawberry

from concord.models import TrustedDocument as TrustedDocumentModel


@strawberry.type(description="可信文档（持久化操作）：外部应用可只发送文档编号 documentId 而不发送查询文本")
class TrustedDocument:
    id: strawberry.ID = strawberry.field(description="文档编号：sha256:<文本UTF-8字节的SHA-256十六进制>")
    operation_name: str | None = strawberry.field(description="文档中唯一操作的名称（匿名操作为空）")
    document: str = strawberry.field(description="文档全文")
    created_at: datetime

    @classmethod
    def from_row(cls, d: TrustedDocumentModel) -> TrustedDocument:
        return cls(
            id=strawberry.ID(d.document_id),
            operation_name=d.operation_name,
            document=d.body,
            created_at=d.created_at,
        )
