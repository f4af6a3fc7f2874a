"""Where the audit trail attaches to the request. Until the audit-trail tables exist, sensitive reads are
written to the `concord.audit` log with who, where and what, so nothing goes unrecorded."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("concord.audit")


async def record_sensitive_reads(ctx: Any) -> None:
    p = ctx.principal
    for obj, obj_id, case_id, field in ctx.sensitive_reads:
        log.info(
            "party.identity.read actor=%s tenant=%s object=%s:%s case=%s field=%s request=%s addr=%s",
            p.username if p else "-",
            p.tenant_code if p else "-",
            obj,
            obj_id,
            case_id,
            field,
            ctx.request_id,
            ctx.client_address,
        )
