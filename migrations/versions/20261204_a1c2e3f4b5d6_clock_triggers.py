"""clock triggers: cases.accepted_at and pause_reason, referrals.procedure

Legal clocks start at the event the law names (issue 14): acceptance-triggered clocks count from the recorded
受理 day (cases.accepted_at), a pause carries a reason code checked against the rule (cases.pause_reason), and a
委托 referral carries the court's procedure (referrals.procedure), which decides its period. accepted_at is
backfilled from each case's last `case.accept` audit event.

Revision ID: a1c2e3f4b5d6
Revises: 4a5b6c7d8e9f
Create Date: 2026-12-04 10:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a1c2e3f4b5d6"
down_revision: str | None = "4a5b6c7d8e9f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "cases",
        sa.Column(
            "pause_reason",
            sa.Enum(
                "APPRAISAL",
                "HEARING",
                "SUPPLEMENTARY_MATERIALS",
                "PARTY_REQUEST",
                "OTHER",
                name="pause_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
    )
    op.add_column(
        "referrals",
        sa.Column(
            "procedure",
            sa.Enum(
                "SIMPLE",
                "ORDINARY",
                name="civil_procedure",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
    )
    op.execute(
        "UPDATE cases c SET accepted_at = a.at FROM (SELECT case_id, max(occurred_at) AS at FROM audit_events "
        "WHERE action = 'case.accept' GROUP BY case_id) a WHERE a.case_id = c.id"
    )


def downgrade() -> None:
    op.drop_column("referrals", "procedure")
    op.drop_column("cases", "pause_reason")
    op.drop_column("cases", "accepted_at")
