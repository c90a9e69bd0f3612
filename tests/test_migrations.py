"""The migrations make exactly the schema the models describe, on the database under test."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ecosystem.database import Database
from ecosystem.models import metadata


async def test_models_and_migrations_agree(db: Database) -> None:
    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with db.engine.connect() as connection:
        differences = await connection.run_sync(diff)

    assert differences == [], (
        "models and migrations differ: `ecosystem migrate && ecosystem new-migration MESSAGE`"
    )
