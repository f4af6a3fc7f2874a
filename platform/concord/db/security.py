"""Database-side security: the application role, its grants, and row-level security policies.

The policies repeat the application's visibility rule inside PostgreSQL so that a bug in a query, or a raw
session as the application role without tenant context, reads nothing. Settings are read through
`(SELECT concord_current_tenant())` so PostgreSQL evaluates them once per statement (an InitPlan), not per row.

Policies must not reference each other in a cycle (PostgreSQL refuses recursive policy expansion), so
`case_access` is checked against the tenant tree only, and the tables hanging off a case defer to `cases`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from concord.config import get_settings

if TYPE_CHECKING:
    from alembic.operations import Operations

VISIBLE_TENANTS = (
    "SELECT tc.descendant_id FROM tenant_closure tc WHERE tc.ancestor_id = (SELECT concord_current_tenant())"
)
VISIBLE_CASES = f"SELECT ca.case_id FROM case_access ca WHERE ca.tenant_id IN ({VISIBLE_TENANTS})"

FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION concord_current_{name}() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT NULLIF(current_setting('concord.{name}_id', true), '')::uuid $$"""
    for name in ("tenant", "user")
]

# table -> list of (policy name, command, USING, WITH CHECK)
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "cases": [
        (
            "cases_read",
            "SELECT",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR id IN ({VISIBLE_CASES})",
            None,
        ),
        ("cases_insert", "INSERT", None, "tenant_id = (SELECT concord_current_tenant())"),
        (
            "cases_update",
            "UPDATE",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR id IN ({VISIBLE_CASES})",
            None,
        ),
    ],
    "case_access": [
        ("case_access_read", "SELECT", f"tenant_id IN ({VISIBLE_TENANTS})", None),
        # A tenant records its own edges, hands a case to another tenant through a referral, or escalates it
        # to its parent (上报: the parent becomes the owner).
        (
            "case_access_insert",
            "INSERT",
            None,
            f"tenant_id IN ({VISIBLE_TENANTS}) OR reason = 'REFERRAL_TO' OR (reason = 'OWNER' AND tenant_id IN "
            "(SELECT t.parent_id FROM tenants t WHERE t.id = (SELECT concord_current_tenant())))",
        ),
    ],
    "parties": [
        ("parties_read", "SELECT", "case_id IN (SELECT id FROM cases)", None),
        ("parties_insert", "INSERT", None, "case_id IN (SELECT id FROM cases)"),
        ("parties_update", "UPDATE", "case_id IN (SELECT id FROM cases)", None),
    ],
    "referrals": [
        ("referrals_read", "SELECT", "case_id IN (SELECT id FROM cases)", None),
        (
            "referrals_insert",
            "INSERT",
            None,
            "from_tenant_id = (SELECT concord_current_tenant()) AND case_id IN (SELECT id FROM cases)",
        ),
        ("referrals_update", "UPDATE", "case_id IN (SELECT id FROM cases)", None),
    ],
    "memberships": [
        (
            "memberships_read",
            "SELECT",
            f"user_id = (SELECT concord_current_user()) OR tenant_id IN ({VISIBLE_TENANTS})",
            None,
        ),
        ("memberships_write", "ALL", f"tenant_id IN ({VISIBLE_TENANTS})", None),
    ],
    "case_counters": [
        ("case_counters_own", "ALL", "tenant_id = (SELECT concord_current_tenant())", None),
    ],
}

APP_GRANTS: dict[str, str] = {
    "tenants": "SELECT",
    "tenant_closure": "SELECT",
    "users": "SELECT",
    "memberships": "SELECT, INSERT, UPDATE",
    "cases": "SELECT, INSERT, UPDATE",
    "case_counters": "SELECT, INSERT, UPDATE",
    "parties": "SELECT, INSERT, UPDATE",
    "referrals": "SELECT, INSERT, UPDATE",
    "case_access": "SELECT, INSERT",
}


def create_app_role(op: Operations) -> None:
    s = get_settings()
    role, password = s.app_db_role, s.app_db_password.replace("'", "''")
    op.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
            CREATE ROLE "{role}" LOGIN PASSWORD '{password}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
          END IF;
        END $$;
        """
    )
    op.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
    op.execute(f'GRANT EXECUTE ON FUNCTION concord_current_tenant(), concord_current_user() TO "{role}"')


def grant(op: Operations, table: str, privileges: str) -> None:
    op.execute(f'GRANT {privileges} ON "{table}" TO "{get_settings().app_db_role}"')


def _create_policy(
    op: Operations, table: str, name: str, command: str, using: str | None, check: str | None
) -> None:
    sql = f'CREATE POLICY {name} ON "{table}" FOR {command}'
    if using:
        sql += f" USING ({using})"
    if check:
        sql += f" WITH CHECK ({check})"
    op.execute(sql)


def enable_rls(op: Operations, table: str, policies: list[tuple[str, str, str | None, str | None]]) -> None:
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    for name, command, using, check in policies:
        _create_policy(op, table, name, command, using, check)


def upgrade_foundation(op: Operations) -> None:
    for fn in FUNCTIONS:
        op.execute(fn)
    create_app_role(op)
    for table, privileges in APP_GRANTS.items():
        grant(op, table, privileges)
    for table, policies in POLICIES.items():
        enable_rls(op, table, policies)


def downgrade_foundation(op: Operations) -> None:
    for table, policies in POLICIES.items():
        for name, *_ in policies:
            op.execute(f'DROP POLICY IF EXISTS {name} ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS concord_current_tenant(), concord_current_user()")


# --- audit trail -------------------------------------------------------------------------------------------

AUDIT_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "audit_events": [
        (
            "audit_events_read",
            "SELECT",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR case_id IN (SELECT id FROM cases)",
            None,
        ),
        # A principal appends to its own tenant's chain (or, with no tenant, to the system chain).
        (
            "audit_events_append",
            "INSERT",
            None,
            "tenant_id IS NOT DISTINCT FROM (SELECT concord_current_tenant())",
        ),
    ],
    "audit_chain_heads": [
        (
            "audit_chain_heads_own",
            "ALL",
            "tenant_id IS NOT DISTINCT FROM (SELECT concord_current_tenant()) OR tenant_id IN ("
            + VISIBLE_TENANTS
            + ")",
            "tenant_id IS NOT DISTINCT FROM (SELECT concord_current_tenant())",
        ),
    ],
}

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION concord_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$
"""


def upgrade_audit(op: Operations) -> None:
    grant(op, "audit_events", "SELECT, INSERT")
    grant(op, "audit_chain_heads", "SELECT, INSERT, UPDATE")
    for table, policies in AUDIT_POLICIES.items():
        enable_rls(op, table, policies)
    op.execute(APPEND_ONLY_FUNCTION)
    # For everyone, the owner included: altering the trail takes disabling the trigger, which verification exposes.
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION concord_audit_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION concord_audit_append_only()"
    )


def downgrade_audit(op: Operations) -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS concord_audit_append_only()")


# --- administration and API clients --------------------------------------------------------------------------

ADMIN_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    # The directory is readable by every signed-in principal; it changes only inside the actor's subtree.
    "tenants": [
        ("tenants_read", "SELECT", "true", None),
        ("tenants_insert", "INSERT", None, f"parent_id IN ({VISIBLE_TENANTS})"),
        ("tenants_update", "UPDATE", f"id IN ({VISIBLE_TENANTS})", f"id IN ({VISIBLE_TENANTS})"),
    ],
    "tenant_closure": [
        ("tenant_closure_read", "SELECT", "true", None),
        # Paths written when a tenant is created or moved inside the actor's subtree start at a tenant of that
        # subtree or at one of the actor's own ancestors; a new tenant's self-row needs its parent in the subtree.
        (
            "tenant_closure_insert",
            "INSERT",
            None,
            f"ancestor_id IN ({VISIBLE_TENANTS}) OR ancestor_id IN (SELECT a.ancestor_id FROM tenant_closure a "
            "WHERE a.descendant_id = (SELECT concord_current_tenant())) OR (ancestor_id = descendant_id AND "
            f"descendant_id IN (SELECT t.id FROM tenants t WHERE t.parent_id IN ({VISIBLE_TENANTS})))",
        ),
        ("tenant_closure_delete", "DELETE", f"descendant_id IN ({VISIBLE_TENANTS})", None),
    ],
    # A client's own row is readable while it exchanges its secret for a token (concord.client_id is set then).
    "api_clients": [
        (
            "api_clients_read",
            "SELECT",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR client_id = current_setting('concord.client_id', true)",
            None,
        ),
        ("api_clients_write", "INSERT", None, f"tenant_id IN ({VISIBLE_TENANTS})"),
        ("api_clients_update", "UPDATE", f"tenant_id IN ({VISIBLE_TENANTS})", None),
    ],
}

ADMIN_GRANTS = {
    "tenants": "SELECT, INSERT, UPDATE",
    "tenant_closure": "SELECT, INSERT, DELETE",
    "users": "SELECT, INSERT, UPDATE",
    "memberships": "SELECT, INSERT, UPDATE, DELETE",
    "api_clients": "SELECT, INSERT, UPDATE",
}


def upgrade_admin(op: Operations) -> None:
    for table, privileges in ADMIN_GRANTS.items():
        grant(op, table, privileges)
    for table, policies in ADMIN_POLICIES.items():
        enable_rls(op, table, policies)


def downgrade_admin(op: Operations) -> None:
    for table, policies in ADMIN_POLICIES.items():
        for name, *_ in policies:
            op.execute(f'DROP POLICY IF EXISTS {name} ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')


# --- lifecycles and deadlines ---------------------------------------------------------------------------------

LIFECYCLE_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "deadlines": [
        ("deadlines_read", "SELECT", "case_id IN (SELECT id FROM cases)", None),
        ("deadlines_insert", "INSERT", None, "case_id IN (SELECT id FROM cases)"),
        ("deadlines_update", "UPDATE", "case_id IN (SELECT id FROM cases)", None),
    ],
}


def upgrade_lifecycle(op: Operations) -> None:
    grant(op, "deadlines", "SELECT, INSERT, UPDATE")
    grant(op, "calendar_overrides", "SELECT, INSERT, UPDATE, DELETE")
    for table, policies in LIFECYCLE_POLICIES.items():
        enable_rls(op, table, policies)


def downgrade_lifecycle(op: Operations) -> None:
    for table, policies in LIFECYCLE_POLICIES.items():
        for name, *_ in policies:
            op.execute(f'DROP POLICY IF EXISTS {name} ON "{table}"')


# --- joint conferences -----------------------------------------------------------------------------------------

# A conference is shared through `conference_access` (one row per taking-part tenant, the convenor included),
# checked against the tenant tree only; every other conference table defers to it. No cycle: conference_access
# → tenant_closure; joint_conferences / children → conference_access; audit_events → conference_access.
VISIBLE_CONFERENCES = "SELECT conference_id FROM conference_access"
_IN_CONF = f"conference_id IN ({VISIBLE_CONFERENCES})"

CONFERENCE_CHILDREN = (
    "conference_cases",
    "conference_participants",
    "agenda_items",
    "minutes_versions",
    "minutes_comments",
    "minutes_signoffs",
    "minutes_addenda",
    "conference_decisions",
    "conference_action_items",
)

CONFERENCE_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "conference_access": [
        ("conference_access_read", "SELECT", f"tenant_id IN ({VISIBLE_TENANTS})", None),
        # A tenant records its own edge, or shares the conference onward (convenor invites, participant
        # delegates); a foreign key makes `granted_by` a tenant that itself has an edge on the conference.
        (
            "conference_access_insert",
            "INSERT",
            None,
            f"tenant_id IN ({VISIBLE_TENANTS}) OR granted_by = (SELECT concord_current_tenant())",
        ),
    ],
    "joint_conferences": [
        (
            "joint_conferences_read",
            "SELECT",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR id IN ({VISIBLE_CONFERENCES})",
            None,
        ),
        ("joint_conferences_insert", "INSERT", None, "tenant_id = (SELECT concord_current_tenant())"),
        # Participants lock rows too (the last sign-off locks the minutes); the service decides who may act.
        (
            "joint_conferences_update",
            "UPDATE",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR id IN ({VISIBLE_CONFERENCES})",
            None,
        ),
    ],
    **{
        table: [
            (f"{table}_read", "SELECT", _IN_CONF, None),
            (f"{table}_insert", "INSERT", None, _IN_CONF),
            (f"{table}_update", "UPDATE", _IN_CONF, None),
        ]
        for table in CONFERENCE_CHILDREN
    },
}

AUDIT_READ_WITH_CONFERENCES = f"tenant_id IN ({VISIBLE_TENANTS}) OR case_id IN (SELECT id FROM cases) OR conference_id IN ({VISIBLE_CONFERENCES})"


def upgrade_conferences(op: Operations) -> None:
    grant(op, "conference_access", "SELECT, INSERT")
    grant(op, "joint_conferences", "SELECT, INSERT, UPDATE")
    for table in CONFERENCE_CHILDREN:
        grant(op, table, "SELECT, INSERT, UPDATE")
    for table, policies in CONFERENCE_POLICIES.items():
        enable_rls(op, table, policies)
    # Participants read the whole conference trail, whichever tenant's chain an event is on.
    op.execute("DROP POLICY IF EXISTS audit_events_read ON audit_events")
    op.execute(
        f"CREATE POLICY audit_events_read ON audit_events FOR SELECT USING ({AUDIT_READ_WITH_CONFERENCES})"
    )


def downgrade_conferences(op: Operations) -> None:
    op.execute("DROP POLICY IF EXISTS audit_events_read ON audit_events")
    name, _command, using, _check = AUDIT_POLICIES["audit_events"][0]
    op.execute(f"CREATE POLICY {name} ON audit_events FOR SELECT USING ({using})")
    for table, policies in CONFERENCE_POLICIES.items():
        for pname, *_ in policies:
            op.execute(f'DROP POLICY IF EXISTS {pname} ON "{table}"')


# --- visibility at scale -------------------------------------------------------------------------------------

# Per-row visibility, one index probe per row. The policies below used to say `case_id IN (SELECT id FROM
# cases)` or `id IN (VISIBLE_CASES)`, which PostgreSQL plans as a hash of every case the tenant sees, built
# once per statement: 170k ids for a busy centre at a million cases, whether the statement reads one row or
# fifty.
#
# The tables hanging off a case call concord_case_visible: a SECURITY DEFINER function (with its own
# search_path) is never inlined, so the planner cannot turn it back into that hash; it is called per row and
# does two primary-key probes. `cases` itself keeps a correlated EXISTS under the OR instead of a function:
# PostgreSQL plans that as both a per-row probe and a hash of the visible ids and picks by the expected number
# of rows, so a page of 50 probes 50 times while a count over all visible cases still hashes once (a function
# there would be called for every case of the table a count or a filtered list walks past: 38 s instead of 1.4 s
# to count 170k cases).
#
# No policy reaches itself: `cases` → case_access → tenant_closure; the children → the function, which reads
# `cases` and case_access as its owner. Should that owner be subject to row security (FORCE ROW LEVEL SECURITY
# applies to table owners that are not superusers), the policies it meets are this same rule for the same
# tenant, so the answer does not change.
_SHARED_PROBE = """EXISTS (
        SELECT 1 FROM case_access ca JOIN tenant_closure tc ON tc.descendant_id = ca.tenant_id
        WHERE ca.case_id = p_case_id AND tc.ancestor_id = concord_current_tenant())"""
_OWNED_PROBE = """EXISTS (
        SELECT 1 FROM cases c JOIN tenant_closure tc ON tc.descendant_id = c.tenant_id
        WHERE c.id = p_case_id AND tc.ancestor_id = concord_current_tenant())"""

# PL/pgSQL rather than SQL: its plans are cached for the session, where a non-inlined SQL function is planned
# again for every statement (and a nested one for every call), which costs more than the probe itself.
VISIBILITY_FUNCTIONS = [
    # The whole rule (owner in the subtree, or an edge): what `case_id IN (SELECT id FROM cases)` meant.
    f"""CREATE OR REPLACE FUNCTION concord_case_visible(p_case_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    BEGIN
      RETURN {_OWNED_PROBE} OR {_SHARED_PROBE};
    END $$""",
    # case_access.case_created_at copies cases.created_at so that "the newest cases of tenant X" is one index
    # range (concord.authz.visibility.newest_visible_case_ids). Filled here, not by the services: the copy must be
    # exact for that list to be right, and a tenant accepting a conference invitation gets edges to cases it
    # cannot read yet. The owner of the function reads the case (see above for row security).
    """CREATE OR REPLACE FUNCTION concord_case_access_created_at() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    BEGIN
      NEW.case_created_at := (SELECT c.created_at FROM cases c WHERE c.id = NEW.case_id);
      RETURN NEW;
    END $$""",
]

VISIBLE_CASE = "concord_case_visible(case_id)"
SHARED_CASE = (
    "EXISTS (SELECT 1 FROM case_access ca WHERE ca.case_id = cases.id AND ca.tenant_id IN ("
    + VISIBLE_TENANTS
    + "))"
)

# Replaces the policies of the same name (table -> policies); downgrade restores the earlier texts.
VISIBILITY_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "cases": [
        ("cases_read", "SELECT", f"tenant_id IN ({VISIBLE_TENANTS}) OR {SHARED_CASE}", None),
        ("cases_update", "UPDATE", f"tenant_id IN ({VISIBLE_TENANTS}) OR {SHARED_CASE}", None),
    ],
    **{
        table: [
            (f"{table}_read", "SELECT", VISIBLE_CASE, None),
            (f"{table}_insert", "INSERT", None, VISIBLE_CASE),
            (f"{table}_update", "UPDATE", VISIBLE_CASE, None),
        ]
        for table in ("parties", "deadlines")
    },
    "referrals": [
        ("referrals_read", "SELECT", VISIBLE_CASE, None),
        (
            "referrals_insert",
            "INSERT",
            None,
            f"from_tenant_id = (SELECT concord_current_tenant()) AND {VISIBLE_CASE}",
        ),
        ("referrals_update", "UPDATE", VISIBLE_CASE, None),
    ],
    "audit_events": [
        (
            "audit_events_read",
            "SELECT",
            f"tenant_id IN ({VISIBLE_TENANTS}) OR {VISIBLE_CASE} OR conference_id IN ({VISIBLE_CONFERENCES})",
            None,
        ),
    ],
    "event_outbox": [("event_outbox_read", "SELECT", VISIBLE_CASE, None)],
}


def _previous_policies() -> dict[str, list[tuple[str, str, str | None, str | None]]]:
    """The texts VISIBILITY_POLICIES replaced (event_outbox's is in its own migration, e7f0a2c4d6b8)."""
    earlier: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        **POLICIES,
        **LIFECYCLE_POLICIES,
        "audit_events": [("audit_events_read", "SELECT", AUDIT_READ_WITH_CONFERENCES, None)],
        "event_outbox": [("event_outbox_read", "SELECT", "case_id IN (SELECT id FROM cases)", None)],
    }
    return {
        table: [p for p in earlier[table] if p[0] in {name for name, *_ in policies}]
        for table, policies in VISIBILITY_POLICIES.items()
    }


def _replace_policies(
    op: Operations, policies: dict[str, list[tuple[str, str, str | None, str | None]]]
) -> None:
    for table, items in policies.items():
        for name, command, using, check in items:
            op.execute(f'DROP POLICY IF EXISTS {name} ON "{table}"')
            _create_policy(op, table, name, command, using, check)


def upgrade_visibility_at_scale(op: Operations) -> None:
    role = get_settings().app_db_role
    for fn in VISIBILITY_FUNCTIONS:
        op.execute(fn)
    # Definer functions answer for whoever calls them: only the application role (and the owner) may.
    op.execute("REVOKE ALL ON FUNCTION concord_case_visible(uuid) FROM PUBLIC")
    op.execute(f'GRANT EXECUTE ON FUNCTION concord_case_visible(uuid) TO "{role}"')
    op.execute("REVOKE ALL ON FUNCTION concord_case_access_created_at() FROM PUBLIC")
    op.execute(
        "CREATE TRIGGER case_access_case_created_at BEFORE INSERT ON case_access "
        "FOR EACH ROW EXECUTE FUNCTION concord_case_access_created_at()"
    )
    _replace_policies(op, VISIBILITY_POLICIES)


def downgrade_visibility_at_scale(op: Operations) -> None:
    _replace_policies(op, _previous_policies())
    op.execute("DROP TRIGGER IF EXISTS case_access_case_created_at ON case_access")
    op.execute("DROP FUNCTION IF EXISTS concord_case_access_created_at()")
    op.execute("DROP FUNCTION IF EXISTS concord_case_visible(uuid)")


# --- case_access edges for other tenants (migration 3e4f5a6b7c8d) ----------------------------------------------
# A tenant may write an edge for a tenant outside its subtree (the receiver of a referral, the parent it
# escalates to) only for a case it can see itself: without that, the application role could hand any case of
# the district to any tenant, and row-level security would not repeat the rule the referral service applies.
_ELSEWHERE = (
    "reason = 'REFERRAL_TO' OR (reason = 'OWNER' AND tenant_id IN "
    "(SELECT t.parent_id FROM tenants t WHERE t.id = (SELECT concord_current_tenant())))"
)
CASE_ACCESS_INSERT_BEFORE = (
    "case_access_insert",
    "INSERT",
    None,
    f"tenant_id IN ({VISIBLE_TENANTS}) OR {_ELSEWHERE}",
)
CASE_ACCESS_INSERT = (
    "case_access_insert",
    "INSERT",
    None,
    f"tenant_id IN ({VISIBLE_TENANTS}) OR ({VISIBLE_CASE} AND ({_ELSEWHERE}))",
)


def upgrade_case_access_insert(op: Operations) -> None:
    _replace_policies(op, {"case_access": [CASE_ACCESS_INSERT]})


def downgrade_case_access_insert(op: Operations) -> None:
    _replace_policies(op, {"case_access": [CASE_ACCESS_INSERT_BEFORE]})


# --- coordination (统筹协调, migration 4a5b6c7d8e9f) -------------------------------------------------------------
# The district centre coordinates the government departments' dispute work without being their parent: a
# `tenant_coordination` row (coordinator → coordinated). A tenant's *case scope* is its subtree plus the subtrees
# of the tenants it or a descendant of it coordinates (concord.authz.visibility.case_scope_tenant_ids); the case
# rules below read that scope where they read the subtree. Administration (tenants, users, memberships, clients,
# conferences of their own) keeps to the tree. No cycle: tenant_coordination's own policy reads nothing.
_COORDINATED = (
    "SELECT dn.descendant_id FROM tenant_closure up "
    "JOIN tenant_coordination co ON co.coordinator_id = up.descendant_id "
    "JOIN tenant_closure dn ON dn.ancestor_id = co.coordinated_id "
    "WHERE up.ancestor_id = (SELECT concord_current_tenant())"
)
CASE_SCOPE = f"{VISIBLE_TENANTS} UNION {_COORDINATED}"
SHARED_IN_SCOPE = (
    "EXISTS (SELECT 1 FROM case_access ca WHERE ca.case_id = cases.id AND ca.tenant_id IN ("
    + CASE_SCOPE
    + "))"
)
_COORDINATED_IN_FUNCTION = _COORDINATED.replace(
    "(SELECT concord_current_tenant())", "concord_current_tenant()"
)
_OWNED_COORDINATED_PROBE = f"""EXISTS (
        SELECT 1 FROM cases c WHERE c.id = p_case_id AND c.tenant_id IN ({_COORDINATED_IN_FUNCTION}))"""
_SHARED_COORDINATED_PROBE = f"""EXISTS (
        SELECT 1 FROM case_access e WHERE e.case_id = p_case_id AND e.tenant_id IN ({_COORDINATED_IN_FUNCTION}))"""
CASE_VISIBLE_WITH_COORDINATION = f"""CREATE OR REPLACE FUNCTION concord_case_visible(p_case_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    BEGIN
      RETURN {_OWNED_PROBE} OR {_SHARED_PROBE}
        OR {_OWNED_COORDINATED_PROBE} OR {_SHARED_COORDINATED_PROBE};
    END $$"""

COORDINATION_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    # Who coordinates whom is public to signed-in principals, like the tenant directory; only the owner writes it.
    "tenant_coordination": [("tenant_coordination_read", "SELECT", "true", None)],
}
# Replaces the policies of the same name; downgrade restores VISIBILITY_POLICIES' and POLICIES' texts.
COORDINATED_CASE_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "cases": [
        ("cases_read", "SELECT", f"tenant_id IN ({CASE_SCOPE}) OR {SHARED_IN_SCOPE}", None),
        ("cases_update", "UPDATE", f"tenant_id IN ({CASE_SCOPE}) OR {SHARED_IN_SCOPE}", None),
    ],
    "case_access": [("case_access_read", "SELECT", f"tenant_id IN ({CASE_SCOPE})", None)],
}


def _policies_before_coordination() -> dict[str, list[tuple[str, str, str | None, str | None]]]:
    return {
        "cases": VISIBILITY_POLICIES["cases"],
        "case_access": [p for p in POLICIES["case_access"] if p[0] == "case_access_read"],
    }


def upgrade_coordination(op: Operations) -> None:
    grant(op, "tenant_coordination", "SELECT")
    for table, policies in COORDINATION_POLICIES.items():
        enable_rls(op, table, policies)
    op.execute(CASE_VISIBLE_WITH_COORDINATION)
    _replace_policies(op, COORDINATED_CASE_POLICIES)


def downgrade_coordination(op: Operations) -> None:
    _replace_policies(op, _policies_before_coordination())
    op.execute(VISIBILITY_FUNCTIONS[0])


# --- mediators as people --------------------------------------------------------------------------------------

# The roster scope (concord.authz.visibility.roster_scope_tenant_ids): the subtree, and the subtrees the tenant
# (or a descendant) oversees (指导, roster_oversight: the justice bureau over people's mediation). No cycle: the
# public tables (roster_oversight, mediators, mediator_affiliations, training_events, duty_slots, subsidy
# schemes and rates) read `true`; the private ones read the public ones or the case function.
_OVERSEEN = (
    "SELECT dn.descendant_id FROM tenant_closure up "
    "JOIN roster_oversight ro ON ro.overseer_id = up.descendant_id "
    "JOIN tenant_closure dn ON dn.ancestor_id = ro.overseen_id "
    "WHERE up.ancestor_id = (SELECT concord_current_tenant())"
)
ROSTER_SCOPE = f"{VISIBLE_TENANTS} UNION {_OVERSEEN}"
MANAGED_MEDIATORS = (
    f"SELECT ma.mediator_id FROM mediator_affiliations ma WHERE ma.tenant_id IN ({ROSTER_SCOPE})"
)
_MANAGED = f"mediator_id IN ({MANAGED_MEDIATORS})"
_ROSTER_TENANT = f"tenant_id IN ({ROSTER_SCOPE})"

MEDIATOR_POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "roster_oversight": [("roster_oversight_read", "SELECT", "true", None)],
    # The public roster (在线调解规则 Art. 5) is readable by every signed-in principal; a roster changes only
    # where it is managed.
    "mediators": [
        ("mediators_read", "SELECT", "true", None),
        ("mediators_insert", "INSERT", None, _ROSTER_TENANT),
        ("mediators_update", "UPDATE", f"id IN ({MANAGED_MEDIATORS})", None),
    ],
    "mediator_affiliations": [
        ("mediator_affiliations_read", "SELECT", "true", None),
        (
            "mediator_affiliations_write",
            "ALL",
            f"{_ROSTER_TENANT} OR mediator_id IN (SELECT m.id FROM mediators m WHERE m.{_ROSTER_TENANT})",
            None,
        ),
    ],
    "mediator_certificates": [
        ("mediator_certificates_read", "SELECT", "true", None),
        ("mediator_certificates_write", "ALL", _MANAGED, None),
    ],
    "mediator_identities": [("mediator_identities_managed", "ALL", _MANAGED, None)],
    "mediator_relatives": [("mediator_relatives_managed", "ALL", _MANAGED, None)],
    "mediator_conflicts": [("mediator_conflicts_on_case", "ALL", VISIBLE_CASE, None)],
    "case_mediators": [("case_mediators_on_case", "ALL", VISIBLE_CASE, None)],
    "recusal_requests": [("recusal_requests_on_case", "ALL", VISIBLE_CASE, None)],
    "training_events": [
        ("training_events_read", "SELECT", "true", None),
        ("training_events_insert", "INSERT", None, _ROSTER_TENANT),
        ("training_events_change", "UPDATE", _ROSTER_TENANT, None),
        ("training_events_delete", "DELETE", _ROSTER_TENANT, None),
    ],
    "training_attendance": [
        (
            "training_attendance_scoped",
            "ALL",
            f"{_MANAGED} OR event_id IN (SELECT te.id FROM training_events te WHERE te.{_ROSTER_TENANT})",
            None,
        ),
    ],
    "duty_slots": [
        ("duty_slots_read", "SELECT", "true", None),
        ("duty_slots_insert", "INSERT", None, _ROSTER_TENANT),
        ("duty_slots_change", "UPDATE", _ROSTER_TENANT, None),
        ("duty_slots_delete", "DELETE", _ROSTER_TENANT, None),
    ],
    "duty_consultations": [
        (
            "duty_consultations_scoped",
            "ALL",
            f"slot_id IN (SELECT s.id FROM duty_slots s WHERE s.{_ROSTER_TENANT})",
            None,
        ),
    ],
    "subsidy_schemes": [
        ("subsidy_schemes_read", "SELECT", "true", None),
        ("subsidy_schemes_insert", "INSERT", None, f"tenant_id IN ({VISIBLE_TENANTS})"),
        ("subsidy_schemes_update", "UPDATE", f"tenant_id IN ({VISIBLE_TENANTS})", None),
    ],
    "subsidy_rates": [
        ("subsidy_rates_read", "SELECT", "true", None),
        (
            "subsidy_rates_write",
            "ALL",
            f"scheme_id IN (SELECT s.id FROM subsidy_schemes s WHERE s.tenant_id IN ({VISIBLE_TENANTS}))",
            None,
        ),
    ],
}

MEDIATOR_GRANTS = {
    "roster_oversight": "SELECT",
    "mediators": "SELECT, INSERT, UPDATE",
    "mediator_affiliations": "SELECT, INSERT, DELETE",
    "mediator_certificates": "SELECT, INSERT, UPDATE, DELETE",
    "mediator_identities": "SELECT, INSERT, UPDATE",
    "mediator_relatives": "SELECT, INSERT, UPDATE, DELETE",
    "mediator_conflicts": "SELECT, INSERT, DELETE",
    "case_mediators": "SELECT, INSERT, UPDATE",
    "recusal_requests": "SELECT, INSERT, UPDATE",
    "training_events": "SELECT, INSERT, UPDATE, DELETE",
    "training_attendance": "SELECT, INSERT, UPDATE, DELETE",
    "duty_slots": "SELECT, INSERT, UPDATE, DELETE",
    "duty_consultations": "SELECT, INSERT, UPDATE",
    "subsidy_schemes": "SELECT, INSERT, UPDATE",
    "subsidy_rates": "SELECT, INSERT, UPDATE, DELETE",
}

# 回避 check without reading identity data: which mediators conflict with the parties of a case the caller sees
# (the same ID number as a party: PARTY; a declared relative who is a party, by ID number or, where the relative
# has none recorded, by name: RELATIVE; a conflict declared on the case: DECLARED). A committee may so check a
# mediator it does not manage (the court's 特邀调解员) and learns only the reason code.
MEDIATOR_CONFLICTS_FUNCTION = """CREATE OR REPLACE FUNCTION concord_mediator_conflicts(p_case_id uuid)
    RETURNS TABLE (mediator_id uuid, reason text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      SELECT mi.mediator_id, 'PARTY' FROM mediator_identities mi
        JOIN parties p ON p.case_id = p_case_id AND upper(p.id_number) = upper(mi.id_number)
        WHERE concord_case_visible(p_case_id)
      UNION
      SELECT r.mediator_id, 'RELATIVE' FROM mediator_relatives r
        JOIN parties p ON p.case_id = p_case_id AND (
          upper(p.id_number) = upper(r.id_number) OR (r.id_number IS NULL AND p.name = r.name))
        WHERE concord_case_visible(p_case_id)
      UNION
      SELECT c.mediator_id, 'DECLARED' FROM mediator_conflicts c
        WHERE c.case_id = p_case_id AND concord_case_visible(p_case_id)
    $$"""


def upgrade_mediators(op: Operations) -> None:
    for table, privileges in MEDIATOR_GRANTS.items():
        grant(op, table, privileges)
    for table, policies in MEDIATOR_POLICIES.items():
        enable_rls(op, table, policies)
    op.execute(MEDIATOR_CONFLICTS_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION concord_mediator_conflicts(uuid) FROM PUBLIC")
    op.execute(
        f'GRANT EXECUTE ON FUNCTION concord_mediator_conflicts(uuid) TO "{get_settings().app_db_role}"'
    )


def downgrade_mediators(op: Operations) -> None:
    op.execute("DROP FUNCTION IF EXISTS concord_mediator_conflicts(uuid)")
    # Policies read other tables (the roster scope, affiliations): dropped first, the tables can go in any order.
    for table, policies in MEDIATOR_POLICIES.items():
        for name, *_ in policies:
            op.execute(f'DROP POLICY IF EXISTS {name} ON "{table}"')
