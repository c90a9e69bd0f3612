"""Remembered results of mutations sent with an idempotency key."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class IdempotencyRecord(SQLModel, table=True):
    """The first result of a (user, key) pair and a hash of the request that produced it."""

    __tablename__ = "idempotency_record"

    user_id: int = Field(primary_key=True, foreign_key="app_user.id")
    key: str = Field(primary_key=True, max_length=100)
    operation: str = Field(max_length=64)
    request_hash: str = Field(max_length=64)
    result: dict[str, object] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
