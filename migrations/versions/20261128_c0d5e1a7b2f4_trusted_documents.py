"""trusted documents

Revision ID: c0d5e1a7b2f4
Revises: b3c385258047
Create Date: 2026-11-28 19:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from concord.db import security

revision: str = "c0d5e1a7b2f4"
down_revision: str | None = "b3c385258047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like api_clients: an administrator sees and changes the documents of the clients of its tenant subtree, and
# a client (acting in its own tenant) reads its own documents when it sends a document id.
_SUBTREE = f"tenant_id IN ({security.VISIBLE_TENANTS})"
POLICIES: list[tuple[str, str, str | None, str | None]] = [
    ("trusted_documents_read", "SELECT", _SUBTREE, None),
    ("trusted_documents_insert", "INSERT", None, _SUBTREE),
    ("trusted_documents_delete", "DELETE", _SUBTREE, None),
]


def upgrade() -> None:
    op.create_table(
        "trusted_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("api_client_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.String(length=71), nullable=False),
        sa.Column("operation_name", sa.String(length=200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_client_id"],
            ["api_clients.id"],
            name=op.f("fk_trusted_documents_api_client_id_api_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_trusted_documents_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_trusted_documents_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_documents")),
        sa.UniqueConstraint(
            "api_client_id", "document_id", name=op.f("uq_trusted_documents_api_client_id_document_id")
        ),
    )
    op.create_index(op.f("ix_trusted_documents_tenant_id"), "trusted_documents", ["tenant_id"], unique=False)
    security.grant(op, "trusted_documents", "SELECT, INSERT, DELETE")
    security.enable_rls(op, "trusted_documents", POLICIES)


def downgrade() -> None:
    for name, *_ in POLICIES:
        op.execute(f'DROP POLICY IF EXISTS {name} ON "trusted_documents"')
    op.drop_index(op.f("ix_trusted_documents_tenant_id"), table_name="trusted_documents")
    op.drop_table("trusted_documents")
