"""Shared by both properties: the Hypothesis settings (the example budget) and the ids from outside every
world."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from concord.kit.ids import to_global_id

# CONCORD_PROPERTY_EXAMPLES examples per property (200 by default; about two and a half minutes for the
# whole folder on a two-core machine). No example database: a failure prints the falsifying example and a
# @reproduce_failure blob, and nothing is written outside the test database.
EXAMPLES = int(os.environ.get("CONCORD_PROPERTY_EXAMPLES", "200"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    print_blob=True,
)

WORLD_CODE_PREFIX = "prop-"  # every world tenant's code starts with it
_NOT_A_WORLD = f"JOIN tenants t ON t.id = c.tenant_id WHERE t.code NOT LIKE '{WORLD_CODE_PREFIX}%' ORDER BY x.id LIMIT 40"
_OUTSIDE_OBJECTS = {
    "Case": f"SELECT x.id FROM cases x JOIN cases c ON c.id = x.id {_NOT_A_WORLD}",
    "Referral": f"SELECT x.id FROM referrals x JOIN cases c ON c.id = x.case_id {_NOT_A_WORLD}",
    "Party": f"SELECT x.id FROM parties x JOIN cases c ON c.id = x.case_id {_NOT_A_WORLD}",
}
# Other node types, taken when their table exists (joint conferences are being built alongside this suite).
_OTHER_NODES = {"JointConference": "joint_conferences", "ConferenceActionItem": "conference_action_items"}


@dataclass(frozen=True, repr=False)
class Outside:
    """Ids no world tenant may ever read: cases, referrals and parties of the demo district (and of other
    tests), joint conferences and their action items when there are any, and tenants outside every world's
    subtree (the platform root, a demo tenant)."""

    platform_id: uuid.UUID
    object_gids: list[str]
    tenant_gids: list[str]

    def __repr__(self) -> str:  # shown with every falsifying example: keep it short
        return f"Outside({len(self.object_gids)} object ids, {len(self.tenant_gids)} tenant ids)"


async def load_outside(engine: AsyncEngine) -> Outside:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT code, id FROM tenants WHERE code IN ('platform', 'district-centre')")
        )
        tenants = {code: id_ for code, id_ in rows.all()}
        queries = dict(_OUTSIDE_OBJECTS)
        for type_name, table in _OTHER_NODES.items():
            if (await conn.execute(text("SELECT to_regclass(:t)"), {"t": table})).scalar() is not None:
                queries[type_name] = f"SELECT id FROM {table} ORDER BY id LIMIT 20"
        gids = [
            to_global_id(type_name, id_)
            for type_name, sql in queries.items()
            for (id_,) in (await conn.execute(text(sql))).all()
        ]
    return Outside(
        platform_id=tenants["platform"],
        object_gids=gids,
        tenant_gids=[to_global_id("Tenant", tenants[code]) for code in ("platform", "district-centre")],
    )
