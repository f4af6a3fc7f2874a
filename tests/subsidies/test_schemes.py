"""Subsidy schemes and rates: who may set them (subsidy:manage, the scheme's tenant or above), what is refused,
and the audit trail of every change."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from concord.kit.ids import from_global_id
from tests.helpers import Api, error_code, error_field

SCHEME = "scheme { id name monthlyCap effectiveFrom effectiveTo editable tenant { code } rates { id category complexity amount label } }"
CREATE = (
    f"mutation($input: CreateSubsidySchemeInput!) {{ createSubsidyScheme(input: $input) {{ {SCHEME} }} }}"
)
SET = f"mutation($input: SetSubsidyRateInput!) {{ setSubsidyRate(input: $input) {{ {SCHEME} }} }}"
REMOVE = f"mutation($input: RemoveSubsidyRateInput!) {{ removeSubsidyRate(input: $input) {{ {SCHEME} }} }}"
LIST = "{ subsidySchemes { id name editable tenant { code } rates { amount } } }"

# Each test's scheme runs in its own far-away year (schemes of one tenant may not overlap).
_years = itertools.count(2150)


async def _input(api: Api, tenant: str = "street-west", **over: Any) -> dict[str, Any]:
    year = next(_years)
    base = {
        "tenantId": await api.tenant_id(tenant),
        "name": "西街道以案定补办法",
        "monthlyCap": "2500.00",
        "effectiveFrom": f"{year}-01-01",
        "effectiveTo": f"{year}-12-31",
        "rates": [{"amount": "150.00"}, {"complexity": "HARD", "amount": "600.50"}],
    }
    return {**base, **over}


async def _audit(owner: AsyncEngine, action: str, object_id: str) -> int:
    _, raw = from_global_id(object_id)
    async with owner.connect() as conn:
        n = await conn.execute(
            text("SELECT count(*) FROM audit_events WHERE action = :a AND object_id = :o"),
            {"a": action, "o": raw},
        )
        return int(n.scalar_one())


async def test_a_tenant_admin_sets_up_a_scheme_and_edits_its_rates_with_an_audit_trail(
    api: Api, owner: AsyncEngine
) -> None:
    data = await api.ok("district.admin", CREATE, {"input": await _input(api)})
    scheme = data["createSubsidyScheme"]["scheme"]
    assert (
        scheme["tenant"]["code"] == "street-west" and scheme["editable"] and scheme["monthlyCap"] == "2500.00"
    )
    assert {(r["category"], r["complexity"], r["amount"]) for r in scheme["rates"]} == {
        (None, None, "150.00"),
        (None, "HARD", "600.50"),
    }
    assert await _audit(owner, "subsidy.scheme.create", scheme["id"]) == 1

    changed = await api.ok(
        "district.admin", SET, {"input": {"schemeId": scheme["id"], "complexity": "HARD", "amount": "700"}}
    )
    added = await api.ok(
        "district.admin",
        SET,
        {
            "input": {
                "schemeId": scheme["id"],
                "category": "MEDICAL",
                "complexity": "HARD",
                "amount": "1000.00",
            }
        },
    )
    rates = {(r["category"], r["complexity"]): r for r in added["setSubsidyRate"]["scheme"]["rates"]}
    assert changed and rates[(None, "HARD")]["amount"] == "700.00"
    assert rates[("MEDICAL", "HARD")]["label"] == "医疗纠纷·疑难"
    assert await _audit(owner, "subsidy.rate.set", scheme["id"]) == 2

    gone = await api.ok("district.admin", REMOVE, {"input": {"rateId": rates[(None, None)]["id"]}})
    assert (None, None) not in {
        (r["category"], r["complexity"]) for r in gone["removeSubsidyRate"]["scheme"]["rates"]
    }
    assert await _audit(owner, "subsidy.rate.remove", scheme["id"]) == 1

    listed = {s["id"]: s for s in (await api.ok("district.admin", LIST))["subsidySchemes"]}
    assert listed[scheme["id"]]["editable"] is True
    # The bureau's scheme pays the district's mediators: listed for the district, not editable by it.
    bureau = [s for s in listed.values() if s["tenant"]["code"] == "justice-bureau"]
    assert bureau and not bureau[0]["editable"]


async def test_another_tenants_scheme_is_not_found(api: Api) -> None:
    bureau = next(
        s
        for s in (await api.ok("justice.officer", LIST))["subsidySchemes"]
        if s["tenant"]["code"] == "justice-bureau"
    )
    body = await api.gql("district.admin", SET, {"input": {"schemeId": bureau["id"], "amount": "1.00"}})
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "schemeId"
    full = await api.ok("justice.officer", f"{{ subsidySchemes {{ {SCHEME[len('scheme { ') : -2]} }} }}")
    rate_id = next(s for s in full["subsidySchemes"] if s["id"] == bureau["id"])["rates"][0]["id"]
    body = await api.gql("district.admin", REMOVE, {"input": {"rateId": rate_id}})
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "rateId"
    body = await api.gql("district.admin", CREATE, {"input": await _input(api, "justice-bureau")})
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "tenantId"
    # Tenants without any scheme for their mediators list none.
    assert (await api.ok("petition.officer", LIST))["subsidySchemes"] == []


async def test_roles_without_subsidy_manage_are_forbidden(api: Api) -> None:
    body = await api.gql("e1.worker", CREATE, {"input": await _input(api, "community-e1")})
    assert error_code(body) == "FORBIDDEN"
    body = await api.gql("court.clerk", LIST)
    assert error_code(body) == "FORBIDDEN"


async def test_bad_amounts_periods_and_duplicates_are_refused(api: Api) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"monthlyCap": "-1.00"}, "monthlyCap"),
        ({"monthlyCap": "100.001"}, "monthlyCap"),
        ({"monthlyCap": "99999999999"}, "monthlyCap"),
        ({"rates": [{"amount": "-5"}]}, "rates"),
        ({"rates": [{"amount": "1.005"}]}, "rates"),
        ({"rates": [{"amount": "1e9"}]}, "rates"),
        ({"rates": [{"amount": "1"}, {"amount": "2"}]}, "rates"),
        ({"name": "  "}, "name"),
        ({"name": "办" * 201}, "name"),
        ({"effectiveFrom": "2099-01-02"}, "effectiveFrom"),
        ({"effectiveFrom": "2099-03-01", "effectiveTo": "2099-02-28"}, "effectiveTo"),
        ({"effectiveFrom": "2099-03-01", "effectiveTo": "2099-03-30"}, "effectiveTo"),
    ]
    for over, field in cases:
        body = await api.gql("district.admin", CREATE, {"input": await _input(api, **over)})
        assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == field, (over, body)
    first = await _input(api)
    await api.ok("district.admin", CREATE, {"input": first})
    body = await api.gql("district.admin", CREATE, {"input": {**first, "effectiveTo": None}})
    assert error_code(body) == "CONFLICT" and error_field(body) == "effectiveFrom"
    scheme = (await api.ok("district.admin", LIST))["subsidySchemes"][0]["id"]
    body = await api.gql("district.admin", SET, {"input": {"schemeId": scheme, "amount": "0.001"}})
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "amount"


async def test_rate_changes_are_forbidden_without_subsidy_manage_and_refuse_bad_input(api: Api) -> None:
    listed = await api.ok("justice.officer", f"{{ subsidySchemes {{ {SCHEME[len('scheme { ') : -2]} }} }}")
    bureau = next(s for s in listed["subsidySchemes"] if s["tenant"]["code"] == "justice-bureau")
    rate_id = bureau["rates"][0]["id"]
    # e1.worker reads subsidies but may not manage them.
    body = await api.gql("e1.worker", SET, {"input": {"schemeId": bureau["id"], "amount": "1.00"}})
    assert error_code(body) == "FORBIDDEN"
    body = await api.gql("e1.worker", REMOVE, {"input": {"rateId": rate_id}})
    assert error_code(body) == "FORBIDDEN"
    for amount in ("-0.01", "100000.01", "NaN"):
        body = await api.gql("justice.officer", SET, {"input": {"schemeId": bureau["id"], "amount": amount}})
        assert error_code(body) == "BAD_USER_INPUT", (amount, body)
    body = await api.gql("justice.officer", REMOVE, {"input": {"rateId": "not-an-id"}})
    assert error_code(body) == "BAD_USER_INPUT" and error_field(body) == "rateId"
    body = await api.gql("justice.officer", REMOVE, {"input": {"rateId": bureau["id"]}})  # a scheme's id
    assert error_code(body) == "NOT_FOUND" and error_field(body) == "rateId"
    # Nothing half-written: the bureau's rates are as they were.
    again = await api.ok("justice.officer", f"{{ subsidySchemes {{ {SCHEME[len('scheme { ') : -2]} }} }}")
    assert next(s for s in again["subsidySchemes"] if s["id"] == bureau["id"])["rates"] == bureau["rates"]
