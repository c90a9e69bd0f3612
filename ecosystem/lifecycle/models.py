"""The record of every life-cycle transition: who, when, from what to what, and why."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class StatusChange(SQLModel, table=True):
    """One transition of a need, pledge or match."""

    __tablename__ = "status_change"
    __table_args__ = (
        sa.Index("ix_status_change_entity", "entity", "entity_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=16)
    entity_id: int
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str = Field(max_length=24)
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    reason: str | None = Field(default=None, max_length=500)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
