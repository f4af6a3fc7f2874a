"""event outbox retention: prune old events, remember how far

Revision ID: 1c2d3e4f5a6b
Revises: f3a4b5c6d7e8
Create Date: 2026-11-28 23:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from concord.db import security

revision: str = "1c2d3e4f5a6b"
down_revision: str | None = "f3a4b5c6d7e8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Deletes the oldest events — a prefix of the feed, up to the newest event older than `keep` — and raises the
# horizon to the last id deleted, so a subscriber resuming from an older cursor is told its events are gone
# rather than silently missing them. SECURITY DEFINER: the application role may read and append to the outbox
# but not delete from it. One pruner at a time (every server process tries, hourly); the others skip.
PRUNE_FUNCTION = """
CREATE OR REPLACE FUNCTION concord_prune_event_outbox(keep interval) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  upto bigint;
  deleted bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('concord_prune_event_outbox')) THEN
    RETURN 0;
  END IF;
  SELECT max(id) INTO upto FROM event_outbox WHERE created_at < now() - keep;
  IF upto IS NULL THEN
    RETURN 0;
  END IF;
  DELETE FROM event_outbox WHERE id <= upto;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  UPDATE event_outbox_horizon SET pruned_through = greatest(pruned_through, upto);
  RETURN deleted;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "event_outbox_horizon",
        sa.Column("singleton", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("pruned_through", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("singleton", name=op.f("ck_event_outbox_horizon_singleton")),
        sa.PrimaryKeyConstraint("singleton", name=op.f("pk_event_outbox_horizon")),
    )
    op.execute("INSERT INTO event_outbox_horizon DEFAULT VALUES")
    # One number, no tenant's data: readable by the application without a policy.
    security.grant(op, "event_outbox_horizon", "SELECT")
    op.execute(PRUNE_FUNCTION)
    role = security.get_settings().app_db_role
    op.execute("REVOKE ALL ON FUNCTION concord_prune_event_outbox(interval) FROM PUBLIC")
    op.execute(f'GRANT EXECUTE ON FUNCTION concord_prune_event_outbox(interval) TO "{role}"')


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS concord_prune_event_outbox(interval)")
    op.drop_table("event_outbox_horizon")
