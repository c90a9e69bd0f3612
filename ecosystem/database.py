"""The async engine, short sessions and the one transaction helper."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import DateTime, event, insert
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""
    url = make_url(database_url)
    kwargs: dict[str, Any] = {"echo": echo}
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
    # asyncpg prepares every statement. After five runs of one, PostgreSQL may switch it to a
    # generic plan, made without the values: the candidates of a pledge's suggestions (the most
    # urgent 5,000 open items) then took 345 ms instead of 45, on that connection for good.
    # Planning for the values each time costs 0.03 to 0.13 ms a statement of a page's
    # (EXPLAIN SUMMARY on one warm connection, demo data; 0.3 to 1 ms on a new one).
    kwargs["connect_args"] = {"server_settings": {"plan_cache_mode": "force_custom_plan"}}
    return create_async_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own BEGIN is turned off so that _sqlite_begin decides how to begin.
    dbapi_connection.isolation_level = None
    # WAL lets readers run beside one writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A transaction that reads and then writes must take the write lock when it begins: SQLite
    # answers "busy" at once, without waiting, to a reader that tries to become a writer after
    # another writer committed. Read sessions begin in the ordinary, shared way.
    immediate = connection.get_execution_options().get(WRITE_TRANSACTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WRITE_TRANSACTION = "ecosystem_write_transaction"
# session.info key: async callables Database.transaction awaits, in order, after its block and
# before the commit (see ``before_commit``).
BEFORE_COMMIT = "ecosystem_before_commit"


def before_commit(session: AsyncSession, hook: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """Have ``hook`` run as the session's transaction ends, before it commits (once, however
    often it is asked for); not at all if the transaction rolls back."""
    hooks = session.info.setdefault(BEFORE_COMMIT, [])
    if hook not in hooks:
        hooks.append(hook)


class Database:
    """Owns the engine; hands out short read sessions and one-transaction units of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A short session for a resolver or a loader batch; never commits."""
        async with self.sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One transaction: commits when the block ends, rolls back if it raises. Work that
        must come last (``before_commit``) runs once the block has ended, before the commit."""
        async with self.sessionmaker() as session, session.begin():
            await session.connection(execution_options={WRITE_TRANSACTION: True})
            yield session
            while hooks := session.info.pop(BEFORE_COMMIT, None):
                for hook in hooks:
                    await hook(session)

    async def dispose(self) -> None:
        await self.engine.dispose()


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# Rows are keyed by integer ids (32-bit columns on PostgreSQL); a key outside them names no row.
MAX_ROW_ID = 2**31 - 1


def row_id(key: str | int) -> int | None:
    """The row id ``key`` names, or None when it can name none: an int (not a bool), or a text
    of ASCII digits, within the id columns' range. A larger number failed inside the query as
    an unexpected error, and ``isdigit`` alone lets through digits such as '²' that ``int``
    refuses, or '١' that it reads as 1."""
    if isinstance(key, str):
        if not (key.isascii() and key.isdigit()) or len(key) > len(str(MAX_ROW_ID)):
            return None
        key = int(key)
    elif isinstance(key, bool) or not isinstance(key, int):
        return None
    return key if 0 <= key <= MAX_ROW_ID else None


# PostgreSQL's codes for a transaction it aborted to break a deadlock, or for a serialisation
# failure: nothing of it was written, and running it again is the way out.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


# How often work the database aborted that way is tried, in all.
ATTEMPTS = 3
T = TypeVar("T")


async def run_again_if_aborted(work: Callable[[], Awaitable[T]]) -> T:
    """``work`` (whole transactions), run again when the database aborted it to break a
    deadlock or a serialisation failure: nothing of an aborted attempt was written. Several
    approvals in one transaction lock several needs and pledges, and two such transactions
    can take them in opposite orders."""
    for attempt in range(ATTEMPTS):
        try:
            return await work()
        except DBAPIError as error:
            retryable = getattr(error.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES
            if not retryable or attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(UTC)


async def insert_rows(
    session: AsyncSession, model: type[SQLModel], rows: list[dict[str, Any]], *, ids: bool = False
) -> list[int]:
    """Insert plain rows into ``model``'s table; with ``ids``, return their ids in the rows'
    order.

    Straight through the table, not the ORM's bulk insert: that one first turns every row into
    an insert command of its own, a good part of the time a matching run spends storing its
    60,000 rows of proposals, history, events and ledger entries, none of which needs an ORM
    object."""
    if not rows:
        return []
    table: Any = model.__table__  # type: ignore[attr-defined]
    if not ids:
        await session.execute(insert(table), rows)
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in (await session.execute(statement, rows)).scalars()]
