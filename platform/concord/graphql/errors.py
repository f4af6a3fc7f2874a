"""Error policy: expected errors keep their code; parse, validation and input-coercion errors get one;
anything unexpected is logged with the request id and reaches the client only as a masked message."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from concord.kit.errors import ConcordError

log = logging.getLogger("concord.graphql")

MASKED_MESSAGE = "服务器内部错误，请联系管理员并提供请求编号"


_VARIABLE = re.compile(r"Variable '\$(\w+)'")


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
        if message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif message.startswith("Variable '$") or "got invalid value" in message:
            code = "BAD_USER_INPUT"
        else:
            code = "GRAPHQL_VALIDATION_FAILED"
        return _with_code(error, code)
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
