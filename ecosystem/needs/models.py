"""A school's needs and their items."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.catalogue import Category
from ecosystem.database import UTCDateTime, utcnow


class NeedStatus(StrEnum):
    """Where a need is in its life cycle."""

    DRAFT = "DRAFT"
    OPEN = "OPEN"
    PARTIALLY_MATCHED = "PARTIALLY_MATCHED"
    MATCHED = "MATCHED"
    FULFILLED = "FULFILLED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


class Urgency(StrEnum):
    """How soon the school needs it."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"

    @property
    def rank(self) -> int:
        return _URGENCY_RANK[self]


_URGENCY_RANK = {urgency: rank for rank, urgency in enumerate(Urgency)}


class Need(SQLModel, table=True):
    """A school's request, with one or more items."""

    __tablename__ = "need"
    __table_args__ = (
        sa.CheckConstraint("beneficiaries >= 0", name="beneficiaries"),
        sa.CheckConstraint("total_value_fen >= 0", name="total_value"),
        sa.Index("ix_need_created", "created_at", "id"),
        sa.Index("ix_need_deadline", "deadline", "id"),
        sa.Index("ix_need_urgency", "urgency_rank", "id"),
        sa.Index("ix_need_status_created", "status", "created_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="party.id", index=True)
    # The school's county, copied here so region filters need no join.
    region_code: str = Field(foreign_key="region.code", index=True, max_length=6)
    title: str = Field(max_length=120)
    story: str = Field(default="", max_length=4000)
    category: Category = Field(sa_type=sa.Enum(Category, native_enum=False, length=24))
    urgency: Urgency = Field(sa_type=sa.Enum(Urgency, native_enum=False, length=16))
    urgency_rank: int
    deadline: date
    beneficiaries: int = 0
    status: NeedStatus = Field(sa_type=sa.Enum(NeedStatus, native_enum=False, length=24))
    total_value_fen: int = Field(default=0, sa_type=sa.BigInteger)
    created_by_user_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class NeedItem(SQLModel, table=True):
    """One line of a need: what, how many, and what each is worth."""

    __tablename__ = "need_item"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.CheckConstraint("unit_value_fen >= 0", name="unit_value"),
        sa.CheckConstraint(
            "remaining_quantity >= 0 AND remaining_quantity <= quantity",
            name="remaining",
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    need_id: int = Field(foreign_key="need.id", index=True)
    position: int = 0
    description: str = Field(max_length=200)
    category: Category = Field(sa_type=sa.Enum(Category, native_enum=False, length=24))
    quantity: int = Field(sa_type=sa.BigInteger)
    unit: str = Field(max_length=16)
    unit_value_fen: int = Field(sa_type=sa.BigInteger)
    remaining_quantity: int = Field(sa_type=sa.BigInteger)
