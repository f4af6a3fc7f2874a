"""Where the audit trail attaches to a request: the recorder is created with the principal, sensitive reads
are turned into events, and everything pending is chained and written just before the commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from concord.trail.recorder import ANONYMOUS, Actor, Recorder, attach, flush_events, record


def attach_for_principal(
    session: AsyncSession, principal: Any, request_id: str | None, addr: str | None
) -> Recorder:
    actor = (
        Actor(principal.kind, principal.id, principal.display_name or principal.username, principal.tenant_id)
        if principal is not None
        else ANONYMOUS
    )
    return attach(session, Recorder(actor, request_id, addr))


async def before_commit(ctx: Any) -> None:
    record_sensitive_reads(ctx.session, ctx.sensitive_reads)
    ctx.sensitive_reads.clear()
    await flush_events(ctx.session)


def record_sensitive_reads(session: AsyncSession, reads: list[tuple[str, Any, Any, str]]) -> None:
    """One event per object read, however many of its fields, however many times the operation selected them
    (a party listed twice, aliases): `changes.fields` lists the fields revealed, sorted."""
    fields: dict[tuple[str, Any, Any], set[str]] = {}
    for obj, obj_id, case_id, field in reads:
        fields.setdefault((obj, obj_id, case_id), set()).add(field)
    for (obj, obj_id, case_id), names in fields.items():
        record(
            session,
            f"{obj}.identity.read",
            obj.capitalize(),
            obj_id,
            case_id=case_id,
            changes={"fields": [None, sorted(names)]},
        )
