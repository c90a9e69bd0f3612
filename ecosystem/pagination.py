"""Keyset pagination: pages ordered by (a sort key, id), resumed from an opaque cursor."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, ColumnElement, Select, literal, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped

from ecosystem.database import row_id
from ecosystem.errors import DomainError, ErrorCode
from ecosystem.validation import unstorable

T = TypeVar("T")


@dataclass(frozen=True)
class Ordering:
    """A sort key, its kind (for decoding cursors) and direction; ``id`` breaks ties."""

    name: str
    # A mapped column attribute (``col(Model.field)``); typed loosely since SQLModel's are not.
    column: Any
    kind: type
    descending: bool


@dataclass
class Page(Generic[T]):
    """One page of rows, each with the cursor that resumes after it."""

    rows: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


def encode_cursor(ordering: Ordering, value: Any, row_id: int) -> str:
    if isinstance(value, date | datetime):
        value = value.isoformat()
    raw = json.dumps([ordering.name, value, row_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def contains_text(column: Mapped[str], text: str) -> ColumnElement[bool]:
    """Rows whose ``column`` contains ``text`` (a list's ``filter.text``), case aside. Text
    longer than the column holds can match nothing, and is refused: a database may refuse so
    long a pattern itself (SQLite's LIKE stops at 50,000 bytes) and fail the whole query."""
    longest = getattr(getattr(column, "type", None), "length", None)
    wanted = text.strip()
    if longest is not None and len(wanted) > longest:
        what = getattr(column, "key", "name")
        raise DomainError(
            ErrorCode.TOO_LONG,
            f"Search for at most {longest} characters: no {what} is longer.",
            "filter.text",
        )
    return column.icontains(wanted, autoescape=True)


def decode_cursor(ordering: Ordering, cursor: str) -> tuple[Any, int]:
    """The (value, id) a cursor points at; a cursor of another ordering is refused, and so is
    one no query can use: an id no row can have, a number past its column, text no database
    can store, a time without its zone (cursors are opaque to the client, but a forged one used
    to fail inside the query)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, value, key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        found = row_id(key)
        if name != ordering.name or found is None:
            raise ValueError(name)
        if ordering.kind is datetime:
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:  # every stored time is UTC, and says so
                raise ValueError(value)
        elif ordering.kind is date:
            value = date.fromisoformat(value)
        elif (
            not isinstance(value, ordering.kind)
            or isinstance(value, bool)
            or (isinstance(value, str) and unstorable(value) is not None)
            or (isinstance(value, int) and not -_limit(ordering) <= value < _limit(ordering))
        ):
            raise ValueError(value)
    except (ValueError, TypeError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise DomainError(
            ErrorCode.INVALID, "The cursor is not valid for this list and order.", "after"
        ) from exc
    return value, found


def _limit(ordering: Ordering) -> int:
    """Where the ordering's integer column ends: 2**63 for BIGINT, 2**31 for INTEGER."""
    return 2**63 if isinstance(ordering.column.type, BigInteger) else 2**31


async def keyset_page(
    session: AsyncSession,
    statement: Select[Any],
    ordering: Ordering,
    id_column: Any,
    *,
    first: int,
    after: str | None,
) -> Page[Any]:
    """Run ``statement`` (selecting one entity) as one page after ``after``."""
    key = tuple_(ordering.column, id_column)
    if after is not None:
        value, row_id = decode_cursor(ordering, after)
        bound = tuple_(
            literal(value, type_=ordering.column.type), literal(row_id, type_=id_column.type)
        )
        statement = statement.where(key < bound if ordering.descending else key > bound)
    if ordering.descending:
        statement = statement.order_by(ordering.column.desc(), id_column.desc())
    else:
        statement = statement.order_by(ordering.column.asc(), id_column.asc())
    rows = list((await session.scalars(statement.limit(first + 1))).all())
    has_next = len(rows) > first
    rows = rows[:first]
    attribute = ordering.column.key
    cursors = [encode_cursor(ordering, getattr(row, attribute), row.id) for row in rows]
    return Page(
        rows=rows, cursors=cursors, has_next_page=has_next, has_previous_page=after is not None
    )
