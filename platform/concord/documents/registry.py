"""The built-in trusted documents: every schema/operations/*.graphql, known by the SHA-256 of its exact
UTF-8 bytes. Loaded once at start-up (app.state.documents); looking one up is a dict access."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

OPERATIONS_DIR = Path(__file__).resolve().parents[3] / "schema" / "operations"
PREFIX = "sha256:"
_ID = re.compile(r"sha256:[0-9a-f]{64}")
_HEX = re.compile(r"[0-9a-fA-F]{64}")


def document_id(text: str) -> str:
    """`sha256:<lowercase hex>` of the text's UTF-8 bytes: what a client computes over the exact file."""
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_id(value: str) -> str | None:
    """A document id in canonical form (lowercase hex), from `sha256:<hex>` or a bare 64-digit hex (Apollo's
    `persistedQuery.sha256Hash`); None when it is neither."""
    value = value.strip()
    if value[: len(PREFIX)].lower() == PREFIX:
        value = value[len(PREFIX) :]
    return PREFIX + value.lower() if _HEX.fullmatch(value) else None


def is_document_id(value: str) -> bool:
    return _ID.fullmatch(value) is not None


@dataclass(frozen=True)
class DocumentRegistry:
    """Document id → text, plus the operation (file) name for logs and the IDE."""

    documents: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_directory(cls, directory: Path = OPERATIONS_DIR) -> DocumentRegistry:
        documents: dict[str, str] = {}
        names: dict[str, str] = {}
        for path in sorted(directory.glob("*.graphql")):
            # Read bytes, not text: universal-newline decoding would change the hash on a CRLF checkout.
            raw = path.read_bytes()
            text = raw.decode("utf-8")
            doc_id = PREFIX + hashlib.sha256(raw).hexdigest()
            documents[doc_id] = text
            names[doc_id] = path.stem
        return cls(documents, names)

    def get(self, doc_id: str) -> str | None:
        return self.documents.get(doc_id)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.documents

    def __len__(self) -> int:
        return len(self.documents)

    def id_of(self, name: str) -> str | None:
        """The id of the built-in operation named `name` (the file's stem), for tests and the console."""
        return next((i for i, n in self.names.items() if n == name), None)


@lru_cache
def builtin_registry() -> DocumentRegistry:
    """The process-wide registry, for callers without an app (the CLI, WebSocket handlers, tests)."""
    return DocumentRegistry.from_directory()
