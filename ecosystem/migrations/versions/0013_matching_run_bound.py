"""matching_run.bound: the engine's optimum, beside the objective of what was proposed

Revision ID: 0013
Revises: 0012

A run's ``objective`` becomes the sum of the score terms of the proposals it made (whole items),
and ``bound`` the engine's optimum before rounding, which the objective never exceeds. Runs
stored before this revision reported the engine's optimum as their objective; it is their bound.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("bound", sa.BigInteger(), nullable=False, server_default=sa.text("0"))
        )
    op.execute("UPDATE matching_run SET bound = objective")


def downgrade() -> None:
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.drop_column("bound")
