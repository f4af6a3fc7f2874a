"""Look-ahead for lists of cases: fetch what the query selects under the cases of a page, in one statement
per relation, before the fields ask for it.

With every case's owner, parties and newest referrals (and those referrals' tenants) in hand, the nested
fields answer synchronously: no coroutine, task or dataloader round per row, which is most of what a page
of 50 cases used to cost. The statements are the same whatever the page size: parties, referrals, tenants.
Anything the look-ahead does not cover (another shape of query, a case fetched by id) still goes through
the dataloaders, so it is an optimisation only, never a change in what is answered.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from strawberry.types.nodes import SelectedField

from concord.cases.types import MAX_NESTED_REFERRALS, Case, Party
from concord.kit.context import Info
from concord.kit.selection import fields_named, sub_selections
from concord.tenants.types import cached_node

DEFAULT_REFERRALS = 10  # the default of Case.referrals(first:)


def _size(value: object) -> int | None:
    # A literal argument arrives as its source text, a variable as its coerced value.
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and 0 <= value <= MAX_NESTED_REFERRALS else None


def _referral_page_size(fields: list[SelectedField]) -> int | None:
    """The one `first` asked of every `referrals` selection, or None (several sizes, or out of range)."""
    sizes = {_size(f.arguments.get("first", DEFAULT_REFERRALS)) for f in fields}
    return sizes.pop() if len(sizes) == 1 else None


async def prefetch_cases(info: Info, cases: Sequence[Case]) -> None:
    if not cases:
        return
    ctx = info.context
    node = sub_selections(info.selected_fields, "edges", "node")
    ids = [c.db_id for c in cases]
    tenant_ids: set[uuid.UUID] = set()

    if fields_named(node, "parties"):
        for case, party_rows in zip(cases, await ctx.loaders.cases.parties.load_many(ids), strict=True):
            case.pre_parties = [Party.from_row(p) for p in party_rows]

    referral_fields = fields_named(node, "referrals")
    size = _referral_page_size(referral_fields) if referral_fields else None
    referrals: list[Any] = []  # referrals.types.Referral, built by that feature's loader
    if size is not None:
        keys = [(i, size + 1) for i in ids]
        for case, nodes in zip(cases, await ctx.loaders.referrals.of_case.load_many(keys), strict=True):
            case.pre_referrals = (size, nodes)
            referrals.extend(nodes[:size])
        ref_node = sub_selections(referral_fields, "edges", "node")
        want_from, want_to = (
            bool(fields_named(ref_node, "fromTenant")),
            bool(fields_named(ref_node, "toTenant")),
        )
        for r in referrals:
            if want_from:
                tenant_ids.add(r.from_db_id)
            if want_to:
                tenant_ids.add(r.to_db_id)
    else:
        want_from = want_to = False

    want_owner = bool(fields_named(node, "ownerTenant"))
    if want_owner:
        tenant_ids.update(c.owner_db_id for c in cases)
    if not tenant_ids:
        return
    found = {t.id: t for t in await ctx.loaders.tenants.tenant.load_many(list(tenant_ids)) if t is not None}
    nodes_by_id = {tid: cached_node(ctx, row) for tid, row in found.items()}
    # A tenant that is not found is left unset: the field then goes through its loader and reports it.
    if want_owner:
        for c in cases:
            c.pre_owner = nodes_by_id.get(c.owner_db_id)
    for r in referrals:
        if want_from:
            r.pre_from = nodes_by_id.get(r.from_db_id)
        if want_to:
            r.pre_to = nodes_by_id.get(r.to_db_id)
