"""story, match, matching_run: AUTOINCREMENT on SQLite, as their models say

Revision ID: 0019
Revises: 0018

The models give these tables AUTOINCREMENT on SQLite, as every table with ids of its own has,
so that the id of a removed newest row is never given again; the database did not have it.
Migration 0016 copied the story table into a new one (SQLite cannot add a foreign key in place)
and the copy lost it; match and matching_run were made without it. This copies each once more,
with AUTOINCREMENT, where it is missing. PostgreSQL's sequences never give an id twice, and
nothing happens there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("match", "matching_run", "story")


def _sql(table: str) -> str:
    found = op.get_bind().execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": table},
    )
    return str(found.scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        if "AUTOINCREMENT" in _sql(table).upper():
            continue
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    # Nothing to undo: the tables differ from 0018's only in how SQLite gives ids.
    pass
