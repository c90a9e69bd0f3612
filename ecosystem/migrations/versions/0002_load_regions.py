"""Load the GB/T 2260 regions from the data file shipped in the package.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecosystem.regions.service import read_region_file

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_region = sa.table(
    "region",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("level", sa.Integer),
    sa.column("parent_code", sa.String),
)


def upgrade() -> None:
    rows = read_region_file()
    # Parents before children, so the self-referencing foreign key holds row by row.
    rows.sort(key=lambda row: (row["level"], row["code"]))
    op.bulk_insert(_region, rows)


def downgrade() -> None:
    op.execute(_region.delete())
