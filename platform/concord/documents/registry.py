"""The built-in trusted documents: every schema/operations/*.graphql with the shared fragments it uses
(schema/operations/fragments/<Name>.graphql, one fragment a file), known by the SHA-256 of the composed text's
UTF-8 bytes. Loaded once at start-up (app.state.documents); looking one up is a dict access.

Composition (`compose`) is the contract with the console's build (web/vite.config.js does the same, byte for
byte): an operation file that spreads a fragment it does not define itself gets that fragment's file appended,
and the fragments those spread, in name order, each separated by one blank line. A file that uses no shared
fragment is its own document, unchanged."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

OPERATIONS_DIR = Path(__file__).resolve().parents[3] / "schema" / "operations"
FRAGMENTS = "fragments"
PREFIX = "sha256:"
_ID = re.compile(r"sha256:[0-9a-f]{64}")
_HEX = re.compile(r"[0-9a-fA-F]{64}")
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)")
_DEFINED = re.compile(r"\bfragment\s+([_A-Za-z][_0-9A-Za-z]*)\s+on\b")


def _spreads(text: str) -> list[str]:
    return [name for name in _SPREAD.findall(text) if name != "on"]  # `... on T` is an inline fragment


def shared_fragments(directory: Path = OPERATIONS_DIR) -> dict[str, str]:
    """Fragment name (the file's stem) → the file's text, decoded from its exact bytes."""
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted((directory / FRAGMENTS).glob("*.graphql"))}


def compose(text: str, fragments: dict[str, str]) -> str:
    """The document an operation file stands for: its text plus the shared fragments it needs (see above)."""
    defined = set(_DEFINED.findall(text))
    wanted, needed = _spreads(text), set()
    while wanted:
        name = wanted.pop()
        if name in defined or name in needed or name not in fragments:
            continue
        needed.add(name)
        wanted.extend(_spreads(fragments[name]))
    if not needed:
        return text
    parts = [text, *(fragments[name] for name in sorted(needed))]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def operation_text(name: str, directory: Path = OPERATIONS_DIR) -> str:
    """The composed document of schema/operations/<name>.graphql (tests, benchmarks, the IDE)."""
    return compose((directory / f"{name}.graphql").read_bytes().decode("utf-8"), shared_fragments(directory))


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
        fragments = shared_fragments(directory)
        for path in sorted(directory.glob("*.graphql")):
            # Read bytes, not text: universal-newline decoding would change the hash on a CRLF checkout.
            text = compose(path.read_bytes().decode("utf-8"), fragments)
            doc_id = document_id(text)
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
