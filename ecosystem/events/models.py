"""The outbox of events, partners' webhooks, and the log of their deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class OutboxEvent(SQLModel, table=True):
    """An event written in the same transaction as the change it tells of; the relay
    publishes it after commit and sets ``published_at`` once Redis has it."""

    __tablename__ = "outbox_event"
    __table_args__ = (
        # The relay's scan: unpublished events in order.
        sa.Index("ix_outbox_event_unpublished", "published_at", "id"),
        sa.Index("ix_outbox_event_entity_region", "entity", "region_code", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4, sa_type=sa.Uuid, unique=True)
    # "<entity>.<new status>", e.g. "match.APPROVED".
    type: str = Field(max_length=48)
    entity: str = Field(max_length=16)
    entity_id: int
    region_code: str = Field(max_length=6)
    # The public facts of the transition (never a person's private data).
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookSubscription(SQLModel, table=True):
    """A partner system's URL that receives the events of a party, signed with its secret."""

    __tablename__ = "webhook_subscription"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(foreign_key="party.id", index=True)
    url: str = Field(max_length=2000)
    # Kept so that deliveries can be signed; shown to the party once, at registration.
    secret: str = Field(max_length=128)
    # Event types ("match.APPROVED") or wildcards ("match.*", "*").
    event_types: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    active: bool = True
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DeliveryStatus(StrEnum):
    """Where a webhook delivery is."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"
    """Given up after the last attempt, or its webhook was deleted; a replay sends it anew."""


class WebhookDelivery(SQLModel, table=True):
    """One event sent, or to be sent, to one webhook: its attempts and their outcome."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        sa.CheckConstraint("attempt_count >= 0", name="attempt_count"),
        sa.Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_delivery_party", "party_id", "created_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    outbox_event_id: int = Field(foreign_key="outbox_event.id", index=True)
    subscription_id: int = Field(foreign_key="webhook_subscription.id", index=True)
    # The webhook's party, for its delivery log.
    party_id: int = Field(foreign_key="party.id")
    status: DeliveryStatus = Field(
        default=DeliveryStatus.PENDING,
        sa_type=sa.Enum(DeliveryStatus, native_enum=False, length=16),
    )
    attempt_count: int = 0
    next_attempt_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_response_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The delivery this one sends again, when the party asked for a replay.
    replay_of_id: int | None = Field(default=None, foreign_key="webhook_delivery.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
