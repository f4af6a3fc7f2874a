"""GraphQL over HTTP, as the specification (graphql.github.io/graphql-over-http) asks.

Media types: `application/graphql-response+json` when asked for, and `application/json` for legacy clients
and for a client that names no type (no Accept, `*/*`, `application/*`: the spec's SHOULD, since such a
client may not know the new type); any other Accept is answered 406. Under the new media type a request
that was never executed (parse, validation, limits, variable coercion, unknown document) is answered 400 and
has no `data` entry; under `application/json` it is 200, as legacy clients expect. GET runs queries only (a
mutation over GET is 405 with `Allow: POST`); POST needs a JSON body; batching is refused unless configured.

The request owns the transaction: one session per operation, committed when the operation succeeded, a
mutation with any error rolled back whole, the session always closed. A mutation's answer is success only
once its transaction has committed; a database failure anywhere (the principal's read, a resolver, the audit
write, the commit) is answered with a code a client can act on (concord.db.faults) and the request id:
SERVICE_UNAVAILABLE is HTTP 503 with `Retry-After` and no `data`, whatever the media type."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from concord.auth.service import authenticate
from concord.auth.tokens import bearer_token
from concord.authz.visibility import view_of
from concord.db import faults
from concord.documents.service import resolve_query
from concord.graphql.context import Context
from concord.graphql.errors import MASKED_MESSAGE
from concord.graphql.ide import ide_enabled, ide_page
from concord.graphql.loaders import make_loaders
from concord.graphql.schema import schema
from concord.kit.errors import ConcordError
from concord.trail.hooks import before_commit
from concord.trail.recorder import has_pending

log = logging.getLogger("concord.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"

# Errors raised before execution, with the status they get under application/graphql-response+json.
_PRE_EXECUTION_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "TRUSTED_DOCUMENT_REQUIRED": 403,
    "CONFLICT": 409,  # an Idempotency-Key reused for a different request, or a transaction that collided
    "SERVICE_UNAVAILABLE": 503,
    "INTERNAL_SERVER_ERROR": 500,  # masked, with its request id: a failure the server could not classify
}


class HttpProblem(Exception):
    """A request that is not a well-formed GraphQL-over-HTTP request: answered with a status and one error."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "BAD_REQUEST",
        **headers: str,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers
        self.extensions: dict[str, Any] = {}

    @classmethod
    def from_database(cls, exc: BaseException, request_id: str) -> HttpProblem | None:
        """The answer to a database failure met before GraphQL ran (the principal's read), or None."""
        error = faults.classify(exc)
        if error is None:
            return None
        extensions = {**(error.extensions or {}), "requestId": request_id}
        extensions.pop("code", None)
        status = _PRE_EXECUTION_STATUS.get(error.code, 500)
        headers = {"Retry-After": str(faults.RETRY_AFTER_SECONDS)} if status == 503 else {}
        log.warning("database failure before execution [request %s]: %s", request_id, faults.describe(exc))
        problem = cls(status, error.message, error.code, **headers)
        problem.extensions = extensions
        return problem


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None (406). An absent Accept or a wildcard gets application/json."""
    if not accept or not accept.strip():
        return JSON
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
            "application/*": JSON,
            "*/*": JSON,
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
    extensions = {"code": problem.code, **problem.extensions}
    body = {"errors": [{"message": problem.message, "extensions": extensions}]}
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
    token = bearer_token(request.headers.get("authorization"))
    request_id = getattr(request.state, "request_id", "-")
    address = request.client.host if request.client else None
    principal = await authenticate(session, state.settings, token, request_id, address)
    return Context(
        request=request,
        response=Response(),
        session=session,
        settings=state.settings,
        authorizer=state.authorizer,
        principal=principal,
        request_id=request_id,
        loaders=make_loaders(session, view_of(principal)),
    )


async def _rollback(ctx: Context) -> None:
    # On a broken connection the rollback itself may fail; the connection is invalidated either way.
    try:
        await ctx.session.rollback()
    except Exception:
        log.debug("rollback failed [request %s]", ctx.request_id, exc_info=True)


def _failed(ctx: Context, exc: BaseException, outcome: str = faults.NOT_WRITTEN) -> ExecutionResult:
    """The answer for an operation the database failed: a coded error with the request id, never data."""
    fault = faults.classify(exc, outcome=outcome)
    if fault is None:
        log.error("unexpected error [request %s]", ctx.request_id, exc_info=exc)
        masked = {"code": "INTERNAL_SERVER_ERROR", "requestId": ctx.request_id}
        return ExecutionResult(data=None, errors=[GraphQLError(MASKED_MESSAGE, extensions=masked)])
    log.warning("database failure [request %s]: %s: %s", ctx.request_id, fault.code, faults.describe(exc))
    fault.extensions = {**(fault.extensions or {}), "requestId": ctx.request_id}
    return ExecutionResult(data=None, errors=[fault])


def _writes_pending(ctx: Context) -> bool:
    """Whether committing this operation writes something: audit events, identity reads to record, rows."""
    return has_pending(ctx.session) or bool(ctx.sensitive_reads) or bool(ctx.session.new or ctx.session.dirty)


async def _finish(ctx: Context, result: ExecutionResult) -> ExecutionResult:
    """End the operation's transaction and return the answer the client gets."""
    mutation = ctx.operation_type == "mutation"
    if mutation and result.errors:
        await _rollback(ctx)
        return result
    writes = mutation or _writes_pending(ctx)
    committing = False
    try:
        await before_commit(ctx)
        if ctx.session.in_transaction():
            committing = True
            await ctx.session.commit()
    except Exception as exc:
        await _rollback(ctx)
        if not writes:
            # A query that writes nothing keeps its answer: it was read whole inside the transaction, and a
            # failed commit loses nothing. (It happens when a field refused mid-operation cancels a sibling's
            # query and leaves the connection unusable.) A query that revealed identity data is not in this
            # branch: its answer must not go out without the audit event that records the read.
            log.warning("could not commit a read-only operation [request %s]", ctx.request_id, exc_info=True)
            return result
        # The answer is an error, never the data: nothing was written, or (the connection was lost while the
        # COMMIT was on its way) the client cannot know, and must retry under the same Idempotency-Key.
        lost_in_commit = committing and faults.is_unavailable(exc)
        return _failed(ctx, exc, faults.UNKNOWN if lost_in_commit else faults.NOT_WRITTEN)
    return result


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
        return await _finish(ctx, result)
    except InvalidOperationTypeError as exc:
        await _rollback(ctx)
        if method == "GET" and exc.operation_type == OperationType.MUTATION:
            raise HttpProblem(
                405, "GET 只能用于查询，变更请用 POST", "METHOD_NOT_ALLOWED", Allow="POST"
            ) from exc
        raise HttpProblem(400, "不支持通过 HTTP 执行订阅，请使用 WebSocket（graphql-transport-ws）") from exc
    except CannotGetOperationTypeError as exc:
        await _rollback(ctx)
        raise HttpProblem(400, exc.as_http_error_reason(), "GRAPHQL_VALIDATION_FAILED") from exc
    except ConcordError as exc:
        await _rollback(ctx)
        return PreExecutionError(data=None, errors=[exc])
    except Exception as exc:
        # Outside the resolvers (resolving a trusted document, an extension): coded when it is the database,
        # masked and logged otherwise; either way an answer, not an HTTP 500.
        await _rollback(ctx)
        return _failed(ctx, exc)


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


def unavailable(result: ExecutionResult) -> bool:
    return any((e.extensions or {}).get("code") == "SERVICE_UNAVAILABLE" for e in result.errors or [])


async def answer(
    request: Request, params: dict[str, Any], media: str
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """One operation's response body, status and extra headers (those its extensions set)."""
    request_id = getattr(request.state, "request_id", "-")
    session = request.app.state.db.sessions()
    try:
        try:
            ctx = await make_context(request, session)
        except Exception as exc:
            problem = HttpProblem.from_database(exc, request_id)
            if problem is None:
                raise
            raise problem from exc
        wait = request.app.state.rate_limiter.check(ctx.principal, ctx.client_address)
        if wait is not None:
            seconds = str(max(1, int(wait + 0.999)))
            raise HttpProblem(
                429, f"请求过于频繁，请 {seconds} 秒后再试", "RATE_LIMITED", **{"Retry-After": seconds}
            )
        result = await execute(ctx, params, request.method)
        headers = dict(ctx.response.headers) if ctx.response is not None else {}
        headers.pop("content-length", None)
        body = body_of(result)
        if unavailable(result):
            # The database failed under this operation (one field or the commit): the whole answer is a
            # retryable 503 without data, so a client never mistakes a partial read or an unwritten change for
            # a result. (Every field error of that kind comes with SERVICE_UNAVAILABLE: graphql/errors.py.)
            body.pop("data", None)
            headers["Retry-After"] = str(faults.RETRY_AFTER_SECONDS)
            return body, 503, headers
        return body, _status(result, media), headers
    finally:
        try:
            await session.close()
        except Exception:
            log.warning("could not close the session [request %s]", request_id, exc_info=True)


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
