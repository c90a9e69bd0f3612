"""story: retraction (when, by whom, why)

Revision ID: 0016
Revises: 0015

A published story could not be taken back. An editor (or the platform) may now retract it,
with a public reason; its body is then withdrawn from view, and the ledger records both the
publication and the retraction from this revision on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecosystem.database import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retracted_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retracted_by_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("retraction_reason", sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_story_retracted_by_user_id_app_user"),
            "app_user",
            ["retracted_by_user_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_story_retracted_by_user_id_app_user"), type_="foreignkey")
        batch_op.drop_column("retraction_reason")
        batch_op.drop_column("retracted_by_user_id")
        batch_op.drop_column("retracted_at")
