"""trusted documents

Revision ID: c0d5e1a7b2f4
Revises: b3c385258047
Create Date: 2026-11-28 19:00:00.000000+00:00
"""

from collections.abc import Sequence

revision: str = "c0d5e1a7b2f4"
down_revision: str | None = "b3c385258047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
