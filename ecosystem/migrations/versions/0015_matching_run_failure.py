"""matching_run.failure: why a failed run failed, as a code a client can word

Revision ID: 0015
Revises: 0014

``error`` says it in English only, so the web app matched its words to tell a Chinese reader.
Runs that failed before this revision keep their message; their code is read from it once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failure", sa.String(length=24), nullable=True))
    op.execute(
        "UPDATE matching_run SET failure = CASE "
        "WHEN error LIKE 'The flow network would have more than%' THEN 'TOO_LARGE' "
        "WHEN error LIKE 'The server restarted before the run finished%' THEN 'RESTARTED' "
        "ELSE 'INTERNAL' END "
        "WHERE status = 'FAILED'"
    )


def downgrade() -> None:
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.drop_column("failure")
