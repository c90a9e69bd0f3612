"""Alembic environment: runs migrations over the async engine of the configured database."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from ecosystem.database import create_engine
from ecosystem.models import metadata

config = context.config


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if not sqlite:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # SQLite changes a table by copying it into a new one and dropping the old, and with
    # foreign keys on, dropping a table that other rows refer to (a run its matches, a story
    # its links) fails. SQLite's own recipe: foreign keys off around the change (the pragma
    # does nothing inside a transaction, so on the raw connection before it), then a check
    # that the change broke no reference before it commits. The transaction is begun before
    # Alembic is configured: Alembic then runs every migration inside it, where it would
    # otherwise commit after each one (SQLite has no transactional DDL in its eyes).
    driver = connection.connection
    driver.cursor().execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            _configure(connection)
            before = _broken_references(connection)
            context.run_migrations()
            broken = _broken_references(connection) - before
            if broken:
                table, row, parent = min(broken)
                raise RuntimeError(
                    f"The migrations would leave {len(broken)} broken references, the first "
                    f"from {table} row {row} to {parent}; nothing was changed."
                )
    finally:
        driver.cursor().execute("PRAGMA foreign_keys=ON")


def _nothing_to_write(context: object, revision: object, directives: list[Any]) -> None:
    """``new-migration`` writes no file when the models and the database do not differ: it
    would be a migration that does nothing, and the next one would build on it."""
    if directives and directives[0].upgrade_ops.is_empty():
        directives[:] = []


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        process_revision_directives=_nothing_to_write,
    )


def _broken_references(connection: Connection) -> set[tuple[str, int, str]]:
    """(table, row id, table referred to) of every reference SQLite finds broken."""
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    return {(str(table), int(row), str(parent)) for table, row, parent, _ in rows}


async def _run_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def _run_in_new_loop() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_run_online())
        return
    # Called from inside a running loop (a test or the server): use a thread of its own.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _run_online()).result()


_run_in_new_loop()
