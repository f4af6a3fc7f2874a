"""补贴台账.xlsx: opens with openpyxl and says what the statement says; audited; bad month 400; another tenant's
scheme 404; no token 401; a role without subsidy:read 403."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import Api
from tests.subsidies.support import demo_months

STATEMENT = """query($month: String!) { subsidyStatement(month: $month) { total
  lines { mediator { name } organisation { name } payable capped cases { caseNumber amount resolvedAt } }
  organisations { tenant { name } mediators cases payable } } }"""
HEADERS = ["调解员", "所属机构", "案号", "纠纷类型", "难易程度", "结案日期", "补贴标准", "金额", "封顶后应发"]


async def _get(api: Api, user: str | None, **params: str) -> Any:
    headers = {"Authorization": f"Bearer {await api.token(user)}"} if user else {}
    return await api.client.get("/subsidies/statement.xlsx", params=params, headers=headers)


async def test_the_workbook_matches_the_statement_and_is_audited(api: Api, owner: AsyncEngine) -> None:
    month = (await demo_months(owner))[-1]
    st = (await api.ok("justice.officer", STATEMENT, {"month": month}))["subsidyStatement"]
    async with owner.connect() as conn:
        before = (
            await conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'subsidy.export'"))
        ).scalar_one()
    r = await _get(api, "justice.officer", month=month)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "明细"]

    detail = list(wb["明细"].iter_rows(values_only=True))
    assert list(detail[1]) == HEADERS
    rows = detail[2:-1]
    want = {
        c["caseNumber"]: (ln["mediator"]["name"], ln["organisation"]["name"], Decimal(c["amount"]))
        for ln in st["lines"]
        for c in ln["cases"]
    }
    assert {row[2]: (row[0], row[1], Decimal(str(row[7]))) for row in rows} == want
    payable = {row[0]: Decimal(str(row[8])) for row in rows if row[8] is not None}
    assert payable == {ln["mediator"]["name"]: Decimal(ln["payable"]) for ln in st["lines"]}
    assert all(str(row[5]).count("年") == 1 and str(row[5]).endswith("日") for row in rows)
    assert detail[-1][0] == "合计" and Decimal(str(detail[-1][8])) == Decimal(st["total"])
    assert wb["明细"].cell(row=3, column=8).number_format == '"¥"#,##0.00'

    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert list(summary[1]) == ["所属机构", "调解员人数", "案件数", "封顶后应发"]
    assert {row[0]: (row[1], row[2], Decimal(str(row[3]))) for row in summary[2:-1]} == {
        o["tenant"]["name"]: (o["mediators"], o["cases"], Decimal(o["payable"])) for o in st["organisations"]
    }
    assert summary[-1][0] == "合计" and Decimal(str(summary[-1][3])) == Decimal(st["total"])

    async with owner.connect() as conn:
        after = (
            await conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'subsidy.export'"))
        ).scalar_one()
    assert after == before + 1


async def test_refusals(api: Api, owner: AsyncEngine) -> None:
    r = await _get(api, "justice.officer", month="2026-13")
    assert r.status_code == 400 and r.json()["error"] == "BAD_USER_INPUT" and "YYYY-MM" in r.json()["message"]
    assert (await _get(api, None, month="2026-11")).status_code == 401
    assert (await _get(api, "court.clerk", month="2026-11")).status_code == 403
    bureau = await api.tenant_id("justice-bureau")
    r = await _get(api, "petition.officer", month="2026-11", tenantId=bureau)
    assert r.status_code == 404
    # Another tenant's scope: an empty ledger, nothing of the bureau's mediators.
    month = (await demo_months(owner))[-1]
    r = await _get(api, "petition.officer", month=month)
    assert r.status_code == 200
    detail = list(load_workbook(BytesIO(r.content))["明细"].iter_rows(values_only=True))
    assert len(detail) == 3 and detail[-1][0] == "合计" and Decimal(str(detail[-1][8])) == 0
