"""Look-ahead helpers: do only the work the query asks for."""

from __future__ import annotations

from strawberry.types import Info


def selects(info: Info, name: str) -> bool:
    """Whether the current field's selection set names `name` at its first level."""
    for field in info.selected_fields:
        for sel in field.selections:
            if getattr(sel, "name", None) == name:
                return True
    return False
