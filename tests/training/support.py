"""Shared by the training and duty tests: fresh roster records made through the API (so each test owns its
mediators and their hours, whatever else the session's database holds)."""

from __future__ import annotations

import itertools
from typing import Any

from tests.helpers import Api

CREATE_MEDIATOR = (
    """mutation($input: CreateMediatorInput!) { createMediator(input: $input) { mediator { id } } }"""
)
_n = itertools.count(1)
_digits = itertools.count(10_000_000_000_000_000 + 4321)


async def new_mediator(api: Api, actor: str, tenant: str, kind: str = "FULL_TIME", **fields: Any) -> str:
    """A new 在册 mediator on `tenant`'s roster; a LAWYER gets a practice certificate."""
    data: dict[str, Any] = {
        "tenantId": await api.tenant_id(tenant),
        "name": f"测试调解员{next(_n)}",
        "kind": kind,
        **fields,
    }
    if kind == "LAWYER":
        data.setdefault("practiceCertificateNo", str(next(_digits)))
        data.setdefault("practiceYears", 6)
    if kind == "INVITED":
        data.setdefault("termStart", "2026-01-01")
    body = await api.ok(actor, CREATE_MEDIATOR, {"input": data})
    mediator_id: str = body["createMediator"]["mediator"]["id"]
    return mediator_id
