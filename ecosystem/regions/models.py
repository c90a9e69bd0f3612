"""GB/T 2260 administrative divisions."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Region(SQLModel, table=True):
    """A province (2-digit code), prefecture-level city (4) or county-level division (6)."""

    __tablename__ = "region"

    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=64)
    level: int = Field(ge=1, le=3)
    parent_code: str | None = Field(
        default=None, foreign_key="region.code", index=True, max_length=6
    )
