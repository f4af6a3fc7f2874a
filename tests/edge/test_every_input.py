"""Issue 14: every text input of the schema refuses a NUL, and every date input a date outside the accepted
years, with BAD_USER_INPUT naming the input path — never INTERNAL_SERVER_ERROR.

The cases are generated from the schema itself (every argument of every query and mutation, and every
input-object field below it, recursively; plus the arguments of fields on Node types, reached through
`node(id:)`), so a field added tomorrow is covered without editing this file. Each case sends the smallest
operation the schema allows: required arguments and input fields get a plain valid sample, the one value
under test is the bad one. It is sent twice: as variables and written into the document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_composite_type,
    is_required_argument,
    is_required_input_field,
)

from concord.graphql.schema import schema
from tests.helpers import Api

SCHEMA = schema._schema
NODE = SCHEMA.get_type("Node")

# A valid value per scalar. A new scalar fails here until someone says what a valid one looks like.
SAMPLES: dict[str, Any] = {
    "String": "x",
    "ID": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Date": "2026-01-01",
    "DateTime": "2026-01-01T00:00:00+08:00",
    "Decimal": "1",
    "JSON": {},
}
NOT_TEXT = frozenset({"Int", "Float", "Boolean"})
NUL = "前\x00后"
# Outside the accepted years (1900-2200); the first two also overflow PostgreSQL on the way to UTC.
BAD_DATES = ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+05:00", "1899-12-31", "2201-01-01")

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    root: str  # "query" or "mutation"
    field: str
    on_type: str | None  # a Node type whose field is reached through node(id:), or None for a root field
    path: Path  # from the argument: ("input", "parties", 0, "name")
    bad: str
    # Whether the scalar reads the bad value at all. One it cannot read (a NUL in a Date), written into the
    # document, fails validation (GRAPHQL_VALIDATION_FAILED) before any guard runs: refused, never INTERNAL.
    readable: bool = True

    @property
    def id(self) -> str:
        where = f"{self.on_type}." if self.on_type else ""
        return f"{where}{self.field}:{'.'.join(map(str, self.path))}={self.bad!r}"


def _is_date_scalar(scalar: GraphQLScalarType) -> bool:
    try:
        return isinstance(scalar.parse_value(SAMPLES[scalar.name]), date)
    except Exception:
        return False


def _readable(scalar: GraphQLScalarType, value: str) -> bool:
    try:
        scalar.parse_value(value)
    except Exception:
        return False
    return True


def _bad_values(scalar: GraphQLScalarType) -> list[tuple[str, bool]]:
    if scalar.name in NOT_TEXT:
        return []
    bad = [(NUL, _readable(scalar, NUL))]
    if _is_date_scalar(scalar):
        # Only the forms this scalar reads: another form is coercion's own error, not the range's.
        bad += [(value, True) for value in BAD_DATES if _readable(scalar, value)]
    return bad


def _leaves(
    type_: GraphQLInputType, path: Path, seen: frozenset[str]
) -> list[tuple[Path, list[tuple[str, bool]]]]:
    named = get_named_type(type_)
    list_path = (*path, 0) if isinstance(_nullable(type_), GraphQLList) else path
    if isinstance(named, GraphQLInputObjectType):
        if named.name in seen:
            return []
        return [
            leaf
            for name, f in named.fields.items()
            for leaf in _leaves(f.type, (*list_path, name), seen | {named.name})
        ]
    if isinstance(named, GraphQLScalarType):
        return [(list_path, _bad_values(named))]
    return []  # enums: a bad value is a coercion error already


def _nullable(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _field_cases(root: str, name: str, field: GraphQLField, on_type: str | None) -> list[Case]:
    return [
        Case(root, name, on_type, path, bad, readable)
        for arg_name, arg in field.args.items()
        for path, bads in _leaves(arg.type, (arg_name,), frozenset())
        for bad, readable in bads
    ]


def generate() -> list[Case]:
    cases: list[Case] = []
    for root, type_ in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        assert type_ is not None
        for name, field in type_.fields.items():
            cases += _field_cases(root, name, field, None)
    for type_ in SCHEMA.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        if type_ in (SCHEMA.query_type, SCHEMA.mutation_type, SCHEMA.subscription_type):
            continue
        for name, field in type_.fields.items():
            found = _field_cases("query", name, field, type_.name)
            # Reached through node(id:); a type with text arguments that is no Node needs a way in here.
            assert not found or NODE in type_.interfaces, f"{type_.name}.{name} is not reachable"
            cases += found
    return cases


CASES = generate()


# ---- minimal values -------------------------------------------------------------------------------------


def sample(type_: GraphQLInputType) -> Any:
    type_ = _nullable(type_)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type)]
    if isinstance(type_, GraphQLInputObjectType):
        return {name: sample(f.type) for name, f in type_.fields.items() if is_required_input_field(f)}
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    return SAMPLES[type_.name]


def with_bad(type_: GraphQLInputType, path: Path, bad: str) -> Any:
    type_ = _nullable(type_)
    if isinstance(type_, GraphQLList):
        return [with_bad(type_.of_type, path[1:], bad)]
    if isinstance(type_, GraphQLInputObjectType):
        value = sample(type_)
        value[path[0]] = with_bad(type_.fields[str(path[0])].type, path[1:], bad)
        return value
    assert not path
    return bad


def literal(value: Any, type_: GraphQLInputType) -> str:
    """The value written in GraphQL syntax (enums bare, strings JSON-escaped, which GraphQL reads alike)."""
    type_ = _nullable(type_)
    if isinstance(type_, GraphQLList):
        return "[" + ", ".join(literal(v, type_.of_type) for v in value) + "]"
    if isinstance(type_, GraphQLInputObjectType):
        fields = ", ".join(f"{k}: {literal(v, type_.fields[k].type)}" for k, v in value.items())
        return "{" + fields + "}"
    if isinstance(type_, GraphQLEnumType):
        return str(value)
    if isinstance(value, dict):
        return "{}"
    return json.dumps(value)


def _args(case: Case, field: GraphQLField) -> dict[str, tuple[GraphQLArgument, Any]]:
    target = str(case.path[0])
    out = {
        name: (arg, sample(arg.type))
        for name, arg in field.args.items()
        if is_required_argument(arg) and name != target
    }
    out[target] = (field.args[target], with_bad(field.args[target].type, case.path[1:], case.bad))
    return out


def operation(case: Case, as_variables: bool) -> tuple[str, dict[str, Any]]:
    holder = SCHEMA.get_type(case.on_type) if case.on_type else getattr(SCHEMA, f"{case.root}_type")
    field = holder.fields[case.field]  # type: ignore[union-attr]
    args = _args(case, field)
    if as_variables:
        call = ", ".join(f"{n}: ${n}" for n in args)
        definitions = "(" + ", ".join(f"${n}: {arg.type}" for n, (arg, _) in args.items()) + ")"
        variables = {n: v for n, (_, v) in args.items()}
    else:
        call = ", ".join(f"{n}: {literal(v, arg.type)}" for n, (arg, v) in args.items())
        definitions, variables = "", {}
    selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
    body = f"{case.field}({call}){selection}"
    if case.on_type:
        body = f'node(id: "x") {{ ... on {case.on_type} {{ {body} }} }}'
    return f"{case.root}{definitions} {{ {body} }}", variables


def test_the_walk_finds_the_known_inputs() -> None:
    """A guard on the generator: it must see nested fields, list items and the Node-reached arguments."""
    ids = {c.id for c in CASES}
    assert f"createCase:input.title={NUL!r}" in ids
    assert f"createCase:input.parties.0.name={NUL!r}" in ids
    assert f"Case.auditTrail:after={NUL!r}" in ids
    assert any(c.bad == BAD_DATES[0] for c in CASES)
    assert any(c.bad == "1899-12-31" for c in CASES)


@pytest.mark.parametrize("as_variables", [True, False], ids=["variables", "literal"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_every_input_refuses_bad_text_and_dates(api: Api, case: Case, as_variables: bool) -> None:
    query, variables = operation(case, as_variables)
    body = await api.gql("admin", query, variables)
    codes = [e["extensions"]["code"] for e in body.get("errors", [])]
    assert "data" not in body, body  # refused before anything ran
    if not as_variables and not case.readable:
        assert codes == ["GRAPHQL_VALIDATION_FAILED"], (query, body)
        return
    assert codes == ["BAD_USER_INPUT"], (query, variables, body)
    assert body["errors"][0]["extensions"]["field"] == ".".join(map(str, case.path)), body
