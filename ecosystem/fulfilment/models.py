"""Fulfilment tables: what was delivered against a match, what the school received, the photos
that show it, and the stories media parties tell about it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class DeliveryKind(StrEnum):
    """How a delivery was made; it follows the pledge's kind."""

    SHIPPED = "SHIPPED"
    """Goods sent to the school."""
    SERVICE_HELD = "SERVICE_HELD"
    """A service or volunteer session held at or for the school."""
    TRANSFERRED = "TRANSFERRED"
    """Money paid to the school (or its supplier)."""


class DeliveryStatus(StrEnum):
    """A delivery is a record: it is made once and never changes."""

    RECORDED = "RECORDED"


class ReceiptKind(StrEnum):
    """What the school says of what arrived."""

    RECEIVED = "RECEIVED"
    PROBLEM = "PROBLEM"


class ProblemKind(StrEnum):
    """What went wrong with a delivery."""

    DAMAGED = "DAMAGED"
    MISSING = "MISSING"
    WRONG_ITEM = "WRONG_ITEM"


class MatchFulfilment(SQLModel, table=True):
    """How much of an approved match was delivered and how much the school confirmed.

    Made by the first delivery. Every change is a conditional UPDATE checked by row count, and
    the CHECK constraints hold the order ``received <= delivered <= quantity`` on both databases
    whatever runs at the same time.
    """

    __tablename__ = "match_fulfilment"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.CheckConstraint(
            "delivered_quantity >= 0 AND delivered_quantity <= quantity", name="delivered"
        ),
        sa.CheckConstraint(
            "received_quantity >= 0 AND received_quantity <= delivered_quantity", name="received"
        ),
    )

    match_id: int = Field(primary_key=True, foreign_key="match.id")
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    need_id: int = Field(foreign_key="need.id", index=True)
    # Copies of the match's amounts, so that a pledge's totals need no join.
    quantity: int = Field(sa_type=sa.BigInteger)
    pledge_quantity: int = Field(sa_type=sa.BigInteger)
    value_fen: int = Field(sa_type=sa.BigInteger)
    delivered_quantity: int = Field(default=0, sa_type=sa.BigInteger)
    received_quantity: int = Field(default=0, sa_type=sa.BigInteger)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Delivery(SQLModel, table=True):
    """The donor's record that part or all of a match was shipped, held or paid."""

    __tablename__ = "delivery"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="match.id", index=True)
    kind: DeliveryKind = Field(sa_type=sa.Enum(DeliveryKind, native_enum=False, length=16))
    delivered_on: date
    # Units of the need item.
    quantity: int = Field(sa_type=sa.BigInteger)
    note: str = Field(default="", max_length=1000)
    recorded_by_user_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Receipt(SQLModel, table=True):
    """The school's word on what arrived: a quantity received, or a problem with some of it."""

    __tablename__ = "receipt"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.CheckConstraint(
            "(kind = 'PROBLEM') = (problem IS NOT NULL)", name="problem_when_problem"
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="match.id", index=True)
    kind: ReceiptKind = Field(sa_type=sa.Enum(ReceiptKind, native_enum=False, length=16))
    problem: ProblemKind | None = Field(
        default=None, sa_type=sa.Enum(ProblemKind, native_enum=False, length=16)
    )
    # Units of the need item received, or affected by the problem.
    quantity: int = Field(sa_type=sa.BigInteger)
    # This receipt brought the received quantity to the whole match.
    completes_match: bool = False
    thank_you_note: str = Field(default="", max_length=1000)
    description: str = Field(default="", max_length=1000)
    recorded_by_user_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Evidence(SQLModel, table=True):
    """A photo uploaded as evidence: the stored file's metadata, not the file.

    It belongs to the party it was uploaded for until a delivery or receipt references it;
    then it belongs to that record, and to no other.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        sa.CheckConstraint("size_bytes > 0", name="size"),
        sa.CheckConstraint("delivery_id IS NULL OR receipt_id IS NULL", name="one_record"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_party_id: int = Field(foreign_key="party.id", index=True)
    uploaded_by_user_id: int = Field(foreign_key="app_user.id")
    content_type: str = Field(max_length=32)
    size_bytes: int
    width: int
    height: int
    sha256: str = Field(max_length=64)
    # Where the store keeps it: a relative path under EVIDENCE_DIR.
    storage_key: str = Field(max_length=200, unique=True)
    delivery_id: int | None = Field(default=None, foreign_key="delivery.id", index=True)
    receipt_id: int | None = Field(default=None, foreign_key="receipt.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StoryStatus(StrEnum):
    """A story is published, and may be retracted (its body then withdrawn from view)."""

    PUBLISHED = "PUBLISHED"
    RETRACTED = "RETRACTED"


class Story(SQLModel, table=True):
    """A media party's published story about confirmed matches."""

    __tablename__ = "story"
    __table_args__ = (
        sa.Index("ix_story_published", "published_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(foreign_key="party.id", index=True)
    title: str = Field(max_length=120)
    body: str = Field(max_length=20000)
    published_by_user_id: int = Field(foreign_key="app_user.id")
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set together when an editor (or the platform) retracts it; the reason is public.
    retracted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retracted_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    retraction_reason: str | None = Field(default=None, max_length=500)

    @property
    def status(self) -> StoryStatus:
        return StoryStatus.PUBLISHED if self.retracted_at is None else StoryStatus.RETRACTED


class StoryMatch(SQLModel, table=True):
    """A confirmed match a story tells of."""

    __tablename__ = "story_match"

    story_id: int = Field(primary_key=True, foreign_key="story.id")
    match_id: int = Field(primary_key=True, foreign_key="match.id", index=True)
    position: int = 0
