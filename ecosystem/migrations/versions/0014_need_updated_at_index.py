"""need.updated_at indexed: the transparency figures' cache key reads its newest value

Revision ID: 0014
Revises: 0013

A school editing its items changes the value needed without a transition, so the key of the
cached transparency figures also names the newest edit of a need: ``max(updated_at)`` on every
request, which the index answers without reading the table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_need_updated_at", "need", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_need_updated_at", table_name="need")
