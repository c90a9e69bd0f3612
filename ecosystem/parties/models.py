"""Parties, school profiles, users and memberships."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow


class PartyKind(StrEnum):
    """Who an organisation or person is in the ecosystem."""

    GOVERNMENT = "GOVERNMENT"
    ENTERPRISE = "ENTERPRISE"
    MICROENTERPRISE = "MICROENTERPRISE"
    SPECIALTY_STORE = "SPECIALTY_STORE"
    MEDIA = "MEDIA"
    NGO = "NGO"
    CUSTOMER = "CUSTOMER"
    SCHOOL = "SCHOOL"


class Role(StrEnum):
    """What a user may do for a party; granted by server-side records only."""

    PRINCIPAL = "PRINCIPAL"
    SCHOOL_STAFF = "SCHOOL_STAFF"
    DONOR_ADMIN = "DONOR_ADMIN"
    GOV_OFFICIAL = "GOV_OFFICIAL"
    MEDIA_EDITOR = "MEDIA_EDITOR"
    PLATFORM_ADMIN = "PLATFORM_ADMIN"


class PovertyTier(StrEnum):
    """How poor the school's county is, as designated by the state."""

    NONE = "NONE"
    PROVINCIAL = "PROVINCIAL"
    NATIONAL = "NATIONAL"


class Party(SQLModel, table=True):
    """An organisation or person that acts in the marketplace."""

    __tablename__ = "party"
    __table_args__ = (
        sa.CheckConstraint("service_radius_km IS NULL OR service_radius_km >= 0", name="radius"),
        sa.Index("ix_party_kind_name", "kind", "name", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: PartyKind = Field(sa_type=sa.Enum(PartyKind, native_enum=False, length=24))
    name: str = Field(max_length=200)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=6)
    latitude: float | None = None
    longitude: float | None = None
    service_radius_km: float | None = None
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=32)
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SchoolProfile(SQLModel, table=True):
    """What the marketplace knows about a school party."""

    __tablename__ = "school_profile"
    __table_args__ = (
        sa.CheckConstraint("students >= 0", name="students"),
        sa.CheckConstraint(
            "left_behind_children >= 0 AND left_behind_children <= students", name="left_behind"
        ),
    )

    party_id: int = Field(primary_key=True, foreign_key="party.id")
    town: str | None = Field(default=None, max_length=64)
    students: int = 0
    left_behind_children: int = 0
    boarding: bool = False
    hope_school: bool = False
    poverty_tier: PovertyTier = Field(
        default=PovertyTier.NONE, sa_type=sa.Enum(PovertyTier, native_enum=False, length=16)
    )


class User(SQLModel, table=True):
    """An identity: an issuer and a subject, with a name and email."""

    __tablename__ = "app_user"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    """A role a user holds in a party."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "party_id", "role"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    party_id: int = Field(foreign_key="party.id", index=True)
    role: Role = Field(sa_type=sa.Enum(Role, native_enum=False, length=24))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
