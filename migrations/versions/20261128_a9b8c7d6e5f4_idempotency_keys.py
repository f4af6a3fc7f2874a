"""idempotency keys

Revision ID: a9b8c7d6e5f4
Revises: c0d5e1a7b2f4
Create Date: 2026-11-28 19:00:00.000000+00:00
"""

from collections.abc import Sequence

revision: str = "a9b8c7d6e5f4"
down_revision: str | None = "c0d5e1a7b2f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
