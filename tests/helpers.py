"""Helpers shared by the tests: logging in, sending GraphQL, counting SQL statements."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from concord.kit import identity

CHINA = ZoneInfo("Asia/Shanghai")
# The day tests start legal periods on (the `legal_monday` fixture freezes concord.kit.clock there): Monday
# 21 September 2026, 10:00 in Beijing, with known holidays nearby in chinesecalendar 1.11.0 — 中秋节 Friday
# 25 September, 国庆节 1–7 October (调休上班 Sunday 20 September and Saturday 10 October). A 15-day period
# started then ends on Tuesday 6 October, a holiday, and so runs to Thursday 8 October.
LEGAL_MONDAY = datetime(2026, 9, 21, 10, 0, tzinfo=CHINA)

# What the console sends. The suite asserts the spec's status codes (400 for a request that never ran), which
# only application/graphql-response+json has; httpx's own default (*/*) is answered in application/json.
SPEC_ACCEPT = {"Accept": "application/graphql-response+json, application/json"}

_seq = itertools.count(1)


@dataclass
class StatementCounter:
    count: int = 0

    def on_execute(self, *args: Any) -> None:
        self.count += 1


@dataclass
class Api:
    client: httpx.AsyncClient
    counter: StatementCounter
    app: Any
    _tokens: dict[tuple[str, str | None], str] = field(default_factory=dict)

    async def token(self, username: str, tenant: str | None = None) -> str:
        key = (username, tenant)
        if key not in self._tokens:
            form = {"grant_type": "password", "username": username, "password": "demo"}
            if tenant:
                form["tenant"] = tenant
            r = await self.client.post("/auth/token", data=form)
            assert r.status_code == 200, r.text
            self._tokens[key] = r.json()["access_token"]
        return self._tokens[key]

    async def gql(
        self, user: str | None, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {}
        if token is None and user is not None:
            token = await self.token(user)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        r = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = r.json()
        # GraphQL over HTTP: a request that was never executed is 4xx and has no data entry; one that ran is 200.
        if "data" in body:
            assert r.status_code == 200, r.text
        else:
            assert r.status_code in (400, 401, 403, 409, 429), (r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/graphql-response+json"), r.headers
        return body

    async def ok(self, user: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self.gql(user, query, variables)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def tenant_id(self, code: str) -> str:
        data = await self.ok(
            "admin", "query($k: TenantKind){ tenants(first: 100, kind: $k) { edges { node { id code } } } }"
        )
        ids = {e["node"]["code"]: e["node"]["id"] for e in data["tenants"]["edges"]}
        return ids[code]


def error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), f"expected an error, got {body}"
    code: str = body["errors"][0]["extensions"]["code"]
    return code


def error_field(body: dict[str, Any]) -> str | None:
    field_: str | None = body["errors"][0]["extensions"].get("field")
    return field_


def valid_id_card(birth: str = "19850312") -> str:
    first17 = f"110105{birth}{next(_seq) % 1000:03d}"
    return first17 + identity.id_card_check_digit(first17)


CREATE_CASE = """
mutation($input: CreateCaseInput!) {
  createCase(input: $input) {
    case { id number title status category sourceChannel ownerTenant { code } parties { name kind role idNumber phone } }
  }
}"""

REFER = """
mutation($input: ReferCaseInput!) {
  referCase(input: $input) { referral { id kind status reason fromTenant { code } toTenant { code } } }
}"""

SIGN = "mutation($id: ID!) { signForReferral(input: {referralId: $id}) { referral { id status signedAt } } }"
ACCEPT = (
    "mutation($id: ID!) { acceptReferral(input: {referralId: $id}) { referral { id status acceptedAt } } }"
)
RETURN = """mutation($id: ID!, $reason: String!) {
  returnReferral(input: {referralId: $id, reason: $reason}) { referral { id status returnReason } } }"""

NODE_CASE = "query($id: ID!) { node(id: $id) { id ... on Case { title number } } }"


def case_input(title: str = "张某与李某民间借贷纠纷", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": title,
        "description": "申请人称被申请人借款五万元逾期未还。",
        "category": "LOAN",
        "sourceChannel": "PARTY_APPLICATION",
        "amountInDispute": "50000.00",
        "parties": [
            {
                "name": "张三",
                "kind": "PERSON",
                "role": "APPLICANT",
                "idNumber": valid_id_card(),
                "phone": "13812345678",
            },
            {
                "name": "李四",
                "kind": "PERSON",
                "role": "RESPONDENT",
                "idNumber": None,
                "phone": "010-62345678",
            },
        ],
    }
    data.update(overrides)
    return data


async def create_case(
    api: Api, user: str, title: str = "张某与李某民间借贷纠纷", **overrides: Any
) -> dict[str, Any]:
    data = await api.ok(user, CREATE_CASE, {"input": case_input(title, **overrides)})
    case: dict[str, Any] = data["createCase"]["case"]
    return case


async def refer(api: Api, user: str, case_id: str, to_code: str, kind: str = "DELEGATED") -> dict[str, Any]:
    to_id = await api.tenant_id(to_code)
    data = await api.ok(
        user,
        REFER,
        {"input": {"caseId": case_id, "toTenantId": to_id, "kind": kind, "reason": "诉前委派调解"}},
    )
    referral: dict[str, Any] = data["referCase"]["referral"]
    return referral
