"""visibility at scale: per-row visibility policies, newest-cases index path

Revision ID: f3a4b5c6d7e8
Revises: e7f0a2c4d6b8
Create Date: 2026-11-28 20:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from concord.db import security

revision: str = "f3a4b5c6d7e8"
down_revision: str | None = "e7f0a2c4d6b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("case_access", sa.Column("case_created_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE case_access ca SET case_created_at = c.created_at FROM cases c WHERE c.id = ca.case_id"
    )
    op.alter_column("case_access", "case_created_at", nullable=False)
    op.create_index(
        "ix_case_access_tenant_newest",
        "case_access",
        ["tenant_id", "case_created_at", "case_id"],
        unique=False,
    )
    op.create_index("ix_cases_tenant_newest", "cases", ["tenant_id", "created_at", "id"], unique=False)
    security.upgrade_visibility_at_scale(op)


def downgrade() -> None:
    security.downgrade_visibility_at_scale(op)
    op.drop_index("ix_cases_tenant_newest", table_name="cases")
    op.drop_index("ix_case_access_tenant_newest", table_name="case_access")
    op.drop_column("case_access", "case_created_at")
