"""initial schema

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ecosystem.database

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_app_user_issuer_subject")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "region",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("parent_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["region.code"], name=op.f("fk_region_parent_code_region")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "idempotency_record",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("operation", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("request_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_idempotency_record_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotency_record")),
    )
    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "GOVERNMENT",
                "ENTERPRISE",
                "MICROENTERPRISE",
                "SPECIALTY_STORE",
                "MEDIA",
                "NGO",
                "CUSTOMER",
                "SCHOOL",
                name="partykind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("service_radius_km", sa.Float(), nullable=True),
        sa.Column("contact_email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("verified_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("verified_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "service_radius_km IS NULL OR service_radius_km >= 0", name=op.f("ck_party_radius")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_party_region_code_region")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_party_verified_by_user_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index("ix_party_kind_name", ["kind", "name", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_region_code"), ["region_code"], unique=False)

    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["app_user.id"], name=op.f("fk_status_change_actor_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_change")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_change_entity", ["entity", "entity_id", "id"], unique=False
        )

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
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
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_membership_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_membership_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "user_id", "party_id", "role", name=op.f("uq_membership_user_id_party_id_role")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_user_id"), ["user_id"], unique=False)

    op.create_table(
        "need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("story", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "DRINKING_WATER",
                "NUTRITION",
                "AIR_QUALITY",
                "SMART_CLASSROOM",
                "LIBRARY",
                "SPORTS_ARTS",
                "STEM_WORKSHOP",
                "TEACHER_TRAINING",
                "PSYCHOSOCIAL",
                "FACILITIES",
                "OTHER",
                name="category",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "urgency",
            sa.Enum(
                "LOW", "MEDIUM", "HIGH", "CRITICAL", name="urgency", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("urgency_rank", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("beneficiaries", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "OPEN",
                "PARTIALLY_MATCHED",
                "MATCHED",
                "FULFILLED",
                "CLOSED",
                "CANCELLED",
                "EXPIRED",
                name="needstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("total_value_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_at", ecosystem.database.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("beneficiaries >= 0", name=op.f("ck_need_beneficiaries")),
        sa.CheckConstraint("total_value_fen >= 0", name=op.f("ck_need_total_value")),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_need_created_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_need_region_code_region")
        ),
        sa.ForeignKeyConstraint(["school_id"], ["party.id"], name=op.f("fk_need_school_id_party")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index("ix_need_created", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_need_deadline", ["deadline", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_need_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_need_school_id"), ["school_id"], unique=False)
        batch_op.create_index(
            "ix_need_status_created", ["status", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_need_urgency", ["urgency_rank", "id"], unique=False)

    op.create_table(
        "pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "MONEY",
                "GOODS",
                "SERVICE",
                "VOLUNTEER",
                "MEDIA",
                "CO_FUNDING",
                name="pledgekind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "ACTIVE",
                "EXHAUSTED",
                "WITHDRAWN",
                "EXPIRED",
                name="pledgestatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "DRINKING_WATER",
                "NUTRITION",
                "AIR_QUALITY",
                "SMART_CLASSROOM",
                "LIBRARY",
                "SPORTS_ARTS",
                "STEM_WORKSHOP",
                "TEACHER_TRAINING",
                "PSYCHOSOCIAL",
                "FACILITIES",
                "OTHER",
                name="category",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("item_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("remaining_quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("unit_value_fen", sa.BigInteger(), nullable=False),
        sa.Column("total_value_fen", sa.BigInteger(), nullable=False),
        sa.Column("service_radius_km", sa.Float(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("available_until", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("per_school_cap", sa.BigInteger(), nullable=True),
        sa.Column("restrict_region_codes", sa.JSON(), nullable=False),
        sa.Column("restrict_categories", sa.JSON(), nullable=False),
        sa.Column("co_funding_ratio_percent", sa.Integer(), nullable=True),
        sa.Column("co_funding_party_kinds", sa.JSON(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ecosystem.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "co_funding_ratio_percent IS NULL OR co_funding_ratio_percent > 0",
            name=op.f("ck_pledge_ratio"),
        ),
        sa.CheckConstraint(
            "per_school_cap IS NULL OR per_school_cap > 0", name=op.f("ck_pledge_per_school_cap")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_pledge_quantity")),
        sa.CheckConstraint(
            "remaining_quantity >= 0 AND remaining_quantity <= quantity",
            name=op.f("ck_pledge_remaining"),
        ),
        sa.CheckConstraint(
            "service_radius_km IS NULL OR service_radius_km > 0", name=op.f("ck_pledge_radius")
        ),
        sa.CheckConstraint("unit_value_fen >= 0", name=op.f("ck_pledge_unit_value")),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_pledge_created_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_pledge_party_id_party")),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_pledge_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.create_index("ix_pledge_created", ["created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_region_code"), ["region_code"], unique=False)
        batch_op.create_index(
            "ix_pledge_status_created", ["status", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_pledge_value", ["total_value_fen", "id"], unique=False)

    op.create_table(
        "school_profile",
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("town", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("left_behind_children", sa.Integer(), nullable=False),
        sa.Column("boarding", sa.Boolean(), nullable=False),
        sa.Column("hope_school", sa.Boolean(), nullable=False),
        sa.Column(
            "poverty_tier",
            sa.Enum(
                "NONE", "PROVINCIAL", "NATIONAL", name="povertytier", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.CheckConstraint(
            "left_behind_children >= 0 AND left_behind_children <= students",
            name=op.f("ck_school_profile_left_behind"),
        ),
        sa.CheckConstraint("students >= 0", name=op.f("ck_school_profile_students")),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_school_profile_party_id_party")
        ),
        sa.PrimaryKeyConstraint("party_id", name=op.f("pk_school_profile")),
    )
    op.create_table(
        "need_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "DRINKING_WATER",
                "NUTRITION",
                "AIR_QUALITY",
                "SMART_CLASSROOM",
                "LIBRARY",
                "SPORTS_ARTS",
                "STEM_WORKSHOP",
                "TEACHER_TRAINING",
                "PSYCHOSOCIAL",
                "FACILITIES",
                "OTHER",
                name="category",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("unit_value_fen", sa.BigInteger(), nullable=False),
        sa.Column("remaining_quantity", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_need_item_quantity")),
        sa.CheckConstraint(
            "remaining_quantity >= 0 AND remaining_quantity <= quantity",
            name=op.f("ck_need_item_remaining"),
        ),
        sa.CheckConstraint("unit_value_fen >= 0", name=op.f("ck_need_item_unit_value")),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"], name=op.f("fk_need_item_need_id_need")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_item")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("need_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_item_need_id"), ["need_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("need_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_item_need_id"))

    op.drop_table("need_item")
    op.drop_table("school_profile")
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index("ix_pledge_value")
        batch_op.drop_index("ix_pledge_status_created")
        batch_op.drop_index(batch_op.f("ix_pledge_region_code"))
        batch_op.drop_index(batch_op.f("ix_pledge_party_id"))
        batch_op.drop_index("ix_pledge_created")

    op.drop_table("pledge")
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.drop_index("ix_need_urgency")
        batch_op.drop_index("ix_need_status_created")
        batch_op.drop_index(batch_op.f("ix_need_school_id"))
        batch_op.drop_index(batch_op.f("ix_need_region_code"))
        batch_op.drop_index("ix_need_deadline")
        batch_op.drop_index("ix_need_created")

    op.drop_table("need")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_membership_party_id"))

    op.drop_table("membership")
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index("ix_status_change_entity")

    op.drop_table("status_change")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_region_code"))
        batch_op.drop_index("ix_party_kind_name")

    op.drop_table("party")
    op.drop_table("idempotency_record")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_parent_code"))

    op.drop_table("region")
    op.drop_table("app_user")
