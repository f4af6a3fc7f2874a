"""idempotency keys

Revision ID: a9b8c7d6e5f4
Revises: c0d5e1a7b2f4
Create Date: 2026-11-28 19:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from concord.db import security

revision: str = "a9b8c7d6e5f4"
down_revision: str | None = "c0d5e1a7b2f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A principal's keys live in the tenant it acts for; nobody else's keys are visible, even up the tree (a
# supervising tenant has no business replaying a street centre's answers). The service filters by principal.
_OWN_TENANT = "tenant_id = (SELECT concord_current_tenant())"
POLICIES: list[tuple[str, str, str | None, str | None]] = [
    ("idempotency_keys_own", "ALL", _OWN_TENANT, _OWN_TENANT),
]


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("principal_kind", sa.String(length=16), nullable=False),
        sa.Column("principal_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("operation_name", sa.String(length=200), nullable=True),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_idempotency_keys_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint(
            "tenant_id",
            "principal_kind",
            "principal_id",
            "key",
            name=op.f("uq_idempotency_keys_tenant_id_principal_kind_principal_id_key"),
        ),
    )
    op.create_index(
        "ix_idempotency_keys_tenant_id_expires_at",
        "idempotency_keys",
        ["tenant_id", "expires_at"],
        unique=False,
    )
    security.grant(op, "idempotency_keys", "SELECT, INSERT, UPDATE, DELETE")
    security.enable_rls(op, "idempotency_keys", POLICIES)


def downgrade() -> None:
    for name, *_ in POLICIES:
        op.execute(f'DROP POLICY IF EXISTS {name} ON "idempotency_keys"')
    op.drop_index("ix_idempotency_keys_tenant_id_expires_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
