"""Relay cursor connections with keyset pagination: the cursor is the last row's sort key, so a page costs
the same however deep it is, and rows inserted meanwhile neither repeat nor vanish."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import tuple_

from concord.config import get_settings
from concord.kit.errors import BadUserInput

T = TypeVar("T")
S = TypeVar("S")  # a Select of any columns
N = TypeVar("N")


@dataclass(frozen=True)
class Page:
    first: int
    after: tuple[datetime, uuid.UUID] | None


def keyset(stmt: S, page: Page, ts: Any, id_: Any, *, newest_first: bool = True) -> S:
    """One page of `stmt` on the sort key (ts, id): rows after the cursor, in key order, and one row more than
    asked for (its presence says there is a next page). The one place keyset pagination is written."""
    query: Any = stmt
    if page.after is not None:
        key = tuple_(ts, id_)
        query = query.where(key < tuple_(*page.after) if newest_first else key > tuple_(*page.after))
    order = (ts.desc(), id_.desc()) if newest_first else (ts, id_)
    result: S = query.order_by(*order).limit(page.first + 1)
    return result


def encode_cursor(ts: datetime, id_: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps([ts.isoformat(), str(id_)]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not (isinstance(decoded, list) and len(decoded) == 2 and all(isinstance(v, str) for v in decoded)):
            raise ValueError("cursor shape")
        return datetime.fromisoformat(decoded[0]), uuid.UUID(decoded[1])
    except (binascii.Error, ValueError, TypeError, RecursionError) as exc:
        raise BadUserInput("无效的分页游标", field="after") from exc


def page_args(first: int | None, after: str | None) -> Page:
    s = get_settings()
    size = s.default_page_size if first is None else first
    if size < 0:
        raise BadUserInput("first 不能为负数", field="first")
    if size > s.max_page_size:
        raise BadUserInput(f"first 不能超过 {s.max_page_size}", field="first", maxPageSize=s.max_page_size)
    return Page(size, decode_cursor(after) if after else None)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    total_count: int | None = None


def build_connection(
    rows: Sequence[Any],
    page: Page,
    convert: Callable[[Any], N],
    key: Callable[[Any], tuple[datetime, uuid.UUID]],
    total_count: int | None = None,
) -> Connection[N]:
    """`rows` holds up to first+1 rows; the extra one only tells whether there is a next page."""
    has_next = len(rows) > page.first
    rows = rows[: page.first]
    edges = [Edge(cursor=encode_cursor(*key(r)), node=convert(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total_count,
    )
