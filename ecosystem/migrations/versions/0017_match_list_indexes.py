"""Matches indexed in the order their lists read them: newest first

Revision ID: 0017
Revises: 0016

Every list of matches (the public one, an official's queue, a donor's or a school's) is read
newest first by (created_at, id). Without an index in that order each page sorted every match
the filter let through, and a matching run adds thousands of proposals at a time; with one, a
page reads its rows in order and stops.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_match_created", "match", ["created_at", "id"])
    op.create_index("ix_match_donor_created", "match", ["donor_id", "created_at", "id"])
    op.create_index("ix_match_school_created", "match", ["school_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_match_school_created", table_name="match")
    op.drop_index("ix_match_donor_created", table_name="match")
    op.drop_index("ix_match_created", table_name="match")
