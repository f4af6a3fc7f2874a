"""Relay global ids: base64("Type:uuid"), opaque to clients, decoded at the edge."""

from __future__ import annotations

import base64
import binascii
import uuid

from concord.kit.errors import BadUserInput, NotFound


def to_global_id(type_name: str, id_: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{id_}".encode()).decode().rstrip("=")


def from_global_id(value: str, field: str = "id") -> tuple[str, uuid.UUID]:
    try:
        padded = value + "=" * (-len(value) % 4)
        type_name, raw = base64.urlsafe_b64decode(padded.encode()).decode().split(":", 1)
        return type_name, uuid.UUID(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadUserInput("无效的ID", field=field) from exc


def decode_id(value: str, expected_type: str, field: str) -> uuid.UUID:
    """An id of the wrong type is treated as an object that does not exist, as the Relay spec suggests."""
    type_name, id_ = from_global_id(value, field)
    if type_name != expected_type:
        raise NotFound(field=field)
    return id_
