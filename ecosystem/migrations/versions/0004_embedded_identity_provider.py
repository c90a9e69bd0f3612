"""embedded identity provider

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import auth.provider.models

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idp_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("email_verified", sa.Boolean(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=35), nullable=False),
        sa.Column("created_at", auth.provider.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", auth.provider.models.AwareDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(username) > 0", name=op.f("ck_idp_account_username_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idp_account")),
        sa.UniqueConstraint("subject", name=op.f("uq_idp_account_subject")),
        sa.UniqueConstraint("username", name=op.f("uq_idp_account_username")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "idp_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column(
            "client_secret_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True
        ),
        sa.Column("redirect_uris", sa.JSON(), nullable=False),
        sa.Column("grant_types", sa.JSON(), nullable=False),
        sa.Column("scopes", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column(
            "token_endpoint_auth_method",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=False,
        ),
        sa.Column("audience", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created_at", auth.provider.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", auth.provider.models.AwareDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(token_endpoint_auth_method = 'none' AND client_secret_hash IS NULL)"
            " OR (token_endpoint_auth_method <> 'none' AND client_secret_hash IS NOT NULL)",
            name=op.f("ck_idp_client_secret_matches_auth_method"),
        ),
        sa.CheckConstraint(
            "token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')",
            name=op.f("ck_idp_client_auth_method"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idp_client")),
        sa.UniqueConstraint("client_id", name=op.f("uq_idp_client_client_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "idp_signing_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("private_jwk", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", auth.provider.models.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idp_signing_key")),
        sa.UniqueConstraint("kid", name=op.f("uq_idp_signing_key_kid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("idp_signing_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idp_signing_key_single_active"),
            ["active"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )


def downgrade() -> None:
    with op.batch_alter_table("idp_signing_key", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_idp_signing_key_single_active"),
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    op.drop_table("idp_signing_key")
    op.drop_table("idp_client")
    op.drop_table("idp_account")
