"""Input guard (issue 14): every value an operation passes to an argument is checked before anything runs,
whatever field it is for, literal or variable, at any depth of input objects and lists:

- text (any String, ID, enum value or custom scalar given as a string, and the strings inside a JSON value) must not
  contain control characters other than tab, newline and carriage return (concord/kit/inputs.py);
- a value a scalar reads as a date or date-time (Date, DateTime) must fall in the accepted years.

A refused value answers BAD_USER_INPUT with `field`, the value's path from the argument (`input.title`,
`input.parties.1.name`), and nothing executes. Values of the wrong shape are left alone: variable coercion
(after this guard) and validation (before it) report them with their own errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, cast

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from concord.kit import inputs
from concord.kit.errors import BadUserInput

_UNSET = object()


class _Refused(Exception):
    def __init__(self, error: BadUserInput) -> None:
        self.error = error


def _check_text(text: str, path: str, scalar: GraphQLNamedType | None) -> None:
    char = inputs.forbidden_character(text)
    if char is not None:
        raise _Refused(BadUserInput(inputs.TEXT_MESSAGE.format(char=char), field=path, character=char))
    if isinstance(scalar, GraphQLScalarType) and scalar.name not in ("String", "ID"):
        try:
            value = scalar.parse_value(text)
        except Exception:  # not this scalar's form: coercion reports it after the guard
            return
        if isinstance(value, date) and not inputs.date_in_range(value):
            raise _Refused(
                BadUserInput(
                    inputs.DATE_MESSAGE,
                    field=path,
                    minYear=inputs.MIN_YEAR,
                    maxYear=inputs.MAX_YEAR,
                )
            )


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}"


class _Walk:
    """Walks one operation's arguments (fragments once each) and raises _Refused at the first bad value."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = variables
        self.defaults: dict[str, ValueNode] = {}
        self.seen: set[str] = set()

    def operation(self, op: OperationDefinitionNode) -> None:
        for definition in op.variable_definitions or ():
            if definition.default_value is not None:
                self.defaults[definition.variable.name.value] = definition.default_value
        root = self.schema.get_root_type(op.operation)
        if root is not None:
            self.selection_set(op.selection_set, root)

    def selection_set(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                cond = selection.type_condition
                t = self.schema.get_type(cond.name.value) if cond else parent
                if t is not None:
                    self.selection_set(selection.selection_set, t)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in self.seen:
                    continue
                self.seen.add(name)
                t = self.schema.get_type(fragment.type_condition.name.value)
                if t is not None:
                    self.selection_set(fragment.selection_set, t)

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> None:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return
        definition = parent.fields.get(node.name.value)
        if definition is None:  # __typename and introspection take no text worth guarding here
            return
        for argument in node.arguments or ():
            arg = definition.args.get(argument.name.value)
            if arg is not None:
                self.literal(argument.value, arg.type, argument.name.value)
        if node.selection_set is not None:
            self.selection_set(node.selection_set, get_named_type(definition.type))

    def literal(self, node: ValueNode, type_: GraphQLInputType, path: str) -> None:
        if isinstance(node, VariableNode):
            name = node.name.value
            value = self.variables.get(name, _UNSET)
            if value is _UNSET:
                default = self.defaults.get(name)
                if default is not None:
                    self.literal(default, type_, path)
                return
            self.value(value, type_, path)
            return
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            if not isinstance(node, ListValueNode):  # a single value where a list is expected
                self.literal(node, type_.of_type, path)
            else:
                for i, item in enumerate(node.values):
                    self.literal(item, type_.of_type, _join(path, i))
        elif isinstance(type_, GraphQLInputObjectType):
            if isinstance(node, ObjectValueNode):
                for f in node.fields:
                    fd = type_.fields.get(f.name.value)
                    if fd is not None:
                        self.literal(f.value, fd.type, _join(path, f.name.value))
        else:
            self.scalar_literal(node, type_, path)

    def scalar_literal(self, node: ValueNode, scalar: GraphQLNamedType, path: str) -> None:
        """A leaf written in the document; a JSON-like scalar may hold objects and lists of strings."""
        if isinstance(node, StringValueNode):
            _check_text(node.value, path, scalar)
        elif isinstance(node, ListValueNode):
            for i, item in enumerate(node.values):
                self.scalar_literal(item, scalar, _join(path, i))
        elif isinstance(node, ObjectValueNode):
            for f in node.fields:
                _check_text(f.name.value, path, None)
                self.scalar_literal(f.value, scalar, _join(path, f.name.value))
        elif isinstance(node, VariableNode):
            self.literal(node, cast(GraphQLInputType, scalar), path)  # a variable inside a JSON literal

    def value(self, value: Any, type_: GraphQLInputType, path: str) -> None:
        """A value sent as a variable (JSON, not yet coerced)."""
        if value is None:
            return
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            if not isinstance(value, list):  # coercion accepts a single value where a list is expected
                self.value(value, type_.of_type, path)
            else:
                for i, item in enumerate(value):
                    self.value(item, type_.of_type, _join(path, i))
        elif isinstance(type_, GraphQLInputObjectType):
            if isinstance(value, dict):
                for key, item in value.items():
                    fd = type_.fields.get(key)
                    if fd is not None:
                        self.value(item, fd.type, _join(path, key))
        else:
            self.scalar_value(value, type_, path)

    def scalar_value(self, value: Any, scalar: GraphQLNamedType, path: str) -> None:
        if isinstance(value, str):
            _check_text(value, path, scalar)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.scalar_value(item, scalar, _join(path, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(str(key), path, None)
                self.scalar_value(item, scalar, _join(path, str(key)))


def refused_input(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> BadUserInput | None:
    """The first refused value of the operation that would run, as the error to answer, or None."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    try:
        _Walk(schema, document, variables or {}).operation(operation)
    except _Refused as refused:
        return refused.error
    return None


class InputGuard(SchemaExtension):
    """Runs after validation and before execution (so before variables are coerced and any resolver runs)."""

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.graphql_document is not None and ec.result is None:
            error = refused_input(ec.schema._schema, ec.graphql_document, ec.operation_name, ec.variables)
            if error is not None:
                if ec.operation_type is OperationType.SUBSCRIPTION:
                    raise error  # as in QueryLimits: strawberry answers a subscription's error itself
                # Set before execution, the result replaces it: nothing runs (see QueryLimits.on_execute).
                ec.result = GraphQLExecutionResult(data=None, errors=[error])
        yield
