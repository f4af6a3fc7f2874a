"""Error policy: expected errors keep their code; parse, validation and input-coercion errors get one;
anything unexpected is logged with the request id and reaches the client only as a masked message."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from concord.kit.errors import ConcordError

log = logging.getLogger("concord.graphql")

MASKED_MESSAGE = "服务器内部错误，请联系管理员并提供请求编号"


def classify(error: GraphQLError, request_id: str) -> GraphQLError:
    original = error.original_error
    if isinstance(original, ConcordError) or (original is None and (error.extensions or {}).get("code")):
        return error
    if original is None:
        message = error.message
        if message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif message.startswith("Variable '$") or "got invalid value" in message:
            code = "BAD_USER_INPUT"
        else:
            code = "GRAPHQL_VALIDATION_FAILED"
        return GraphQLError(
            message, error.nodes, error.source, error.positions, error.path, None, {"code": code}
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


class ErrorPolicy(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            rid = getattr(self.execution_context.context, "request_id", "-")
            result.errors = [classify(e, rid) for e in result.errors]


class RecordOperationType(SchemaExtension):
    """Tells the request whether it ran a mutation, so a failed one is rolled back whole."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context.context
        if hasattr(ctx, "operation_type"):
            ctx.operation_type = self.execution_context.operation_type.value
        yield
