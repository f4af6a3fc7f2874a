"""The printable record (卷宗) of a joint conference: one PDF with the conference, attendance, the locked minutes
and their sign-offs, the addenda, the decisions and action items, and the complete audit trail, in Simplified
Chinese with a CJK font embedded (fpdf2 subsets and embeds it, so the file prints the same anywhere).

Served at GET /conferences/{id}/record.pdf with the same bearer token as /graphql, authorised like the
`node(id:)` query: conference:read, and NOT_FOUND (404) for a conference the tenant does not take part in."""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from concord.audit.types import ACTION_LABELS
from concord.authz.visibility import VisibleTo
from concord.conferences import repository
from concord.kit.errors import ConcordError, NotFound
from concord.kit.pagination import Page
from concord.models import AuditEvent, Case, JointConference, Referral, Tenant
from concord.tenants import service as tenant_service
from concord.trail.recorder import flush_events, record

CHINA = ZoneInfo("Asia/Shanghai")

# (path, index in a font collection). CONCORD_PDF_FONT=/path/to/font.ttf[:index] overrides; Debian's
# fonts-noto-cjk (installed by .ci/run) or fonts-wqy-zenhei provide the defaults.
FONT_CANDIDATES: list[tuple[str, int]] = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Noto Sans CJK SC
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
]


class NoChineseFont(RuntimeError):
    pass


def find_font() -> tuple[str, int]:
    env = os.environ.get("CONCORD_PDF_FONT")
    if env:
        path, _, number = env.partition(":")
        return path, int(number or 0)
    for path, index in FONT_CANDIDATES:
        if Path(path).is_file():
            return path, index
    raise NoChineseFont("未找到中文字体：请安装 fonts-noto-cjk，或设置 CONCORD_PDF_FONT")


def _t(value: datetime | None) -> str:
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value else "—"


@dataclass
class Record:
    conference: JointConference
    tenants: dict[uuid.UUID, Tenant]
    cases: list[Case]
    children: dict[str, list[Any]]
    referrals: dict[uuid.UUID, Referral]
    trail: Sequence[AuditEvent]


ATTENDANCE = {"PRESENT": "出席", "ABSENT": "缺席", "LATE": "迟到", "VIDEO": "视频参会"}
INVITATION = {"INVITED": "已邀请", "ACCEPTED": "已接受", "DECLINED": "已谢绝", "DELEGATED": "已转请"}
ACTION_ITEM = {"DRAFT": "未印发", "OPEN": "办理中", "CLOSED": "已办结"}


async def gather(session: AsyncSession, conf: JointConference) -> Record:
    children = {kind: await repository.children(session, kind, [conf.id]) for kind in repository.CHILDREN}
    tenant_ids = {conf.tenant_id, conf.lead_tenant_id}
    for kind in ("participants", "comments", "signoffs", "addenda"):
        tenant_ids |= {r.tenant_id for r in children[kind]}
    for d in children["decisions"]:
        tenant_ids |= {d.responsible_tenant_id, *d.supporting_tenant_ids}
    referral_ids = [i.referral_id for i in children["action_items"] if i.referral_id]
    trail: list[AuditEvent] = []
    after = None
    while True:  # the whole trail, page by page
        page = await repository.trail(session, conf.id, referral_ids, Page(500, after))
        trail.extend(page[:500])
        if len(page) <= 500:
            break
        after = (page[499].occurred_at, page[499].id)
    tenant_ids |= {e.tenant_id for e in trail if e.tenant_id}
    tenants = {t.id: t for t in await tenant_service.by_ids(session, list(tenant_ids))}
    case_ids = [c.case_id for c in children["cases"]]
    cases = await repository.record_cases(session, case_ids)  # RLS: visible only
    referrals = {r.id: r for r in await repository.record_referrals(session, referral_ids)}
    return Record(conf, tenants, cases, children, referrals, trail)


def _changes(changes: dict[str, Any]) -> str:
    parts = []
    for k, (before, after) in sorted(changes.items()):
        parts.append(f"{k}: {before!s} → {after!s}" if before is not None else f"{k}: {after!s}")
    text = "；".join(parts)
    return text if len(text) <= 300 else text[:300] + "…"


def render(rec: Record) -> bytes:
    from concord.conferences.machine import LABELS

    path, index = find_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_title(f"联席会议卷宗 {rec.conference.title}")
    pdf.set_creator("Concord 多元解纷平台")
    pdf.add_page()
    c = rec.conference

    def name(tid: uuid.UUID | None) -> str:
        t = rec.tenants.get(tid) if tid else None
        return t.name if t else "—"

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)

    def line(text: str) -> None:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("cjk", size=18)
    pdf.multi_cell(0, 10, "联席会议卷宗", align="C", new_x="LMARGIN", new_y="NEXT")
    heading(c.title, 14)
    line(
        f"状态：{LABELS.get(c.status, c.status)}    召集单位：{name(c.tenant_id)}    牵头单位：{name(c.lead_tenant_id)}"
    )
    line(
        f"主持人：{c.chair}    时间：{_t(c.starts_at)}    地点：{c.place or '—'}    线上：{c.online_link or '—'}"
    )
    line(f"议由：{c.purpose or '—'}")
    if c.cancel_reason:
        line(f"取消理由：{c.cancel_reason}")
    line("案件：" + ("；".join(f"{x.number} {x.title}" for x in rec.cases) or "—"))

    heading("一、参会单位及到会情况")
    for p in rec.children["participants"]:
        extra = f"（{p.decline_reason}）" if p.decline_reason else ""
        if p.delegated_to_id:
            extra += f" 转请：{name(p.delegated_to_id)}"
        att = ATTENDANCE.get(p.attendance.value, "") if p.attendance else "未记录"
        line(
            f"{name(p.tenant_id)}：{INVITATION[p.status.value]}{extra}；代表：{p.representative or '—'}；到会：{att}"
        )

    heading("二、议题")
    for a in rec.children["agenda"]:
        line(f"{a.position}. {a.title}")

    heading("三、会议纪要")
    versions = rec.children["minutes"]
    if versions:
        final = versions[-1]
        state = (
            f"已锁定（{_t(c.minutes_locked_at)}）" if c.minutes_status.value == "LOCKED" else "草稿，未锁定"
        )
        line(f"第{final.number}版，{state}，起草：{final.author_name}（{_t(final.created_at)}）")
        line(final.body)
        signs = [s for s in rec.children["signoffs"] if s.version_id == final.id]
        heading("会签", 11)
        for s in signs:
            line(f"{name(s.tenant_id)}　{s.signer_name}　{_t(s.signed_at)}")
    else:
        line("（尚无纪要）")
    if rec.children["addenda"]:
        heading("纪要补充说明", 11)
        for ad in rec.children["addenda"]:
            line(f"补充说明{ad.number}：{ad.body}")
            line(f"签署：{name(ad.tenant_id)} {ad.signer_name}　{_t(ad.signed_at)}")

    heading("四、会议决定及办理事项")
    for d in rec.children["decisions"]:
        support = "、".join(name(t) for t in d.supporting_tenant_ids) or "—"
        line(f"决定{d.position}：{d.text}")
        line(f"　牵头：{name(d.responsible_tenant_id)}；配合：{support}")
        for i in rec.children["action_items"]:
            if i.decision_id != d.id:
                continue
            ref = rec.referrals.get(i.referral_id) if i.referral_id else None
            ref_state = f"；交办转介：{ref.status.value}" if ref else ""
            line(
                f"　· {i.description}（责任单位：{name(i.responsible_tenant_id)}；期限：{i.due_date.isoformat()}；"
                f"{ACTION_ITEM[i.status.value]}{ref_state}）"
            )

    heading("五、审计轨迹（按时间先后）")
    pdf.set_font("cjk", size=8)
    for n, e in enumerate(rec.trail, 1):
        label = ACTION_LABELS.get(e.action, e.action)
        pdf.multi_cell(
            0,
            4.5,
            f"{n}. {_t(e.occurred_at)}  {name(e.tenant_id)}  {e.actor_name}  {label}（{e.action}）  {_changes(e.changes)}"
            f"  #{e.seq} {e.hash[:12]}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(3)
    pdf.set_font("cjk", size=8)
    line(f"导出时间：{_t(datetime.now(CHINA))}；审计事件按机构哈希链接，可用 verifyAuditChain 校验。")
    return bytes(pdf.output())


async def record_pdf(request: Request) -> Response:
    from concord.auth.service import authenticate
    from concord.auth.tokens import bearer_token
    from concord.kit.ids import decode_id

    state = request.app.state
    token = bearer_token(request.headers.get("authorization"))
    async with state.db.sessions() as session:
        try:
            address = request.client.host if request.client else None
            request_id = getattr(request.state, "request_id", None)
            principal = await authenticate(session, state.settings, token, request_id, address)
            if principal is None:
                return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401)
            if not state.authorizer.can(principal, "conference", "read"):
                return JSONResponse({"error": "FORBIDDEN"}, status_code=403)
            conf_id = decode_id(request.path_params["id"], "JointConference", "id")
            conf = await repository.get_visible(session, VisibleTo.of(principal), conf_id)
            if conf is None:
                raise NotFound()
            body = render(await gather(session, conf))
            record(
                session,
                "conference.record.export",
                "JointConference",
                conf.id,
                conference_id=conf.id,
                changes={"bytes": [None, len(body)]},
            )
            await flush_events(session)
            await session.commit()
        except ConcordError as exc:
            await session.rollback()
            code = (exc.extensions or {}).get("code", "NOT_FOUND")
            return JSONResponse({"error": code}, status_code=404 if code == "NOT_FOUND" else 400)
    filename = f"conference-{conf.id}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )
