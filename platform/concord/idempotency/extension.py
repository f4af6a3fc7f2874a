"""The `Idempotency-Key` header as a strawberry schema extension, so it works under any HTTP endpoint that
runs `schema.execute` with a Context carrying the request, its response and its one database session.

- on_execute (after parsing and validation, so only well-formed mutations claim keys): claim the key, or
  put the stored answer in `execution_context.result`, which strawberry then returns without executing.
- on_operation, after the error policy: store the answer under the claimed key, before the endpoint commits.

It must come before ErrorPolicy in the schema's extensions: exits run in reverse order, so the answer is
stored as the client receives it. A replay runs no resolver, so it records nothing in the audit trail."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, SourceLocation, print_ast
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from concord.db import faults
from concord.graphql.errors import classify
from concord.idempotency import service
from concord.idempotency.errors import HEADER
from concord.kit.errors import ConcordError

log = logging.getLogger("concord.idempotency")
REPLAYED_HEADER = "Idempotent-Replayed"


def _stored_error(e: dict[str, Any]) -> GraphQLError:
    error = GraphQLError(str(e.get("message", "")), path=e.get("path"), extensions=e.get("extensions"))
    if e.get("locations"):
        error.locations = [SourceLocation(loc["line"], loc["column"]) for loc in e["locations"]]
    return error


def replayed_result(response: dict[str, Any]) -> GraphQLExecutionResult:
    errors = response.get("errors")
    return GraphQLExecutionResult(
        response.get("data"), [_stored_error(e) for e in errors] if errors else None
    )


def _refused(error: Exception, request_id: str) -> GraphQLError:
    fault = faults.classify(error)
    if fault is not None:
        if not isinstance(error, ConcordError):
            fault.extensions = {**(fault.extensions or {}), "requestId": request_id}
        return fault
    # Logged with the request id and masked, like any unexpected error.
    return classify(GraphQLError(str(error), original_error=error), request_id)


class Idempotency(SchemaExtension):
    claimed: service.Claimed | None = None

    def _key(self) -> str | None:
        ec = self.execution_context
        ctx = ec.context
        if ec.operation_type is not OperationType.MUTATION or getattr(ctx, "principal", None) is None:
            return None  # on queries the header means nothing; anonymous mutations are refused anyway
        if ec.result is not None:
            # An earlier extension (a limit) refused the operation: it will not run, so it claims nothing.
            return None
        request = getattr(ctx, "request", None)
        return request.headers.get(HEADER) if request is not None else None

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        raw = self._key()
        if raw is not None:
            ctx = ec.context
            try:
                key = service.validate_key(raw)
                query = ec.query if ec.query is not None else print_ast(ec.graphql_document)  # type: ignore[arg-type]
                outcome = await service.begin(
                    ctx.session,
                    ctx.principal,
                    key,
                    service.fingerprint(query, ec.operation_name, ec.variables),
                    ec.operation_name,
                    timedelta(hours=ctx.settings.idempotency_ttl_hours),
                )
            except Exception as exc:
                ec.result = GraphQLExecutionResult(None, [_refused(exc, ctx.request_id)])
            else:
                if isinstance(outcome, service.Replay):
                    ec.result = replayed_result(outcome.response)
                    if ctx.response is not None:
                        ctx.response.headers[REPLAYED_HEADER] = "true"
                else:
                    self.claimed = outcome
        yield

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        result = self.execution_context.result
        if self.claimed is None or not isinstance(result, GraphQLExecutionResult):
            return
        if result.errors:
            # The endpoint rolls a mutation with any error back whole, the claimed key with it: nothing to store
            # (and after a database failure, nothing could be).
            return
        ctx = self.execution_context.context
        try:
            await service.finish(ctx.session, self.claimed, result.data, None)
        except Exception as exc:
            # Without its stored answer the work must not commit: an error makes the endpoint roll back.
            result.errors = [_refused(exc, ctx.request_id)]
