"""Invitations: how a user comes to hold a role in a party."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow
from ecosystem.parties.models import Role


class Invitation(SQLModel, table=True):
    """A role in a party offered to whoever logs in first with this verified email."""

    __tablename__ = "invitation"
    __table_args__ = (
        sa.Index("ix_invitation_email_open", "email", "accepted_at"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased: email addresses are compared without case.
    email: str = Field(max_length=254)
    party_id: int = Field(foreign_key="party.id", index=True)
    role: Role = Field(sa_type=sa.Enum(Role, native_enum=False, length=24))
    invited_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    accepted_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
