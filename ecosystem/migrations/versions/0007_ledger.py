"""ledger

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ecosystem.database

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ledger_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("root_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("signature", sa.LargeBinary(length=64), nullable=False),
        sa.CheckConstraint("tree_size >= 0", name=op.f("ck_ledger_checkpoint_tree_size")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_checkpoint")),
        sa.UniqueConstraint("tree_size", name=op.f("uq_ledger_checkpoint_tree_size")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "ledger_entry",
        sa.Column("leaf_index", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("leaf_index >= 0", name=op.f("ck_ledger_entry_leaf_index")),
        sa.PrimaryKeyConstraint("leaf_index", name=op.f("pk_ledger_entry")),
    )
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_ledger_head_single_row")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_ledger_head_size")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_head")),
    )
    op.create_table(
        "ledger_signing_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_signing_key")),
        sa.UniqueConstraint("key_id", name=op.f("uq_ledger_signing_key_key_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ledger_signing_key", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_signing_key_single_active",
            ["active"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_signing_key", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_ledger_signing_key_single_active",
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    op.drop_table("ledger_signing_key")
    op.drop_table("ledger_head")
    op.drop_table("ledger_entry")
    op.drop_table("ledger_checkpoint")
