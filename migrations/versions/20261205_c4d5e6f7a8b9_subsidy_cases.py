"""subsidies: concord_subsidy_cases(), the cases a subsidy statement is computed from

以案定补 is paid by the tenant that oversees the roster (the justice bureau over people's mediation), which sees
the mediators but not their cases (row-level security on `cases` and `case_mediators` follows case visibility).
This SECURITY DEFINER function answers, for the caller's tenant, the cases resolved in a period on which a mediator
it manages (its roster scope) was a lead, with every lead row of each (so that the one lead paid is decided on the
whole case, whoever asks) and just what a statement needs (number, category, complexity, the resolution,
performance and follow-up times): no parties, no facts.

Revision ID: c4d5e6f7a8b9
Revises: b7c8d9e0f1a2
Create Date: 2026-12-05 07:20:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

from concord.config import get_settings
from concord.db import security

revision: str = "c4d5e6f7a8b9"
down_revision: str | None = "b7c8d9e0f1a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUBSIDY_CASES_FUNCTION = f"""CREATE OR REPLACE FUNCTION concord_subsidy_cases(p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (case_id uuid, case_number text, case_tenant_id uuid, category text, complexity text,
                   status text, resolved_at timestamptz, performance_recorded_at timestamptz,
                   follow_up_at timestamptz, mediator_id uuid, assigned_at timestamptz, ended_at timestamptz,
                   end_reason text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      SELECT c.id, c.number::text, c.tenant_id, c.category::text, c.complexity::text, c.status::text,
             c.resolved_at, c.performance_recorded_at, c.follow_up_at, cm.mediator_id, cm.assigned_at,
             cm.ended_at, cm.end_reason::text
        FROM cases c JOIN case_mediators cm ON cm.case_id = c.id AND cm.is_lead
       WHERE c.resolved_at >= p_from AND c.resolved_at < p_to
         AND p_to - p_from <= interval '32 days'
         AND c.id IN (SELECT m.case_id FROM case_mediators m
                       WHERE m.is_lead AND m.mediator_id IN ({security.MANAGED_MEDIATORS}))
    $$"""


def upgrade() -> None:
    op.execute(SUBSIDY_CASES_FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION concord_subsidy_cases(timestamptz, timestamptz) FROM PUBLIC")
    op.execute(
        "GRANT EXECUTE ON FUNCTION concord_subsidy_cases(timestamptz, timestamptz) "
        f'TO "{get_settings().app_db_role}"'
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS concord_subsidy_cases(timestamptz, timestamptz)")
