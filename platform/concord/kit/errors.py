"""Errors with a code. Raised anywhere below the schema; they reach clients as GraphQL errors whose
`extensions.code` (and `extensions.field` for bad input) tell a program what went wrong."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class ConcordError(GraphQLError):
    code = "INTERNAL_SERVER_ERROR"
    default_message = "服务器内部错误"

    def __init__(self, message: str | None = None, **extensions: Any) -> None:
        ext = {"code": self.code, **{k: v for k, v in extensions.items() if v is not None}}
        super().__init__(message or self.default_message, extensions=ext)


class Unauthenticated(ConcordError):
    code = "UNAUTHENTICATED"
    default_message = "请先登录"


class Forbidden(ConcordError):
    code = "FORBIDDEN"
    default_message = "无权执行此操作"


class NotFound(ConcordError):
    code = "NOT_FOUND"
    default_message = "对象不存在或无权查看"


class Conflict(ConcordError):
    code = "CONFLICT"
    default_message = "对象已被他人修改，请刷新后重试"


class BadUserInput(ConcordError):
    code = "BAD_USER_INPUT"
    default_message = "输入有误"

    def __init__(self, message: str, field: str | None = None, **extensions: Any) -> None:
        super().__init__(message, field=field, **extensions)


class ServiceUnavailable(ConcordError):
    """The database could not be reached or went away mid-request. Retryable: the answer says after how many
    seconds (`retryAfter`, and the HTTP `Retry-After` header), and whether the work may have been written."""

    code = "SERVICE_UNAVAILABLE"
    default_message = "数据库暂时不可用，请稍后重试"
