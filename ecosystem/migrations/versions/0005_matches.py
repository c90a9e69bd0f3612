"""matches

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ecosystem.database

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("need_item_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("pledge_quantity", sa.BigInteger(), nullable=False),
        sa.Column("item_quantity", sa.BigInteger(), nullable=False),
        sa.Column("value_fen", sa.BigInteger(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum("ENGINE", "DIRECT", "MANUAL", name="matchorigin", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "PROPOSED",
                "ACCEPTED",
                "APPROVED",
                "IN_DELIVERY",
                "DELIVERED",
                "CONFIRMED",
                "DECLINED",
                "REJECTED",
                "EXPIRED",
                "CANCELLED",
                name="matchstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column(
            "school_accepted_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "donor_accepted_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("item_quantity > 0", name=op.f("ck_match_item_quantity")),
        sa.CheckConstraint("pledge_quantity > 0", name=op.f("ck_match_pledge_quantity")),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_match_created_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_match_decided_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(["donor_id"], ["party.id"], name=op.f("fk_match_donor_id_party")),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"], name=op.f("fk_match_need_id_need")),
        sa.ForeignKeyConstraint(
            ["need_item_id"], ["need_item.id"], name=op.f("fk_match_need_item_id_need_item")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledge.id"], name=op.f("fk_match_pledge_id_pledge")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_match_region_code_region")
        ),
        sa.ForeignKeyConstraint(["school_id"], ["party.id"], name=op.f("fk_match_school_id_party")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_donor_id"), ["donor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_need_item_id"), ["need_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_pledge_id"), ["pledge_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_school_id"), ["school_id"], unique=False)
        batch_op.create_index(
            "ix_match_status_region", ["status", "region_code", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.drop_index("ix_match_status_region")
        batch_op.drop_index(batch_op.f("ix_match_school_id"))
        batch_op.drop_index(batch_op.f("ix_match_pledge_id"))
        batch_op.drop_index(batch_op.f("ix_match_need_item_id"))
        batch_op.drop_index(batch_op.f("ix_match_need_id"))
        batch_op.drop_index(batch_op.f("ix_match_donor_id"))

    op.drop_table("match")
