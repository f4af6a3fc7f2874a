"""Property: in a random world of tenants, users, roles, cases and referrals, every read field and every
node(id:) returns exactly what the visibility rule allows — nothing outside it, ever.

How each example runs
---------------------
1. Hypothesis draws a `WorldPlan` (tests/properties/world.py): a tree of 3–8 tenants under a fresh root
   below `platform`, a user per tenant with 1–3 roles that carry case:read, 0–8 cases (0–2 parties each,
   some without their OWNER edge), 0–10 referrals between world tenants (SENT, SIGNED_FOR, ACCEPTED or
   RETURNED), API clients, maybe an "outsider" user without case:read, and 0–3 mutations.
2. The world is written as the owner role in one transaction (like the demo loader: bulk rows, the closure
   through `add_to_tree`, the access edges the services would have written). Tokens are minted with
   `issue_token` — no Argon2 login per user.
3. The mutations (refer, sign for, accept, return) go through HTTP and the real services. Isolation
   outcomes are exact — FORBIDDEN without the role, NOT_FOUND whenever the actor cannot see the object —
   while on a visible object any business refusal is accepted (the referral state machine is not what is
   under test), but never a success without standing. Successes update the model's referrals and edges;
   the edges are then compared with the database, and the audit events are read back as the owner.
4. Every principal of the world reads everything it may (tests/properties/checks.py) and the answers are
   compared exactly with the rule computed in Python from the model — including node(id:) on ids of the
   demo district, other tests and earlier worlds, which must always be refused. One principal per example
   (`focus`) also reads the fields that cost a statement per row (accessExplanation, members) and every
   other root list of the schema.

Async Hypothesis
----------------
pytest-asyncio runs `@given` coroutine tests natively: it replaces Hypothesis' inner test with a synchronous
wrapper that runs each example on the test's event loop. Tests and fixtures here share the session loop
(pyproject: asyncio_default_*_loop_scope = "session"), and that loop is idle between examples, so every
example simply runs on it, with the session's `api` client (the real ASGI app over httpx) and the owner
engine. No second loop or thread is needed.

Examples: CONCORD_PROPERTY_EXAMPLES (default 200; tests/properties/support.py). No example database is
written (`database=None`): a failure prints the falsifying plan and a `@reproduce_failure` blob instead.
"""

from __future__ import annotations

from collections import deque

from hypothesis import given, note
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine

from concord.auth.tokens import TokenClaims, issue_token
from concord.config import Settings
from tests.helpers import Api
from tests.properties.checks import check_reads, perform, principals
from tests.properties.support import PROPERTY_SETTINGS, Outside
from tests.properties.world import WorldPlan, build_world, insert_world, read_back, world_plans

# Ids of the last few worlds: each new world's tenants must find none of them.
_earlier: deque[str] = deque(maxlen=60)


@PROPERTY_SETTINGS
@given(
    plan=world_plans(), focus=st.integers(0, 8), picks=st.lists(st.integers(0, 999), min_size=7, max_size=7)
)
async def test_world_tenants_read_exactly_what_the_rule_allows(
    api: Api,
    settings: Settings,
    owner_engine: AsyncEngine,
    outside: Outside,
    plan: WorldPlan,
    focus: int,
    picks: list[int],
) -> None:
    world = build_world(plan)
    await insert_world(owner_engine, outside.platform_id, world)
    for who in principals(world):
        world.tokens[who.user_id] = issue_token(
            settings, TokenClaims("user", who.user_id, world.tenant_ids[who.tenant])
        )[0]

    for action in plan.actions:
        note(await perform(api, world, action))
    stored = await read_back(owner_engine, world)
    assert stored == world.edges, (
        f"access edges in the database {sorted(stored - world.edges)} not in the model, "
        f"{sorted(world.edges - stored)} missing"
    )

    # Indices drawn up front and taken modulo the pools, so an example replays the same choices whatever
    # the pools hold by then (Hypothesis needs that to shrink); any id from outside the world will do.
    earlier = list(_earlier)
    foreign = [outside.object_gids[p % len(outside.object_gids)] for p in picks[:3]]
    foreign += [earlier[p % len(earlier)] for p in picks[3:]] if earlier else []
    everyone = principals(world)
    for i, who in enumerate(everyone):
        await check_reads(api, world, who, foreign, outside.tenant_gids, detail=i == focus % len(everyone))
    _earlier.extend(world.all_gids())
