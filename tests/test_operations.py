"""The console's GraphQL operations (schema/operations/*.graphql) are valid against the schema, one
operation per file, named like the file: a change to the API that breaks the console fails here, not in a
browser.

Fragments several operations use live once, in schema/operations/fragments/<Name>.graphql; the server
(concord.documents.registry.compose) and the console's build (web/vite.config.js) append the ones an operation
needs, so each operation is still one trusted document with every fragment it spreads."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, validate

from concord.documents.registry import FRAGMENTS, compose, operation_text, shared_fragments
from concord.graphql.schema import schema

OPERATIONS = Path(__file__).resolve().parents[1] / "schema" / "operations"
FILES = sorted(OPERATIONS.glob("*.graphql"))
FRAGMENT_FILES = sorted((OPERATIONS / FRAGMENTS).glob("*.graphql"))


def test_operations_exist() -> None:
    assert FILES, f"no operations in {OPERATIONS}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_operation_is_valid_against_the_schema(path: Path) -> None:
    document = parse(operation_text(path.stem))
    errors = validate(schema._schema, document)
    assert not errors, "\n".join(e.message for e in errors)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_one_operation_per_file_named_like_the_file(path: Path) -> None:
    document = parse(operation_text(path.stem))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1, f"{path.name}: expected one operation, found {len(operations)}"
    assert operations[0].name is not None and operations[0].name.value == path.stem


@pytest.mark.parametrize("path", FRAGMENT_FILES, ids=[p.stem for p in FRAGMENT_FILES])
def test_a_shared_fragment_file_holds_one_fragment_named_like_the_file(path: Path) -> None:
    definitions = parse(path.read_text(encoding="utf-8")).definitions
    assert [type(d) for d in definitions] == [FragmentDefinitionNode], path.name
    assert isinstance(definitions[0], FragmentDefinitionNode) and definitions[0].name.value == path.stem


def test_every_shared_fragment_is_used() -> None:
    used = {
        d.name.value
        for path in FILES
        for d in parse(operation_text(path.stem)).definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    assert {p.stem for p in FRAGMENT_FILES} <= used


def test_composition_appends_what_is_spread_transitively_in_name_order_and_nothing_else() -> None:
    fragments = {
        "B": "fragment B on T {\n  b\n  ...C\n}\n",
        "C": "fragment C on T {\n  c\n}\n",
        "A": "fragment A on T {\n  a\n}\n",
        "Unused": "fragment Unused on T {\n  u\n}\n",
    }
    text = "query Q {\n  t {\n    ...B\n    ... on T {\n      ...A\n    }\n  }\n}\n"
    assert compose(text, fragments) == "\n\n".join(
        [text.rstrip("\n"), fragments["A"].rstrip("\n"), fragments["B"].rstrip("\n"), fragments["C"]]
    )
    # A file that defines a fragment keeps its own; one that spreads nothing shared is unchanged, byte for byte.
    own = "query Q {\n  t {\n    ...A\n  }\n}\nfragment A on T {\n  mine\n}"
    assert compose(own, fragments) == own
    assert compose("query Q { x }", fragments) == "query Q { x }"


def test_the_shared_fragments_are_read_from_their_files() -> None:
    assert set(shared_fragments()) == {p.stem for p in FRAGMENT_FILES}
