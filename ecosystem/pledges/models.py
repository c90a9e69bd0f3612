"""What parties offer: money, goods, services, volunteer time, coverage, co-funding."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.catalogue import Category
from ecosystem.database import UTCDateTime, utcnow


class PledgeKind(StrEnum):
    """What sort of offer a pledge is."""

    MONEY = "MONEY"
    GOODS = "GOODS"
    SERVICE = "SERVICE"
    VOLUNTEER = "VOLUNTEER"
    MEDIA = "MEDIA"
    CO_FUNDING = "CO_FUNDING"


class PledgeStatus(StrEnum):
    """Where a pledge is in its life cycle."""

    ACTIVE = "ACTIVE"
    EXHAUSTED = "EXHAUSTED"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"


class Pledge(SQLModel, table=True):
    """An offer by a party, with the restrictions it comes with.

    ``quantity`` is in the pledge's unit: fen for MONEY and CO_FUNDING (the cap), items for
    GOODS, sessions or hours for SERVICE and VOLUNTEER, pieces of coverage for MEDIA.
    """

    __tablename__ = "pledge"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.CheckConstraint("unit_value_fen >= 0", name="unit_value"),
        sa.CheckConstraint(
            "remaining_quantity >= 0 AND remaining_quantity <= quantity",
            name="remaining",
        ),
        sa.CheckConstraint("per_school_cap IS NULL OR per_school_cap > 0", name="per_school_cap"),
        sa.CheckConstraint("service_radius_km IS NULL OR service_radius_km > 0", name="radius"),
        sa.CheckConstraint(
            "co_funding_ratio_percent IS NULL OR co_funding_ratio_percent > 0", name="ratio"
        ),
        sa.Index("ix_pledge_created", "created_at", "id"),
        sa.Index("ix_pledge_value", "total_value_fen", "id"),
        sa.Index("ix_pledge_status_created", "status", "created_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(foreign_key="party.id", index=True)
    # The party's region, copied here so region filters need no join.
    region_code: str = Field(foreign_key="region.code", index=True, max_length=6)
    kind: PledgeKind = Field(sa_type=sa.Enum(PledgeKind, native_enum=False, length=16))
    status: PledgeStatus = Field(sa_type=sa.Enum(PledgeStatus, native_enum=False, length=16))
    title: str = Field(max_length=120)
    description: str = Field(default="", max_length=4000)
    category: Category | None = Field(
        default=None, sa_type=sa.Enum(Category, native_enum=False, length=24)
    )
    item_name: str | None = Field(default=None, max_length=200)
    quantity: int = Field(sa_type=sa.BigInteger)
    remaining_quantity: int = Field(sa_type=sa.BigInteger)
    unit: str = Field(max_length=16)
    unit_value_fen: int = Field(sa_type=sa.BigInteger)
    total_value_fen: int = Field(sa_type=sa.BigInteger)
    service_radius_km: float | None = None
    available_from: date | None = None
    available_until: date | None = None
    valid_until: date | None = None
    per_school_cap: int | None = Field(default=None, sa_type=sa.BigInteger)
    restrict_region_codes: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    restrict_categories: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    co_funding_ratio_percent: int | None = None
    co_funding_party_kinds: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    created_by_user_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
