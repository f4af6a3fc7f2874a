"""GraphQL subscriptions over WebSocket (graphql-transport-ws) at /graphql; queries and mutations go over HTTP
(concord/graphql/http.py).

Authentication, once per connection: the `connection_init` payload `{"authorization": "Bearer <token>"}` or,
failing that, the upgrade request's `Authorization` header. A token that does not verify closes the connection
(4403); a connection without one is acknowledged, and every subscription then answers UNAUTHENTICATED, like a
query would. No database session lives as long as the connection: see concord/events/context.py.

A `subscribe` message may name a trusted document (`documentId`, or Apollo's `extensions.persistedQuery`)
instead of sending its text, and an app that may send only trusted documents is held to that here as over
HTTP (concord.documents.service.resolve_query)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any, cast

import orjson
from graphql import GraphQLError, get_operation_ast, parse
from graphql.language import OperationType as OperationKind
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.base import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from concord.auth.service import authenticate
from concord.auth.tokens import bearer_token
from concord.db import faults
from concord.documents.service import resolve_query
from concord.events.context import SubscriptionContext
from concord.kit.errors import ConcordError

log = logging.getLogger("concord.graphql")

_SUBSCRIPTIONS_ONLY = (OperationType.SUBSCRIPTION,)


class BadRequest(ConcordError):
    code = "BAD_REQUEST"


class _SubscriptionsOnly:
    """The schema as the WebSocket transport sees it: queries and mutations are refused there (they belong to
    HTTP, which owns their transaction, idempotency and rate limits)."""

    def __init__(self, schema: BaseSchema) -> None:
        self._schema = schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)

    async def stream(self, query: str | None, *args: Any, **kwargs: Any) -> Any:
        kwargs["allowed_operation_types"] = _SUBSCRIPTIONS_ONLY
        if isinstance(query, _Requested):
            context = kwargs["context_value"]
            try:
                query = await query.resolve(context)
            except ConcordError as error:
                return _refused(error)
            except Exception as exc:
                fault = faults.classify(exc)
                if fault is None:
                    raise
                log.warning(
                    "subscribe: database failure [request %s]: %s", context.request_id, faults.describe(exc)
                )
                fault.extensions = {**(fault.extensions or {}), "requestId": context.request_id}
                return _refused(fault)
        if _operation_type(query, kwargs.get("operation_name")) not in (None, OperationKind.SUBSCRIPTION):
            return _refused()
        return await self._schema.stream(query, *args, **kwargs)


def _operation_type(query: str | None, operation_name: str | None) -> OperationKind | None:
    """The operation's type, or None when the document does not say (strawberry then reports why)."""
    try:
        operation = get_operation_ast(parse(query or ""), operation_name)
    except GraphQLError:
        return None
    return operation.operation if operation is not None else None


async def _refused(error: GraphQLError | None = None) -> AsyncIterator[PreExecutionError]:
    yield PreExecutionError(
        data=None, errors=[error or BadRequest("WebSocket 只用于订阅；查询和变更请通过 HTTP 发送")]
    )


class _Requested(str):
    """A subscribe message's query text (possibly empty) carrying the message's `documentId` and
    `extensions` to the schema's stream, where the document is resolved inside the operation's own task (a
    registered document is looked up in the database; the connection's message loop must not wait on that)."""

    document_id: object
    extensions: object

    async def resolve(self, context: SubscriptionContext) -> str:
        document_id = self.document_id if isinstance(self.document_id, str) else None
        extensions = self.extensions if isinstance(self.extensions, dict) else None
        if not self and document_id is None and not extensions:
            raise BadRequest("订阅消息中没有查询文本（query）或文档编号（documentId）")
        async with context.scope():
            return await resolve_query(context, str(self) or None, document_id, extensions)


class DatabaseUnavailable(Exception):
    """The principal could not be read at connection_init because the database is down."""


# Like the protocol's own 4xxx codes that mirror HTTP (4400, 4401, 4403, 4429): the client reconnects later.
CLOSE_UNAVAILABLE = 4503


class TransportHandler(BaseGraphQLTransportWSHandler[SubscriptionContext, None]):
    async def handle_connection_init(self, message: Any) -> None:
        try:
            await super().handle_connection_init(message)
        except DatabaseUnavailable:
            await self.websocket.close(code=CLOSE_UNAVAILABLE, reason="Service Unavailable: retry later")

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = message.get("payload")
        if isinstance(payload, dict):
            query = payload.get("query")
            requested = _Requested(query if isinstance(query, str) else "")
            requested.document_id = payload.get("documentId")
            requested.extensions = payload.get("extensions")
            message = {**message, "payload": {**payload, "query": requested}}
        await super().handle_subscribe(message)


class ConcordGraphQL(GraphQL[SubscriptionContext, None]):
    graphql_transport_ws_handler_class = TransportHandler

    def __init__(self, schema: BaseSchema, **kwargs: Any) -> None:
        kwargs.setdefault("subscription_protocols", [GRAPHQL_TRANSPORT_WS_PROTOCOL])
        super().__init__(schema, graphql_ide=None, allow_queries_via_get=False, **kwargs)
        self.schema = _SubscriptionsOnly(schema)  # type: ignore[assignment]

    def encode_json(self, data: object) -> str:
        # Text frames (graphql-transport-ws clients parse text), UTF-8 Chinese rather than \u escapes.
        return orjson.dumps(data).decode()

    async def get_context(self, request: Any, response: Any = None) -> SubscriptionContext:
        state = request.app.state
        return SubscriptionContext(
            request=request,
            sessions=state.db.sessions,
            settings=state.settings,
            authorizer=state.authorizer,
            hub=state.events,
            request_id=getattr(request.state, "request_id", "-"),
        )

    async def on_ws_connect(self, context: SubscriptionContext) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        raw = params.get("authorization", params.get("Authorization"))
        ws: WebSocket = context.request
        token = bearer_token(raw if raw is not None else ws.headers.get("authorization"))
        if raw is not None and token is None:
            raise ConnectionRejectionError()
        if token is None:
            return cast(UnsetType, UNSET)  # strawberry types UNSET as Any
        try:
            async with context.sessions() as session:
                principal = await authenticate(
                    session, context.settings, token, context.request_id, context.client_address
                )
        except Exception as exc:
            if not faults.is_unavailable(exc):
                raise
            log.warning(
                "websocket: database unavailable [request %s]: %s", context.request_id, faults.describe(exc)
            )
            raise DatabaseUnavailable() from exc
        if principal is None:
            log.info("websocket refused: invalid token [request %s]", context.request_id)
            raise ConnectionRejectionError()
        context.principal, context.token, context.checked_at = principal, token, time.monotonic()
        return cast(UnsetType, UNSET)
