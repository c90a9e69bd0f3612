"""invitations

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ecosystem.database

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "PRINCIPAL",
                "SCHOOL_STAFF",
                "DONOR_ADMIN",
                "GOV_OFFICIAL",
                "MEDIA_EDITOR",
                "PLATFORM_ADMIN",
                name="role",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("invited_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_invitation_accepted_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_invitation_invited_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_invitation_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index("ix_invitation_email_open", ["email", "accepted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitation_party_id"), ["party_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_party_id"))
        batch_op.drop_index("ix_invitation_email_open")

    op.drop_table("invitation")
