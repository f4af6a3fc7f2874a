"""The built-in trusted documents: every schema/operations/*.graphql, known by the SHA-256 of its exact bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from concord.documents.registry import (
    OPERATIONS_DIR,
    DocumentRegistry,
    builtin_registry,
    document_id,
    is_document_id,
    normalise_id,
)
from tests.helpers import Api

FILES = sorted(OPERATIONS_DIR.glob("*.graphql"))


def test_the_operations_directory_is_the_schemas() -> None:
    assert Path(__file__).resolve().parents[2] / "schema" / "operations" == OPERATIONS_DIR
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_operation_is_registered_by_the_hash_of_its_bytes(path: Path) -> None:
    registry = builtin_registry()
    expected = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    assert registry.get(expected) == path.read_bytes().decode("utf-8")
    assert registry.id_of(path.stem) == expected
    # what a client computes from the text it holds is the same id
    assert document_id(path.read_text(encoding="utf-8")) == expected


def test_nothing_else_is_registered() -> None:
    registry = builtin_registry()
    assert len(registry) == len(FILES)
    assert all(is_document_id(i) for i in registry.documents)


def test_ids_are_lowercase_hex_of_utf8_bytes() -> None:
    text = "query 案件 { viewer { roles } }\n"
    assert document_id(text) == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert document_id(text) != document_id(text.rstrip("\n"))  # exact bytes: a newline counts


def test_a_crlf_file_keeps_its_own_hash(tmp_path: Path) -> None:
    raw = b"query Crlf {\r\n  viewer { roles }\r\n}\r\n"
    (tmp_path / "Crlf.graphql").write_bytes(raw)
    (tmp_path / "notes.txt").write_text("not an operation")
    registry = DocumentRegistry.from_directory(tmp_path)
    expected = "sha256:" + hashlib.sha256(raw).hexdigest()
    assert list(registry.documents) == [expected]
    assert registry.get(expected) == raw.decode() and registry.names[expected] == "Crlf"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("sha256:" + "ab" * 32, "sha256:" + "ab" * 32),
        ("SHA256:" + "AB" * 32, "sha256:" + "ab" * 32),
        ("ab" * 32, "sha256:" + "ab" * 32),  # Apollo's persistedQuery.sha256Hash
        ("  " + "ab" * 32 + " ", "sha256:" + "ab" * 32),
        ("sha256:" + "ab" * 31, None),
        ("sha256:" + "zz" * 32, None),
        ("md5:" + "ab" * 16, None),
        ("", None),
    ],
)
def test_normalise_id(value: str, expected: str | None) -> None:
    assert normalise_id(value) == expected


async def test_the_app_registers_the_built_ins_at_start_up(api: Api) -> None:
    registry = api.app.state.documents
    assert isinstance(registry, DocumentRegistry)
    assert registry.documents == builtin_registry().documents
