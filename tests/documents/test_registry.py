"""The built-in trusted documents: every schema/operations/*.graphql with the shared fragments it uses, known
by the SHA-256 of the composed text's exact bytes (a file that uses no shared fragment: of its own bytes)."""

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
    operation_text,
)
from tests.helpers import Api

FILES = sorted(OPERATIONS_DIR.glob("*.graphql"))


def test_the_operations_directory_is_the_schemas() -> None:
    assert Path(__file__).resolve().parents[2] / "schema" / "operations" == OPERATIONS_DIR
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_operation_is_registered_by_the_hash_of_its_composed_text(path: Path) -> None:
    registry = builtin_registry()
    text = operation_text(path.stem)
    expected = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert registry.get(expected) == text
    assert registry.id_of(path.stem) == expected
    assert text.startswith(path.read_bytes().decode("utf-8").rstrip("\n"))
    # what a client computes from the text it holds is the same id
    assert document_id(text) == expected


def test_a_file_spreading_a_shared_fragment_is_registered_with_it(tmp_path: Path) -> None:
    (tmp_path / "fragments").mkdir()
    (tmp_path / "fragments" / "Me.graphql").write_bytes(b"fragment Me on Viewer {\n  roles\n}\n")
    (tmp_path / "Who.graphql").write_bytes(b"query Who {\n  viewer {\n    ...Me\n  }\n}\n")
    registry = DocumentRegistry.from_directory(tmp_path)
    text = "query Who {\n  viewer {\n    ...Me\n  }\n}\n\nfragment Me on Viewer {\n  roles\n}\n"
    assert registry.documents == {document_id(text): text} and registry.names[document_id(text)] == "Who"


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
