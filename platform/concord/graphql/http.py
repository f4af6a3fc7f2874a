"""GraphQL over HTTP, as the specification (graphql.github.io/graphql-over-http) asks.

Media types: `application/graphql-response+json` (the default when the client accepts anything) and
`application/json` for legacy clients; any other Accept is answered 406. Under the new media type a request
that was never executed (parse, validation, limits, variable coercion, unknown document) is answered 400 and
has no `data` entry; under `application/json` it is 200, as legacy clients expect. GET runs queries only (a
mutation over GET is 405 with `Allow: POST`); POST needs a JSON body; batching is refused unless configured.

The request owns the transaction: one session per operation, committed when the operation succeeded, a
mutation with any error rolled back whole, the session always closed."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from concord.audit.hooks import before_commit
from concord.auth.service import act_as, load_principal
from concord.auth.tokens import bearer_token
from concord.documents.service import resolve_query
from concord.graphql.context import Context
from concord.graphql.errors import MASKED_MESSAGE
from concord.graphql.ide import ide_enabled, ide_page
from concord.graphql.loaders import make_loaders
from concord.graphql.schema import schema
from concord.kit.errors import ConcordError, Conflict

log = logging.getLogger("concord.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"

# Errors raised before execution, with the status they get under application/graphql-response+json.
_PRE_EXECUTION_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "TRUSTED_DOCUMENT_REQUIRED": 403,
    "CONFLICT": 409,  # an Idempotency-Key reused for a different request
}


class HttpProblem(Exception):
    """A request that is not a well-formed GraphQL-over-HTTP request: answered with a status and one error."""

    def __init__(self, status: int, message: str, code: str = "BAD_REQUEST", **headers: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None (406). An absent Accept or */* gets the spec's own type."""
    if not accept or not accept.strip():
        return GRAPHQL_RESPONSE
    best: tuple[tuple[float, int], str] | None = None
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        choice = {
            GRAPHQL_RESPONSE: GRAPHQL_RESPONSE,
            JSON: JSON,
            "application/*": GRAPHQL_RESPONSE,
            "*/*": GRAPHQL_RESPONSE,
            HTML: HTML,
        }.get(media)
        if choice is None or quality <= 0:
            continue
        # Highest quality wins; on a tie, the entry the client listed first.
        rank = (quality, -position)
        if best is None or rank > best[0]:
            best = (rank, choice)
    return best[1] if best else None


def _json(data: Any, status: int, media: str, headers: dict[str, str] | None = None) -> Response:
    # orjson: several times faster than json, and UTF-8 Chinese text instead of \u escapes.
    return Response(
        orjson.dumps(data), status_code=status, media_type=f"{media}; charset=utf-8", headers=headers
    )


def problem_response(problem: HttpProblem, media: str) -> Response:
    body = {"errors": [{"message": problem.message, "extensions": {"code": problem.code}}]}
    return _json(body, problem.status, media, problem.headers)


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HttpProblem(413, f"请求体超过 {limit} 字节上限", "PAYLOAD_TOO_LARGE")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpProblem(413, f"请求体超过 {limit} 字节上限", "PAYLOAD_TOO_LARGE")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise HttpProblem(400, f"参数 {name} 不是合法的 JSON", "BAD_REQUEST") from exc


def check_params(data: Any) -> dict[str, Any]:
    """The request parameters of one operation, type-checked as the spec requires."""
    if not isinstance(data, dict):
        raise HttpProblem(400, "请求体必须是 JSON 对象")
    for name, kinds in (
        ("query", (str,)),
        ("documentId", (str,)),
        ("operationName", (str,)),
        ("variables", (dict,)),
        ("extensions", (dict,)),
    ):
        value = data.get(name)
        if value is not None and not isinstance(value, kinds):
            raise HttpProblem(400, f"参数 {name} 的类型不正确")
    persisted = (data.get("extensions") or {}).get("persistedQuery")
    if not data.get("query") and not data.get("documentId") and not persisted:
        raise HttpProblem(400, "请求中没有 GraphQL 查询（query 或 documentId）")
    return data


async def request_params(request: Request, max_body: int) -> dict[str, Any] | list[Any]:
    if request.method == "GET":
        q = request.query_params
        return {
            "query": q.get("query"),
            "documentId": q.get("documentId"),
            "operationName": q.get("operationName"),
            "variables": _json_param(q.get("variables"), "variables"),
            "extensions": _json_param(q.get("extensions"), "extensions"),
        }
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise HttpProblem(415, "请求体须为 application/json", "UNSUPPORTED_MEDIA_TYPE")
    body = await read_body(request, max_body)
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise HttpProblem(400, "请求体不是合法的 JSON") from exc
    if not isinstance(data, (dict, list)):
        raise HttpProblem(400, "请求体必须是 JSON 对象")
    return data


def is_request_error(result: ExecutionResult) -> bool:
    """Never executed: a pre-execution error, or variables that did not coerce (no data, errors without path)."""
    if isinstance(result, PreExecutionError):
        return True
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


async def make_context(request: Request, session: Any) -> Context:
    state = request.app.state
    principal = None
    token = bearer_token(request.headers.get("authorization"))
    if token:
        principal = await load_principal(session, state.settings, token)
    request_id = getattr(request.state, "request_id", "-")
    act_as(session, principal, request_id, request.client.host if request.client else None)
    return Context(
        request=request,
        response=Response(),
        session=session,
        settings=state.settings,
        authorizer=state.authorizer,
        principal=principal,
        request_id=request_id,
        loaders=make_loaders(session, principal.tenant_id if principal else None),
    )


async def _finish(ctx: Context, result: ExecutionResult) -> None:
    if ctx.operation_type == "mutation" and result.errors:
        await ctx.session.rollback()
        return
    try:
        await before_commit(ctx)
        if ctx.session.in_transaction():
            await ctx.session.commit()
    except SQLAlchemyError:
        # A field refused mid-operation can cancel a sibling's query and leave the connection unusable; the
        # answer (with its errors) still stands, nothing is written.
        log.warning("could not commit after a partial result [request %s]", ctx.request_id, exc_info=True)
        await ctx.session.rollback()


async def execute(ctx: Context, params: dict[str, Any], method: str) -> ExecutionResult:
    """Run one operation inside the request's transaction and end that transaction."""
    allowed = {OperationType.QUERY} if method == "GET" else {OperationType.QUERY, OperationType.MUTATION}
    try:
        query = await resolve_document(ctx, params)
        result = await schema.execute(
            query,
            variable_values=params.get("variables"),
            context_value=ctx,
            operation_name=params.get("operationName"),
            allowed_operation_types=allowed,
            operation_extensions=params.get("extensions"),
        )
        await _finish(ctx, result)
        return result
    except InvalidOperationTypeError as exc:
        await ctx.session.rollback()
        if method == "GET" and exc.operation_type == OperationType.MUTATION:
            raise HttpProblem(
                405, "GET 只能用于查询，变更请用 POST", "METHOD_NOT_ALLOWED", Allow="POST"
            ) from exc
        raise HttpProblem(400, "不支持通过 HTTP 执行订阅，请使用 WebSocket（graphql-transport-ws）") from exc
    except CannotGetOperationTypeError as exc:
        await ctx.session.rollback()
        raise HttpProblem(400, exc.as_http_error_reason(), "GRAPHQL_VALIDATION_FAILED") from exc
    except ConcordError as exc:
        await ctx.session.rollback()
        return PreExecutionError(data=None, errors=[exc])
    except DBAPIError as exc:
        await ctx.session.rollback()
        if "could not serialize" in str(exc) or "deadlock" in str(exc):
            return ExecutionResult(data=None, errors=[Conflict("并发冲突，请重试")])
        log.exception("database error [request %s]", ctx.request_id)
        masked = GraphQLError(
            MASKED_MESSAGE, extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": ctx.request_id}
        )
        return ExecutionResult(data=None, errors=[masked])


async def resolve_document(ctx: Context, params: dict[str, Any]) -> str:
    """The text to run: the query, or the trusted document a documentId names (concord.documents)."""
    return await resolve_query(ctx, params.get("query"), params.get("documentId"), params.get("extensions"))


def _status(result: ExecutionResult, media: str) -> int:
    if media != GRAPHQL_RESPONSE or not is_request_error(result):
        return 200
    codes = [(e.extensions or {}).get("code") for e in result.errors or []]
    for code in codes:
        if code in _PRE_EXECUTION_STATUS:
            return _PRE_EXECUTION_STATUS[code]
    return 400


def body_of(result: ExecutionResult) -> dict[str, Any]:
    body: dict[str, Any] = dict(process_result(result))
    if is_request_error(result):
        body.pop("data", None)  # the spec: a request that was not executed has no data entry
    return body


async def run_one(request: Request, params: dict[str, Any], media: str) -> Response:
    body, status, headers = await answer(request, params, media)
    return _json(body, status, media, headers)


async def answer(
    request: Request, params: dict[str, Any], media: str
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """One operation's response body, status and extra headers (those its extensions set)."""
    session = request.app.state.db.sessions()
    try:
        ctx = await make_context(request, session)
        wait = request.app.state.rate_limiter.check(ctx.principal, ctx.client_address)
        if wait is not None:
            seconds = str(max(1, int(wait + 0.999)))
            raise HttpProblem(
                429, f"请求过于频繁，请 {seconds} 秒后再试", "RATE_LIMITED", **{"Retry-After": seconds}
            )
        result = await execute(ctx, params, request.method)
        headers = dict(ctx.response.headers) if ctx.response is not None else {}
        headers.pop("content-length", None)
        return body_of(result), _status(result, media), headers
    except PoolTimeout as exc:
        # Every database connection stayed busy for the pool timeout: shed load instead of failing with 500.
        log.warning("database pool exhausted [request %s]", getattr(request.state, "request_id", "-"))
        raise HttpProblem(503, "服务繁忙，请稍后重试", "SERVICE_UNAVAILABLE", **{"Retry-After": "1"}) from exc
    finally:
        await session.close()


async def graphql_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    media = negotiate(request.headers.get("accept"))
    if media == HTML and request.method == "GET" and not request.query_params:
        return await _ide_or_406(request)
    if media is None:
        return problem_response(
            HttpProblem(406, f"不支持的 Accept；请接受 {GRAPHQL_RESPONSE} 或 {JSON}", "NOT_ACCEPTABLE"),
            GRAPHQL_RESPONSE,
        )
    if media == HTML:
        media = GRAPHQL_RESPONSE
    try:
        params = await request_params(request, settings.max_body_bytes)
        if isinstance(params, list):
            return await run_batch(request, params, media, settings.graphql_batch_limit)
        return await run_one(request, check_params(params), media)
    except HttpProblem as problem:
        return problem_response(problem, media)


async def run_batch(request: Request, items: list[Any], media: str, limit: int) -> Response:
    """Batching is off unless configured: each operation then runs in a transaction of its own, in order."""
    if limit <= 0:
        raise HttpProblem(400, "未启用批量请求：请一次发送一个操作")
    if not items or len(items) > limit:
        raise HttpProblem(400, f"批量请求须含 1 至 {limit} 个操作")
    params = [check_params(item) for item in items]
    bodies = [(await answer(request, one, media))[0] for one in params]
    return _json(bodies, 200, media)


async def _ide_or_406(request: Request) -> Response:
    if ide_enabled(request.app.state.settings):
        return await ide_page(request)
    return problem_response(
        HttpProblem(406, "浏览器 IDE 未启用；请以 application/graphql-response+json 请求", "NOT_ACCEPTABLE"),
        GRAPHQL_RESPONSE,
    )
