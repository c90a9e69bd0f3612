"""Matches: a quantity of a pledge allocated to a need item, and its life cycle."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class MatchOrigin(StrEnum):
    """Who proposed the match."""

    ENGINE = "ENGINE"
    DIRECT = "DIRECT"
    MANUAL = "MANUAL"


class MatchStatus(StrEnum):
    """Where a match is in its life cycle."""

    PROPOSED = "PROPOSED"
    ACCEPTED = "ACCEPTED"
    APPROVED = "APPROVED"
    IN_DELIVERY = "IN_DELIVERY"
    DELIVERED = "DELIVERED"
    CONFIRMED = "CONFIRMED"
    DECLINED = "DECLINED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    SUPERSEDED = "SUPERSEDED"
    """An engine proposal nobody acted on, replaced by a newer run's."""


class Match(SQLModel, table=True):
    """``pledge_quantity`` units of a pledge cover ``item_quantity`` units of a need item.

    For goods and services both are the same count; money pays for whole items, so its
    ``pledge_quantity`` is ``item_quantity`` times the item's unit value in fen.
    """

    __tablename__ = "match"
    __table_args__ = (
        sa.CheckConstraint("pledge_quantity > 0", name="pledge_quantity"),
        sa.CheckConstraint("item_quantity > 0", name="item_quantity"),
        sa.Index("ix_match_status_region", "status", "region_code", "id"),
        # Lists of matches run newest first (created_at, id): all of them, a donor's, a school's.
        sa.Index("ix_match_created", "created_at", "id"),
        sa.Index("ix_match_donor_created", "donor_id", "created_at", "id"),
        sa.Index("ix_match_school_created", "school_id", "created_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    need_item_id: int = Field(foreign_key="need_item.id", index=True)
    need_id: int = Field(foreign_key="need.id", index=True)
    school_id: int = Field(foreign_key="party.id", index=True)
    donor_id: int = Field(foreign_key="party.id", index=True)
    # The school's county: officials whose code is a prefix of it approve the match.
    region_code: str = Field(foreign_key="region.code", max_length=6)
    pledge_quantity: int = Field(sa_type=sa.BigInteger)
    item_quantity: int = Field(sa_type=sa.BigInteger)
    value_fen: int = Field(sa_type=sa.BigInteger)
    origin: MatchOrigin = Field(sa_type=sa.Enum(MatchOrigin, native_enum=False, length=16))
    status: MatchStatus = Field(sa_type=sa.Enum(MatchStatus, native_enum=False, length=16))
    score: int = 0
    explanation: dict[str, object] = Field(default_factory=dict, sa_type=sa.JSON)
    # The matching run that proposed it (ENGINE matches only).
    run_id: int | None = Field(default=None, foreign_key="matching_run.id", index=True)
    school_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    donor_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str | None = Field(default=None, max_length=500)
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
