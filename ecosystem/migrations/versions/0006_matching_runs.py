"""matching runs

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ecosystem.database

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matching_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "QUEUED",
                "RUNNING",
                "SUCCEEDED",
                "FAILED",
                name="runstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=False),
        sa.Column("parts_total", sa.Integer(), nullable=False),
        sa.Column("parts_done", sa.Integer(), nullable=False),
        sa.Column("parts_mask", sa.BigInteger(), nullable=False),
        sa.Column("needs_count", sa.Integer(), nullable=False),
        sa.Column("items_count", sa.Integer(), nullable=False),
        sa.Column("pledges_count", sa.Integer(), nullable=False),
        sa.Column("schools_count", sa.Integer(), nullable=False),
        sa.Column("proposals_count", sa.Integer(), nullable=False),
        sa.Column("proposed_value_fen", sa.BigInteger(), nullable=False),
        sa.Column("unfunded_count", sa.Integer(), nullable=False),
        sa.Column("superseded_count", sa.Integer(), nullable=False),
        sa.Column("objective", sa.BigInteger(), nullable=False),
        sa.Column("load_seconds", sa.Float(), nullable=False),
        sa.Column("solve_seconds", sa.Float(), nullable=False),
        sa.Column("persist_seconds", sa.Float(), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "parts_done >= 0 AND parts_done <= parts_total", name=op.f("ck_matching_run_parts")
        ),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100", name=op.f("ck_matching_run_progress")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_matching_run_requested_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_run")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.create_index("ix_matching_run_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_matching_run_status_region", ["status", "region_code"], unique=False
        )

    op.create_table(
        "unfunded_item",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("need_item_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("points_short", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_unfunded_item_need_id_need")
        ),
        sa.ForeignKeyConstraint(
            ["need_item_id"], ["need_item.id"], name=op.f("fk_unfunded_item_need_item_id_need_item")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["matching_run.id"], name=op.f("fk_unfunded_item_run_id_matching_run")
        ),
        sa.PrimaryKeyConstraint("run_id", "need_item_id", name=op.f("pk_unfunded_item")),
    )
    with op.batch_alter_table("unfunded_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unfunded_item_need_item_id"), ["need_item_id"], unique=False
        )

    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_match_run_id"), ["run_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_match_run_id_matching_run"), "matching_run", ["run_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_match_run_id_matching_run"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_match_run_id"))
        batch_op.drop_column("run_id")

    with op.batch_alter_table("unfunded_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unfunded_item_need_item_id"))

    op.drop_table("unfunded_item")
    with op.batch_alter_table("matching_run", schema=None) as batch_op:
        batch_op.drop_index("ix_matching_run_status_region")
        batch_op.drop_index("ix_matching_run_created")

    op.drop_table("matching_run")
