"""event outbox for subscriptions

Revision ID: e7f0a2c4d6b8
Revises: a9b8c7d6e5f4
Create Date: 2026-11-28 19:00:00.000000+00:00
"""

from collections.abc import Sequence

revision: str = "e7f0a2c4d6b8"
down_revision: str | None = "a9b8c7d6e5f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
