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
    for obj, obj_id, case_id, field in ctx.sensitive_reads:
        record(
            ctx.session,
            f"{obj}.identity.read",
            obj.capitalize(),
            obj_id,
            case_id=case_id,
            changes={"field": [None, field]},
        )
    ctx.sensitive_reads.clear()
    await flush_events(ctx.session)
