"""Clients for the fault tests: concurrent createCase (each with an Idempotency-Key) and inbox reads against a
real Concord server while its PostgreSQL (bench/pgctl.py) is restarted, every answer kept for checking."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

MUTATION_CREATE = """mutation($input: CreateCaseInput!) { createCase(input: $input) { case { id title } } }"""
INBOX = "{ cases(first: 10) { edges { node { id title parties { name } } } } }"


@dataclass
class Answer:
    op: str
    key: str | None
    title: str | None
    status: int | None  # None: the connection dropped (httpx raised)
    body: dict[str, Any] | None
    headers: dict[str, str]
    failure: str | None = None
    token: str = ""  # who sent it: a retry under the same Idempotency-Key must come from the same principal

    @property
    def outcome(self) -> str | None:
        errors = (self.body or {}).get("errors") or [{}]
        value = errors[0].get("extensions", {}).get("outcome")
        return str(value) if value is not None else None

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code", "?") for e in (self.body or {}).get("errors") or []]

    @property
    def acknowledged(self) -> bool:
        return self.status == 200 and not self.codes and bool((self.body or {}).get("data"))


@dataclass
class Load:
    """Concurrent clients sending mutations (each with an Idempotency-Key) and reads until told to stop."""

    base: str
    tokens: list[str]
    answers: list[Answer] = field(default_factory=list)
    stopped: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(
        self, client: httpx.AsyncClient, op: str, token: str, key: str | None = None, title: str | None = None
    ) -> Answer:
        headers = {"Authorization": f"Bearer {token}"}
        if op == "create":
            assert key and title
            headers["Idempotency-Key"] = key
            variables: dict[str, Any] = {"input": case_input(title)}
            query = MUTATION_CREATE
        else:
            variables, query = {}, INBOX
        try:
            r = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        except httpx.HTTPError as exc:
            return Answer(op, key, title, None, None, {}, f"{type(exc).__name__}: {exc}", token)
        try:
            body = r.json()
        except ValueError:
            return Answer(op, key, title, r.status_code, None, dict(r.headers), r.text[:200], token)
        return Answer(op, key, title, r.status_code, body, dict(r.headers), token=token)

    async def client(self, n: int, client: httpx.AsyncClient) -> None:
        token = self.tokens[n % len(self.tokens)]
        i = 0
        while not self.stopped.is_set():
            i += 1
            if i % 3:
                title = f"故障测试{n}-{i}-{time.monotonic_ns()}"
                answer = await self.send(client, "create", token, f"fault-{n}-{i}-{time.time_ns()}", title)
            else:
                answer = await self.send(client, "inbox", token)
            self.answers.append(answer)
            if answer.status != 200:
                await asyncio.sleep(0.05)


def case_input(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "category": "NEIGHBOUR",
        "sourceChannel": "PARTY_APPLICATION",
        "parties": [{"name": "王五", "kind": "PERSON", "role": "APPLICANT", "phone": "13812345678"}],
    }
