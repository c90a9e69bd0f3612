"""matching_run.parts_plan: the parts as planned, until the run finishes

Revision ID: 0018
Revises: 0017

A worker that died after planning a run and before queueing all its parts left the run
RUNNING for good: the plan job, delivered again, found it planned and did nothing, and the parts
were nowhere but in the dead worker. The parts are now kept with the run until it finishes, so
a plan delivered again queues those not stored yet.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parts_plan", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.drop_column("parts_plan")
