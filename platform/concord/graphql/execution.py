"""An execution context that completes plain scalar fields inline.

Most of a list query's fields are scalars read straight off an object (a case's title, a party's name). For
each of them graphql-core builds a ResolveInfo, calls strawberry's resolver wrapper, checks for an awaitable
and walks the type wrappers before serialising the value — several times the work of reading and serialising
it. Here a field that strawberry itself treats as "basic" (no resolver, no permission classes or field
extensions, no arguments) and whose type is a scalar or enum is read with `getattr` and serialised directly.
Anything else — and any value that is null or does not serialise — takes graphql-core's own path, so
results and errors are exactly what they were; only the cost changes.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

# (parent type, field name) -> (attribute, leaf type) for a plain scalar field, or None. Types hash by identity.
_plans: dict[tuple[GraphQLObjectType, str], tuple[str, Any] | None] = {}


def _plan(parent_type: GraphQLObjectType, name: str) -> tuple[str, Any] | None:
    key = (parent_type, name)
    if key in _plans:
        return _plans[key]
    plan = None
    field_def = parent_type.fields.get(name)
    if field_def is not None and not field_def.args:
        definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        leaf = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
        if (
            definition is not None
            and definition.is_basic_field
            and getattr(field_def.resolve, "_is_default", False)
            and is_leaf_type(leaf)
        ):
            plan = (definition.python_name, leaf)
    _plans[key] = plan
    return plan


class ConcordExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        # A resolver middleware (none today) must see every field: then everything takes the full path.
        manager = self.middleware_manager
        if manager is None or not manager.middlewares:
            plan = _plan(parent_type, field_details_list[0].node.name.value)
            if plan is not None:
                value = getattr(source, plan[0], None)
                if value is not None:
                    try:
                        serialized = plan[1].coerce_output_value(value)
                    except Exception:
                        serialized = None
                    if serialized is not None and serialized is not Undefined:
                        return serialized
        return super().execute_field(parent_type, source, field_details_list, path, position_context)
