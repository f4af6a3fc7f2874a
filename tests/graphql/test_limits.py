"""Query limits: each is refused with its own code (HTTP 400, no data) and a query just under it runs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from graphql import get_introspection_query, parse, specified_rules, validate

from concord.config import Settings
from concord.documents.registry import operation_text
from concord.graphql.limits import LIST_ESTIMATE, REQUEST_ERROR_CODES, limits_rule, query_cost
from concord.graphql.schema import schema
from tests.helpers import Api, case_input

OPERATIONS = Path(__file__).resolve().parents[2] / "schema" / "operations"


async def post(api: Api, user: str | None, query: str, variables: dict[str, Any] | None = None) -> Any:
    headers = {"Accept": "application/graphql-response+json"}
    if user is not None:
        headers["Authorization"] = f"Bearer {await api.token(user)}"
    return await api.client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


def refused(r: Any, code: str) -> dict[str, Any]:
    assert r.status_code == 400, r.text
    body: dict[str, Any] = r.json()
    assert "data" not in body, body
    err: dict[str, Any] = body["errors"][0]
    assert err["extensions"]["code"] == code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err["message"]  # a Chinese message
    return err


def accepted(r: Any) -> dict[str, Any]:
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert not body.get("errors"), body
    return body


def settings_of(api: Api) -> Settings:
    s: Settings = api.app.state.settings
    return s


def test_request_error_codes() -> None:
    assert {
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "QUERY_TOO_DEEP",
        "TOO_MANY_ALIASES",
        "TOO_MANY_TOKENS",
        "QUERY_TOO_COSTLY",
        "PERSISTED_QUERY_NOT_FOUND",
        "TRUSTED_DOCUMENT_REQUIRED",
    } <= REQUEST_ERROR_CODES


# ---- depth --------------------------------------------------------------------------------------------------


def tenant_chain(depth: int) -> str:
    """viewer → tenant → parent … → id: exactly `depth` nested fields."""
    parents = depth - 3
    return "{ viewer { tenant { " + "parent { " * parents + "id" + " }" * parents + " } } }"


async def test_depth_at_the_limit_runs_and_one_more_is_refused(api: Api) -> None:
    limit = settings_of(api).max_depth
    accepted(await post(api, "court.clerk", tenant_chain(limit)))
    err = refused(await post(api, "court.clerk", tenant_chain(limit + 1)), "QUERY_TOO_DEEP")
    assert err["extensions"]["maxDepth"] == limit


async def test_depth_counts_through_fragments(api: Api) -> None:
    limit = settings_of(api).max_depth
    fragment = "fragment Up on Tenant { " + "parent { " * (limit - 3) + "id" + " }" * (limit - 3) + " }"
    ok = "{ viewer { tenant { ...Up } } } " + fragment
    accepted(await post(api, "court.clerk", ok))
    too_deep = "{ viewer { tenant { parent { ...Up } } } } " + fragment
    refused(await post(api, "court.clerk", too_deep), "QUERY_TOO_DEEP")


async def test_parser_nesting_limit_is_a_depth_error(api: Api) -> None:
    query = "{" + " a {" * 600 + " b" + " }" * 600 + " }"
    refused(await post(api, "court.clerk", query), "QUERY_TOO_DEEP")


async def test_standard_introspection_query_passes_the_limits(api: Api) -> None:
    body = accepted(await post(api, "admin", get_introspection_query(descriptions=True)))
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


# ---- aliases ------------------------------------------------------------------------------------------------


def aliased(n: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"


async def test_aliases_at_the_limit_run_and_one_more_is_refused(api: Api) -> None:
    limit = settings_of(api).max_aliases
    body = accepted(await post(api, "court.clerk", aliased(limit)))
    assert len(body["data"]) == limit
    err = refused(await post(api, "court.clerk", aliased(limit + 1)), "TOO_MANY_ALIASES")
    assert err["extensions"]["maxAliases"] == limit


async def test_aliases_in_fragments_count(api: Api) -> None:
    limit = settings_of(api).max_aliases
    fields = " ".join(f"a{i}: __typename" for i in range(limit))
    query = f"{{ b: __typename ...F }} fragment F on Query {{ {fields} }}"
    refused(await post(api, "court.clerk", query), "TOO_MANY_ALIASES")


# ---- tokens -------------------------------------------------------------------------------------------------


def typenames(tokens: int) -> str:
    """`{`, `}` and one token per field: a document of exactly `tokens` tokens."""
    return "{ " + "__typename " * (tokens - 2) + "}"


async def test_tokens_over_the_default_limit_are_refused(api: Api) -> None:
    limit = settings_of(api).max_tokens
    err = refused(await post(api, "court.clerk", typenames(limit + 1)), "TOO_MANY_TOKENS")
    assert err["extensions"]["maxTokens"] == limit
    assert "__typename" not in err["message"]  # the parser's error would quote the whole document


async def test_tokens_at_the_limit_run_and_one_more_is_refused(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A smaller limit for the boundary: graphql-core's overlap check gives up (a validation error) on thousands
    # of identical fields, and no other 5000-token document is cheap to validate. The limit is read per request.
    monkeypatch.setattr(settings_of(api), "max_tokens", 200)
    accepted(await post(api, "court.clerk", typenames(200)))
    err = refused(await post(api, "court.clerk", typenames(201)), "TOO_MANY_TOKENS")
    assert err["extensions"]["maxTokens"] == 200


# ---- cost ---------------------------------------------------------------------------------------------------

INBOXES = (
    "query($cases: Int, $referrals: Int!) {"
    + "".join(
        f" {alias}: cases(first: $cases) {{ edges {{ node {{ id referrals(first: $referrals) {{ edges {{ node {{ id }} }} }} }} }} }}"
        for alias in "abcd"
    )
    + " }"
)


async def test_cost_at_the_limit_runs_and_one_more_page_item_is_refused(api: Api) -> None:
    s = settings_of(api)
    assert s.max_cost == 20000 and s.max_page_size >= 100, "the figures below assume the defaults"
    # 4 × 100 × (1 + 49) = 20000 (a case's referrals take at most 50)
    accepted(await post(api, "court.clerk", INBOXES, {"cases": 100, "referrals": 49}))
    # 4 × 100 × (1 + 50) = 20400
    err = refused(
        await post(api, "court.clerk", INBOXES, {"cases": 100, "referrals": 50}), "QUERY_TOO_COSTLY"
    )
    assert err["extensions"]["cost"] == 20400
    assert err["extensions"]["maxCost"] == 20000


COSTLY_CREATE = """mutation($input: CreateCaseInput!) {
  createCase(input: $input) { case { referrals(first: 100) { edges { node {
    case { referrals(first: 100) { edges { node { fromTenant { id } } } } }
  } } } } }
}"""


async def test_costly_mutation_is_refused_before_it_runs(api: Api) -> None:
    title = f"代价测试{uuid.uuid4().hex[:8]}"
    # 1 + 1 + 100 × (1 + 1 + 100 × (1 + 1)) = 20202
    err = refused(
        await post(api, "court.clerk", COSTLY_CREATE, {"input": case_input(title)}), "QUERY_TOO_COSTLY"
    )
    assert err["extensions"]["cost"] == 20202
    data = await api.ok(
        "court.clerk", "query($t: String) { cases(filter: {text: $t}) { totalCount } }", {"t": title}
    )
    assert data["cases"]["totalCount"] == 0


def cost(query: str, variables: dict[str, Any] | None = None) -> int:
    return query_cost(schema._schema, parse(query), None, variables, 20, 100)


def test_cost_multiplies_page_sizes_through_nested_connections() -> None:
    nested = "{ cases(first: 100) { edges { node { referrals(first: 100) { edges { node { id } } } } } } }"
    assert cost(nested) == 100 * (1 + 100)
    with_vars = "query($n: Int, $m: Int) { cases(first: $n) { edges { node { referrals(first: $m) { totalCount } } } } }"
    assert cost(with_vars, {"n": 30, "m": 7}) == 30 * (1 + 7)
    # A variable's default; an absent argument takes the field's default (referrals: 10) or default_page_size.
    assert cost("query($n: Int = 40) { cases(first: $n) { edges { node { id } } } }") == 40
    assert cost("{ cases { edges { node { referrals { totalCount } } } } }") == 20 * (1 + 10)
    # A null variable means "not given".
    assert cost(with_vars, {"n": None, "m": None}) == 20 * (1 + 10)


def test_cost_counts_lists_and_objects_and_fragments() -> None:
    assert cost("{ cases(first: 10) { edges { node { parties { id } } } } }") == 10 * (1 + LIST_ESTIMATE)
    assert cost("{ cases(first: 10) { edges { node { ownerTenant { id } } } } }") == 10 * (1 + 1)
    assert cost("{ cases(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor } } }") == 10
    via_fragment = "{ cases(first: 10) { edges { node { ...C } } } } fragment C on Case { referrals(first: 5) { totalCount } }"
    assert cost(via_fragment) == 10 * (1 + 5)
    inline = "query($id: ID!) { node(id: $id) { ... on Case { referrals(first: 5) { totalCount } } } }"
    assert cost(inline, {"id": "x"}) == 1 + 5
    assert cost("{ __typename __schema { types { fields { name } } } }") == 0


def test_out_of_range_page_sizes_do_not_inflate_cost() -> None:
    # They are refused by the resolver (BAD_USER_INPUT); the cost only must stay bounded.
    assert cost("{ cases(first: 1000000) { totalCount } }") == 100
    assert cost("{ cases(first: -5) { totalCount } }") == 1


def test_every_builtin_operation_is_within_the_limits() -> None:
    s = Settings()
    rule = limits_rule(s.max_depth, s.max_aliases, False)
    for path in sorted(OPERATIONS.glob("*.graphql")):
        document = parse(operation_text(path.stem), max_tokens=s.max_tokens)
        assert validate(schema._schema, document, [*specified_rules, rule]) == [], path.name
        worst = {"first": s.max_page_size}
        assert (
            query_cost(schema._schema, document, None, worst, s.default_page_size, s.max_page_size)
            <= s.max_cost
        )


# ---- page sizes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first", [-1, 101])
async def test_page_size_out_of_range_is_bad_user_input(api: Api, first: int) -> None:
    body = await api.gql("court.clerk", "query($n: Int) { cases(first: $n) { totalCount } }", {"n": first})
    err = body["errors"][0]
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "first"


async def test_nested_page_size_out_of_range_is_bad_user_input(api: Api) -> None:
    body = await api.gql(
        "court.clerk", "{ cases(first: 5) { edges { node { referrals(first: 101) { totalCount } } } } }"
    )
    codes = {(e["extensions"]["code"], e["extensions"].get("field")) for e in body["errors"]}
    assert codes == {("BAD_USER_INPUT", "first")}, body


async def test_page_size_at_the_cap_runs(api: Api) -> None:
    cap = settings_of(api).max_page_size
    accepted(await post(api, "court.clerk", "query($n: Int) { cases(first: $n) { totalCount } }", {"n": cap}))
