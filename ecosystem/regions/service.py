"""Reading regions, and the prefix rule that makes jurisdiction a code prefix."""

from __future__ import annotations

import asyncio
import csv
import functools
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.errors import DomainError, ErrorCode
from ecosystem.regions.models import Region

REGION_FILE = Path(__file__).parent / "data" / "gb2260.csv"
ENGLISH_FILE = Path(__file__).parent / "data" / "gb2260_en.csv"
VALID_PREFIX_LENGTHS = (2, 4, 6)


def read_region_file(path: Path = REGION_FILE) -> list[dict[str, Any]]:
    """The rows of the shipped GB/T 2260 data file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "code": row["code"],
                "name": row["name"],
                "level": int(row["level"]),
                "parent_code": row["parent_code"] or None,
            }
            for row in csv.DictReader(handle)
        ]


@functools.cache
def english_names(path: Path = ENGLISH_FILE) -> Mapping[str, str]:
    """Each division's English name by code (Pinyin and the division's term, see the data
    folder's README); regions change only with the shipped files, so it is read once."""
    with path.open(encoding="utf-8", newline="") as handle:
        return MappingProxyType({row["code"]: row["name_en"] for row in csv.DictReader(handle)})


def check_region_prefix(code: str, field: str = "regionCode") -> str:
    """A syntactically valid region code prefix: 2, 4 or 6 digits. Full-width digits, as a
    Chinese input method types them (３７０９８３), are read as the ASCII ones; other digits
    are refused (Python's ``isdigit`` alone takes them, and they matched no region)."""
    cleaned = unicodedata.normalize("NFKC", code).strip()
    ascii_digits = cleaned.isascii() and cleaned.isdigit()
    if not ascii_digits or len(cleaned) not in VALID_PREFIX_LENGTHS:
        raise DomainError(
            ErrorCode.UNKNOWN_REGION,
            f"{code!r} is not a region code; use 2 (province), 4 (city) or 6 (county) digits.",
            field,
        )
    return cleaned


def within_region(column: Any, prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, as a range so that a plain index serves it."""
    upper = str(int(prefix) + 1).zfill(len(prefix))
    if len(upper) > len(prefix):
        return column >= prefix
    return and_(column >= prefix, column < upper)


async def list_regions(session: AsyncSession, parent_code: str | None) -> Sequence[Region]:
    """The provinces, or the children of ``parent_code``, by code."""
    statement = select(Region).order_by(col(Region.code))
    if parent_code is None:
        statement = statement.where(col(Region.level) == 1)
    else:
        statement = statement.where(
            col(Region.parent_code) == check_region_prefix(parent_code, "parentCode")
        )
    return (await session.scalars(statement)).all()


async def all_regions(session: AsyncSession) -> Sequence[Region]:
    """Every region; they change only by migration, so callers may keep them."""
    return (await session.scalars(select(Region))).all()


class RegionIndex:
    """Every region by code, read once per process: regions change only by migration."""

    def __init__(self) -> None:
        self._by_code: Mapping[str, Region] | None = None
        self._lock = asyncio.Lock()

    async def get(
        self, open_session: Callable[[], AbstractAsyncContextManager[AsyncSession]]
    ) -> Mapping[str, Region]:
        if self._by_code is None:
            async with self._lock:
                if self._by_code is None:
                    async with open_session() as session:
                        rows = await all_regions(session)
                    self._by_code = MappingProxyType({row.code: row for row in rows})
        return self._by_code
