"""Query limits: a hostile or careless query is refused before it runs, each limit with its own code.

- depth (`max_depth`, QUERY_TOO_DEEP) and aliases (`max_aliases`, TOO_MANY_ALIASES): a validation rule;
- tokens (`max_tokens`, TOO_MANY_TOKENS): the parser stops counting at the limit, so a huge document costs
  no more than the limit to reject (the parse error is given its code in concord/graphql/errors.py);
- directives (`max_directives`, TOO_MANY_DIRECTIVES): counted before validation; above the limit the document
  is validated by that one rule alone, so a document of a thousand unknown directives costs one error, not a
  thousand;
- cost (`max_cost`, QUERY_TOO_COSTLY): roughly the number of objects the query may return. A connection
  costs its page size (`first`/`last`, literal or variable, else the argument's default, else
  `default_page_size`) and multiplies everything below it, so `cases(first: 100) { … referrals(first: 100) }`
  costs 100 + 100×100. Plain lists of objects count as LIST_ESTIMATE items; a single object costs 1; scalars
  and introspection are free. Checked just before execution, when the variables are known.
- introspection (`__schema`, `__type`) in production only for administrators (INTROSPECTION_DISABLED).

The schema is built once at import, so every limit is read per request from the context's settings: two apps
with different settings in one process (the tests do this) each get their own limits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.utilities import get_operation_ast
from graphql.validation import ValidationContext, ValidationRule
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.types.graphql import OperationType

from concord.config import Settings, get_settings
from concord.kit.errors import ConcordError

# Answered with HTTP 400 under application/graphql-response+json: the request itself was refused, nothing ran.
REQUEST_ERROR_CODES: frozenset[str] = frozenset(
    {
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "QUERY_TOO_DEEP",
        "TOO_MANY_ALIASES",
        "TOO_MANY_TOKENS",
        "TOO_MANY_DIRECTIVES",
        "QUERY_TOO_COSTLY",
        "INTROSPECTION_DISABLED",
        "PERSISTED_QUERY_NOT_FOUND",
        "TRUSTED_DOCUMENT_REQUIRED",
    }
)

INTROSPECTION_ROLES = frozenset({"platform_admin", "tenant_admin"})
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
# Nesting allowed below __schema/__type (GraphiQL's introspection query needs 14).
INTROSPECTION_MAX_DEPTH = 20
# Assumed length of a list of objects that has no page-size argument (a case's parties, a conference's items).
LIST_ESTIMATE = 10


class QueryTooCostly(ConcordError):
    code = "QUERY_TOO_COSTLY"

    def __init__(self, cost: int, max_cost: int) -> None:
        super().__init__(
            f"查询代价 {cost} 超过上限 {max_cost}：请减小分页大小（first）或减少嵌套的列表",
            cost=cost,
            maxCost=max_cost,
        )


def _error(message: str, code: str, node: Any = None, **extensions: Any) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code, **extensions})


# ---- validation: depth, aliases, introspection ------------------------------------------------------------


def _alias_and_introspection(document: DocumentNode) -> tuple[int, FieldNode | None]:
    """Aliases anywhere in the document, and the first __schema/__type field (walked without recursion)."""
    aliases = 0
    introspection: FieldNode | None = None
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.alias is not None:
                    aliases += 1
                if introspection is None and selection.name.value in INTROSPECTION_FIELDS:
                    introspection = selection
            child: SelectionSetNode | None = getattr(selection, "selection_set", None)
            if child is not None:
                stack.append(child)
    return aliases, introspection


def _depth(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    memo: dict[str, int],
    visiting: set[str],
    cap: int,
) -> int:
    """Longest chain of nested fields (leaves count), stopping at `cap`; fragments are measured once each.
    An introspection field counts as one level when its own subtree stays within INTROSPECTION_MAX_DEPTH:
    tools' standard introspection query nests `ofType` deeper than any application query needs."""
    if cap <= 0:
        return 0
    best = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.selection_set is None:
                d = 1
            elif selection.name.value in INTROSPECTION_FIELDS:
                inner = _depth(selection.selection_set, fragments, {}, set(), INTROSPECTION_MAX_DEPTH)
                d = 1 if inner < INTROSPECTION_MAX_DEPTH else cap
            else:
                d = 1 + _depth(selection.selection_set, fragments, memo, visiting, cap - 1)
        elif isinstance(selection, InlineFragmentNode):
            d = _depth(selection.selection_set, fragments, memo, visiting, cap)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in memo:
                fragment = fragments.get(name)
                if fragment is None or name in visiting:  # unknown or cyclic: other rules report it
                    continue
                visiting.add(name)
                memo[name] = _depth(fragment.selection_set, fragments, memo, visiting, cap)
                visiting.discard(name)
            d = memo[name]
        else:  # pragma: no cover - no other selection kinds exist
            continue
        best = max(best, d)
        if best >= cap:
            break
    return min(best, cap)


@lru_cache(maxsize=64)
def limits_rule(max_depth: int, max_aliases: int, allow_introspection: bool) -> type[ValidationRule]:
    """One rule class per combination, cached: a stable class keeps strawberry's validation cache effective."""

    class QueryLimitsRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            aliases, introspection = _alias_and_introspection(document)
            if introspection is not None and not allow_introspection:
                context.report_error(
                    _error(
                        "生产环境中仅管理员可使用内省查询（__schema、__type）",
                        "INTROSPECTION_DISABLED",
                        introspection,
                    )
                )
            if max_aliases > 0 and aliases > max_aliases:
                context.report_error(
                    _error(
                        f"查询使用了 {aliases} 个别名，超过上限 {max_aliases}",
                        "TOO_MANY_ALIASES",
                        None,
                        maxAliases=max_aliases,
                    )
                )
            if max_depth > 0:
                fragments = {
                    d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
                }
                memo: dict[str, int] = {}
                for op in document.definitions:
                    if not isinstance(op, OperationDefinitionNode):
                        continue
                    if _depth(op.selection_set, fragments, memo, set(), max_depth + 1) > max_depth:
                        context.report_error(
                            _error(
                                f"查询嵌套层数超过上限 {max_depth}",
                                "QUERY_TOO_DEEP",
                                op,
                                maxDepth=max_depth,
                            )
                        )
                        break

    return QueryLimitsRule


# ---- directives -------------------------------------------------------------------------------------------


def directive_count(document: DocumentNode, cap: int) -> int:
    """Directives on operations, variables, fragments and selections, counted until past `cap`."""
    count = 0
    stack: list[Any] = list(document.definitions)
    while stack and count <= cap:
        node = stack.pop()
        count += len(getattr(node, "directives", None) or ())
        stack.extend(getattr(node, "variable_definitions", None) or ())
        selection_set: SelectionSetNode | None = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
    return count


@lru_cache(maxsize=8)
def directives_rule(max_directives: int) -> type[ValidationRule]:
    """The rule that replaces all others for a document over the limit (stable per limit, for the cache)."""

    class TooManyDirectivesRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            context.report_error(
                _error(
                    f"查询使用的指令超过上限 {max_directives} 个",
                    "TOO_MANY_DIRECTIVES",
                    None,
                    maxDirectives=max_directives,
                )
            )

    return TooManyDirectivesRule


# ---- cost ---------------------------------------------------------------------------------------------------


def _is_connection(t: GraphQLNamedType) -> bool:
    return isinstance(t, GraphQLObjectType) and "edges" in t.fields and "pageInfo" in t.fields


def _is_edge(t: GraphQLNamedType) -> bool:
    return isinstance(t, GraphQLObjectType) and "node" in t.fields and "cursor" in t.fields


class _Cost:
    """Cost is linear in the multiplier above it, so each selection set is costed once at multiplier 1 and
    fragments are memoised: a document cannot make the walk itself expensive."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_page_size: int,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self.memo: dict[str, int] = {}

    def page_size(self, node: FieldNode, field: GraphQLField) -> int | None:
        """The page size asked for, or None when the field takes no first/last argument."""
        names = [n for n in ("first", "last") if n in field.args]
        if not names:
            return None
        given = {a.name.value: a.value for a in node.arguments or ()}
        sizes: list[int] = []
        for name in names:
            v = given.get(name)
            value: Any = None
            if isinstance(v, IntValueNode):
                value = int(v.value)
            elif isinstance(v, VariableNode):
                value = self.variables.get(v.name.value)
            if value is None and not isinstance(v, IntValueNode):
                # Not given, or a null variable: the argument's default.
                value = field.args[name].default_value
            if isinstance(value, int) and not isinstance(value, bool):
                sizes.append(value)
        if not sizes:
            return self.default_page_size
        # Out-of-range sizes are refused by the resolver (BAD_USER_INPUT); here they only must not inflate cost.
        return min(max(max(sizes), 0), self.max_page_size)

    def selection_set(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                cond = selection.type_condition
                t = self.schema.get_type(cond.name.value) if cond else parent
                if t is not None:
                    total += self.selection_set(selection.selection_set, t)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in self.memo:
                    fragment = self.fragments.get(name)
                    t = self.schema.get_type(fragment.type_condition.name.value) if fragment else None
                    self.memo[name] = 0  # validation has refused cycles; this only guards the walk
                    if fragment is not None and t is not None:
                        self.memo[name] = self.selection_set(fragment.selection_set, t)
                total += self.memo[name]
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        field = parent.fields.get(name)
        if field is None or node.selection_set is None:
            return 0
        named = get_named_type(field.type)
        if not is_composite_type(named):
            return 0
        below = self.selection_set(node.selection_set, named)
        if _is_connection(parent) or _is_edge(parent):
            return below  # edges, node, pageInfo: already counted by the connection's page size
        if _is_connection(named):
            size = self.page_size(node, field)
            return max(size if size is not None else self.default_page_size, 1) * (1 + below)
        if isinstance(get_nullable_type(field.type), GraphQLList):
            size = self.page_size(node, field)
            return max(size if size is not None else LIST_ESTIMATE, 1) * (1 + below)
        return 1 + below


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    default_page_size: int,
    max_page_size: int,
) -> int:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    values = dict(variables or {})
    for definition in operation.variable_definitions or ():
        default = definition.default_value
        if definition.variable.name.value not in values and isinstance(default, IntValueNode):
            values[definition.variable.name.value] = int(default.value)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walker = _Cost(schema, fragments, values, default_page_size, max_page_size)
    return walker.selection_set(operation.selection_set, root)


# ---- the extension ------------------------------------------------------------------------------------------


def context_settings(context: Any) -> Settings:
    settings = getattr(context, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


def may_introspect(context: Any, settings: Settings) -> bool:
    if settings.env != "production":
        return True
    principal = getattr(context, "principal", None)
    return principal is not None and bool(INTROSPECTION_ROLES.intersection(principal.roles))


class QueryLimits(SchemaExtension):
    """Adds this request's limits: token cap for the parser, the validation rule, the directive cap, the cost
    check. Listed before the parse and validation caches, so its on_validate runs before theirs."""

    def on_operation(self) -> Iterator[None]:
        ec = self.execution_context
        settings = context_settings(ec.context)
        if settings.max_tokens > 0:
            ec.parse_options["max_tokens"] = settings.max_tokens
        rule = limits_rule(settings.max_depth, settings.max_aliases, may_introspect(ec.context, settings))
        ec.validation_rules = (*ec.validation_rules, rule)
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        cap = context_settings(ec.context).max_directives
        if cap > 0 and ec.graphql_document is not None and directive_count(ec.graphql_document, cap) > cap:
            # Alone: the usual rules would report each unknown or misplaced directive once more.
            ec.validation_rules = (directives_rule(cap),)
        yield

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        settings = context_settings(ec.context)
        if settings.max_cost > 0 and ec.graphql_document is not None and ec.result is None:
            cost = query_cost(
                ec.schema._schema,
                ec.graphql_document,
                ec.operation_name,
                ec.variables,
                settings.default_page_size,
                settings.max_page_size,
            )
            if cost > settings.max_cost:
                error = QueryTooCostly(cost, settings.max_cost)
                if ec.operation_type is OperationType.SUBSCRIPTION:
                    raise error  # the subscription path has no pre-set result; strawberry answers the error
                # A result set before execution replaces it: nothing runs, and every extension still sees
                # the operation end normally (so the error policy and the others process it as usual).
                ec.result = GraphQLExecutionResult(data=None, errors=[error])
        yield


class ParseCache(ParserCache):
    """strawberry's ParserCache, except that a document that does not parse is left to strawberry's own
    parse step, which reports it as an ordinary pre-execution error (the cached call would raise instead)."""

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        try:
            ec.graphql_document = self.cached_parse_document(ec.query, **ec.parse_options)
        except GraphQLError:
            ec.graphql_document = None
        yield
