"""The console's GraphQL operations (schema/operations/*.graphql) are valid against the schema, one
operation per file, named like the file: a change to the API that breaks the console fails here, not in a
browser.

A file also holds the fragments its operation uses: the server registers each file's exact bytes as one
trusted document, so a fragment cannot live in a shared file. A fragment defined in several files must be
the same in each."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, print_ast, validate

from concord.graphql.schema import schema

OPERATIONS = Path(__file__).resolve().parents[1] / "schema" / "operations"
FILES = sorted(OPERATIONS.glob("*.graphql"))


def test_operations_exist() -> None:
    assert FILES, f"no operations in {OPERATIONS}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_operation_is_valid_against_the_schema(path: Path) -> None:
    document = parse(path.read_text(encoding="utf-8"))
    errors = validate(schema._schema, document)
    assert not errors, "\n".join(e.message for e in errors)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_one_operation_per_file_named_like_the_file(path: Path) -> None:
    document = parse(path.read_text(encoding="utf-8"))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1, f"{path.name}: expected one operation, found {len(operations)}"
    assert operations[0].name is not None and operations[0].name.value == path.stem


def test_a_fragment_is_the_same_in_every_file_that_defines_it() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for path in FILES:
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if not isinstance(definition, FragmentDefinitionNode):
                continue
            text = print_ast(definition)
            first = seen.setdefault(definition.name.value, (path.name, text))
            assert text == first[1], f"fragment {definition.name.value}: {path.name} differs from {first[0]}"
