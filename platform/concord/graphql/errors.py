"""Error policy: expected errors keep their code; parse, validation and input-coercion errors get one;
anything unexpected is logged with the request id and reaches the client only as a masked message."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from concord.db import faults
from concord.kit.errors import ConcordError

if TYPE_CHECKING:
    from strawberry.types import StreamExecutionResult

log = logging.getLogger("concord.graphql")

MASKED_MESSAGE = "服务器内部错误，请联系管理员并提供请求编号"


_VARIABLE = re.compile(r"Variable '\$(\w+)'")
_TOO_MANY_TOKENS = re.compile(r"Syntax Error: Document contains more than (\d+) tokens")
# graphql-core's suggestions ("Did you mean 'cases'?") map the schema for a stranger; production drops them.
_SUGGESTION = re.compile(r"\s*Did you mean .*\?\s*$", re.DOTALL)


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    extensions: dict[str, object] = {"code": code}
    if code == "BAD_USER_INPUT" and (m := _VARIABLE.match(error.message)):
        extensions["field"] = m.group(1)
    return GraphQLError(
        error.message, error.nodes, error.source, error.positions, error.path, None, extensions
    )


def classify(error: GraphQLError, request_id: str) -> GraphQLError:
    original = error.original_error
    if isinstance(original, ConcordError) or (original is None and (error.extensions or {}).get("code")):
        return error
    if isinstance(original, GraphQLError):
        # Input coercion (a variable that does not fit its type) wraps the scalar's own GraphQLError.
        return _with_code(error, "BAD_USER_INPUT")
    if original is None:
        message = error.message
        if m := _TOO_MANY_TOKENS.match(message):
            limit = int(m.group(1))
            return GraphQLError(
                f"查询文档超过 {limit} 个词法单元，已拒绝解析",
                extensions={"code": "TOO_MANY_TOKENS", "maxTokens": limit},
            )
        if message.startswith("Syntax Error: Document is nested too deeply"):
            return GraphQLError("查询嵌套过深，已拒绝解析", extensions={"code": "QUERY_TOO_DEEP"})
        if message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif message.startswith("Variable '$") or "got invalid value" in message:
            code = "BAD_USER_INPUT"
        else:
            code = "GRAPHQL_VALIDATION_FAILED"
        return _with_code(error, code)
    fault = faults.classify(original)
    if fault is not None:
        # The database failed under this field (a restart, a collision): a code the client can act on.
        log.warning(
            "database failure [request %s] at %s: %s", request_id, error.path, faults.describe(original)
        )
        extensions = {**(fault.extensions or {}), "requestId": request_id}
        return GraphQLError(
            fault.message, error.nodes, error.source, error.positions, error.path, None, extensions
        )
    log.error("unexpected error [request %s] at %s", request_id, error.path, exc_info=original)
    return GraphQLError(
        MASKED_MESSAGE,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        None,
        {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    )


def without_suggestions(error: GraphQLError) -> GraphQLError:
    if "Did you mean" not in error.message:
        return error
    message = _SUGGESTION.sub("", error.message)
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        error.extensions,
    )


class ErrorPolicy(SchemaExtension):
    """Runs when the operation ends, and on each result a stream yields (subscriptions and operations sent over
    WebSocket), so errors are coded and masked the same way whatever the transport."""

    def _apply(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        ctx = self.execution_context.context
        rid = getattr(ctx, "request_id", "-")
        settings = getattr(ctx, "settings", None)
        errors = [classify(e, rid) for e in errors]
        if getattr(settings, "env", None) == "production":
            errors = [without_suggestions(e) for e in errors]
        return errors

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = self._apply(result.errors)

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        if isinstance(result, ExecutionResult) and result.errors:
            result.errors = self._apply(result.errors)
        yield


class RecordOperationType(SchemaExtension):
    """Tells the request whether it ran a mutation, so a failed one is rolled back whole."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context.context
        if hasattr(ctx, "operation_type"):
            ctx.operation_type = self.execution_context.operation_type.value
        yield
