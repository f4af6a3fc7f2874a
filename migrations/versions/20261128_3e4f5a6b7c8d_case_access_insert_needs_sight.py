"""case_access: an edge for another tenant only for a case the writer can see

Revision ID: 3e4f5a6b7c8d
Revises: 2d3e4f5a6b7c
Create Date: 2026-11-28 23:30:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

from concord.db import security

revision: str = "3e4f5a6b7c8d"
down_revision: str | None = "2d3e4f5a6b7c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    security.upgrade_case_access_insert(op)


def downgrade() -> None:
    security.downgrade_case_access_insert(op)
