"""The GraphQL endpoint. The request owns the transaction: one session per operation, committed when the
operation succeeded (a mutation with any error is rolled back whole), always closed."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from concord.audit.hooks import attach_for_principal, before_commit
from concord.auth.service import load_principal
from concord.db.session import DbContext, bind_context
from concord.graphql.context import Context
from concord.graphql.errors import MASKED_MESSAGE
from concord.graphql.loaders import make_loaders
from concord.kit.errors import ConcordError, Conflict

log = logging.getLogger("concord.graphql")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class ConcordGraphQL(GraphQL[Context, None]):
    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json, and UTF-8 Chinese text instead of \u escapes.
        return orjson.dumps(data)

    async def get_context(self, request: Any, response: Any = None) -> Context:
        state = request.app.state
        session = state.db.sessions()
        principal = None
        token = _bearer(request)
        if token:
            principal = await load_principal(session, state.settings, token)
        bind_context(session, DbContext(principal.tenant_id, principal.id) if principal else DbContext())
        request_id = getattr(request.state, "request_id", "-")
        attach_for_principal(session, principal, request_id, request.client.host if request.client else None)
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            session=session,
            settings=state.settings,
            authorizer=state.authorizer,
            principal=principal,
            request_id=request_id,
            loaders=make_loaders(session, principal.tenant_id if principal else None),
        )

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Any,
        root_value: Any,
        request_data: Any,
    ) -> ExecutionResult:
        ctx: Context = context
        try:
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
            failed_mutation = ctx.operation_type == "mutation" and bool(result.errors)
            if failed_mutation:
                await ctx.session.rollback()
            else:
                try:
                    await self._finish(ctx)
                except SQLAlchemyError:
                    # A field refused mid-operation can cancel a sibling's query and leave the connection
                    # unusable; the answer (with its errors) still stands, nothing is written.
                    log.warning(
                        "could not commit after a partial result [request %s]", ctx.request_id, exc_info=True
                    )
                    await ctx.session.rollback()
            return result
        except ConcordError as exc:
            await ctx.session.rollback()
            return ExecutionResult(data=None, errors=[exc])
        except DBAPIError as exc:
            await ctx.session.rollback()
            if "could not serialize" in str(exc) or "deadlock" in str(exc):
                return ExecutionResult(data=None, errors=[Conflict("并发冲突，请重试")])
            log.exception("database error [request %s]", ctx.request_id)
            return ExecutionResult(data=None, errors=[ConcordError(MASKED_MESSAGE, requestId=ctx.request_id)])
        finally:
            await ctx.session.close()

    async def _finish(self, ctx: Context) -> None:
        await before_commit(ctx)
        if ctx.session.in_transaction():
            await ctx.session.commit()
