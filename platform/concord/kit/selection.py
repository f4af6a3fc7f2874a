"""Look-ahead helpers: do only the work the query asks for, and fetch nested data before it is asked for."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import TypeVar

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

T = TypeVar("T")


def selects(info: Info, name: str) -> bool:
    """Whether the current field's selection set names `name` at its first level."""
    for field in info.selected_fields:
        for sel in field.selections:
            if getattr(sel, "name", None) == name:
                return True
    return False


def fields_named(selections: Iterable[Selection], name: str) -> list[SelectedField]:
    """Every field called `name` (under any alias) in a selection set, looking through fragments."""
    found: list[SelectedField] = []
    for sel in selections:
        if isinstance(sel, SelectedField):
            if sel.name == name:
                found.append(sel)
        elif isinstance(sel, (FragmentSpread, InlineFragment)):
            found.extend(fields_named(sel.selections, name))
    return found


def sub_selections(fields: Iterable[Selection], *path: str) -> list[Selection]:
    """The selections found under `path` (e.g. "edges", "node") of the given fields, merged."""
    level: list[Selection] = [s for f in fields for s in f.selections]
    for name in path:
        level = [s for f in fields_named(level, name) for s in f.selections]
    return level


def later(awaitable: Awaitable[T]) -> T:
    """Let a plain (non-async) resolver answer with an awaitable when its data was not prefetched.

    graphql-core awaits whatever awaitable a resolver returns, so a field can be synchronous for rows whose data
    is already in hand (no coroutine, task or gather per row) and fall back to its dataloader otherwise."""
    return awaitable  # type: ignore[return-value]
