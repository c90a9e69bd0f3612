"""The embedded provider's tables: signing keys, local accounts and registered clients.

Every constraint and index is named here in full, wrapped in :func:`conv` so the names are final:
:mod:`auth` cannot import :mod:`ecosystem`, which sets the metadata's naming convention, so the
names must not depend on which package happened to be imported first. They are the names that
convention would give.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import conv
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class AwareDateTime(TypeDecorator[datetime]):
    """A UTC timestamp that is timezone-aware in Python whatever the database keeps.

    SQLite has no time zones: values are written as UTC and marked UTC again when read.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("a timestamp without a time zone cannot be stored")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.utcoffset() is not None:
            return value
        return value.replace(tzinfo=UTC)


def now_utc() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class IdpSigningKey(SQLModel, table=True):
    """An RSA key the provider signs tokens with; inactive keys still verify old tokens."""

    __tablename__ = "idp_signing_key"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name=conv("pk_idp_signing_key")),
        sa.UniqueConstraint("kid", name=conv("uq_idp_signing_key_kid")),
        # At most one active key, even when two processes start at once and both create one.
        sa.Index(
            conv("ix_idp_signing_key_single_active"),
            "active",
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    kid: str = Field(max_length=64)
    # The private JWK as JSON (RFC 7517), sealed (auth.sealing); only its public part is served.
    private_jwk: str = Field(sa_type=sa.Text)
    active: bool = True
    created_at: datetime = Field(default_factory=now_utc, sa_type=AwareDateTime)


class IdpAccount(SQLModel, table=True):
    """A person who signs in with a username and password at the embedded provider."""

    __tablename__ = "idp_account"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name=conv("pk_idp_account")),
        sa.UniqueConstraint("username", name=conv("uq_idp_account_username")),
        sa.UniqueConstraint("subject", name=conv("uq_idp_account_subject")),
        sa.CheckConstraint("length(username) > 0", name=conv("ck_idp_account_username_not_empty")),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    # The `sub` claim: opaque, stable, never reused, unrelated to the username.
    subject: str = Field(max_length=64)
    username: str = Field(max_length=64)
    # "scrypt$n$r$p$salt$hash", see auth.provider.passwords.
    password_hash: str = Field(max_length=255)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    email_verified: bool = False
    locale: str = Field(default="zh-CN", max_length=35)
    created_at: datetime = Field(default_factory=now_utc, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=now_utc, sa_type=AwareDateTime)


class IdpClient(SQLModel, table=True):
    """An application registered with the provider: a web app, a partner system or a device."""

    __tablename__ = "idp_client"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name=conv("pk_idp_client")),
        sa.UniqueConstraint("client_id", name=conv("uq_idp_client_client_id")),
        sa.CheckConstraint(
            "token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')",
            name=conv("ck_idp_client_auth_method"),
        ),
        # A public client has no secret and a confidential one always has one.
        sa.CheckConstraint(
            "(token_endpoint_auth_method = 'none' AND client_secret_hash IS NULL)"
            " OR (token_endpoint_auth_method <> 'none' AND client_secret_hash IS NOT NULL)",
            name=conv("ck_idp_client_secret_matches_auth_method"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=128)
    client_secret_hash: str | None = Field(default=None, max_length=255)
    redirect_uris: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    grant_types: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # Space-separated, as in the OAuth `scope` parameter.
    scopes: str = Field(max_length=1000)
    token_endpoint_auth_method: str = Field(max_length=32)
    # The `aud` of access tokens issued to this client (required for client_credentials).
    audience: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(default_factory=now_utc, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=now_utc, sa_type=AwareDateTime)


PROVIDER_TABLE_NAMES = ("idp_signing_key", "idp_account", "idp_client")
"""The provider's table names (no foreign keys between them, so any order deletes)."""

PROVIDER_TABLES: tuple[sa.Table, ...] = tuple(
    SQLModel.metadata.tables[name] for name in PROVIDER_TABLE_NAMES
)
"""The provider's tables, for the ecosystem's migrations and for ``create_all(tables=...)``."""
