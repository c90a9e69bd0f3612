"""Alembic environment: runs migrations over the async engine of the configured database."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from ecosystem.database import create_engine
from ecosystem.models import metadata

config = context.config


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    if not sqlite:
        with context.begin_transaction():
            context.run_migrations()
        return
    # SQLite changes a table by copying it into a new one and dropping the old, and with
    # foreign keys on, dropping a table that other rows refer to (a run its matches, a story
    # its links) fails. SQLite's own recipe: foreign keys off around the change (the pragma
    # does nothing inside a transaction, so on the raw connection before it), then a check
    # that the change broke no reference before it commits.
    driver = connection.connection
    driver.cursor().execute("PRAGMA foreign_keys=OFF")
    try:
        # One transaction of our own (SQLite changes its tables transactionally), which the
        # check below can still roll back.
        with connection.begin():
            before = set(connection.exec_driver_sql("PRAGMA foreign_key_check").all())
            context.run_migrations()
            after = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            broken = [row for row in after if row not in before]
            if broken:
                table, row, parent, _ = broken[0]
                raise RuntimeError(
                    f"The migration would leave {len(broken)} broken references, the first "
                    f"from {table} row {row} to {parent}; nothing was changed."
                )
    finally:
        driver.cursor().execute("PRAGMA foreign_keys=ON")


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
