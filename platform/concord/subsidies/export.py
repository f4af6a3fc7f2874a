"""The subsidy statement as an Excel workbook (补贴台账.xlsx): a 汇总 sheet (one row per organisation, then the
total) and a 明细 sheet (one row per case, with the mediator's capped total on the mediator's first row), Chinese
headers, amounts in yuan with two decimals, dates as 2026年11月3日.

Served at GET /subsidies/statement.xlsx?month=2026-11[&tenantId=…] with the same bearer token as /graphql,
authorised like the `subsidyStatement` query (subsidy:read; the lines of the mediators the tenant manages) and
audited (subsidy.export). A bad month answers 400 with the reason; a tenant whose scheme does not concern the
caller answers 404."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from concord.kit.errors import ConcordError
from concord.subsidies import rules, service

YUAN = '"¥"#,##0.00'
DETAIL_HEADERS = [
    "调解员",
    "所属机构",
    "案号",
    "纠纷类型",
    "难易程度",
    "结案日期",
    "补贴标准",
    "金额",
    "封顶后应发",
]
SUMMARY_HEADERS = ["所属机构", "调解员人数", "案件数", "封顶后应发"]


def chinese_date(value: datetime) -> str:
    d = value.astimezone(rules.CHINA).date()
    return f"{d.year}年{d.month}月{d.day}日"


def _header(ws: Any, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(headers)
    for i, width in enumerate(widths, start=1):
        cell = ws.cell(row=ws.max_row, column=i)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{ws.max_row + 1}"


def _title(st: service.Statement) -> str:
    y, m = st.month.split("-")
    scheme = (
        f"（{st.scheme.name}，每人每月封顶{st.scheme.monthly_cap:,.2f}元）"
        if st.scheme
        else "（当月无适用方案）"
    )
    return f"{int(y)}年{int(m)}月以案定补台账{scheme}"


def render(st: service.Statement) -> bytes:
    # Imported here: the application starts (and serves everything else) where openpyxl is not installed yet.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold, red = Font(bold=True), Font(color="C00000", bold=True)
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    summary.append([_title(st)])
    _header(summary, SUMMARY_HEADERS, [36, 12, 10, 16])
    for org in st.organisations:
        summary.append([org.name, org.mediators, org.cases, org.payable])
    summary.append(
        ["合计", sum(o.mediators for o in st.organisations), sum(o.cases for o in st.organisations), st.total]
    )
    for cell in summary[summary.max_row]:
        cell.font = bold
    for row in summary.iter_rows(min_row=3, min_col=4, max_col=4):
        row[0].number_format = YUAN

    detail = wb.create_sheet("明细")
    detail.append([_title(st)])
    _header(detail, DETAIL_HEADERS, [12, 30, 26, 12, 10, 16, 44, 12, 14])
    for line in st.lines:
        for i, c in enumerate(line.cases):
            detail.append(
                [
                    line.mediator_name,
                    line.organisation_name,
                    c.number,
                    rules.CATEGORY_LABELS[c.category],
                    rules.COMPLEXITY_LABELS[c.complexity],
                    chinese_date(c.resolved_at),
                    c.rate_rule,
                    c.amount,
                    line.payable if i == 0 else None,  # the mediator's month, once
                ]
            )
            if i == 0 and line.capped:
                cell = detail.cell(row=detail.max_row, column=9)
                cell.font = red
                detail.cell(
                    row=detail.max_row, column=7
                ).value = f"{c.rate_rule}；本月合计{line.gross:,.2f}元，已封顶"
    detail.append(["合计", None, None, None, None, None, None, None, st.total])
    for cell in detail[detail.max_row]:
        cell.font = bold
    for row in detail.iter_rows(min_row=3, min_col=8, max_col=9):
        for cell in row:
            cell.number_format = YUAN
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


async def statement_xlsx(request: Request) -> Response:
    from concord.auth.service import authenticate
    from concord.auth.tokens import bearer_token
    from concord.kit.ids import decode_id
    from concord.trail.recorder import flush_events

    state = request.app.state
    token = bearer_token(request.headers.get("authorization"))
    async with state.db.sessions() as session:
        try:
            address = request.client.host if request.client else None
            request_id = getattr(request.state, "request_id", None)
            principal = await authenticate(session, state.settings, token, request_id, address)
            if principal is None:
                return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401)
            if not state.authorizer.can(principal, "subsidy", "read"):
                return JSONResponse({"error": "FORBIDDEN"}, status_code=403)
            month = request.query_params.get("month", "")[:20]
            raw_tenant = request.query_params.get("tenantId")
            tenant_id = decode_id(raw_tenant[:200], "Tenant", "tenantId") if raw_tenant else None
            st = await service.statement(session, principal, month, tenant_id)
            body = render(st)
            service.export_recorded(session, st, len(body))
            await flush_events(session)
            await session.commit()
        except ConcordError as exc:
            await session.rollback()
            ext = exc.extensions or {}
            code = ext.get("code", "NOT_FOUND")
            payload = {"error": code, "message": exc.message, "field": ext.get("field")}
            return JSONResponse(payload, status_code=404 if code == "NOT_FOUND" else 400)
    filename = quote(f"补贴台账-{st.month}.xlsx")
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f"attachment; filename=\"subsidies-{st.month}.xlsx\"; filename*=UTF-8''{filename}",
            "Cache-Control": "no-store",
        },
    )
