"""tenant coordination (统筹协调): the district centre coordinates the departments' dispute work

Revision ID: 4a5b6c7d8e9f
Revises: 3e4f5a6b7c8d
Create Date: 2026-12-04 09:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from concord.db import security

revision: str = "4a5b6c7d8e9f"
down_revision: str | None = "3e4f5a6b7c8d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tenant_coordination",
        sa.Column("coordinator_id", sa.Uuid(), nullable=False),
        sa.Column("coordinated_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("coordinator_id <> coordinated_id", name=op.f("ck_tenant_coordination_not_self")),
        sa.ForeignKeyConstraint(
            ["coordinated_id"],
            ["tenants.id"],
            name=op.f("fk_tenant_coordination_coordinated_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["tenants.id"],
            name=op.f("fk_tenant_coordination_coordinator_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("coordinator_id", "coordinated_id", name=op.f("pk_tenant_coordination")),
    )
    op.create_index(
        op.f("ix_tenant_coordination_coordinated_id"), "tenant_coordination", ["coordinated_id"], unique=False
    )
    security.upgrade_coordination(op)


def downgrade() -> None:
    security.downgrade_coordination(op)
    op.drop_index(op.f("ix_tenant_coordination_coordinated_id"), table_name="tenant_coordination")
    op.drop_table("tenant_coordination")
