"""The ledger's tables: the head (how many entries), the entries, signed checkpoints, and the
signing key when the settings give none.

Indexes are gap-free because every appender moves the one head row (``ledger_head``, id 1)
with an upsert that returns the new size, in the same transaction as its entries: on PostgreSQL
the row lock it takes holds the next appender until this transaction commits or rolls back
(then the next one reads the committed size, so a rolled-back append leaves no hole); SQLite
serialises every writing transaction anyway.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ecosystem.database import UTCDateTime, utcnow

HEAD_ID = 1


class LedgerHead(SQLModel, table=True):
    """The one row that counts the entries appended (committed ones, to any reader)."""

    __tablename__ = "ledger_head"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("size >= 0", name="size"),
    )

    id: int = Field(default=HEAD_ID, primary_key=True, sa_column_kwargs={"autoincrement": False})
    size: int = Field(default=0, sa_type=sa.BigInteger)


class StoredEntry(SQLModel, table=True):
    """One entry of the public log: its canonical JSON and the leaf hash computed when it was
    appended. The hash is served as stored, never recomputed, so an entry edited later no
    longer matches it and an outside verifier can name that entry."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        sa.CheckConstraint("leaf_index >= 0", name="leaf_index"),
        sa.Index("ix_ledger_entry_need", "need_id", "leaf_index"),
    )

    leaf_index: int = Field(
        primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    # The canonical JSON text; its UTF-8 bytes are what the leaf hash covers.
    entry: str = Field(sa_type=sa.Text)
    leaf_hash: bytes = Field(sa_type=sa.LargeBinary(32))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The need the entry concerns (its own id, or the one its refs name), so that a need's
    # entries are one index read. Derived from the entry; not covered by the leaf hash.
    need_id: int | None = Field(default=None, sa_type=sa.BigInteger)


class StoredCheckpoint(SQLModel, table=True):
    """A signed tree head: ``tree_size`` entries had ``root_hash`` at ``timestamp``."""

    __tablename__ = "ledger_checkpoint"
    __table_args__ = (
        sa.UniqueConstraint("tree_size"),
        sa.CheckConstraint("tree_size >= 0", name="tree_size"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    tree_size: int = Field(sa_type=sa.BigInteger)
    root_hash: bytes = Field(sa_type=sa.LargeBinary(32))
    # Integer Unix seconds (UTC): the time as signed.
    timestamp: int = Field(sa_type=sa.BigInteger)
    key_id: str = Field(max_length=16)
    signature: bytes = Field(sa_type=sa.LargeBinary(64))


class LedgerSigningKey(SQLModel, table=True):
    """The Ed25519 key checkpoints are signed with, generated on first use and kept here when
    the settings give no LEDGER_SIGNING_KEY."""

    __tablename__ = "ledger_signing_key"
    __table_args__ = (
        sa.UniqueConstraint("key_id"),
        # At most one active key, even when two processes make one at the same moment.
        sa.Index(
            "ix_ledger_signing_key_single_active",
            "active",
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    key_id: str = Field(max_length=16)
    # PKCS#8 PEM, sealed (ledger.service.LEDGER_KEYS); never served, only the public key is.
    private_key: str = Field(sa_type=sa.Text)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
