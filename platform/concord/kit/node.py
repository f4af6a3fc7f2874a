"""Relay global object identification: the Node interface and a registry that `node(id:)` dispatches on."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

NodeFetcher = Callable[[Any, uuid.UUID], Awaitable[Any | None]]
_fetchers: dict[str, NodeFetcher] = {}


@strawberry.interface(description="有全局ID的对象（Relay Node）。")
class Node:
    id: strawberry.ID


def register_node(type_name: str, fetch: NodeFetcher) -> None:
    _fetchers[type_name] = fetch


def node_fetcher(type_name: str) -> NodeFetcher | None:
    return _fetchers.get(type_name)
