"""fulfilment

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ecosystem.database

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column("published_by_user_id", sa.Integer(), nullable=False),
        sa.Column("published_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_story_party_id_party")),
        sa.ForeignKeyConstraint(
            ["published_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_story_published_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_party_id"), ["party_id"], unique=False)
        batch_op.create_index("ix_story_published", ["published_at", "id"], unique=False)

    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "SHIPPED",
                "SERVICE_HELD",
                "TRANSFERRED",
                name="deliverykind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_delivery_quantity")),
        sa.ForeignKeyConstraint(
            ["match_id"], ["match.id"], name=op.f("fk_delivery_match_id_match")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_delivery_recorded_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_match_id"), ["match_id"], unique=False)

    op.create_table(
        "match_fulfilment",
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("pledge_quantity", sa.BigInteger(), nullable=False),
        sa.Column("value_fen", sa.BigInteger(), nullable=False),
        sa.Column("delivered_quantity", sa.BigInteger(), nullable=False),
        sa.Column("received_quantity", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "delivered_quantity >= 0 AND delivered_quantity <= quantity",
            name=op.f("ck_match_fulfilment_delivered"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_match_fulfilment_quantity")),
        sa.CheckConstraint(
            "received_quantity >= 0 AND received_quantity <= delivered_quantity",
            name=op.f("ck_match_fulfilment_received"),
        ),
        sa.ForeignKeyConstraint(
            ["match_id"], ["match.id"], name=op.f("fk_match_fulfilment_match_id_match")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_match_fulfilment_need_id_need")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledge.id"], name=op.f("fk_match_fulfilment_pledge_id_pledge")
        ),
        sa.PrimaryKeyConstraint("match_id", name=op.f("pk_match_fulfilment")),
    )
    with op.batch_alter_table("match_fulfilment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_fulfilment_need_id"), ["need_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_match_fulfilment_pledge_id"), ["pledge_id"], unique=False
        )

    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("RECEIVED", "PROBLEM", name="receiptkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "problem",
            sa.Enum(
                "DAMAGED", "MISSING", "WRONG_ITEM", name="problemkind", native_enum=False, length=16
            ),
            nullable=True,
        ),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("completes_match", sa.Boolean(), nullable=False),
        sa.Column("thank_you_note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'PROBLEM') = (problem IS NOT NULL)",
            name=op.f("ck_receipt_problem_when_problem"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_receipt_quantity")),
        sa.ForeignKeyConstraint(["match_id"], ["match.id"], name=op.f("fk_receipt_match_id_match")),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_receipt_recorded_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_match_id"), ["match_id"], unique=False)

    op.create_table(
        "story_match",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["match_id"], ["match.id"], name=op.f("fk_story_match_match_id_match")
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_story_match_story_id_story")
        ),
        sa.PrimaryKeyConstraint("story_id", "match_id", name=op.f("pk_story_match")),
    )
    with op.batch_alter_table("story_match", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_match_match_id"), ["match_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_party_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_user_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "delivery_id IS NULL OR receipt_id IS NULL", name=op.f("ck_evidence_one_record")
        ),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_evidence_size")),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["delivery.id"], name=op.f("fk_evidence_delivery_id_delivery")
        ),
        sa.ForeignKeyConstraint(
            ["owner_party_id"], ["party.id"], name=op.f("fk_evidence_owner_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipt.id"], name=op.f("fk_evidence_receipt_id_receipt")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_evidence_uploaded_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_evidence_storage_key")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_delivery_id"), ["delivery_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evidence_owner_party_id"), ["owner_party_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_receipt_id"), ["receipt_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_receipt_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_owner_party_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_delivery_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("story_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_match_match_id"))

    op.drop_table("story_match")
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_match_id"))

    op.drop_table("receipt")
    with op.batch_alter_table("match_fulfilment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_fulfilment_pledge_id"))
        batch_op.drop_index(batch_op.f("ix_match_fulfilment_need_id"))

    op.drop_table("match_fulfilment")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_match_id"))

    op.drop_table("delivery")
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_index("ix_story_published")
        batch_op.drop_index(batch_op.f("ix_story_party_id"))

    op.drop_table("story")
