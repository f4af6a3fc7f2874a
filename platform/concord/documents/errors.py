from __future__ import annotations

from concord.kit.errors import BadUserInput, ConcordError


class PersistedQueryNotFound(BadUserInput):
    """The document id names no built-in document and none registered for the calling app. Apollo clients
    that see this code (from automatic persisted queries) retry with the text, which is what we want."""

    code = "PERSISTED_QUERY_NOT_FOUND"

    def __init__(self, message: str = "未找到该文档编号对应的可信文档") -> None:
        super().__init__(message, field="documentId")


class TrustedDocumentRequired(ConcordError):
    code = "TRUSTED_DOCUMENT_REQUIRED"
    default_message = "该应用只能发送已登记的可信文档（documentId），不接受任意查询文本"
