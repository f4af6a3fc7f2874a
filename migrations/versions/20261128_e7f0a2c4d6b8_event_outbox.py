"""event outbox for subscriptions

Revision ID: e7f0a2c4d6b8
Revises: a9b8c7d6e5f4
Create Date: 2026-11-28 19:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from concord.db import security

revision: str = "e7f0a2c4d6b8"
down_revision: str | None = "a9b8c7d6e5f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The key of the outbox advisory lock (concord.events.repository.OUTBOX_LOCK_KEY must match).
LOCK_KEY = 0x6F7574626F78  # "outbox"

# Writers take the lock shared before their ids are drawn (a BEFORE STATEMENT trigger fires before the rows'
# defaults are evaluated) and keep it until their transaction ends; they never wait for one another. A reader
# that takes it exclusively, for a moment, knows every id drawn so far is committed or rolled back for good.
WRITER_LOCK_FUNCTION = f"""
CREATE OR REPLACE FUNCTION concord_outbox_writer_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared({LOCK_KEY});
  RETURN NULL;
END $$
"""

# Listeners wake up at commit (NOTIFY is transactional: a rolled-back change notifies no one).
NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION concord_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('concord_events', (SELECT max(id) FROM new_rows)::text);
  RETURN NULL;
END $$
"""

# A subscriber reads the events of the cases its tenant sees — the cases policy is the visibility rule; the
# writer speaks for its own tenant.
POLICIES: list[tuple[str, str, str | None, str | None]] = [
    ("event_outbox_read", "SELECT", "case_id IN (SELECT id FROM cases)", None),
    ("event_outbox_insert", "INSERT", None, "tenant_id = (SELECT concord_current_tenant())"),
]


def upgrade() -> None:
    op.create_table(
        "event_outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_event_outbox_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_event_outbox_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_event_outbox_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_outbox")),
    )
    op.create_index("ix_event_outbox_case_id_id", "event_outbox", ["case_id", "id"], unique=False)
    security.grant(op, "event_outbox", "SELECT, INSERT")
    role = security.get_settings().app_db_role
    # The reader's watermark is the sequence's last value.
    op.execute(f'GRANT USAGE, SELECT ON SEQUENCE event_outbox_id_seq TO "{role}"')
    security.enable_rls(op, "event_outbox", POLICIES)
    op.execute(WRITER_LOCK_FUNCTION)
    op.execute(NOTIFY_FUNCTION)
    op.execute(
        "CREATE TRIGGER event_outbox_writer_lock BEFORE INSERT ON event_outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION concord_outbox_writer_lock()"
    )
    op.execute(
        "CREATE TRIGGER event_outbox_notify AFTER INSERT ON event_outbox "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION concord_outbox_notify()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS event_outbox_notify ON event_outbox")
    op.execute("DROP TRIGGER IF EXISTS event_outbox_writer_lock ON event_outbox")
    op.execute("DROP FUNCTION IF EXISTS concord_outbox_notify()")
    op.execute("DROP FUNCTION IF EXISTS concord_outbox_writer_lock()")
    op.drop_index("ix_event_outbox_case_id_id", table_name="event_outbox")
    op.drop_table("event_outbox")
